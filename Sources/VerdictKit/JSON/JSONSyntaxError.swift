/// A JSON document that does not follow the grammar, with where and what.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    /// Where the problem was found.
    public var position: TextPosition
    /// What the grammar allows there, as a lowercase fragment ("',' or '}'").
    public var expected: String
    /// What the document has there instead, quoted.
    public var found: String
    /// A message that says more than "expected …, found …", when there is one.
    public var detail: String?

    public init(position: TextPosition, expected: String, found: String, detail: String? = nil) {
        self.position = position
        self.expected = expected
        self.found = found
        self.detail = detail
    }

    public var message: String { detail ?? "expected \(expected), found \(found)" }
}
