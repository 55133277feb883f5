import Testing
@testable import VerdictKit

/// `FindingSet.scan` sorts positions and then moves findings into place by swaps, and merges
/// copies by position: the result must be the plain sort and merge, whatever the input order.
@Suite struct FindingSetOrderTests {
    /// A deterministic mix: levels, rules, files, lines, packages, and copies of one identity
    /// (same rule, file, line and package) with different levels and suppressions.
    static func findings() -> [Finding] {
        var findings: [Finding] = []
        for index in 0..<300 {
            // Findings 100 apart share an identity (rule, file, line, package): copies.
            let key = index % 100
            let level = Severity.allCases[index % Severity.allCases.count]
            findings.append(Finding(
                ruleID: "CVE-2024-\(key % 37)", level: level, tool: index % 5 == 0 ? "Grype" : "Trivy",
                message: "finding \(index)", location: FindingLocation(uri: key % 3 == 0 ? nil : "file\(key % 7).lock", line: key % 4 == 0 ? nil : key % 11),
                package: key % 6 == 0 ? nil : "pkg\(key % 13)", installedVersion: "1.\(index % 3)",
                fixedVersion: index % 9 == 0 ? nil : "2.\(index % 5)", suppression: index % 10 == 0 ? "accepted" : nil))
        }
        return findings
    }

    /// The plain way: group copies by identity, combine, sort with the same tie-break.
    static func expected(_ findings: [Finding]) -> [Finding] {
        var groups: [Finding.Identity: [Finding]] = [:]
        var kept = findings.filter { $0.package == nil }
        for finding in findings where finding.package != nil { groups[finding.identity, default: []].append(finding) }
        kept += groups.values.map(Finding.combined)
        return kept.sorted { Finding.reportOrder($0, $1) || (!Finding.reportOrder($1, $0) && Finding.mergeOrder($0, $1)) }
    }

    @Test func scanGivesThePlainSortAndMergeForEveryInputOrder() {
        let findings = Self.findings()
        let expected = Self.expected(findings)
        #expect(expected.count < findings.count, "the mix must hold copies to merge")
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20 {
            let set = FindingSet.scan(findings.shuffled(using: &generator), informationalCount: 0)
            #expect(set.findings == expected)
            #expect(set.duplicateCount == findings.count - expected.count)
        }
    }

    @Test func aScanWithoutCopiesIsOnlySorted() {
        let unique = Self.findings().enumerated().map { index, finding in
            var finding = finding
            finding.location.line = 1000 + index
            return finding
        }
        var generator = SplitMix64(seed: 11)
        let set = FindingSet.scan(unique.shuffled(using: &generator), informationalCount: 2)
        #expect(set.findings == Self.expected(unique))
        #expect(set.duplicateCount == 0)
        #expect(set.informationalCount == 2)
    }
}
