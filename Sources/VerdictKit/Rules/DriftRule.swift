/// `kind: drift` — for a scheduled drift check: any planned change, drift or output change
/// in a Terraform plan warns or fails.
///
/// ```yaml
/// - id: drift
///   kind: drift
///   on_change: fail     # fail (default) | warn
/// ```
/// Passes: `No changes. Your infrastructure matches the configuration.` Fails: a plan that
/// would update anything, or "Objects have changed outside of Terraform".
public struct DriftRule: ParsableRule {
    public static let kind = "drift"
    public static let summary = "Warns or fails when a Terraform plan has any change, drift or output change (scheduled drift checks)."
    public static let inputDescription = "Terraform plan"
    static let keys = ["on_change"]

    /// What a plan with changes gives.
    public enum ChangeOutcome: String, Sendable, CaseIterable {
        case fail, warn

        var outcome: Outcome { self == .fail ? .fail : .warn }
    }

    public var id: String
    public var onMissing: MissingInputAction
    public var onChange: ChangeOutcome

    public init(id: String, onMissing: MissingInputAction = .error, onChange: ChangeOutcome = .fail) {
        self.id = id
        self.onMissing = onMissing
        self.onChange = onChange
    }

    public func hasInput(in facts: Facts) -> Bool { !facts.terraformPlans.isEmpty }

    public func reads(_ input: InputDescriptor) -> Bool { input.kind == .terraformPlan }

    static func parse(id: String, onMissing: MissingInputAction, mapping: KeyedMapping) -> DriftRule? {
        let reader = mapping.reader
        let before = reader.problems.count
        let onChange = mapping["on_change"].flatMap { reader.choice($0, "on_change", as: ChangeOutcome.self) } ?? .fail
        guard reader.problems.count == before else { return nil }
        return DriftRule(id: id, onMissing: onMissing, onChange: onChange)
    }

    public func evaluate(_ facts: Facts, in context: EvaluationContext) -> RuleResult {
        let evidence = DriftEvidence(plans: facts.terraformPlans, onChange: onChange)
        if let errored = facts.terraformPlans.first(where: \.errored) {
            let error = errored.errors[0]
            let place = error.line.map { "\(errored.path):\($0)" } ?? errored.path
            return RuleResult(
                ruleID: id, kind: Self.kind, outcome: .error,
                message: "the plan is incomplete: Terraform reported errors (\(place): \(error.message)); it cannot be judged",
                details: .drift(evidence))
        }
        var parts: [String] = []
        let changes = evidence.changeCount, drift = evidence.driftCount, outputs = evidence.outputCount
        if changes > 0 { parts.append("\(changes) planned change\(changes == 1 ? "" : "s")") }
        if drift > 0 { parts.append("\(drift) object\(drift == 1 ? "" : "s") changed outside of Terraform") }
        if outputs > 0 { parts.append("\(outputs) output change\(outputs == 1 ? "" : "s")") }
        guard !parts.isEmpty else {
            return RuleResult(ruleID: id, kind: Self.kind, outcome: .pass, message: "no changes and no drift", details: .drift(evidence))
        }
        return RuleResult(
            ruleID: id, kind: Self.kind, outcome: onChange.outcome,
            message: parts.joined(separator: ", ") + " (on_change: \(onChange.rawValue))", details: .drift(evidence))
    }
}
