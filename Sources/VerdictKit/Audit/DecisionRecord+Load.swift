extension DecisionRecord {
    /// A load rule's fields: the input it judged and every check with the value that decided it.
    static func load(_ evidence: LoadEvidence) -> [(String, JSONValue)] {
        [
            ("load", .object([
                ("source", .string(evidence.source.rawValue)),
                ("path", .string(evidence.path)),
                ("baseline_path", .optional(evidence.baselinePath)),
                ("duration_seconds", evidence.duration.map(JSONValue.double) ?? .null),
                ("duration_origin", .optional(evidence.durationOrigin)),
                ("points", .int(evidence.pointCount)),
                ("lines", .int(evidence.lineCount)),
                ("truncated_line", evidence.truncatedLine.map { .object([("line", .int($0.line)), ("message", .string($0.message))]) } ?? .null),
            ])),
            ("checks", .array(evidence.checks.map(loadCheck))),
        ]
    }

    static func loadCheck(_ check: LoadCheck) -> JSONValue {
        .object([
            ("origin", .string(check.origin.rawValue)),
            ("metric", .string(check.metric)),
            ("aggregation", .optional(check.aggregation)),
            ("threshold", .string(check.threshold)),
            ("outcome", .string(check.outcome.rawValue)),
            ("value", check.value.map(JSONValue.double) ?? .null),
            ("unit", .optional(check.isTime ? "ms" : nil)),
            ("metric_type", .optional(check.basis?.type?.rawValue)),
            ("summary_key", .optional(check.basis?.summaryKey)),
            ("samples", .optional(check.basis?.samples)),
            ("duration_seconds", check.basis?.duration.map(JSONValue.double) ?? .null),
            ("baseline", check.baseline.map(JSONValue.double) ?? .null),
            ("delta", check.delta.map(JSONValue.double) ?? .null),
            ("allowed", check.allowed.map(JSONValue.double) ?? .null),
            ("reason", .optional(check.reason)),
        ])
    }
}
