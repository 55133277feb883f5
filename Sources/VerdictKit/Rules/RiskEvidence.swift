/// What a risk rule saw: every planned change of every plan with its level and why.
public struct RiskEvidence: Sendable {
    /// The highest level of any change; `none` without changes.
    public var risk: RiskLevel
    /// At or above `approve_at` (and below `fail_at`): the apply needs a person's approval.
    public var approvalRequired: Bool
    public var defaultLevel: RiskLevel
    public var approveAt: RiskLevel?
    public var failAt: RiskLevel?
    /// One per plan input, in canonical input order.
    public var plans: [PlanAssessment]
}

/// One plan and its graded changes.
public struct PlanAssessment: Sendable {
    public var plan: TerraformPlan
    /// The planned changes, worst first, then in plan order.
    public var changes: [JudgedChange]
    /// The changes `count_over` compares with: planned changes other than data source reads.
    public var changeCount: Int
    /// How many planned changes got each level.
    public var levelCounts: [RiskLevel: Int]

    /// The changes `count_over` counts: data source reads change nothing and are left out.
    static func countedChanges(_ changes: [PlanChange]) -> Int {
        changes.lazy.filter { $0.isShown && $0.action != .read }.count
    }
}

/// A planned change, the level the policy gave it, and the entry that did.
public struct JudgedChange: Sendable, Hashable {
    public var change: PlanChange
    public var level: RiskLevel
    /// `levels[2]: types aws_iam_*; actions delete, replace`, or `default`.
    public var why: String
    /// The index in `levels` of the entry that set the level; nil for the default.
    public var entryIndex: Int?
    /// The change's index in the plan's `changes`, to keep plan order among equals.
    public var order: Int
}
