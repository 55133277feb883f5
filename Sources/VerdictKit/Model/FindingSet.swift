/// The findings of every scanner input, merged.
public struct FindingSet: Sendable, Equatable {
    /// Distinct findings, in report order (`Finding.reportOrder`): every constructor below keeps that invariant.
    public var findings: [Finding]
    /// Results that are not findings: SARIF level `none` without severity metadata, kind
    /// pass/notApplicable/informational, or `baselineState: absent` (no longer present).
    public var informationalCount: Int
    /// Reports of a finding already reported (same rule, location and package), counted once.
    public var duplicateCount: Int
    /// Warnings about the inputs (a `ruleIndex` that contradicts its `ruleId`, a
    /// `security-severity` that is not a score), in a stable order. They do not change the
    /// outcome by themselves; rules show them next to their result.
    public var notes: [Diagnostic] = []
    /// SARIF logs that hold no completed scan, described (`'x.sarif' has an empty 'runs'
    /// array`, `run 2 of 'x.sarif' has no 'results' array`): evidence that a tool did not run
    /// or did not finish, not a clean scan.
    public var scansNotRun: [String] = []
    /// The findings of each scan (SARIF run) before scans were merged, when there were several:
    /// a rule scoped to some tools merges only their copies (`filtered(_:)`). Empty for one scan.
    var scans: [[Finding]] = []

    /// One scan's findings, put in report order; findings reported twice with a known package
    /// are merged (counted once) into their worst copy (`combined(_:)`).
    ///
    /// Works on positions: a finding is a large struct, and copying each one into groups and
    /// lists (a retain per field) was a fifth of reading a 50 MB scan.
    public static func scan(_ findings: consuming [Finding], informationalCount: Int) -> FindingSet {
        var firstCopy: [Finding.Identity: Int] = [:]
        firstCopy.reserveCapacity(findings.count)
        // The positions of each identity's copies, for identities reported more than once.
        var copies: [Int: [Int]] = [:]
        for index in findings.indices where findings[index].package != nil {
            let identity = findings[index].identity
            if let first = firstCopy[identity] {
                copies[first, default: [first]].append(index)
            } else {
                firstCopy[identity] = index
            }
        }
        guard !copies.isEmpty else {
            return FindingSet(sorted: sortedForReport(consume findings), informationalCount: informationalCount, duplicateCount: 0)
        }
        let laterCopies = Set(copies.values.lazy.flatMap { $0.dropFirst() })
        var kept: [Finding] = []
        kept.reserveCapacity(findings.count - laterCopies.count)
        for index in findings.indices where !laterCopies.contains(index) {
            if let positions = copies[index] {
                kept.append(Finding.combined(positions.map { findings[$0] }))
            } else {
                kept.append(findings[index])
            }
        }
        let duplicateCount = findings.count - kept.count
        return FindingSet(sorted: sortedForReport(consume kept), informationalCount: informationalCount, duplicateCount: duplicateCount)
    }

    /// `findings` in report order. Sorts positions rather than the findings themselves, and
    /// compares through an unsafe buffer so no finding is copied; then moves each finding to its
    /// place by swaps (moving and retaining large structs dominated the profile of a 50 MB scan).
    ///
    /// Ties in report order are broken by `Finding.mergeOrder`, so the result does not depend
    /// on the order the findings came in.
    static func sortedForReport(_ findings: consuming [Finding]) -> [Finding] {
        var sorted = findings
        let order: [Int] = sorted.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            var order = buffer.indices.sorted { Finding.reportOrder(base + $0, base + $1) }
            // Ties are rare: find each run of findings equal in report order and sort only it.
            var start = 0
            while start < order.count {
                var end = start + 1
                while end < order.count, !Finding.reportOrder(base + order[end - 1], base + order[end]) { end += 1 }
                if end - start > 1 { order[start..<end].sort { Finding.mergeOrder(base[$0], base[$1]) } }
                start = end
            }
            return order
        }
        // destination[i]: where the finding now at position i belongs. Each swap puts one
        // finding in its place, so at most n - 1 swaps.
        var destination = [Int](repeating: 0, count: order.count)
        for (position, source) in order.enumerated() { destination[source] = position }
        sorted.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                while destination[index] != index {
                    let target = destination[index]
                    buffer.swapAt(index, target)
                    destination.swapAt(index, target)
                }
            }
        }
        return sorted
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

    /// The reports this set was made from: its findings and the copies merged into them.
    var reportCount: Int { findings.count + duplicateCount }

    /// Merges several scans (runs or files) into one set whose content does not depend on the
    /// order of the parts.
    ///
    /// Copies of one finding (same `Finding.identity`) from different scans become one, carrying
    /// the worst level among them and unsuppressed if any copy is (`Finding.combined`). Within
    /// one scan nothing more is merged here: the reader has already merged what it can tell
    /// apart, and two results it cannot tell apart (an old Trivy template reports libssl and
    /// libcrypto for one CVE with the same text and no package) are two findings. So where one
    /// scan holds N copies of an identity and another M, max(N, M) findings remain.
    public static func merging(_ parts: [FindingSet]) -> FindingSet {
        if parts.count == 1 { return parts[0] }
        let scans = parts.flatMap { $0.scans.isEmpty ? [$0.findings] : $0.scans }
        let merged = mergingScans(scans)
        var set = FindingSet(
            sorted: sortedForReport(merged),
            informationalCount: parts.reduce(0) { $0 + $1.informationalCount },
            duplicateCount: parts.reduce(0) { $0 + $1.reportCount } - merged.count)
        set.scans = scans.count > 1 ? scans : []
        set.notes = parts.flatMap(\.notes).sorted { $0.description < $1.description }
        set.scansNotRun = parts.flatMap(\.scansNotRun).sorted()
        return set
    }

    /// The set as if only the findings `isIncluded` accepts had been reported: scans are
    /// filtered before they are merged, so a copy from an excluded tool never decides the level
    /// or the suppression of a copy from an included one.
    public func filtered(_ isIncluded: (Finding) -> Bool) -> FindingSet {
        guard !scans.isEmpty else {
            var set = self
            set.findings = findings.filter(isIncluded)
            return set
        }
        let kept = scans.map { $0.filter(isIncluded) }
        let merged = Self.mergingScans(kept)
        var set = FindingSet(
            sorted: Self.sortedForReport(merged), informationalCount: informationalCount,
            duplicateCount: kept.reduce(0) { $0 + $1.count } - merged.count)
        set.scans = kept
        set.notes = notes
        set.scansNotRun = scansNotRun
        return set
    }

    /// Copies of one identity in several scans: the i-th worst copy of every scan that has one
    /// is combined into the i-th finding.
    static func mergingScans(_ scans: [[Finding]]) -> [Finding] {
        var groups: [Finding.Identity: [[Finding]]] = [:]
        for scan in scans {
            var local: [Finding.Identity: [Finding]] = [:]
            for finding in scan { local[finding.identity, default: []].append(finding) }
            for (identity, copies) in local { groups[identity, default: []].append(copies.sorted(by: Finding.isWorse)) }
        }
        var merged: [Finding] = []
        for perScan in groups.values {
            let depth = perScan.map(\.count).max() ?? 0
            for rank in 0..<depth {
                merged.append(Finding.combined(perScan.compactMap { rank < $0.count ? $0[rank] : nil }))
            }
        }
        return merged
    }
}

extension Finding {
    /// One finding from several reports of it: the worst copy (`isWorse`), at the worst level
    /// of all copies, suppressed only if every copy is, with a fixed version if any copy knows one.
    ///
    /// A gate must not be talked into passing by a second scanner that rates a finding lower or
    /// suppressed it, whatever the order of the inputs.
    static func combined(_ copies: [Finding]) -> Finding {
        guard var worst = copies.min(by: isWorse) else { preconditionFailure("combined() needs at least one copy") }
        if copies.count == 1 { return worst }
        worst.level = copies.map(\.level).max() ?? worst.level
        if worst.fixedVersion == nil {
            worst.fixedVersion = copies.compactMap(\.fixedVersion).min()
        }
        if worst.fingerprint == nil {
            worst.fingerprint = copies.compactMap(\.fingerprint).min()
        }
        if worst.baselineState != .new, copies.contains(where: { $0.baselineState == .new }) {
            worst.baselineState = .new
        }
        return worst
    }

    /// Whether `lhs` is the copy to keep over `rhs`: unsuppressed before suppressed, then the
    /// higher level, then `mergeOrder` so that the choice never depends on input order.
    static func isWorse(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if (lhs.suppression == nil) != (rhs.suppression == nil) { return lhs.suppression == nil }
        if lhs.level != rhs.level { return lhs.level > rhs.level }
        return mergeOrder(lhs, rhs)
    }

    /// A total order over every field, to break ties deterministically.
    static func mergeOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if reportOrder(lhs, rhs) { return true }
        if reportOrder(rhs, lhs) { return false }
        let left = [lhs.suppression, lhs.fixedVersion, lhs.installedVersion, lhs.fingerprint, lhs.baselineState?.rawValue]
        let right = [rhs.suppression, rhs.fixedVersion, rhs.installedVersion, rhs.fingerprint, rhs.baselineState?.rawValue]
        for (a, b) in zip(left, right) where a != b {
            guard let a else { return true }
            guard let b else { return false }
            return a < b
        }
        return false
    }
}
