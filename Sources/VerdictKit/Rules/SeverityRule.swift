/// `kind: severity` — gates on scanner findings by level, after waivers.
///
/// Order is fixed: findings outside the rule's scope (`tools`, `ignore_unfixed`) are set
/// aside; then waivers and producer suppressions apply (waive); then each remaining finding
/// is put in the block, warn or ignored bucket by level (classify); then each level's count is
/// compared with its limit (gate). With `new_only` and a baseline, findings already on the
/// baseline are set aside before classification.
public struct SeverityRule: ParsableRule {
    public static let kind = "severity"
    public static let summary = "Fails on findings at blocking levels and warns on findings at warning levels, after waivers."
    public static let inputDescription = "SARIF"
    static let keys = ["block", "warn", "max", "ignore_unfixed", "tools", "new_only"]

    public var id: String
    public var onMissing: MissingInputAction
    /// Levels whose findings fail the gate.
    public var block: [Severity]
    /// Levels whose findings warn.
    public var warn: [Severity]
    /// How many findings of a level are tolerated before it blocks or warns (default 0).
    public var max: [Severity: Int]
    /// Skip vulnerability findings that have no fixed version.
    public var ignoreUnfixed: Bool
    /// Only findings from tools whose name contains one of these (case-insensitive).
    public var tools: [String]?
    /// With a baseline, only findings absent from it count.
    public var newOnly: Bool

    public init(
        id: String, onMissing: MissingInputAction = .error, block: [Severity], warn: [Severity] = [],
        max: [Severity: Int] = [:], ignoreUnfixed: Bool = false, tools: [String]? = nil, newOnly: Bool = false
    ) {
        self.id = id
        self.onMissing = onMissing
        self.block = block
        self.warn = warn
        self.max = max
        self.ignoreUnfixed = ignoreUnfixed
        self.tools = tools
        self.newOnly = newOnly
    }

    public func hasInput(in facts: Facts) -> Bool { facts.findings != nil }

    public func reads(_ input: InputDescriptor) -> Bool { input.kind == .sarif }

    static func parse(id: String, onMissing: MissingInputAction, mapping: KeyedMapping) -> SeverityRule? {
        let reader = mapping.reader
        let before = reader.problems.count
        let block = mapping["block"].flatMap { reader.levels($0, "block") } ?? []
        let warn = mapping["warn"].flatMap { reader.levels($0, "warn") } ?? []
        if mapping["block"] == nil && mapping["warn"] == nil {
            reader.problem("rule '\(id)' of kind severity needs 'block' or 'warn' (a list of levels)", at: mapping.mark)
        }
        for level in Set(block).intersection(warn).sorted(by: >) {
            reader.problem("level '\(level.rawValue)' is in both 'block' and 'warn' of rule '\(id)'", at: mapping["warn"]?.mark ?? mapping.mark)
        }
        var limits: [Severity: Int] = [:]
        if let node = mapping["max"], let limitMapping = reader.mapping(node, "'max' of rule '\(id)'", allowed: Severity.allCases.map(\.rawValue)) {
            for entry in limitMapping.mapping.entries {
                guard let level = Severity(rawValue: entry.key.value) else { continue }
                if let limit = reader.integer(entry.value, "max.\(level.rawValue)") { limits[level] = limit }
            }
        }
        let ignoreUnfixed = mapping["ignore_unfixed"].flatMap { reader.bool($0, "ignore_unfixed") } ?? false
        let tools = mapping["tools"].flatMap { reader.stringList($0, "tools") }
        let newOnly = mapping["new_only"].flatMap { reader.bool($0, "new_only") } ?? false
        guard reader.problems.count == before else { return nil }
        return SeverityRule(
            id: id, onMissing: onMissing, block: block, warn: warn, max: limits,
            ignoreUnfixed: ignoreUnfixed, tools: tools, newOnly: newOnly)
    }

    public func evaluate(_ facts: Facts, in context: EvaluationContext) -> RuleResult {
        let evidence = judge(facts.findings ?? FindingSet(), baseline: facts.baselineFindings, context: context)
        let blocked = block.filter { evidence.count(of: $0) > limit(for: $0) }
        let warned = warn.filter { evidence.count(of: $0) > limit(for: $0) }
        let outcome: Outcome = !blocked.isEmpty ? .fail : !warned.isEmpty ? .warn : .pass
        return RuleResult(
            ruleID: id, kind: Self.kind, outcome: outcome,
            message: message(evidence, blocked: blocked, warned: warned),
            details: .severity(evidence))
    }

    func limit(for level: Severity) -> Int { max[level] ?? 0 }

    func judge(_ set: FindingSet, baseline: FindingSet?, context: EvaluationContext) -> SeverityEvidence {
        var evidence = SeverityEvidence(blockLevels: block, warnLevels: warn, limits: max, hasBaseline: baseline != nil)
        evidence.informational = set.informationalCount
        let baselineIndex = baseline.map(BaselineIndex.init)
        var waiverUses: [Waiver: Int] = [:]
        var expiredUses: [Waiver: Int] = [:]
        for finding in set.findings {
            if let tools, !tools.contains(where: { finding.tool.range(of: $0, options: .caseInsensitive) != nil }) {
                evidence.outOfScope += 1
                continue
            }
            if ignoreUnfixed, finding.package != nil, finding.fixedVersion == nil {
                evidence.unfixed += 1
                continue
            }
            if let justification = finding.suppression {
                evidence.waive(WaivedFinding(finding: finding, reason: justification, waiver: nil))
                continue
            }
            if let waiver = context.activeWaiver(for: finding, ruleID: id) {
                evidence.waive(WaivedFinding(finding: finding, reason: waiver.reason, waiver: waiver))
                waiverUses[waiver, default: 0] += 1
                continue
            }
            if let expired = context.expiredWaiver(for: finding, ruleID: id) {
                expiredUses[expired, default: 0] += 1
            }
            let isNew = baselineIndex.map { !$0.contains(finding) }
            if newOnly, isNew == false {
                evidence.onBaseline.append(finding)
                continue
            }
            let judged = JudgedFinding(finding: finding, isNew: isNew)
            if block.contains(finding.level) {
                evidence.block(judged)
            } else if warn.contains(finding.level) {
                evidence.warn(judged)
            } else {
                evidence.ignored[finding.level, default: 0] += 1
            }
        }
        evidence.waiversUsed = WaiverUse.sorted(waiverUses)
        evidence.waiversExpired = WaiverUse.sorted(expiredUses)
        return evidence
    }

    func message(_ evidence: SeverityEvidence, blocked: [Severity], warned: [Severity]) -> String {
        func describe(_ levels: [Severity]) -> String {
            Severity.worstFirst.filter(levels.contains).map { level in
                let count = evidence.count(of: level)
                let limit = limit(for: level)
                return "\(count) \(level.rawValue)" + (limit > 0 ? " (limit \(limit))" : "")
            }.joined(separator: ", ")
        }
        var parts: [String] = []
        if !blocked.isEmpty { parts.append("blocking: \(describe(blocked))") }
        if !warned.isEmpty { parts.append("warning: \(describe(warned))") }
        if parts.isEmpty {
            let tolerated = (block + warn).filter { evidence.count(of: $0) > 0 }
            parts.append(tolerated.isEmpty ? "no findings at blocking or warning levels" : "within limits: \(describe(tolerated))")
        }
        if !evidence.waived.isEmpty { parts.append("\(evidence.waived.count) waived") }
        if !evidence.onBaseline.isEmpty { parts.append("\(evidence.onBaseline.count) already on the baseline") }
        return parts.joined(separator: "; ")
    }
}

/// Finds a scan's findings in a baseline scan: by `partialFingerprints` when both sides have
/// them, otherwise by rule, package and file (not the line, which moves between commits).
struct BaselineIndex {
    let fingerprints: Set<String>
    let identities: Set<Finding.BaselineIdentity>

    init(_ baseline: FindingSet) {
        fingerprints = Set(baseline.findings.compactMap(\.fingerprint))
        identities = Set(baseline.findings.map(\.baselineIdentity))
    }

    func contains(_ finding: Finding) -> Bool {
        if let fingerprint = finding.fingerprint, !fingerprints.isEmpty {
            return fingerprints.contains(fingerprint)
        }
        return identities.contains(finding.baselineIdentity)
    }
}
