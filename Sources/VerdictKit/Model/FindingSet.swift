/// The findings of every scanner input, merged.
public struct FindingSet: Sendable, Equatable {
    /// Distinct findings, in report order (`Finding.reportOrder`): every constructor below keeps that invariant.
    public var findings: [Finding]
    /// Results that are not findings: SARIF level `none`, or kind pass/notApplicable/informational.
    public var informationalCount: Int
    /// Reports of a finding already reported (same rule, location and package), counted once.
    public var duplicateCount: Int

    /// One scan's findings, put in report order; findings reported twice with a known package
    /// are merged (counted once).
    public static func scan(_ findings: [Finding], informationalCount: Int) -> FindingSet {
        var seen = Set<Finding.Identity>()
        var kept: [Finding] = []
        kept.reserveCapacity(findings.count)
        for finding in findings where finding.package == nil || seen.insert(finding.identity).inserted {
            kept.append(finding)
        }
        return FindingSet(sorted: sortedForReport(kept), informationalCount: informationalCount, duplicateCount: findings.count - kept.count)
    }

    /// `findings` in report order. Sorts positions rather than the findings themselves, and
    /// compares through an unsafe buffer so no finding is copied: moving and retaining large
    /// structs dominated the profile of a 50 MB scan.
    static func sortedForReport(_ findings: [Finding]) -> [Finding] {
        findings.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            let order = buffer.indices.sorted { Finding.reportOrder(base + $0, base + $1) }
            return order.map { buffer[$0] }
        }
    }

    /// A set of findings as given, put in report order.
    public init(findings: [Finding] = [], informationalCount: Int = 0, duplicateCount: Int = 0) {
        self.init(sorted: Self.sortedForReport(findings), informationalCount: informationalCount, duplicateCount: duplicateCount)
    }

    private init(sorted findings: [Finding], informationalCount: Int, duplicateCount: Int) {
        self.findings = findings
        self.informationalCount = informationalCount
        self.duplicateCount = duplicateCount
    }

    /// Merges several scans (runs or files), dropping findings an earlier part already reported,
    /// and restores report order.
    ///
    /// Within one part nothing is merged here: the reader has already merged what it can tell
    /// apart, and two results it cannot tell apart (an old Trivy template reports libssl and
    /// libcrypto for one CVE with the same text and no package) are two findings, not one.
    public static func merging(_ parts: [FindingSet]) -> FindingSet {
        if parts.count == 1 { return parts[0] }
        var seenBefore = Set<Finding.Identity>()
        var merged: [Finding] = []
        var duplicates = 0
        var informational = 0
        for part in parts {
            informational += part.informationalCount
            duplicates += part.duplicateCount
            var seenHere: [Finding.Identity] = []
            for finding in part.findings {
                let identity = finding.identity
                if seenBefore.contains(identity) {
                    duplicates += 1
                } else {
                    merged.append(finding)
                    seenHere.append(identity)
                }
            }
            seenBefore.formUnion(seenHere)
        }
        return FindingSet(sorted: sortedForReport(merged), informationalCount: informational, duplicateCount: duplicates)
    }
}
