/// What a jq rule saw: the values its query emitted, read as violations.
public struct JQEvidence: Sendable {
    public var query: String
    public var onTrue: JQViolationLevel
    /// Values the query emitted, passing ones included.
    public var emitted: Int
    /// In the order emitted.
    public var violations: [JQViolation]
    /// Why the query could not be judged (a jq error, a budget, a value that is not accepted).
    public var error: String?

    public init(query: String, onTrue: JQViolationLevel, emitted: Int = 0, violations: [JQViolation] = [], error: String? = nil) {
        self.query = query
        self.onTrue = onTrue
        self.emitted = emitted
        self.violations = violations
        self.error = error
    }
}

/// One violation a query reported.
public struct JQViolation: Sendable, Hashable {
    public var message: String
    public var level: JQViolationLevel

    public init(message: String, level: JQViolationLevel) {
        self.message = message
        self.level = level
    }
}
