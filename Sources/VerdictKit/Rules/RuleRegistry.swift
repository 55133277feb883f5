/// Every rule kind Verdict knows, sorted by kind name.
///
/// A plain array, so adding a kind is one line and a test can check that kinds are unique
/// and documented.
enum RuleRegistry {
    static let kinds: [any ParsableRule.Type] = [
        CoverageRule.self,
        DriftRule.self,
        JQRule.self,
        LoadRule.self,
        RiskRule.self,
        SeverityRule.self,
    ]

    static func kind(named name: String) -> (any ParsableRule.Type)? {
        kinds.first { $0.kind == name }
    }

    static var kindNames: [String] { kinds.map { $0.kind } }

    /// Every kind's specification, in registry order: the source of `docs/rules/`.
    static var descriptions: [RuleDescription] { kinds.map { $0.description } }
}
