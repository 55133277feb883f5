import Foundation

/// A decision record read back from its file: what a replay or a signature check needs.
public struct RecordedDecision: Sendable {
    public struct Rule: Sendable, Equatable {
        public var id: String
        public var kind: String
        public var outcome: Outcome
        public var message: String
    }

    public var path: String
    public var schema: String
    public var toolVersion: String
    public var evaluatedAt: Date
    public var options: EvaluationOptions
    public var context: [(String, String)]
    /// The policy file first, then each file it extends.
    public var policySources: [PolicySource]
    public var inputs: [InputDescriptor]
    public var rules: [Rule]
    public var outcome: Outcome
    public var exitStatus: Int
    /// The signature member, when the record was signed.
    public var signature: RecordSignature?
    /// The record's bytes without its signature member: what was signed.
    public var unsignedBytes: Data

    /// Reads and checks a `verdict.decision/v1` record, refusing more than `limits.maxInputBytes`
    /// (a record path naming `/dev/zero` is an error, not a process that fills memory).
    public static func read(path: String, limits: InputLimits = InputLimits()) throws(AuditError) -> RecordedDecision {
        let data: Data
        do {
            data = try InputFile.readBytes(path: path, limits: limits).0
        } catch let .unreadable(_, reason) {
            throw .unreadable(path: path, reason: reason)
        } catch {
            throw .invalidRecord(path: path, message: error.diagnostics.map(\.message).joined(separator: "; "))
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws(AuditError) -> RecordedDecision {
        let split = RecordSignature.split(data)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .invalidRecord(path: path, message: "the file is not a JSON object")
        }
        let fields = Fields(object: object, path: path)
        let schema = try fields.string("schema")
        guard schema == DecisionRecord.schema else {
            throw .invalidRecord(path: path, message: "unsupported schema '\(schema)'; expected '\(DecisionRecord.schema)'")
        }
        let tool = try fields.object("tool")
        let evaluatedText = try fields.string("evaluated_at")
        guard let evaluatedAt = Timestamp.parse(evaluatedText) else {
            throw .invalidRecord(path: path, message: "'evaluated_at' is not an RFC 3339 time: '\(evaluatedText)'")
        }
        let options = try fields.object("options")
        let failOnText = try options.string("fail_on")
        guard let failOn = ExitStatus.Threshold(rawValue: failOnText) else {
            throw .invalidRecord(path: path, message: "unknown 'options.fail_on' '\(failOnText)'")
        }
        var evaluationOptions = EvaluationOptions(failOn: failOn)
        evaluationOptions.sourceRoot = options.object["source_root"] as? String
        evaluationOptions.jacocoSourceDirs = options.object["jacoco_source_dirs"] as? [String] ?? []
        evaluationOptions.jacocoFilesFound = options.object["jacoco_files_found"] as? [String] ?? []
        evaluationOptions.strict = options.object["strict"] as? Bool ?? false
        if options.object["max_input_bytes"] != nil { evaluationOptions.maxInputBytes = try options.int("max_input_bytes") }
        let context = (object["context"] as? [String: Any] ?? [:]).compactMap { key, value in (value as? String).map { (key, $0) } }.sorted { $0.0 < $1.0 }

        let policy = try fields.object("policy")
        var sources = [PolicySource(path: try policy.string("path"), text: try policy.string("text"))]
        let recordedPolicyHash = try policy.string("sha256")
        guard SHA256Digest.isValid(recordedPolicyHash) else { throw .invalidDigest(path: path, digest: recordedPolicyHash) }
        guard sources[0].sha256 == recordedPolicyHash else {
            throw .invalidRecord(path: path, message: "the policy text does not match its recorded sha256 \(recordedPolicyHash)")
        }
        for entry in try policy.array("extends") {
            let source = PolicySource(path: try entry.string("path"), text: try entry.string("text"))
            let recorded = try entry.string("sha256")
            guard SHA256Digest.isValid(recorded) else { throw .invalidDigest(path: path, digest: recorded) }
            guard source.sha256 == recorded else {
                throw .invalidRecord(path: path, message: "the text of extended policy '\(source.path)' does not match its recorded sha256 \(recorded)")
            }
            sources.append(source)
        }

        let inputs = try fields.array("inputs").map { entry throws(AuditError) -> InputDescriptor in
            let kindText = try entry.string("kind")
            guard let kind = InputKind(rawValue: kindText) else {
                throw .invalidRecord(path: path, message: "unknown input kind '\(kindText)' (recorded by a newer Verdict?)")
            }
            let roleText = try entry.string("role")
            guard let role = InputDescriptor.Role(rawValue: roleText) else {
                throw .invalidRecord(path: path, message: "unknown input role '\(roleText)'")
            }
            let sha256 = try entry.string("sha256")
            guard SHA256Digest.isValid(sha256) else { throw .invalidDigest(path: path, digest: sha256) }
            return InputDescriptor(kind: kind, role: role, path: try entry.string("path"), size: try entry.int("size"), sha256: sha256)
        }
        let rules = try fields.array("rules").map { entry throws(AuditError) -> Rule in
            Rule(id: try entry.string("id"), kind: try entry.string("kind"), outcome: try entry.outcome("outcome"), message: try entry.string("message"))
        }
        return RecordedDecision(
            path: path, schema: schema, toolVersion: try tool.string("version"), evaluatedAt: evaluatedAt,
            options: evaluationOptions, context: context, policySources: sources, inputs: inputs, rules: rules,
            outcome: try fields.outcome("outcome"), exitStatus: try fields.int("exit_status"),
            signature: try split.signature.map { text throws(AuditError) in try RecordSignature.parse(text, path: path) },
            unsignedBytes: split.unsigned)
    }

    /// Typed access to a JSON object's fields with errors naming the missing field.
    struct Fields {
        let object: [String: Any]
        let path: String

        func string(_ key: String) throws(AuditError) -> String {
            guard let value = object[key] as? String else { throw missing(key, "a string") }
            return value
        }

        func int(_ key: String) throws(AuditError) -> Int {
            guard let value = object[key] as? Int else { throw missing(key, "an integer") }
            return value
        }

        func outcome(_ key: String) throws(AuditError) -> Outcome {
            let text = try string(key)
            guard let value = Outcome(rawValue: text) else { throw .invalidRecord(path: path, message: "unknown outcome '\(text)' in '\(key)'") }
            return value
        }

        func object(_ key: String) throws(AuditError) -> Fields {
            guard let value = object[key] as? [String: Any] else { throw missing(key, "an object") }
            return Fields(object: value, path: path)
        }

        func array(_ key: String) throws(AuditError) -> [Fields] {
            guard let value = object[key] as? [[String: Any]] else { throw missing(key, "a list of objects") }
            return value.map { Fields(object: $0, path: path) }
        }

        func missing(_ key: String, _ type: String) -> AuditError {
            .invalidRecord(path: path, message: "field '\(key)' is missing or not \(type)")
        }
    }
}
