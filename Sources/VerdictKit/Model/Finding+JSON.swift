extension Finding {
    /// A finding as JSON: the one form the decision record, the facts document and every other
    /// JSON output share, so that a jq rule and an auditor see the same fields.
    public var jsonMembers: [(String, JSONValue)] {
        [
            ("rule_id", .string(ruleID)),
            ("level", .string(level.rawValue)),
            ("tool", .string(tool)),
            ("message", .string(message)),
            ("location", .object([("uri", .optional(location.uri)), ("line", .optional(location.line))])),
            ("package", .optional(package)),
            ("installed_version", .optional(installedVersion)),
            ("fixed_version", .optional(fixedVersion)),
            ("fingerprint", .optional(fingerprint)),
        ]
    }
}
