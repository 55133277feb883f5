/// Covered out of total for one measure (lines, branches or functions).
///
/// A total of 0 is "no data": `percent` is nil then, never 0 % and never 100 %.
public struct CoverageCount: Sendable, Hashable {
    public var covered: Int
    public var total: Int

    public init(covered: Int = 0, total: Int = 0) {
        self.covered = covered
        self.total = total
    }

    /// The percentage, unrounded; nil when nothing is instrumented.
    public var percent: Double? {
        total > 0 ? Double(covered) * 100 / Double(total) : nil
    }

    public var missed: Int { total - covered }

    public static func + (lhs: CoverageCount, rhs: CoverageCount) -> CoverageCount {
        CoverageCount(covered: lhs.covered + rhs.covered, total: lhs.total + rhs.total)
    }

    public static func += (lhs: inout CoverageCount, rhs: CoverageCount) { lhs = lhs + rhs }

    /// "82.35%" with two decimals, or "no data".
    public var percentText: String {
        percent.map(Self.format) ?? "no data"
    }

    /// Two decimals, as reports show percentages (comparisons use the unrounded value).
    public static func format(_ percent: Double) -> String {
        let hundredths = (percent * 100).rounded()
        let whole = Int(hundredths) / 100
        let fraction = abs(Int(hundredths) % 100)
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}

/// The three measures a coverage report has.
public enum CoverageMeasure: String, Sendable, CaseIterable, Hashable {
    case line, branch, function

    /// Plural noun for tables ("lines").
    public var plural: String {
        switch self {
        case .line: "lines"
        case .branch: "branches"
        case .function: "functions"
        }
    }
}

/// A count per measure.
public struct CoverageTotals: Sendable, Hashable {
    public var lines = CoverageCount()
    public var branches = CoverageCount()
    public var functions = CoverageCount()

    public init(lines: CoverageCount = CoverageCount(), branches: CoverageCount = CoverageCount(), functions: CoverageCount = CoverageCount()) {
        self.lines = lines
        self.branches = branches
        self.functions = functions
    }

    public subscript(measure: CoverageMeasure) -> CoverageCount {
        switch measure {
        case .line: lines
        case .branch: branches
        case .function: functions
        }
    }

    public static func += (lhs: inout CoverageTotals, rhs: CoverageTotals) {
        lhs.lines += rhs.lines
        lhs.branches += rhs.branches
        lhs.functions += rhs.functions
    }
}
