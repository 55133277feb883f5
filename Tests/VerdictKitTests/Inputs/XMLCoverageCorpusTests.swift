import Foundation
import Testing
@testable import VerdictKit

/// The JaCoCo and Cobertura files of the corpus, read with both libxml2 interfaces.
///
/// JaCoCo: totals equal the report-level `<counter>`s (LINE, BRANCH, METHOD as PROVENANCE.md
/// lists them), except in the Madrapps aggregate fixture, whose contents were trimmed by hand
/// below its counters (a note says so). Cobertura: lines equal pycobertura 4.1.0's `TOTAL`
/// row of `pycobertura show FILE` (Stmts, Stmts − Miss); branches are the sums of the
/// `condition-coverage` fractions on `branch="true"` lines (PROVENANCE.md's facts).
@Suite struct XMLCoverageCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var lines: (Int, Int)
        var branches: (Int, Int)
        var functions: (Int, Int)
        var notes = 0
        var testDescription: String { file }
    }

    static let interfaces: [CoverageReadOptions.XMLInterface] = [.sax2, .textReader]

    static let jacoco: [Case] = [
        // Report counters: LINE 5 missed 4 covered, BRANCH 1/1, METHOD 2/1.
        Case(file: "android-gradle-2-sessions.xml", lines: (4, 9), branches: (1, 2), functions: (1, 3)),
        Case(file: "android-gradle-8-packages.xml", lines: (59, 59), branches: (12, 14), functions: (26, 26)),
        Case(file: "gradle-jacocoTestReport-1.6MB.xml", lines: (11871, 14552), branches: (4177, 6179), functions: (2024, 2422)),
        // Counters say LINE 7593/9823, BRANCH 1268/2066, METHOD 2194/2877; the fixture's files hold less.
        Case(file: "madrapps-fixture-aggregate-groups-dtd10.xml", lines: (10, 28), branches: (0, 0), functions: (10, 19), notes: 1),
        Case(file: "madrapps-fixture-empty-selfclosing-report.xml", lines: (0, 0), branches: (0, 0), functions: (0, 0)),
        Case(file: "madrapps-fixture-prettyprinted-report.xml", lines: (12, 27), branches: (2, 6), functions: (10, 22)),
        Case(file: "maven-jacoco-100pct-triangle.xml", lines: (16, 16), branches: (22, 22), functions: (2, 2)),
        Case(file: "maven-jacoco-minesweeper.xml", lines: (76, 223), branches: (30, 116), functions: (5, 18)),
        Case(file: "maven-report-aggregate-group-4-sessions.xml", lines: (276, 430), branches: (87, 158), functions: (78, 100)),
    ]

    static let cobertura: [Case] = [
        // pycobertura: TOTAL 34 stmts, 6 miss, 82.35%; root line-rate 0.9 is within its one decimal.
        Case(file: "cobertura-1.9-java-sample-commented-doctype.xml", lines: (28, 34), branches: (9, 12), functions: (8, 8)),
        // pycobertura: 126, 67 miss, 46.83%.
        Case(file: "cobertura-2.1.1-java-original-tool.xml", lines: (59, 126), branches: (23, 34), functions: (14, 28)),
        // pycobertura: 10, 5 miss, 50.00%; root line-rate 0.8792 disagrees.
        Case(file: "coveragepy-3.6-unicode-filename.xml", lines: (5, 10), branches: (0, 0), functions: (0, 0), notes: 1),
        // pycobertura: 141, 7 miss, 95.04%.
        Case(file: "coveragepy-7.11.3-space-in-source.xml", lines: (134, 141), branches: (0, 0), functions: (0, 0)),
        // pycobertura: 1460, 310 miss, 78.77% (partly covered branch lines count as missed).
        Case(file: "coverlet-bom-crlf-windows-source.xml", lines: (1150, 1460), branches: (262, 378), functions: (320, 348)),
        // pycobertura: 12, 3 miss, 75.00%.
        Case(file: "dotnet-bom-multiline-source.xml", lines: (9, 12), branches: (0, 0), functions: (1, 3)),
        // pycobertura: 572, 298 miss, 47.90%.
        Case(file: "gcovr-5.0-doctype.xml", lines: (274, 572), branches: (100, 252), functions: (0, 0)),
        // pycobertura: 11, 1 miss, 90.91%.
        Case(file: "grcov-rust-package-per-file.xml", lines: (10, 11), branches: (0, 0), functions: (4, 4)),
        // pycobertura: 8, 2 miss, 75.00%.
        Case(file: "istanbul-coffeescript-empty-packages.xml", lines: (6, 8), branches: (1, 2), functions: (1, 1)),
        // pycobertura: 2470, 418 miss, 83.08%; root branches 541/790 ≠ condition-coverage 479/711.
        Case(file: "istanbul-jest-311k.xml", lines: (2052, 2470), branches: (479, 711), functions: (718, 785), notes: 1),
        // pycobertura: 11, 1 miss, 90.91%.
        Case(file: "luacov-no-xml-decl-empty-pkg-name.xml", lines: (10, 11), branches: (0, 0), functions: (0, 0)),
        // pycobertura: 0 stmts, "100.00%"; Verdict: no data. Root lines-valid 8 disagrees.
        Case(file: "minimal-no-branch-rate-no-lines.xml", lines: (0, 0), branches: (0, 0), functions: (0, 0), notes: 1),
        // pycobertura: 362, 12 miss, 96.69%; line-rate 0.97 is within its two decimals.
        Case(file: "simplecov-cobertura-2.1-crlf-no-branch-attrs.xml", lines: (350, 362), branches: (0, 0), functions: (0, 0)),
    ]

    static func check(_ report: CoverageReport, _ testCase: Case) {
        let totals = report.totals
        #expect(totals.lines == CoverageCount(covered: testCase.lines.0, total: testCase.lines.1))
        #expect(totals.branches == CoverageCount(covered: testCase.branches.0, total: testCase.branches.1))
        #expect(totals.functions == CoverageCount(covered: testCase.functions.0, total: testCase.functions.1))
        #expect(report.notes.count == testCase.notes, "\(report.notes)")
    }

    @Test(arguments: jacoco, interfaces)
    func jacocoTotalsEqualReportCounters(_ testCase: Case, _ interface: CoverageReadOptions.XMLInterface) throws {
        let file = try Fixtures.input("jacoco/\(testCase.file)")
        #expect(try InputLoader.detect(file) == .jacoco)
        Self.check(try JaCoCoReader.read(file, options: CoverageReadOptions(xmlInterface: interface)), testCase)
    }

    @Test(arguments: cobertura, interfaces)
    func coberturaTotalsEqualPycobertura(_ testCase: Case, _ interface: CoverageReadOptions.XMLInterface) throws {
        let file = try Fixtures.input("cobertura/\(testCase.file)")
        #expect(try InputLoader.detect(file) == .cobertura)
        Self.check(try CoberturaReader.read(file, options: CoverageReadOptions(xmlInterface: interface)), testCase)
    }

    @Test func jacocoPathsJoinPackageUnderSourceDirs() throws {
        let report = try JaCoCoReader.read(Fixtures.input("jacoco/maven-jacoco-minesweeper.xml"))
        #expect(report.files.allSatisfy { $0.path.hasPrefix("src/main/java/") })
        let kotlin = CoveragePathMapping().jacocoPath(package: "com/acme", sourceFile: "Main.kt")
        #expect(kotlin == "src/main/kotlin/com/acme/Main.kt")
    }

    @Test func coberturaFilenamesResolveAgainstSources() throws {
        let mapping = CoveragePathMapping(sourceRoot: "/home/runner/work/repo")
        #expect(mapping.coberturaPath("pkg/mod.py", sources: ["/home/runner/work/repo/src"]) == "src/pkg/mod.py")
        #expect(mapping.coberturaPath("pkg/mod.py", sources: ["/elsewhere"]) == "pkg/mod.py")
        #expect(mapping.coberturaPath("mod.py", sources: ["--source", "lib"]) == "lib/mod.py")
        #expect(mapping.coberturaPath("mod.py", sources: ["."]) == "mod.py")
    }

    // MARK: Hostile and wrong XML

    static func error(_ relative: String, kind: InputKind, interface: CoverageReadOptions.XMLInterface) -> String? {
        do {
            let file = try Fixtures.input(relative)
            let options = CoverageReadOptions(xmlInterface: interface)
            _ = kind == .jacoco ? try JaCoCoReader.read(file, options: options) : try CoberturaReader.read(file, options: options)
            return nil
        } catch {
            return (error as? InputError)?.diagnostics.first?.description ?? "\(error)"
        }
    }

    @Test(arguments: interfaces)
    func externalEntitiesAreRefused(_ interface: CoverageReadOptions.XMLInterface) throws {
        let message = try #require(Self.error("xml-attacks/xxe-jacoco.xml", kind: .jacoco, interface: interface))
        #expect(message.contains("entit"), "\(message)")
        #expect(!message.contains("root:"))
        let content = try #require(Self.error("xml-attacks/xxe-in-content-cobertura.xml", kind: .cobertura, interface: interface))
        #expect(content.contains("entit"), "\(content)")
    }

    @Test(arguments: interfaces)
    func billionLaughsIsRefused(_ interface: CoverageReadOptions.XMLInterface) throws {
        let message = try #require(Self.error("xml-attacks/billion-laughs-cobertura.xml", kind: .cobertura, interface: interface))
        #expect(message.contains("entit"), "\(message)")
    }

    @Test(arguments: interfaces)
    func coberturaIsNotJaCoCo(_ interface: CoverageReadOptions.XMLInterface) {
        let message = Self.error("cobertura/gcovr-5.0-doctype.xml", kind: .jacoco, interface: interface)
        #expect(message?.contains("expected a JaCoCo report (root element <report>), found <coverage>") == true, "\(message ?? "")")
    }

    @Test(arguments: interfaces)
    func truncatedXMLNamesTheLine(_ interface: CoverageReadOptions.XMLInterface) throws {
        let text = try String(contentsOfFile: Fixtures.path("jacoco/madrapps-fixture-prettyprinted-report.xml"), encoding: .utf8)
        let file = try InputFile(path: "cut.xml", raw: Data(text.prefix(text.count / 2).utf8))
        do {
            _ = try JaCoCoReader.read(file, options: CoverageReadOptions(xmlInterface: interface))
            Issue.record("a truncated report was read")
        } catch {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.path == "cut.xml")
            #expect((diagnostic.position?.line ?? 0) > 1)
            #expect(diagnostic.message.hasPrefix("invalid XML"))
        }
    }

    @Test(arguments: CoverageReadOptions.XMLInterface.allCases)
    func jacocoLineCountsDefaultToZero(_ interface: CoverageReadOptions.XMLInterface) throws {
        // report.dtd defaults mi, ci, mb and cb to 0; a line without instructions is EMPTY in
        // JaCoCo (not in its LINE counter) and its branches still count. Line 4 (ci absent)
        // is missed, 5 covered with 1 of 2 branches, 6 has neither: 1 of 2 lines.
        let text = #"<report name="x"><package name="p"><sourcefile name="A.java"><line nr="4" mi="3"/><line nr="5" ci="1" mb="1" cb="1"/><line nr="6"/></sourcefile></package></report>"#
        let report = try JaCoCoReader.read(InputFile(path: "j.xml", raw: Data(text.utf8)), options: CoverageReadOptions(xmlInterface: interface))
        #expect(report.files.first?.lines == CoverageCount(covered: 1, total: 2))
        #expect(report.files.first?.branches == CoverageCount(covered: 1, total: 2))
        #expect(report.files.first?.executed(line: 6) == nil)
        // A count that is present must still be a whole number.
        let bad = #"<report name="x"><package name="p"><sourcefile name="A.java"><line nr="4" mi="x"/></sourcefile></package></report>"#
        #expect(throws: InputError.self) { try JaCoCoReader.read(InputFile(path: "j.xml", raw: Data(bad.utf8))) }
    }

    @Test func gcovrStyleJaCoCoIsReadAndSaysLinesAreUnknown() throws {
        // gcovr's JaCoCo writer: <line nr [mb cb]> only; line coverage lives in the LINE
        // counters. Read (not refused): branches 1 of 2, no line data, and a note that says why.
        let report = try JaCoCoReader.read(Fixtures.input("jacoco/gcovr-style-lines-without-counts.xml"))
        let file = try #require(report.files.first)
        #expect(file.path == "src/main/java/src/a.c")
        #expect(file.lines == CoverageCount())
        #expect(file.branches == CoverageCount(covered: 1, total: 2))
        #expect(report.notes.first?.hasPrefix("1 source file ('src/main/java/src/a.c') gives lines only in a LINE counter") == true)
    }

    @Test func jacocoLineNumberZeroIsAnError() throws {
        let file = try InputFile(path: "j.xml", raw: Data(#"<report name="x"><package name="p"><sourcefile name="A.java"><line nr="0" mi="0" ci="1" mb="0" cb="0"/></sourcefile></package></report>"#.utf8))
        #expect(throws: InputError.self) { try JaCoCoReader.read(file) }
    }
}
