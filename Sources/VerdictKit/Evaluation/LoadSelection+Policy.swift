extension LoadSelection {
    /// Everything a policy's load rules need; nil when the policy has no load rule (then a
    /// stream's metrics are all aggregated, without tag filters).
    public static func needed(by policy: Policy) -> LoadSelection? {
        let rules = policy.rules.compactMap { $0 as? LoadRule }
        guard !rules.isEmpty else { return nil }
        // jq rules read the facts document, which holds every metric.
        let jq = policy.rules.contains { $0 is JQRule }
        var selection = LoadSelection(selectors: [], includeDeclaredThresholds: false, includeEveryMetric: jq)
        for rule in rules {
            selection.selectors.formUnion(rule.thresholds.map(\.selector))
            selection.selectors.formUnion(rule.regressions.map(\.selector))
            if rule.honorK6Thresholds { selection.includeDeclaredThresholds = true }
        }
        return selection
    }
}
