extension LoadRule {
    /// The spec of `kind: load`: keys, defaults and examples (run as tests).
    public static let description = RuleDescription(
        kind: kind, summary: summary, input: inputDescription,
        keys: [
            .init("thresholds", "mapping metric → list of expressions", default: "none", "k6 syntax: a metric or sub-metric (`http_req_duration{scenario:api}`) → `AGG OP NUMBER`, AGG one of `avg min max med count rate value p(N)`, OP one of `< <= > >= == === !=`."),
            .init("honor_k6_thresholds", "boolean", default: "true", "Summaries: a threshold k6 recorded as failed fails the rule; streams: the thresholds the `Metric` lines declare are recomputed from the points."),
            .init("regression", "mapping metric → aggregation → `{ratio, slack}`", default: "none", "Fails when the value exceeds `max(baseline × ratio, baseline + slack)`; needs `--baseline-k6`, else it warns."),
            .init("allow_truncated", "boolean", default: "false", "A stream whose last line was cut short is an error (exit 2) unless `true`; then the complete lines are judged and the rule warns."),
        ],
        examples: [
            .init("A latency target the summary meets", rule: """
                id: api-contract
                kind: load
                thresholds:
                  http_req_duration: ["p(95)<2000"]
                """, inputs: [.init("samples/k6-summary-passes.json", kind: .k6)], outcome: .pass),
            .init("An SLO the point stream misses", rule: """
                id: latency-slo
                kind: load
                thresholds:
                  http_req_duration: ["p(95)<10", "p(99)<20"]
                  http_req_failed: ["rate<0.01"]
                """, inputs: [.init("samples/k6-stream-fails.ndjson", kind: .k6)], outcome: .fail),
        ],
        guide: "../policy.md#load-gates-from-k6-kind-load")
}
