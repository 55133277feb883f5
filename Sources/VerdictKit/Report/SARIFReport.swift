import Foundation

/// Verdict's own verdict as SARIF 2.1.0 (`check --sarif-output`), for GitHub code scanning and
/// any SARIF viewer: what decided the gate, shown on the pull request's diff.
///
/// One run: the tool `verdict` with one SARIF rule per policy rule (its kind's summary as
/// description); one result per blocking (`error`) or warning (`warning`) finding or item;
/// waived findings as results with an `accepted` suppression carrying the waiver's reason; a
/// rule that failed, warned or could not judge with nothing to point at (a total below its
/// target, a missing input) as one result at the input it read, or the policy file.
///
/// GitHub code scanning rejects a run of more than 25,000 results and shows only 5,000, and
/// rejects files over 10 MB gzip-compressed: the writer keeps at most `limits.results` results,
/// worst first, shortens each message to `limits.messageCharacters`, and halves the count until
/// the whole text is under `limits.bytes` (uncompressed, so compressed is smaller still). A
/// truncation is said in the run's `properties` and in a tool notification.
public enum SARIFReport {
    /// Where people learn about the tool (`tool.driver.informationUri`).
    public static let informationURI = "https://github.com/your-org/verdict"

    /// The bounds the writer keeps to.
    public struct Limits: Sendable, Equatable {
        /// Results written at most (GitHub shows the top 5,000 of a run).
        public var results: Int
        /// A message longer than this is cut, with `…` at the end.
        public var messageCharacters: Int
        /// The largest file written, uncompressed (GitHub: 10 MB gzip-compressed).
        public var bytes: Int

        public init(results: Int = 5_000, messageCharacters: Int = 1_000, bytes: Int = 10_000_000) {
            self.results = results
            self.messageCharacters = messageCharacters
            self.bytes = bytes
        }
    }

    /// The SARIF text of a decision.
    ///
    /// - Parameters:
    ///   - decision: the decision to show.
    ///   - limits: the bounds (default: GitHub code scanning's).
    /// - Returns: a SARIF 2.1.0 log, pretty-printed, ending with a newline.
    public static func render(_ decision: Decision, limits: Limits = Limits()) -> String {
        let all = results(decision, limits: limits)
        var kept = min(all.count, max(0, limits.results))
        while true {
            let text = log(decision, results: all, kept: kept).serialized() + "\n"
            if text.utf8.count <= limits.bytes || kept == 0 { return text }
            kept /= 2
        }
    }

    /// The log with the first `kept` of `results`.
    static func log(_ decision: Decision, results: [Result], kept: Int) -> JSONValue {
        let truncated = kept < results.count
        var invocation: [(String, JSONValue)] = [("executionSuccessful", .bool(decision.outcome != .error))]
        if truncated {
            invocation.append(("toolExecutionNotifications", .array([.object([
                ("level", .string("warning")),
                ("message", .object([("text", .string(
                    "\(results.count) results; only the first \(kept), worst first, are written (GitHub code scanning shows at most 5,000 results of a run and accepts files up to 10 MB compressed)"))])),
            ])])))
        }
        let properties: [(String, JSONValue)] = [
            ("outcome", .string(decision.outcome.rawValue)),
            ("exitStatus", .int(Int(decision.exitStatus.rawValue))),
            ("policy", .string(decision.policy.name)),
            ("policySha256", .string(decision.policy.sources.first?.sha256 ?? "")),
            ("resultCount", .int(results.count)),
            ("resultsWritten", .int(kept)),
            ("truncated", .bool(truncated)),
        ]
        let run: [(String, JSONValue)] = [
            ("tool", .object([("driver", driver(decision))])),
            ("invocations", .array([.object(invocation)])),
            ("results", .array(results.prefix(kept).map(\.json))),
            ("properties", .object(properties)),
        ]
        return .object([
            ("$schema", .string("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
    }

    /// `tool.driver`: Verdict, its version, and one reporting descriptor per policy rule.
    static func driver(_ decision: Decision) -> JSONValue {
        let rules = decision.policy.rules.map { rule -> JSONValue in
            let kind = type(of: rule)
            return .object([
                ("id", .string(rule.id)),
                ("name", .string(kind.kind)),
                ("shortDescription", .object([("text", .string("\(rule.id) (kind \(kind.kind))"))])),
                ("fullDescription", .object([("text", .string(kind.summary))])),
                ("properties", .object([("kind", .string(kind.kind)), ("input", .string(kind.inputDescription))])),
            ])
        }
        return .object([
            ("name", .string(decision.tool.name)),
            ("version", .string(decision.tool.version)),
            ("semanticVersion", .string(decision.tool.version)),
            ("informationUri", .string(informationURI)),
            ("rules", .array(rules)),
        ])
    }
}
