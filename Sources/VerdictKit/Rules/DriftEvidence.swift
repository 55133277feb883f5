/// What a drift rule saw: the plans, and what in them counts as a change.
public struct DriftEvidence: Sendable {
    public var plans: [TerraformPlan]
    public var onChange: DriftRule.ChangeOutcome
    /// Planned changes other than data source reads (a read changes nothing).
    public var changeCount: Int
    public var driftCount: Int
    public var outputCount: Int

    public init(plans: [TerraformPlan], onChange: DriftRule.ChangeOutcome) {
        self.plans = plans
        self.onChange = onChange
        changeCount = plans.reduce(0) { $0 + PlanAssessment.countedChanges($1.changes) }
        driftCount = plans.reduce(0) { $0 + $1.drift.count }
        outputCount = plans.reduce(0) { $0 + $1.outputs.count }
    }
}
