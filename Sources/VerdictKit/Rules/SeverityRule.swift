/// `kind: severity` — gates on scanner findings by level, after waivers.
///
/// Order is fixed: findings outside the rule's scope (`tools`, `ignore_unfixed`) are set
/// aside; then waivers and producer suppressions apply (waive); then each remaining finding
/// is put in the block, warn or ignored bucket by level (classify); then each level's count is
/// compared with its limit (gate). With `new_only`, findings already on the baseline (or that
/// the producer's `baselineState` calls existing) are set aside before classification.
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
        let set = facts.findings ?? FindingSet()
        let evidence = judge(set, baseline: facts.baselineFindings, context: context)
        let blocked = block.filter { evidence.count(of: $0) > limit(for: $0) }
        let warned = warn.filter { evidence.count(of: $0) > limit(for: $0) }
        var outcome: Outcome = !blocked.isEmpty ? .fail : !warned.isEmpty ? .warn : .pass
        var message = message(evidence, blocked: blocked, warned: warned)
        // A log with `"runs": []`, or a run without `results`, is a scan that did not happen
        // or did not finish: the rule is missing that input (`on_missing`), and the findings
        // of the other inputs still count.
        if !set.scansNotRun.isEmpty {
            outcome = Swift.max(outcome, onMissing.outcome)
            message = "no scan to judge: \(set.scansNotRun.joined(separator: "; ")) (on_missing: \(onMissing.rawValue)); " + message
        }
        return RuleResult(ruleID: id, kind: Self.kind, outcome: outcome, message: message, details: .severity(evidence))
    }

    func limit(for level: Severity) -> Int { max[level] ?? 0 }

    func judge(_ all: FindingSet, baseline: FindingSet?, context: EvaluationContext) -> SeverityEvidence {
        var evidence = SeverityEvidence(blockLevels: block, warnLevels: warn, limits: max, hasBaseline: baseline != nil)
        evidence.informational = all.informationalCount
        evidence.notes = all.notes.map(\.description)
        // The tools scope applies before copies are merged: a copy from another tool must
        // neither raise nor lower, suppress nor unsuppress the copy this rule looks at.
        var set = all
        if let tools {
            let inScope = { (finding: Finding) in tools.contains { finding.tool.range(of: $0, options: .caseInsensitive) != nil } }
            set = all.filtered(inScope)
            evidence.outOfScope = all.filtered { !inScope($0) }.findings.count
        }
        var waiverUses: [Waiver: Int] = [:]
        var expiredUses: [Waiver: Int] = [:]
        var counted: [Finding] = []
        for finding in set.findings {
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
            counted.append(finding)
        }
        let newness = Self.newness(of: counted, baseline: baseline)
        if newOnly, baseline == nil {
            let unknown = newness.filter { $0 == nil }.count
            if unknown > 0 {
                evidence.notes.append(
                    "new_only cannot tell new findings from old: no --baseline-sarif was given and \(unknown) finding\(unknown == 1 ? " carries" : "s carry") no SARIF baselineState; \(unknown == 1 ? "it counts" : "they count") as new")
            }
        }
        for (finding, isNew) in zip(counted, newness) {
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

    /// Whether each finding (in report order) is new: nil when nothing says.
    ///
    /// A baseline scan hides as many copies of a finding as it has (N copies on the baseline
    /// hide at most N), the mildest first, so a baseline LOW never hides a current CRITICAL of
    /// the same identity. A SARIF `baselineState` is the producer's own answer (`new`, or
    /// `unchanged`/`updated` for existing). When both speak and disagree, new wins.
    static func newness(of findings: [Finding], baseline: FindingSet?) -> [Bool?] {
        var index = baseline.map(BaselineIndex.init)
        var newness = [Bool?](repeating: nil, count: findings.count)
        for position in findings.indices.reversed() {
            let finding = findings[position]
            var answers: [Bool] = []
            if index != nil, let onBaseline = index?.consume(finding) { answers.append(!onBaseline) }
            if let state = finding.baselineState { answers.append(!state.isExisting) }
            newness[position] = answers.isEmpty ? nil : answers.contains(true)
        }
        return newness
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
        parts.append(contentsOf: evidence.notes.filter { $0.hasPrefix("new_only ") })
        let inputWarnings = evidence.notes.filter { !$0.hasPrefix("new_only ") }
        if let first = inputWarnings.first {
            let more = inputWarnings.count - 1
            parts.append(first + (more > 0 ? " (and \(more) more warning\(more == 1 ? "" : "s") in the report)" : ""))
        }
        return parts.joined(separator: "; ")
    }
}

/// Finds a scan's findings in a baseline scan: by `partialFingerprints` when both sides have
/// them, otherwise by rule, package and file (not the line, which moves between commits).
/// Each baseline copy matches one current finding only.
struct BaselineIndex {
    var fingerprints: [String: Int] = [:]
    var identities: [Finding.BaselineIdentity: Int] = [:]

    init(_ baseline: FindingSet) {
        for finding in baseline.findings {
            if let fingerprint = finding.fingerprint { fingerprints[fingerprint, default: 0] += 1 }
            identities[finding.baselineIdentity, default: 0] += 1
        }
    }

    /// Whether the baseline has an unmatched copy of `finding`; if so, that copy is used up.
    mutating func consume(_ finding: Finding) -> Bool {
        if let fingerprint = finding.fingerprint, !fingerprints.isEmpty {
            guard let left = fingerprints[fingerprint], left > 0 else { return false }
            fingerprints[fingerprint] = left - 1
            return true
        }
        guard let left = identities[finding.baselineIdentity], left > 0 else { return false }
        identities[finding.baselineIdentity] = left - 1
        return true
    }
}
