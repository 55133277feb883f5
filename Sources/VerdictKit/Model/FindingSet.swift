/// The findings of every scanner input, merged.
public struct FindingSet: Sendable, Equatable {
    /// Distinct findings, in report order.
    public var findings: [Finding]
    /// Results that are not findings: SARIF level `none`, or kind pass/notApplicable/informational.
    public var informationalCount: Int
    /// Reports of a finding already reported (same rule, location and package), counted once.
    public var duplicateCount: Int

    /// One scan's findings; findings reported twice with a known package are merged (counted once).
    public static func scan(_ findings: [Finding], informationalCount: Int) -> FindingSet {
        var seen = Set<Finding.Identity>()
        var kept: [Finding] = []
        kept.reserveCapacity(findings.count)
        for finding in findings where finding.package == nil || seen.insert(finding.identity).inserted {
            kept.append(finding)
        }
        return FindingSet(findings: kept, informationalCount: informationalCount, duplicateCount: findings.count - kept.count)
    }

    public init(findings: [Finding] = [], informationalCount: Int = 0, duplicateCount: Int = 0) {
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
        merged.sort(by: Finding.reportOrder)
        return FindingSet(findings: merged, informationalCount: informational, duplicateCount: duplicates)
    }
}
