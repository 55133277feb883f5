/// The record fields of a `jq` rule: the query, the facts schema it read, and its violations.
extension DecisionRecord {
    static func jq(_ evidence: JQEvidence) -> [(String, JSONValue)] {
        [
            ("query", .string(evidence.query)),
            ("on_true", .string(evidence.onTrue.rawValue)),
            ("facts_schema", .string(FactsDocument.schema)),
            ("emitted", .int(evidence.emitted)),
            ("violations", .array(evidence.violations.map { violation in
                .object([("message", .string(violation.message)), ("level", .string(violation.level.rawValue))])
            })),
            ("error", .optional(evidence.error)),
        ]
    }
}
