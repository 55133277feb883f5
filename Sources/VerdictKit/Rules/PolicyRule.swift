/// A configured policy rule: one entry of the policy's `rules:` list.
///
/// One rule kind is one type in one file (`SeverityRule`, …). A rule sees only the normalized
/// `Facts`, never an input format, and returns its outcome with the evidence behind it.
public protocol PolicyRule: Sendable {
    /// The `kind:` value in YAML.
    static var kind: String { get }
    /// One sentence for docs and `policy lint`.
    static var summary: String { get }
    /// What input the rule needs, as a person names it ("SARIF").
    static var inputDescription: String { get }

    /// The rule's `id:`, unique in the policy.
    var id: String { get }
    /// What to do when its input is missing (`on_missing:`).
    var onMissing: MissingInputAction { get }

    /// Whether the facts hold the input this rule judges.
    func hasInput(in facts: Facts) -> Bool

    /// Whether this rule reads an input of this kind and role: an input no rule reads is
    /// named in the summary (and with `--strict` makes the gate unable to judge), never
    /// dropped silently.
    func reads(_ input: InputDescriptor) -> Bool

    /// What input is missing, when `hasInput(in:)` is false (default: `inputDescription`).
    func missingInputDescription(in facts: Facts) -> String

    /// Judges the facts. Called only when `hasInput(in:)` is true.
    func evaluate(_ facts: Facts, in context: EvaluationContext) -> RuleResult
}

extension PolicyRule {
    public func missingInputDescription(in facts: Facts) -> String { Self.inputDescription }
}

/// A rule kind the policy loader can build from YAML.
protocol ParsableRule: PolicyRule {
    /// The kind-specific keys, besides the common `id`, `kind` and `on_missing`.
    static var keys: [String] { get }

    /// The kind's specification: keys with defaults and meanings, and examples that are run as
    /// tests; `docs/rules/<kind>.md` is generated from it.
    static var description: RuleDescription { get }

    /// Builds the rule from its mapping, reporting problems to the mapping's reader.
    ///
    /// - Returns: nil when a problem was reported.
    static func parse(id: String, onMissing: MissingInputAction, mapping: KeyedMapping) -> Self?
}

/// Keys every rule kind accepts.
enum CommonRuleKeys {
    static let all = ["id", "kind", "on_missing"]
}
