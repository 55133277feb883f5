extension JQRule {
    /// The spec of `kind: jq`: keys, defaults and examples (run as tests).
    public static let description = RuleDescription(
        kind: kind, summary: summary, input: "the facts document of every input (`verdict facts`)",
        keys: [
            .init("query", "jq program", default: "required", "`.` is the facts document."),
            .init("on_true", "`fail` or `warn`", default: "fail", "The level of `true`, and of every violation without its own `level`."),
            .init("message", "string", default: "the query returned true", "The violation text when the query emits `true`."),
            .init("timeout", "duration with its unit (`500ms`, `1.5s`)", default: "2s", "The query's time budget, above 0 and at most `60s`."),
            .init("requires", "list of `findings`, `coverage`, `load`, `plan`", default: "[]", "Parts of the facts the rule needs; when one is missing, `on_missing` decides."),
        ],
        examples: [
            .init("No critical finding", rule: """
                id: no-critical
                kind: jq
                requires: [findings]
                query: '[.findings[] | select(.level == "critical")] | length > 0'
                message: a critical finding
                """, inputs: [.init("samples/trivy-fails.sarif")], outcome: .fail),
            .init("The passing sample has none", rule: """
                id: no-critical
                kind: jq
                requires: [findings]
                query: '[.findings[] | select(.level == "critical")] | length > 0'
                message: a critical finding
                """, inputs: [.init("samples/trivy-passes.sarif")], outcome: .pass),
            .init("A missing part is not a pass", rule: """
                id: few-db-replacements
                kind: jq
                requires: [plan]
                query: '[.plan.changes[] | select(.module == "module.db")] | length > 3'
                """, inputs: [.init("samples/trivy-passes.sarif")], outcome: .error),
        ],
        guide: "../jq.md")
}
