/// The lines a GitHub Actions step appends to `$GITHUB_OUTPUT`, so that later steps can
/// route on them (`if: steps.verdict.outputs.approval_required == 'true'`).
public enum GitHubOutput {
    /// `outcome=…`, `risk=…`, `approval_required=…`, one per line, ending in a line break.
    ///
    /// `risk` is `none` when no risk rule judged a plan.
    public static func render(_ decision: Decision) -> String {
        [
            "outcome=\(decision.outcome.rawValue)",
            "risk=\(decision.risk?.rawValue ?? RiskLevel.none.rawValue)",
            "approval_required=\(decision.approvalRequired)",
        ].joined(separator: "\n") + "\n"
    }
}
