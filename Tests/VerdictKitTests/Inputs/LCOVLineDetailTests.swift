import Foundation
import Testing
@testable import VerdictKit

/// Per-line data kept only for the files a diff touches: the totals, notes and patch answers
/// must be the numbers the reader gives when it keeps every file's lines.
@Suite struct LCOVLineDetailTests {
    static let corpus = LCOVCorpusTests.cases.map(\.file)

    struct FileTotals: Equatable {
        var path: String
        var totals: CoverageTotals
    }

    static func perFile(_ report: CoverageReport) -> [FileTotals] {
        report.files.map { FileTotals(path: $0.path, totals: $0.totals) }
    }

    static func read(_ text: String, diffPaths: [String]?) throws -> CoverageReport {
        let file = try Fixtures.input(text: text, path: "test.info")
        return try LCOVReader.read(file, lineDetail: diffPaths.map { .filesMatching(diffPaths: $0) } ?? .everyFile)
    }

    @Test(arguments: corpus)
    func corpusTotalsAndNotesAreIdenticalWithoutPerLineData(_ name: String) throws {
        let file = try Fixtures.input("lcov/\(name)")
        let full = try LCOVReader.read(file)
        let reduced = try LCOVReader.read(file, lineDetail: .filesMatching(diffPaths: []))
        #expect(Self.perFile(reduced) == Self.perFile(full))
        #expect(reduced.totals == full.totals)
        #expect(reduced.notes == full.notes)
        #expect(full.files.allSatisfy { $0.hasLineDetail })
        #expect(!reduced.files.contains { $0.hasLineDetail })
    }

    @Test(arguments: corpus)
    func corpusFilesTouchedByADiffKeepTheirLines(_ name: String) throws {
        let file = try Fixtures.input("lcov/\(name)")
        let full = try LCOVReader.read(file)
        guard let touched = full.files.first else { return }
        let reduced = try LCOVReader.read(file, lineDetail: .filesMatching(diffPaths: [touched.path]))
        let kept = try #require(reduced.files.first { $0.path == touched.path })
        #expect(kept.hasLineDetail)
        #expect(kept == touched)
        #expect(Self.perFile(reduced) == Self.perFile(full))
    }

    static let threeFiles = """
        SF:/repo/src/b.c
        DA:1,1
        DA:2,0
        end_of_record
        SF:a.c
        DA:1,1
        end_of_record
        SF:c.c
        DA:5,0
        DA:6,3
        end_of_record

        """

    @Test func onlyFilesTheDiffTouchesKeepPerLineData() throws {
        // `src/b.c` ends the report path `/repo/src/b.c`; `app/c.c` ends with the report path `c.c`.
        let report = try Self.read(Self.threeFiles, diffPaths: ["src/b.c", "app/c.c"])
        let byPath = Dictionary(uniqueKeysWithValues: report.files.map { ($0.path, $0) })
        #expect(byPath["/repo/src/b.c"]?.hasLineDetail == true)
        #expect(byPath["c.c"]?.hasLineDetail == true)
        #expect(byPath["a.c"]?.hasLineDetail == false)
        #expect(byPath["/repo/src/b.c"]?.executed(line: 2) == false)
        #expect(byPath["c.c"]?.executed(line: 6) == true)
        #expect(byPath["a.c"]?.lines == CoverageCount(covered: 1, total: 1))
    }

    @Test func withoutADiffNoFileKeepsPerLineData() throws {
        let report = try Self.read(Self.threeFiles, diffPaths: [])
        #expect(report.files.count == 3)
        #expect(!report.files.contains { $0.hasLineDetail })
        #expect(report.totals.lines == CoverageCount(covered: 3, total: 5))
    }

    @Test func aFileInSeveralSectionsMergesLineByLineBeforeItIsReduced() throws {
        // Line 2 is listed in both sections (counted once, hit in the second); a.c's sections
        // are apart, with b.c between them.
        let text = """
            TN:one
            SF:a.c
            DA:1,0
            DA:2,0
            DA:3,4
            BRDA:2,0,0,-
            BRDA:2,0,1,0
            FN:1,f
            FNDA:0,f
            end_of_record
            SF:b.c
            DA:1,1
            end_of_record
            TN:two
            SF:a.c
            DA:2,1
            DA:4,0
            BRDA:2,0,0,1
            FNDA:2,f
            end_of_record

            """
        let full = try Self.read(text, diffPaths: nil)
        let reduced = try Self.read(text, diffPaths: [])
        #expect(Self.perFile(reduced) == Self.perFile(full))
        let a = try #require(reduced.files.first { $0.path == "a.c" })
        #expect(!a.hasLineDetail)
        #expect(a.lines == CoverageCount(covered: 2, total: 4))
        #expect(a.branches == CoverageCount(covered: 1, total: 2))
        #expect(a.functions == CoverageCount(covered: 1, total: 1))
    }

    @Test func twoNamesForOnePathKeepTheirLinesAndMergeExactly() throws {
        let text = """
            SF:/root/a.c
            DA:1,1
            DA:2,0
            end_of_record
            SF:a.c
            DA:2,1
            DA:3,0
            end_of_record

            """
        let file = try Fixtures.input(text: text, path: "test.info")
        let paths = CoveragePathMapping(sourceRoot: "/root")
        let full = try LCOVReader.read(file, paths: paths)
        let reduced = try LCOVReader.read(file, paths: paths, lineDetail: .filesMatching(diffPaths: []))
        #expect(reduced.files.count == 1)
        #expect(reduced.files.first?.lines == CoverageCount(covered: 2, total: 3))
        #expect(Self.perFile(reduced) == Self.perFile(full))
    }

    @Test func aSectionWithoutLinesIsStillIgnoredAndNoted() throws {
        let text = "SF:empty.c\nFN:1,f\nend_of_record\nSF:a.c\nDA:1,1\nend_of_record\n"
        let full = try Self.read(text, diffPaths: nil)
        let reduced = try Self.read(text, diffPaths: [])
        #expect(reduced.files.map(\.path) == ["a.c"])
        #expect(reduced.notes == full.notes)
        #expect(reduced.notes.contains { $0.contains("without DA records ignored") })
    }

    @Test func theOnlyCoverageInputOfItsRoleReadsWithLimitedDetail() {
        let lcov = InputRequest(path: "c.info", forcedKind: .lcov)
        let diff = InputRequest(path: "d.diff", forcedKind: .diff, role: .change)
        let baseline = InputRequest(path: "b.info", forcedKind: .lcov, role: .baseline)
        let undetected = InputRequest(path: "x")
        let sarif = InputRequest(path: "s.sarif", forcedKind: .sarif)
        #expect(CoverageLineDetail.applies(to: lcov, among: [lcov, diff, baseline, sarif]))
        #expect(CoverageLineDetail.applies(to: baseline, among: [lcov, diff, baseline]))
        // Two reports that may be merged, or an input that may turn out to be coverage.
        #expect(!CoverageLineDetail.applies(to: lcov, among: [lcov, InputRequest(path: "e.info", forcedKind: .lcov)]))
        #expect(!CoverageLineDetail.applies(to: lcov, among: [lcov, undetected]))
        #expect(!CoverageLineDetail.applies(to: diff, among: [lcov, diff]))
        #expect(InputLoader.readingOrder([lcov, sarif, diff]) == [2, 0, 1])
    }

    @Test func theLoaderReadsTheDiffFirstAndKeepsLinesOnlyForItsFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-line-detail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lcovPath = directory.appendingPathComponent("coverage.info").path
        let diffPath = directory.appendingPathComponent("change.diff").path
        try Self.threeFiles.write(toFile: lcovPath, atomically: true, encoding: .utf8)
        try "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -0,0 +1 @@\n+x\n".write(toFile: diffPath, atomically: true, encoding: .utf8)
        // The coverage is named before the diff: the loader still reads the diff first.
        let (facts, files) = try InputLoader.loadKeepingFiles([
            InputRequest(path: lcovPath, forcedKind: .lcov),
            InputRequest(path: diffPath, forcedKind: .diff, role: .change),
        ])
        #expect(files.map(\.path) == [lcovPath, diffPath])
        let coverage = try #require(facts.coverage)
        #expect(coverage.files.filter(\.hasLineDetail).map(\.path) == ["a.c"])
        #expect(coverage.totals.lines == CoverageCount(covered: 3, total: 5))
    }

    @Test func twoCoverageInputsOfOneFileKeepEveryLineAndMergeExactly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-line-detail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("unit.info").path
        let second = directory.appendingPathComponent("integration.info").path
        try "SF:a.c\nDA:1,1\nDA:2,0\nend_of_record\n".write(toFile: first, atomically: true, encoding: .utf8)
        try "SF:a.c\nDA:2,1\nDA:3,0\nend_of_record\n".write(toFile: second, atomically: true, encoding: .utf8)
        let facts = try InputLoader.load([InputRequest(path: first, forcedKind: .lcov), InputRequest(path: second, forcedKind: .lcov)])
        let coverage = try #require(facts.coverage)
        #expect(coverage.files.map(\.lines) == [CoverageCount(covered: 2, total: 3)])
    }
}
