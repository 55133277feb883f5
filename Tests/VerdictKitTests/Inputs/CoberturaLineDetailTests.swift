import Foundation
import Testing
@testable import VerdictKit

/// Cobertura files reduced to their totals when a class of another file begins: the totals and
/// notes must be those of a read that keeps every file's lines, whatever order the classes
/// come in.
@Suite struct CoberturaLineDetailTests {
    static let corpus = XMLCoverageCorpusTests.cobertura.map(\.file)

    static func read(_ file: InputFile, _ lineDetail: CoverageLineDetail) throws -> CoverageReport {
        try CoberturaReader.read(file, options: LineDetailComparison.options(lineDetail))
    }

    static func sameNumbers(_ text: String) throws -> (full: CoverageReport, reduced: CoverageReport) {
        try LineDetailComparison.expectSameNumbers(try Fixtures.input(text: text, path: "coverage.xml"), CoberturaReader.read)
    }

    @Test(arguments: corpus)
    func corpusTotalsAndNotesAreIdenticalWithoutPerLineData(_ name: String) throws {
        try LineDetailComparison.expectSameNumbers(try Fixtures.input("cobertura/\(name)"), CoberturaReader.read)
    }

    static func classes(_ files: [(name: String, lines: [(Int, Int)])], source: String = ".", sourcesAfter: Bool = false) -> String {
        let body = files.map { file in
            "<class name=\"c\" filename=\"\(file.name)\"><methods/><lines>"
                + file.lines.map { "<line number=\"\($0.0)\" hits=\"\($0.1)\"/>" }.joined() + "</lines></class>"
        }.joined()
        let sources = "<sources><source>\(source)</source></sources>"
        return "<coverage line-rate=\"0.5\">" + (sourcesAfter ? "" : sources) + "<packages><package name=\"p\"><classes>" + body
            + "</classes></package></packages>" + (sourcesAfter ? sources : "") + "</coverage>"
    }

    @Test func classesOfOneFileInARowAreReducedWhenTheNextFileBegins() throws {
        let (full, reduced) = try Self.sameNumbers(Self.classes([("a.py", [(1, 1), (2, 0)]), ("a.py", [(2, 3)]), ("b.py", [(1, 0)]), ("c.py", [(1, 1)])]))
        #expect(full.files.map(\.lines) == [CoverageCount(covered: 2, total: 2), CoverageCount(covered: 0, total: 1), CoverageCount(covered: 1, total: 1)])
        // The last file is still whole when the document ends; the others were reduced.
        #expect(reduced.files.map(\.hasLineDetail) == [false, false, true])
    }

    @Test func aFileWhoseClassComesBackLaterIsReadAgainWithItsLines() throws {
        let (full, reduced) = try Self.sameNumbers(Self.classes([("a.py", [(1, 0)]), ("b.py", [(1, 1)]), ("a.py", [(1, 4), (2, 0)])]))
        #expect(full.files.first?.lines == CoverageCount(covered: 1, total: 2))
        #expect(reduced.files.allSatisfy { $0.hasLineDetail })
    }

    @Test func twoFilenamesOfOnePathAreMergedFromTheirLines() throws {
        let (full, _) = try Self.sameNumbers(Self.classes([("a.py", [(1, 0)]), ("b.py", [(1, 1)]), ("./a.py", [(1, 2)])]))
        #expect(full.files.count == 2)
        #expect(full.files.first { $0.path == "a.py" }?.lines == CoverageCount(covered: 1, total: 1))
    }

    @Test func sourcesAfterThePackagesStillMapEveryPath() throws {
        let (full, _) = try Self.sameNumbers(Self.classes([("a.py", [(1, 0)]), ("b.py", [(1, 1)])], source: "src", sourcesAfter: true))
        #expect(full.files.map(\.path) == ["src/a.py", "src/b.py"])
    }

    @Test func aFileADiffTouchesKeepsItsLines() throws {
        let file = try Fixtures.input(text: Self.classes([("a.py", [(1, 1), (2, 0)]), ("b.py", [(1, 0)]), ("c.py", [(1, 1)])]), path: "coverage.xml")
        let reduced = try Self.read(file, .filesMatching(diffPaths: ["a.py"]))
        let kept = try #require(reduced.files.first { $0.path == "a.py" })
        #expect(kept.hasLineDetail)
        #expect(kept.executed(line: 2) == false)
        #expect(reduced.files.first { $0.path == "b.py" }?.hasLineDetail == false)
    }
}
