/// One entry of a SARIF run's `originalUriBaseIds`: an absolute URI (`file:///work/app/`), or
/// one relative to another entry (its own `uriBaseId`).
struct SARIFBaseURI: Sendable, Equatable {
    var uri: String?
    var parent: String?

    /// The deepest chain of `uriBaseId`s followed; a longer one (or a cycle) resolves to nothing.
    static let maximumDepth = 8

    /// The absolute URI `id` stands for, following `uriBaseId` chains; nil when an id is unknown,
    /// has no `uri`, or the chain does not end.
    static func resolve(_ id: String, in bases: [String: SARIFBaseURI]) -> String? {
        var current = id
        var suffix = ""
        for _ in 0..<maximumDepth {
            guard let base = bases[current], let uri = base.uri else { return nil }
            let joined = join(uri, suffix)
            guard let parent = base.parent else { return joined }
            suffix = joined
            current = parent
        }
        return nil
    }

    /// `relative` under `base`, with exactly one `/` between them.
    static func join(_ base: String, _ relative: String) -> String {
        guard !relative.isEmpty else { return base }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }
}
