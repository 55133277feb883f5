/// A rule kind's own specification: what it does, its keys with their defaults, and examples
/// that pass and fail. *(SwiftLint's `RuleDescription` is the model.)*
///
/// The reference pages under `docs/rules/` are generated from it (`RuleDescription.markdown`),
/// and a test runs every example through the decision pipeline and checks its outcome, so the
/// docs, the tests and the code cannot disagree.
public struct RuleDescription: Sendable {
    /// One policy key of the kind.
    public struct Key: Sendable {
        /// The key as written in YAML (`block`).
        public var name: String
        /// Its YAML type, as a person names it (`list of levels`).
        public var type: String
        /// The value when the key is absent (`none`: required, or no such check).
        public var defaultValue: String
        /// What it does, one or two sentences.
        public var meaning: String

        public init(_ name: String, _ type: String, default defaultValue: String, _ meaning: String) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
            self.meaning = meaning
        }
    }

    /// One input of an example: a file of this repository and the role it plays.
    public struct ExampleInput: Sendable {
        /// Repository-relative path (`samples/trivy-fails.sarif`).
        public var path: String
        /// The kind, when the example forces it (`--k6`); nil to detect it.
        public var kind: InputKind?
        public var role: InputDescriptor.Role

        public init(_ path: String, kind: InputKind? = nil, role: InputDescriptor.Role = .subject) {
            self.path = path
            self.kind = kind
            self.role = role
        }
    }

    /// A rule as written in a policy, the inputs it judges, and the outcome it gives.
    public struct Example: Sendable {
        /// What the example shows.
        public var title: String
        /// The rule's YAML mapping, as one item of `rules:` (starting with `id:`).
        public var rule: String
        public var inputs: [ExampleInput]
        /// The outcome of this rule on those inputs.
        public var outcome: Outcome

        public init(_ title: String, rule: String, inputs: [ExampleInput], outcome: Outcome) {
            self.title = title
            self.rule = rule
            self.inputs = inputs
            self.outcome = outcome
        }

        /// A whole policy holding only this rule.
        public var policy: String {
            let item = rule.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? "  - " + $0.element : "    " + $0.element }
                .joined(separator: "\n")
            return "version: 1\nname: example\nrules:\n" + item + "\n"
        }
    }

    /// The `kind:` value.
    public var kind: String
    /// One sentence.
    public var summary: String
    /// The input it judges, as a person names it.
    public var input: String
    /// Every kind-specific key, in the order the page lists them.
    public var keys: [Key]
    public var examples: [Example]
    /// The topic page with the longer explanation (`docs/policy.md#…`), relative to `docs/rules/`.
    public var guide: String?

    public init(kind: String, summary: String, input: String, keys: [Key], examples: [Example], guide: String? = nil) {
        self.kind = kind
        self.summary = summary
        self.input = input
        self.keys = keys
        self.examples = examples
        self.guide = guide
    }
}
