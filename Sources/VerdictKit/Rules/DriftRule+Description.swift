extension DriftRule {
    /// The spec of `kind: drift`: keys, defaults and examples (run as tests).
    public static let description = RuleDescription(
        kind: kind, summary: summary, input: inputDescription,
        keys: [
            .init("on_change", "`fail` or `warn`", default: "fail", "What any planned change (other than data source reads), any object changed outside of Terraform, or any output change does."),
        ],
        examples: [
            .init("A plan with changes fails a drift check", rule: """
                id: drift
                kind: drift
                """, inputs: [.init("samples/terraform-high-risk.txt")], outcome: .fail),
            .init("on_change: warn only warns", rule: """
                id: drift
                kind: drift
                on_change: warn
                """, inputs: [.init("samples/terraform-high-risk.txt")], outcome: .warn),
        ],
        guide: "../policy.md#policy-kind-drift")
}
