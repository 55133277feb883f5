extension SARIFReport {
    /// The id of the one SARIF rule a run that could not judge reports under.
    public static let couldNotJudgeRuleID = "verdict/could-not-judge"

    /// A run that could not judge as SARIF 2.1.0: `executionSuccessful: false` with one error
    /// notification per reason, and one `error` result per reason at the policy or input it
    /// names (code scanning shows results, not notifications).
    public static func render(_ failure: CouldNotJudge, limits: Limits = Limits()) -> String {
        var results: [JSONValue] = []
        var notifications: [JSONValue] = []
        var seen: [String: Int] = [:]
        for reason in failure.reasons {
            let path = reason.diagnostic.path
            let message = JSONValue.object([("text", .string(shorten(reason.sentence, to: limits.messageCharacters)))])
            var locations: [JSONValue] = []
            if path != "-" {
                var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(uri(path)))]))]
                if let position = reason.diagnostic.position, position.line >= 1 {
                    physical.append(("region", .object([("startLine", .int(position.line)), ("startColumn", .int(max(1, position.column)))])))
                }
                locations = [.object([("physicalLocation", .object(physical))])]
            }
            var identity = [couldNotJudgeRuleID, reason.subject.rawValue, path, reason.diagnostic.message].joined(separator: "\u{1F}")
            let occurrence = seen[identity, default: 0]
            seen[identity] = occurrence + 1
            if occurrence > 0 { identity += "\u{1F}\(occurrence)" }
            var result: [(String, JSONValue)] = [
                ("ruleId", .string(couldNotJudgeRuleID)),
                ("ruleIndex", .int(0)),
                ("level", .string("error")),
                ("message", message),
            ]
            if !locations.isEmpty { result.append(("locations", .array(locations))) }
            result.append(("partialFingerprints", .object([("verdictIdentity/v1", .string(SHA256Digest.hex(of: identity)))])))
            result.append(("properties", .object([("subject", .string(reason.subject.rawValue))])))
            results.append(.object(result))
            var notification: [(String, JSONValue)] = [("level", .string("error")), ("message", message)]
            if !locations.isEmpty { notification.append(("locations", .array(locations))) }
            notifications.append(.object(notification))
        }
        let kept = min(results.count, max(0, limits.results))
        let driver = JSONValue.object([
            ("name", .string(failure.tool.name)),
            ("version", .string(failure.tool.version)),
            ("semanticVersion", .string(failure.tool.version)),
            ("informationUri", .string(informationURI)),
            ("rules", .array([.object([
                ("id", .string(couldNotJudgeRuleID)),
                ("name", .string("could-not-judge")),
                ("shortDescription", .object([("text", .string("The policy or an input could not be used"))])),
                ("fullDescription", .object([("text", .string("Verdict could not judge (exit 2): the policy or an input could not be read or is invalid."))])),
            ])])),
        ])
        let run: [(String, JSONValue)] = [
            ("tool", .object([("driver", driver)])),
            ("invocations", .array([.object([
                ("executionSuccessful", .bool(false)),
                ("toolExecutionNotifications", .array(Array(notifications.prefix(kept)))),
            ])])),
            ("results", .array(Array(results.prefix(kept)))),
            ("properties", .object([
                ("outcome", .string(failure.outcome.rawValue)),
                ("exitStatus", .int(Int(failure.exitStatus.rawValue))),
                ("resultCount", .int(results.count)),
                ("resultsWritten", .int(kept)),
                ("truncated", .bool(kept < results.count)),
            ])),
        ]
        return JSONValue.object([
            ("$schema", .string("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ]).serialized() + "\n"
    }
}
