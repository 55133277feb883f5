/// `kind: risk` — grades each change of a Terraform plan, and gates on the highest grade.
///
/// Every `levels` entry whose `when` matches a change applies to it and the highest level
/// wins; a change no entry matches gets `default`. The plan's risk is its highest change
/// level (`none` for a plan without changes). At or above `fail_at` the rule fails; at or
/// above `approve_at` it passes but the decision says `approval_required: true`, for a
/// workflow to route the apply to a manual approval. A plan Terraform reported errors for is
/// incomplete: the rule cannot judge it.
///
/// ```yaml
/// - id: infra-risk
///   kind: risk
///   default: low
///   levels:
///     - level: high
///       when: { actions: [delete, replace] }
///     - level: critical
///       when: { types: ["aws_iam_*"], actions: [delete, replace] }
///   approve_at: high
///   fail_at: critical
/// ```
/// Passes with approval: a plan replacing an `aws_instance`. Fails: a plan deleting an `aws_iam_role`.
public struct RiskRule: ParsableRule {
    public static let kind = "risk"
    public static let summary = "Grades each Terraform plan change by the policy's levels; fails at fail_at and asks for approval at approve_at."
    public static let inputDescription = "Terraform plan"
    static let keys = ["default", "levels", "approve_at", "fail_at"]
    static let entryKeys = ["level", "when"]
    static let conditionKeys = ["actions", "types", "address", "count_over"]

    public var id: String
    public var onMissing: MissingInputAction
    /// The level of a change no entry matches (default `low`).
    public var defaultLevel: RiskLevel
    public var levels: [RiskLevelEntry]
    /// At or above: approval required (default `high`); nil never asks.
    public var approveAt: RiskLevel?
    /// At or above: the rule fails; nil never fails on risk alone.
    public var failAt: RiskLevel?

    public init(
        id: String, onMissing: MissingInputAction = .error, defaultLevel: RiskLevel = .low, levels: [RiskLevelEntry] = [],
        approveAt: RiskLevel? = .high, failAt: RiskLevel? = nil
    ) {
        self.id = id
        self.onMissing = onMissing
        self.defaultLevel = defaultLevel
        self.levels = levels
        self.approveAt = approveAt
        self.failAt = failAt
    }

    public func hasInput(in facts: Facts) -> Bool { !facts.terraformPlans.isEmpty }

    public func reads(_ input: InputDescriptor) -> Bool { input.kind == .terraformPlan }

    static func parse(id: String, onMissing: MissingInputAction, mapping: KeyedMapping) -> RiskRule? {
        let reader = mapping.reader
        let before = reader.problems.count
        let defaultLevel = mapping["default"].flatMap { reader.choice($0, "default level", as: RiskLevel.self) } ?? .low
        let approveAt = mapping["approve_at"].flatMap { reader.choice($0, "approve_at level", as: RiskLevel.self) } ?? .high
        let failAt = mapping["fail_at"].flatMap { reader.choice($0, "fail_at level", as: RiskLevel.self) }
        var levels: [RiskLevelEntry] = []
        if let node = mapping["levels"], let items = reader.list(node, "levels of rule '\(id)'") {
            for (index, item) in items.enumerated() {
                if let entry = parseEntry(item, index: index, ruleID: id, reader: reader) { levels.append(entry) }
            }
        }
        if let failAt, failAt < approveAt, let node = mapping["approve_at"] {
            reader.problem(
                "approve_at '\(approveAt.rawValue)' of rule '\(id)' is above fail_at '\(failAt.rawValue)': changes would fail before they could need approval",
                at: node.mark)
        }
        guard reader.problems.count == before else { return nil }
        return RiskRule(id: id, onMissing: onMissing, defaultLevel: defaultLevel, levels: levels, approveAt: approveAt, failAt: failAt)
    }

    static func parseEntry(_ node: YAMLNode, index: Int, ruleID: String, reader: PolicyReader) -> RiskLevelEntry? {
        let context = "levels[\(index)] of rule '\(ruleID)'"
        guard let entry = reader.mapping(node, context, allowed: entryKeys) else { return nil }
        let level = entry.required("level").flatMap { reader.choice($0, "level", as: RiskLevel.self) }
        guard let whenNode = entry.required("when"),
              let when = reader.mapping(whenNode, "'when' of \(context)", allowed: conditionKeys) else { return nil }
        var result = RiskLevelEntry(level: level ?? .none)
        if let node = when["actions"], let items = reader.list(node, "actions") {
            let actions = items.compactMap { reader.choice($0, "action", as: ChangeAction.self) }
            if actions.count == items.count { result.actions = actions }
        }
        if let node = when["types"], let types = reader.stringList(node, "types") { result.types = types.map { Glob($0) } }
        if let node = when["address"], let pattern = reader.nonEmptyString(node, "address") { result.address = AddressPattern(pattern) }
        if let node = when["count_over"], let count = reader.integer(node, "count_over") { result.countOver = count }
        if when.mapping.entries.isEmpty {
            reader.problem("'when' of \(context) names no condition; expected one of \(conditionKeys.joined(separator: ", ")) (use 'default' for every change)", at: whenNode.mark)
            return nil
        }
        guard level != nil else { return nil }
        return result
    }

    public func evaluate(_ facts: Facts, in context: EvaluationContext) -> RuleResult {
        let evidence = judge(facts.terraformPlans)
        let errored = evidence.plans.filter(\.plan.errored)
        let outcome: Outcome
        if !errored.isEmpty {
            outcome = .error
        } else if let failAt, evidence.risk >= failAt {
            outcome = .fail
        } else {
            outcome = .pass
        }
        return RuleResult(ruleID: id, kind: Self.kind, outcome: outcome, message: message(evidence, errored: errored), details: .risk(evidence))
    }

    /// Grades every planned change of every plan.
    public func judge(_ plans: [TerraformPlan]) -> RiskEvidence {
        let whys = levels.enumerated().map { "levels[\($0.offset)]: \($0.element.conditionText)" }
        var assessed: [PlanAssessment] = []
        var risk = RiskLevel.none
        var typeMatches: [String: [Bool]] = [:]
        for plan in plans {
            let changeCount = PlanAssessment.countedChanges(plan.changes)
            // Graded by index first and sorted as plain values: copying and moving whole changes
            // while sorting 100,000 of them costs more than reading the plan.
            var graded: [(level: RiskLevel, entry: Int, index: Int)] = []
            graded.reserveCapacity(plan.changes.count)
            var levelCounts: [RiskLevel: Int] = [:]
            // Unsafe buffers lend the changes and entries to `matches` without copying them
            // (a copy of a change retains a dozen strings).
            plan.changes.withUnsafeBufferPointer { changes in
                levels.withUnsafeBufferPointer { levels in
                    for index in changes.indices where changes[index].isShown {
                        let type = changes[index].type
                        let types: [Bool]
                        if let known = typeMatches[type] {
                            types = known
                        } else {
                            types = levels.map { $0.matchesType(type) }
                            typeMatches[type] = types
                        }
                        var best: (level: RiskLevel, entry: Int)?
                        for entryIndex in levels.indices
                        where levels[entryIndex].matches(changes[index], planChangeCount: changeCount, typeMatches: types[entryIndex]) {
                            if let current = best, levels[entryIndex].level <= current.level { continue }
                            best = (levels[entryIndex].level, entryIndex)
                        }
                        let level = best?.level ?? defaultLevel
                        graded.append((level, best?.entry ?? -1, index))
                        levelCounts[level, default: 0] += 1
                        risk = max(risk, level)
                    }
                }
            }
            graded.sort { ($0.level, $1.index) > ($1.level, $0.index) }
            let judged = graded.map { grade in
                JudgedChange(
                    change: plan.changes[grade.index], level: grade.level, why: grade.entry < 0 ? "default" : whys[grade.entry],
                    entryIndex: grade.entry < 0 ? nil : grade.entry, order: grade.index)
            }
            assessed.append(PlanAssessment(plan: plan, changes: judged, changeCount: changeCount, levelCounts: levelCounts))
        }
        let approval = approveAt.map { risk >= $0 } ?? false
        return RiskEvidence(
            risk: risk, approvalRequired: approval && (failAt.map { risk < $0 } ?? true),
            defaultLevel: defaultLevel, approveAt: approveAt, failAt: failAt, plans: assessed)
    }

    func message(_ evidence: RiskEvidence, errored: [PlanAssessment]) -> String {
        if let first = errored.first {
            let error = first.plan.errors[0]
            let place = error.line.map { "\(first.plan.path):\($0)" } ?? first.plan.path
            return "the plan is incomplete: Terraform reported errors (\(place): \(error.message)); it cannot be judged"
        }
        let changes = evidence.plans.reduce(0) { $0 + $1.changes.count }
        var byLevel: [String] = []
        for level in RiskLevel.allCases.reversed() {
            let count = evidence.plans.reduce(0) { $0 + ($1.levelCounts[level] ?? 0) }
            if count > 0 { byLevel.append("\(count) \(level.rawValue)") }
        }
        var text = "risk \(evidence.risk.rawValue)"
        text += changes == 0 ? ": no changes" : ": \(changes) change\(changes == 1 ? "" : "s") (\(byLevel.joined(separator: ", ")))"
        if let failAt, evidence.risk >= failAt {
            text += "; at or above fail_at \(failAt.rawValue)"
        } else if evidence.approvalRequired, let approveAt {
            text += "; approval required (approve_at \(approveAt.rawValue))"
        }
        return text
    }
}
