import Foundation
import Testing
@testable import VerdictKit

/// Every real SARIF file of the corpus (copied to Tests/Fixtures/sarif/corpus) read with the
/// counts written down. Sources of the numbers: PROVENANCE.md's computed facts (results,
/// severity-from-rule-tags) and scripts/sarif_facts.py, an independent Python reading of the
/// same rules (Tests/Fixtures/sarif-corpus-facts.json). Where Verdict differs from the script
/// on purpose, the case says why.
@Suite struct SARIFCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var findings: Int
        /// critical, high, medium, low, unknown
        var levels: [Int]
        var informational = 0
        var withPackage: Int
        var withFixedVersion: Int
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "bandit-1.8.6.sarif", findings: 2, levels: [0, 1, 0, 1, 0], withPackage: 0, withFixedVersion: 0),
        Case(file: "checkov-3.2.74-dockerfile.sarif", findings: 3, levels: [0, 3, 0, 0, 0], withPackage: 0, withFixedVersion: 0),
        // Rules in tool.extensions, referenced by toolComponent.index; no result level.
        Case(file: "codeql-2.22.2-python-extensions.sarif", findings: 1, levels: [0, 1, 0, 0, 0], withPackage: 0, withFixedVersion: 0),
        Case(file: "codeql-action-testdata-multi-run-no-results.sarif", findings: 0, levels: [0, 0, 0, 0, 0], withPackage: 0, withFixedVersion: 0),
        Case(file: "dependency-check-8.4.3.sarif", findings: 2, levels: [0, 0, 2, 0, 0], withPackage: 0, withFixedVersion: 0),
        // Docker Scout pads its labels ("Package         : pkg:pypi/…"); the script does not read those.
        Case(file: "docker-scout-1.15.0.sarif", findings: 21, levels: [4, 17, 0, 0, 0], withPackage: 21, withFixedVersion: 21),
        Case(file: "gitleaks-no-results-208-rules.sarif", findings: 0, levels: [0, 0, 0, 0, 0], withPackage: 0, withFixedVersion: 0),
        Case(file: "megalinter-3runs-trivy-0.69.1-checkov.sarif", findings: 132, levels: [23, 64, 31, 14, 0], withPackage: 95, withFixedVersion: 87),
        Case(file: "megalinter-9runs-trivy-0.29.2-semgrep.sarif", findings: 34, levels: [2, 14, 17, 0, 1], withPackage: 12, withFixedVersion: 11),
        // Two overlapping Semgrep matches on one line are distinct results with no package:
        // Verdict keeps both (the script merges them), so nothing is undercounted.
        Case(file: "semgrep-0.114.0-no-result-level.sarif", findings: 46, levels: [0, 15, 31, 0, 0], withPackage: 0, withFixedVersion: 0),
        Case(file: "semgrep-0.44.0-577-results.sarif", findings: 577, levels: [0, 361, 216, 0, 0], withPackage: 0, withFixedVersion: 0),
        Case(file: "trivy-0.37.3-image-os-lang.sarif", findings: 6, levels: [0, 1, 2, 3, 0], withPackage: 6, withFixedVersion: 2),
        Case(file: "trivy-0.48.1-empty.sarif", findings: 0, levels: [0, 0, 0, 0, 0], withPackage: 0, withFixedVersion: 0),
        Case(file: "trivy-0.49.1-image-21.sarif", findings: 21, levels: [13, 8, 0, 0, 0], withPackage: 21, withFixedVersion: 16),
        Case(file: "trivy-0.50.0-config-terraform-misconfig.sarif", findings: 9, levels: [0, 6, 1, 2, 0], withPackage: 0, withFixedVersion: 0),
        Case(file: "trivy-0.50.4-image-secret-os.sarif", findings: 7, levels: [0, 1, 0, 6, 0], withPackage: 6, withFixedVersion: 6),
        // Tags say CRITICAL for 4 although only 3 scores are >= 9.0: tags win.
        Case(file: "trivy-0.56.1-fs-langpkg-secret.sarif", findings: 38, levels: [4, 12, 17, 5, 0], withPackage: 36, withFixedVersion: 36),
        Case(file: "trivy-0.56.1-gomod.sarif", findings: 6, levels: [1, 3, 1, 1, 0], withPackage: 6, withFixedVersion: 6),
        Case(file: "trivy-0.56.1-image-46-high-critical.sarif", findings: 46, levels: [4, 42, 0, 0, 0], withPackage: 46, withFixedVersion: 46),
        Case(file: "trivy-0.56.1-image-notes-warnings.sarif", findings: 23, levels: [0, 0, 15, 8, 0], withPackage: 23, withFixedVersion: 7),
        Case(file: "trivy-0.57.1-fs-langpkg.sarif", findings: 6, levels: [1, 1, 4, 0, 0], withPackage: 6, withFixedVersion: 6),
        // Severity only in the "[MEDIUM] CVE-…" rule id prefix (PROVENANCE: MEDIUM=3, LOW=1);
        // every result says level "error", which would read as 4 high.
        Case(file: "trivy-2020-07-template-alpine310.sarif", findings: 4, levels: [0, 0, 3, 1, 0], withPackage: 0, withFixedVersion: 0),
        // 99 rule objects for 57 ids; the package comes from each result's own rule help text.
        Case(file: "trivy-2020-11-template-debian-buster.sarif", findings: 99, levels: [0, 5, 23, 71, 0], withPackage: 99, withFixedVersion: 19),
        Case(file: "trivy-2021-05-template-targetid-alpine310.sarif", findings: 8, levels: [0, 0, 6, 2, 0], withPackage: 8, withFixedVersion: 8),
        // libssl and libcrypto results for one CVE cannot be told apart (no package anywhere):
        // both are kept, where merging them would hide one (the script's 4).
        Case(file: "trivy-2021-11-template-stableid-alpine310.sarif", findings: 8, levels: [0, 0, 6, 2, 0], withPackage: 0, withFixedVersion: 0),
        Case(file: "trivy-2023-04-imagemeta-alpine310.sarif", findings: 4, levels: [0, 0, 4, 0, 0], withPackage: 4, withFixedVersion: 4),
        Case(file: "trivy-2026-08-head-alpine310.sarif", findings: 4, levels: [0, 0, 4, 0, 0], withPackage: 4, withFixedVersion: 4),
    ]

    @Test(arguments: cases)
    func readsCorpusFileWithExpectedCounts(_ testCase: Case) throws {
        let set = try SARIFReader.read(Fixtures.input("sarif/corpus/\(testCase.file)"))
        #expect(set.findings.count == testCase.findings)
        let levels = Severity.worstFirst.map { level in set.findings.filter { $0.level == level }.count }
        #expect(levels == testCase.levels)
        #expect(set.informationalCount == testCase.informational)
        #expect(set.findings.filter { $0.package != nil }.count == testCase.withPackage)
        #expect(set.findings.filter { $0.fixedVersion != nil }.count == testCase.withFixedVersion)
    }

    @Test(arguments: ["MALFORMED-trivy-concatenated-docs-with-comment.sarif", "MALFORMED-trivy-table-output-named-sarif.sarif"])
    func rejectsFilesThatAreNotSARIFEvenWhenForced(_ file: String) throws {
        #expect(throws: InputError.self) {
            try SARIFReader.read(Fixtures.input("sarif/corpus/\(file)"))
        }
    }

    @Test func everySharedCorpusFileHasACase() throws {
        guard let corpus = Fixtures.sharedCorpus?.appendingPathComponent("sarif") else { return }
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".sarif") && !$0.hasPrefix("MALFORMED") }
        let known = Set(Self.cases.map(\.file))
        #expect(Set(files).subtracting(known).isEmpty, "new corpus files need expected counts")
    }

    @Test func trivyMessageFieldsAreExtracted() throws {
        let set = try SARIFReader.read(Fixtures.input("sarif/corpus/trivy-0.56.1-fs-langpkg-secret.sarif"))
        let pillow = try #require(set.findings.first { $0.ruleID == "CVE-2023-50447" })
        #expect(pillow.level == .critical)
        #expect(pillow.package == "Pillow")
        #expect(pillow.installedVersion == "9.4.0")
        #expect(pillow.fixedVersion == "10.2.0")
        // uriBaseId ROOTPATH, from the run's originalUriBaseIds (written after the results).
        #expect(pillow.location == FindingLocation(
            uri: "requirements.txt", line: 20,
            baseURI: "file:///home/runner/work/assignment-9-code-scanning-Jizell/assignment-9-code-scanning-Jizell/"))
        #expect(pillow.tool == "Trivy")
    }

    @Test func oldTemplateRuleIDsAreNormalizedToTheVulnerabilityID() throws {
        let old = try SARIFReader.read(Fixtures.input("sarif/corpus/trivy-2020-11-template-debian-buster.sarif"))
        #expect(old.findings.contains { $0.ruleID == "CVE-2011-3374" && $0.package == "apt" })
        let targetID = try SARIFReader.read(Fixtures.input("sarif/corpus/trivy-2021-05-template-targetid-alpine310.sarif"))
        #expect(targetID.findings.allSatisfy { $0.ruleID.hasPrefix("CVE-") && !$0.ruleID.contains(" ") })
    }
}
