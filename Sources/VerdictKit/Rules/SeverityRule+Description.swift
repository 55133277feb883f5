extension SeverityRule {
    /// The spec of `kind: severity`: keys, defaults and examples (run as tests).
    public static let description = RuleDescription(
        kind: kind, summary: summary, input: inputDescription,
        keys: [
            .init("block", "list of levels", default: "[]", "Findings at these levels fail the rule. `block` or `warn` is required; a level may not be in both."),
            .init("warn", "list of levels", default: "[]", "Findings at these levels warn. Levels in neither list are ignored (counted in the report)."),
            .init("max", "mapping level → count", default: "0 for every level", "Up to this many findings at a level are tolerated before it blocks or warns."),
            .init("ignore_unfixed", "boolean", default: "false", "Vulnerability findings without a fixed version are set aside (and counted)."),
            .init("tools", "list of names", default: "every tool", "Only findings from tools whose name contains one of these (case-insensitive) count."),
            .init("new_only", "boolean", default: "false", "Only new findings count: those absent from `--baseline-sarif`, or that SARIF's `baselineState` calls new."),
        ],
        examples: [
            .init("Critical and high block, medium warns", rule: """
                id: vulnerabilities
                kind: severity
                block: [critical, high]
                warn: [medium]
                """, inputs: [.init("samples/trivy-fails.sarif")], outcome: .fail),
            .init("The passing sample only warns", rule: """
                id: vulnerabilities
                kind: severity
                block: [critical, high]
                warn: [medium]
                """, inputs: [.init("samples/trivy-passes.sarif")], outcome: .warn),
            .init("Three highs tolerated", rule: """
                id: highs
                kind: severity
                block: [high]
                max: { high: 3 }
                """, inputs: [.init("samples/trivy-fails.sarif")], outcome: .pass),
            .init("Only one tool's findings count", rule: """
                id: semgrep-only
                kind: severity
                block: [critical, high]
                tools: [Semgrep]
                """, inputs: [.init("samples/trivy-fails.sarif")], outcome: .pass),
        ],
        guide: "../policy.md#kind-severity")
}
