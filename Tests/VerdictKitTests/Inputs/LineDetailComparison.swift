import Testing
@testable import VerdictKit

/// What the line-detail tests of the XML readers check: a read that keeps per-line data only for
/// some files gives the numbers of a read that keeps every file's lines.
enum LineDetailComparison {
    static func options(_ lineDetail: CoverageLineDetail) -> CoverageReadOptions {
        var options = CoverageReadOptions()
        options.lineDetail = lineDetail
        return options
    }

    /// Each file's path and totals, in order.
    static func perFile(_ report: CoverageReport) -> [String] {
        report.files.map { "\($0.path) \($0.totals)" }
    }

    /// Reads `file` both ways with `read`; expects the same per-file totals, totals and notes.
    @discardableResult
    static func expectSameNumbers(
        _ file: InputFile, _ read: (InputFile, CoverageReadOptions) throws -> CoverageReport,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (full: CoverageReport, reduced: CoverageReport) {
        let full = try read(file, options(.everyFile))
        let reduced = try read(file, options(.filesMatching(diffPaths: [])))
        #expect(perFile(reduced) == perFile(full), sourceLocation: sourceLocation)
        #expect(reduced.totals == full.totals, sourceLocation: sourceLocation)
        #expect(reduced.notes == full.notes, sourceLocation: sourceLocation)
        #expect(full.files.allSatisfy { $0.hasLineDetail }, sourceLocation: sourceLocation)
        return (full, reduced)
    }
}
