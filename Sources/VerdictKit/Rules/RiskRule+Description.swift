extension RiskRule {
    /// The spec of `kind: risk`: keys, defaults and examples (run as tests).
    public static let description = RuleDescription(
        kind: kind, summary: summary, input: inputDescription,
        keys: [
            .init("default", "risk level", default: "low", "The level of a change no entry matches. Levels: `none < low < medium < high < critical`."),
            .init("levels", "list of `{level, when}`", default: "[]", "Every matching entry applies; the highest wins. `when` holds `actions`, `types` (globs), `address` (a glob over the address) and `count_over: N`; all conditions must hold."),
            .init("approve_at", "risk level", default: "high", "At or above: the rule passes with `approval_required=true`."),
            .init("fail_at", "risk level", default: "never", "At or above: the rule fails. Not below `approve_at`."),
        ],
        examples: [
            .init("A low-risk plan passes", rule: """
                id: infra-risk
                kind: risk
                levels:
                  - level: high
                    when: { actions: [delete, replace] }
                fail_at: critical
                """, inputs: [.init("samples/terraform-low-risk.txt")], outcome: .pass),
            .init("A replacement fails at fail_at: high", rule: """
                id: infra-risk
                kind: risk
                levels:
                  - level: high
                    when: { actions: [delete, replace] }
                approve_at: high
                fail_at: high
                """, inputs: [.init("samples/terraform-high-risk.txt")], outcome: .fail),
        ],
        guide: "../policy.md#policy-kind-risk")
}
