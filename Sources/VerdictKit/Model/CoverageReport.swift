/// Coverage of one source file, whatever format it came from.
///
/// Lines are kept per line (the patch and the uncovered-line lists need them) in a compact
/// form: one `UInt32` per instrumented line, ascending, holding the line number and two bits.
/// *executed* means the line ran at least once (lcov `DA` > 0, JaCoCo `ci` > 0, Cobertura
/// `hits` > 0): what diff-cover uses for patch coverage. *covered* is what the format's own tool
/// counts as a covered line in its totals: the same as executed for lcov, JaCoCo and Cobertura.
/// Four bytes a line instead of a dictionary entry keeps a 500 MB tracefile's model small.
/// A reader told which files need per-line data (`CoverageLineDetail`) keeps only the totals
/// of the others: then `hasLineDetail` is false and `lineStates` is empty.
public struct CoverageFile: Sendable, Hashable {
    /// The repository path (report paths mapped as the report's format says).
    public var path: String
    /// `line << 2 | executed << 1 | covered`, ascending by line, one entry per line.
    let lineStates: [UInt32]
    /// Whether the per-line states are kept (`executed(line:)`, `uncoveredLines` answer).
    public let hasLineDetail: Bool
    /// Lines found (instrumented) and covered, counted once from `lineStates`.
    public let lines: CoverageCount
    public var branches: CoverageCount
    public var functions: CoverageCount

    static let executedBit: UInt32 = 0b10
    static let coveredBit: UInt32 = 0b01
    /// The largest line number the packed form holds.
    public static let maximumLine = Int(UInt32.max >> 2)

    init(path: String, lineStates: [UInt32], branches: CoverageCount = CoverageCount(), functions: CoverageCount = CoverageCount()) {
        self.path = path
        self.lineStates = lineStates
        self.hasLineDetail = true
        var covered = 0
        for state in lineStates where state & Self.coveredBit != 0 { covered += 1 }
        self.lines = CoverageCount(covered: covered, total: lineStates.count)
        self.branches = branches
        self.functions = functions
    }

    /// Builds a file from (line, executed, covered) triples in any order; duplicates merge.
    public init(path: String, lines: [(line: Int, executed: Bool, covered: Bool)], branches: CoverageCount = CoverageCount(), functions: CoverageCount = CoverageCount()) {
        var states = lines.map { Self.pack(line: $0.line, executed: $0.executed, covered: $0.covered) }
        Self.normalize(&states)
        self.init(path: path, lineStates: states, branches: branches, functions: functions)
    }

    /// A file whose totals were counted exactly by the reader but whose per-line states were
    /// not kept (no patch asks about it).
    init(path: String, lineTotals: CoverageCount, branches: CoverageCount, functions: CoverageCount) {
        self.path = path
        self.lineStates = []
        self.hasLineDetail = false
        self.lines = lineTotals
        self.branches = branches
        self.functions = functions
    }

    static func pack(line: Int, executed: Bool, covered: Bool) -> UInt32 {
        UInt32(truncatingIfNeeded: line) << 2 | (executed ? executedBit : 0) | (covered ? coveredBit : 0)
    }

    public var totals: CoverageTotals {
        CoverageTotals(lines: lines, branches: branches, functions: functions)
    }

    /// Whether `line` ran: nil when the line is not instrumented.
    public func executed(line: Int) -> Bool? {
        guard line > 0, line <= Self.maximumLine else { return nil }
        let key = UInt32(line)
        var low = 0
        var high = lineStates.count
        while low < high {
            let middle = (low + high) / 2
            let found = lineStates[middle] >> 2
            if found == key { return lineStates[middle] & Self.executedBit != 0 }
            if found < key { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// Instrumented lines that are not covered, ascending.
    public var uncoveredLines: [Int] {
        lineStates.compactMap { $0 & Self.coveredBit == 0 ? Int($0 >> 2) : nil }
    }

    /// Sorts packed states and merges entries of the same line (a line is executed or covered
    /// if any entry says so: hit counts add).
    static func normalize(_ states: inout [UInt32]) {
        var sorted = true
        var index = 1
        while index < states.count {
            if states[index] >> 2 <= states[index - 1] >> 2 { sorted = false; break }
            index += 1
        }
        if sorted { return }
        states.sort()
        var write = 0
        for read in 0..<states.count {
            if write > 0, states[write - 1] >> 2 == states[read] >> 2 {
                states[write - 1] |= states[read] & 0b11
            } else {
                states[write] = states[read]
                write += 1
            }
        }
        states.removeLast(states.count - write)
    }

    /// Merges two sorted, duplicate-free state lists.
    static func merge(_ lhs: [UInt32], _ rhs: [UInt32]) -> [UInt32] {
        if lhs.isEmpty { return rhs }
        if rhs.isEmpty { return lhs }
        var result: [UInt32] = []
        result.reserveCapacity(max(lhs.count, rhs.count))
        var left = 0
        var right = 0
        while left < lhs.count, right < rhs.count {
            let a = lhs[left] >> 2
            let b = rhs[right] >> 2
            if a == b {
                result.append(lhs[left] | rhs[right])
                left += 1
                right += 1
            } else if a < b {
                result.append(lhs[left])
                left += 1
            } else {
                result.append(rhs[right])
                right += 1
            }
        }
        result.append(contentsOf: lhs[left...])
        result.append(contentsOf: rhs[right...])
        return result
    }

    /// The same file seen by two reports: lines merge exactly; branch and function counts,
    /// which the formats give without keys, take the larger of each.
    ///
    /// Both sides must have their per-line states: totals alone cannot be merged exactly. The
    /// loader keeps per-line data for every file whenever two coverage reports are merged
    /// (`CoverageLineDetail.applies`), so a file without them never reaches this.
    func merged(with other: CoverageFile) -> CoverageFile {
        precondition(hasLineDetail && other.hasLineDetail, "coverage of '\(path)' merged without per-line data: the totals would not be exact")
        return CoverageFile(
            path: path, lineStates: Self.merge(lineStates, other.lineStates),
            branches: Self.larger(branches, other.branches), functions: Self.larger(functions, other.functions))
    }

    static func larger(_ lhs: CoverageCount, _ rhs: CoverageCount) -> CoverageCount {
        CoverageCount(covered: max(lhs.covered, rhs.covered), total: max(lhs.total, rhs.total))
    }
}

/// Everything one or more coverage reports said, per file, with notes about the reports.
public struct CoverageReport: Sendable {
    /// One entry per path, sorted by path.
    public var files: [CoverageFile]
    /// Things a person should know about the inputs, e.g. where a report's own totals disagree
    /// with its per-file data. Shown as warnings; they do not change the outcome.
    public var notes: [String]
    /// The source root the reader mapped absolute paths with (`--source-root`, `source_root`);
    /// nil when none was given, so that patch coverage may match diff paths by suffix.
    public var sourceRoot: String?

    public init(files: [CoverageFile], notes: [String] = [], sourceRoot: String? = nil) {
        self.notes = notes
        self.sourceRoot = sourceRoot
        self.files = Self.mergingPaths(files)
    }

    /// Several files with the same path merged into one, sorted by path.
    static func mergingPaths(_ files: [CoverageFile]) -> [CoverageFile] {
        var byPath: [String: CoverageFile] = [:]
        for file in files {
            if let existing = byPath[file.path] {
                byPath[file.path] = existing.merged(with: file)
            } else {
                byPath[file.path] = file
            }
        }
        return byPath.values.sorted { $0.path < $1.path }
    }

    /// Several reports (several inputs) as one.
    public static func merging(_ reports: [CoverageReport]) -> CoverageReport {
        CoverageReport(files: reports.flatMap(\.files), notes: reports.flatMap(\.notes), sourceRoot: reports.lazy.compactMap(\.sourceRoot).first)
    }

    public var totals: CoverageTotals {
        var totals = CoverageTotals()
        for file in files { totals += file.totals }
        return totals
    }
}
