/// A loaded, validated policy: what rules to apply, with which waivers.
public struct Policy: Sendable {
    public var name: String
    /// Rules in evaluation and report order (a base policy's first, replaced in place by same-id rules).
    public var rules: [any PolicyRule]
    public var settings: PolicySettings
    /// Waivers of this file and every file it extends.
    public var waivers: [Waiver]
    /// The policy file first, then each file it extends, in the order they were read.
    public var sources: [PolicySource]

    public init(name: String, rules: [any PolicyRule], settings: PolicySettings, waivers: [Waiver], sources: [PolicySource]) {
        self.name = name
        self.rules = rules
        self.settings = settings
        self.waivers = waivers
        self.sources = sources
    }
}

/// One policy file's text as loaded: what the decision record keeps so that a replay can
/// reload exactly the same policy months later.
public struct PolicySource: Sendable, Hashable {
    /// The path as given, or `<built-in default>`; an `extends` target is resolved against its parent's directory.
    public var path: String
    public var text: String
    public var sha256: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.sha256 = SHA256Digest.hex(of: text)
    }
}
