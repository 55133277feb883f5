/// Minimum percentages per measure; nil where the policy sets none.
public struct CoverageTargets: Sendable, Hashable {
    public var line: Double?
    public var branch: Double?
    public var function: Double?

    public init(line: Double? = nil, branch: Double? = nil, function: Double? = nil) {
        self.line = line
        self.branch = branch
        self.function = function
    }

    public subscript(measure: CoverageMeasure) -> Double? {
        switch measure {
        case .line: line
        case .branch: branch
        case .function: function
        }
    }

    public var isEmpty: Bool { line == nil && branch == nil && function == nil }
}

/// One comparison of a measured percentage with a target.
public struct CoverageCheck: Sendable, Hashable {
    public enum Status: String, Sendable {
        case passed, failed
        /// Nothing instrumented in scope: an error unless `allow_empty`.
        case noData = "no_data"
    }

    public var measure: CoverageMeasure
    public var count: CoverageCount
    public var target: Double
    public var status: Status

    init(measure: CoverageMeasure, count: CoverageCount, target: Double) {
        self.measure = measure
        self.count = count
        self.target = target
        if let percent = count.percent {
            status = percent >= target ? .passed : .failed
        } else {
            status = .noData
        }
    }
}

/// The files under one `paths:` glob (first matching glob wins) and how they fared.
public struct CoveragePathResult: Sendable, Hashable {
    public var glob: String
    public var targets: CoverageTargets
    public var fileCount: Int
    public var totals: CoverageTotals
    public var checks: [CoverageCheck]
}

/// A file's line coverage (for the least-covered list and `per_file` failures).
public struct CoverageFileResult: Sendable, Hashable {
    public var path: String
    public var totals: CoverageTotals
    /// The `per_file` checks the file failed.
    public var failed: [CoverageCheck] = []
}

/// The comparison with `--baseline-coverage`.
public struct CoverageBaselineComparison: Sendable, Hashable {
    public struct FileDelta: Sendable, Hashable {
        public var path: String
        public var before: CoverageCount?
        public var after: CoverageCount?
        /// Points of line coverage gained (negative: lost); nil when one side has no lines.
        public var delta: Double?
    }

    public var totals: CoverageTotals
    /// Current minus baseline total line coverage, in points; nil when either has no lines.
    public var lineDelta: Double?
    public var branchDelta: Double?
    public var functionDelta: Double?
    /// `ratchet.max_drop`; nil without a ratchet.
    public var maxDrop: Double?
    /// nil without a ratchet or without data to compare.
    public var passed: Bool?
    /// The files whose line coverage changed most, largest change first.
    public var files: [FileDelta]
}

/// Coverage of the lines a change adds (`--diff`), as diff-cover computes it.
public struct CoveragePatchResult: Sendable, Hashable {
    public struct Range: Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var first: Int
        public var last: Int
        public var description: String { first == last ? "\(path):\(first)" : "\(path):\(first)-\(last)" }
    }

    /// Executed out of instrumented added lines of files in the report.
    public var lines: CoverageCount
    public var target: Double?
    /// Changed files found in the coverage report.
    public var filesInReport: Int
    /// Changed files (with added lines) the report does not have.
    public var filesNotInReport: Int
    /// Instrumented added lines that did not run, as ranges of consecutive lines.
    public var uncovered: [Range]
    /// Why the patch cannot be judged (changed files and report paths do not meet); nil when it can.
    public var cannotJudge: String?
    /// Diff paths left unmatched because their suffix fits several report paths.
    public var notes: [String] = []

    /// nil without a target or without instrumented changed lines.
    public var passed: Bool? {
        guard let target, let percent = lines.percent else { return nil }
        return percent >= target
    }
}

/// What a coverage rule saw.
public struct CoverageEvidence: Sendable {
    public var targets: CoverageTargets
    public var perFileTargets: CoverageTargets
    public var totals: CoverageTotals
    /// Checks of the total against `line`, `branch`, `function`.
    public var checks: [CoverageCheck] = []
    public var paths: [CoveragePathResult] = []
    /// Files below a `per_file` target, worst first.
    public var fileFailures: [CoverageFileResult] = []
    /// The least-covered files with lines (at most 20), worst first.
    public var leastCovered: [CoverageFileResult] = []
    public var fileCount = 0
    public var excludedFileCount = 0
    public var baseline: CoverageBaselineComparison?
    public var patch: CoveragePatchResult?
    /// Notes about the inputs and about targets not checked.
    public var notes: [String] = []
    /// Why the rule could not judge: targets with nothing instrumented in scope.
    public var noData: [String] = []
    public var allowEmpty: Bool
    public var warnOnly: Bool
}
