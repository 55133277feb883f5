/// A JSON document that does not follow the grammar, with where and what.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    /// Where the problem was found.
    public var position: TextPosition
    /// What the grammar allows there, as a lowercase fragment ("',' or '}'").
    public var expected: String
    /// What the document has there instead, quoted.
    public var found: String

    public var message: String { "expected \(expected), found \(found)" }
}
