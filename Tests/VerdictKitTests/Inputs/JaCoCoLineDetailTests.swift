import Foundation
import Testing
@testable import VerdictKit

/// JaCoCo per-line data kept only for the files a diff touches, and a mapped report's pages
/// dropped behind the parser: the totals and notes must be the numbers of a full read.
@Suite struct JaCoCoLineDetailTests {
    static let corpus = XMLCoverageCorpusTests.jacoco.map(\.file)

    static func read(_ file: InputFile, _ lineDetail: CoverageLineDetail) throws -> CoverageReport {
        try JaCoCoReader.read(file, options: LineDetailComparison.options(lineDetail))
    }

    @Test(arguments: corpus)
    func corpusTotalsAndNotesAreIdenticalWithoutPerLineData(_ name: String) throws {
        try LineDetailComparison.expectSameNumbers(try Fixtures.input("jacoco/\(name)"), JaCoCoReader.read)
    }

    @Test func aFileNoDiffTouchesKeepsOnlyItsTotalsAndATouchedOneKeepsItsLines() throws {
        let file = try Fixtures.input("jacoco/maven-jacoco-minesweeper.xml")
        let full = try Self.read(file, .everyFile)
        let touched = try #require(full.files.first)
        let reduced = try Self.read(file, .filesMatching(diffPaths: [touched.path]))
        #expect(try #require(reduced.files.first { $0.path == touched.path }) == touched)
        #expect(reduced.files.filter { $0.path != touched.path }.allSatisfy { !$0.hasLineDetail })
        #expect(reduced.files.count == full.files.count)
    }

    /// Two modules with a source file of the same path: totals merged from counts alone would
    /// not be exact, so the reader reads again keeping every file's lines.
    @Test func aRepeatedPathIsMergedFromItsLines() throws {
        let module = { (name: String, covered: Int) in
            """
            <group name="\(name)"><package name="com/acme"><sourcefile name="A.java">
            <line nr="1" mi="\(covered == 1 ? 0 : 1)" ci="\(covered)" mb="0" cb="0"/><line nr="2" mi="0" ci="1" mb="0" cb="0"/>
            </sourcefile></package></group>
            """
        }
        let text = "<report name=\"r\">" + module("a", 1) + module("b", 0) + "</report>"
        let (full, _) = try LineDetailComparison.expectSameNumbers(try Fixtures.input(text: text, path: "jacoco.xml"), JaCoCoReader.read)
        #expect(full.files.map(\.lines) == [CoverageCount(covered: 2, total: 2)])
    }

    /// A report large enough to be mapped: the pages behind each pushed chunk are dropped, and
    /// the totals are those of the same bytes read from memory.
    @Test func aMappedReportReadsAsTheSameBytesInMemory() throws {
        var text = "<report name=\"big\"><package name=\"p\">"
        var number = 0
        while text.utf8.count < InputFile.mappingThreshold + XMLStreamReader.chunkSize * 3 {
            number += 1
            text += "<sourcefile name=\"F\(number).java\">"
            for line in 1...40 { text += "<line nr=\"\(line)\" mi=\"\(line % 3 == 0 ? 1 : 0)\" ci=\"\(line % 3 == 0 ? 0 : 2)\" mb=\"0\" cb=\"0\"/>" }
            text += "</sourcefile>"
        }
        text += "</package></report>"
        let path = try Fixtures.temporaryFile(Data(text.utf8), suffix: ".xml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mapped = try InputFile.read(path: path)
        #expect(mapped.isMapped)
        let inMemory = try InputFile(path: path, raw: Data(text.utf8))
        #expect(!inMemory.isMapped)
        let fromMapping = try Self.read(mapped, .filesMatching(diffPaths: []))
        let fromMemory = try Self.read(inMemory, .everyFile)
        #expect(fromMapping.totals == fromMemory.totals)
        #expect(fromMapping.totals.lines == CoverageCount(covered: number * 27, total: number * 40))
    }
}
