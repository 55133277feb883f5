/// What a drift rule saw: the plans, and what in them counts as a change.
public struct DriftEvidence: Sendable {
    public var plans: [TerraformPlan]
    public var onChange: DriftRule.ChangeOutcome

    /// Planned changes other than data source reads (a read changes nothing).
    public var changes: [PlanChange] {
        plans.flatMap { $0.plannedChanges.filter { $0.policyActions != [.read] } }
    }

    public var changeCount: Int { changes.count }
    public var driftCount: Int { plans.reduce(0) { $0 + $1.drift.count } }
    public var outputCount: Int { plans.reduce(0) { $0 + $1.outputs.count } }
}
