/// One value a jq rule's query emitted, as the rule reads it.
///
/// `false` and `null` pass; `true` violates with the rule's `message`; a string is one
/// violation with that text; an object `{"msg": …, "level": …}` likewise, its optional
/// `level` (`warn` or `fail`) overriding the rule's `on_true` for that violation. Anything
/// else makes the rule an error.
public enum JQEmission: Sendable, Equatable {
    /// `false` or `null`.
    case pass
    /// `true`.
    case violated
    /// A string, or `{msg, level}`; `level` nil means the rule's `on_true`.
    case message(String, level: JQViolationLevel?)
    /// Anything else, with why it is not accepted (the value is shown as JSON, shortened).
    case invalid(String)
}

/// The level of one violation: what it makes the rule's outcome.
public enum JQViolationLevel: String, Sendable, CaseIterable, Comparable {
    case warn, fail

    public var outcome: Outcome { self == .fail ? .fail : .warn }

    public static func < (lhs: JQViolationLevel, rhs: JQViolationLevel) -> Bool { lhs == .warn && rhs == .fail }
}

extension JQEmission {
    /// The longest JSON excerpt an `invalid` description quotes.
    static let excerptLimit = 120

    /// Shortens a value's JSON for a message.
    static func excerpt(_ json: String) -> String {
        json.count <= excerptLimit ? json : String(json.prefix(excerptLimit)) + "…"
    }
}
