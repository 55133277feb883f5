import Foundation

/// Compares a recorded decision record with the record of its replay, member by member.
///
/// Replay's promise is "the same inputs under the same policy gave that answer, and nobody
/// changed it since", so everything the record says was decided is compared: the overall
/// outcome, exit status, risk and approval_required, the inputs' hashes and sizes, and per
/// rule its outcome, message, counts and deciding findings — every member of the record but
/// `tool` (a newer Verdict replays an older record) and the signature (checked by `verify`).
/// An edited member, a removed one, an added one or a duplicated key is a difference.
///
/// The comparison works on the two records' JSON text only, so it does not depend on how the
/// replayed decision was produced.
public enum ReplayComparison {
    /// One member whose recorded and replayed values differ.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        /// Where, e.g. `exit_status`, `rules[vulnerabilities].counts.counted.high`, `inputs[0].sha256`;
        /// an array element is named by its `id` when it has one, else by its index.
        public var path: String
        /// The recorded value as compact JSON, nil when the record lacks the member.
        public var recorded: String?
        /// The replayed value as compact JSON, nil when the replay lacks the member.
        public var replayed: String?

        public var description: String {
            "\(path): recorded \(recorded.map(Self.clip) ?? "absent"), replayed \(replayed.map(Self.clip) ?? "absent")"
        }

        static func clip(_ text: String) -> String {
            text.count <= 160 ? text : String(text.prefix(160)) + "…"
        }
    }

    /// Top-level members that describe the program that wrote the record, not the decision.
    public static let ignoredMembers: Set<String> = ["tool", "signature"]

    /// Members added to the record format after `verdict.decision/v1` was first written, with
    /// the value (compact JSON) that means "as before": a record written before a member
    /// existed compares as though it held that value. Paths as in `Difference.path`, with every
    /// array subscript written `[]` (`inputs[].source_root`). Only an absent member is
    /// defaulted: a recorded value is always compared.
    public static let defaultsOfLaterMembers: [String: String] = [:]

    /// The differences between a recorded decision and the decision its replay made.
    public static func compare(recorded: RecordedDecision, replayed: Decision) throws(AuditError) -> [Difference] {
        try compare(recorded: recorded.unsignedBytes, replayed: Data(DecisionRecord.render(replayed).utf8), path: recorded.path)
    }

    /// The differences between two decision records' JSON.
    ///
    /// - Throws: `AuditError.invalidRecord` when either is not JSON (with the line and column).
    public static func compare(recorded: Data, replayed: Data, path: String,
                               defaults: [String: String] = defaultsOfLaterMembers) throws(AuditError) -> [Difference] {
        let before = try Node.parse(recorded, path: path)
        let after = try Node.parse(replayed, path: "(replayed record)")
        var differences: [Difference] = []
        guard case let .object(recordedMembers) = before, case let .object(replayedMembers) = after else {
            throw .invalidRecord(path: path, message: "the record is not a JSON object")
        }
        compareMembers(recordedMembers.filter { !ignoredMembers.contains($0.0) },
                       replayedMembers.filter { !ignoredMembers.contains($0.0) }, path: "", defaults: defaults, into: &differences)
        return differences
    }

    static func compare(_ recorded: Node?, _ replayed: Node?, path: String, defaults: [String: String], into differences: inout [Difference]) {
        switch (recorded, replayed) {
        case (nil, nil):
            return
        case let (.object(a)?, .object(b)?):
            compareMembers(a, b, path: path, defaults: defaults, into: &differences)
        case let (.array(a)?, .array(b)?):
            for index in 0..<max(a.count, b.count) {
                let left = index < a.count ? a[index] : nil
                let right = index < b.count ? b[index] : nil
                let label = (left ?? right)?.id.flatMap { id in left?.id == right?.id || left == nil || right == nil ? id : nil } ?? String(index)
                compare(left, right, path: "\(path)[\(label)]", defaults: defaults, into: &differences)
            }
        default:
            if recorded == nil, let replayed, defaults[genericPath(path)] == replayed.compact { return }
            if recorded != replayed {
                differences.append(Difference(path: path, recorded: recorded?.compact, replayed: replayed?.compact))
            }
        }
    }

    static func compareMembers(_ a: [(String, Node)], _ b: [(String, Node)], path: String, defaults: [String: String],
                               into differences: inout [Difference]) {
        var keys: [String] = []
        for (key, _) in a + b where !keys.contains(key) { keys.append(key) }
        for key in keys {
            let member = path.isEmpty ? key : "\(path).\(key)"
            let left = a.filter { $0.0 == key }.map(\.1)
            let right = b.filter { $0.0 == key }.map(\.1)
            if left.count > 1 || right.count > 1 {
                // A duplicated key: JSON readers disagree on which copy counts, so it is never identical.
                differences.append(Difference(path: member, recorded: "\(left.count) members with this key", replayed: "\(right.count) members with this key"))
                continue
            }
            compare(left.first, right.first, path: member, defaults: defaults, into: &differences)
        }
    }

    /// `path` with every array subscript emptied: `rules[vulns].counts` → `rules[].counts`.
    static func genericPath(_ path: String) -> String {
        var result = ""
        var inSubscript = false
        for character in path {
            switch character {
            case "[":
                inSubscript = true
                result.append(character)
            case "]":
                inSubscript = false
                result.append(character)
            default:
                if !inSubscript { result.append(character) }
            }
        }
        return result
    }

    /// A JSON value as the comparison sees it: objects keep their members in order (and any
    /// duplicated key), scalars keep their JSON text (numbers exactly as written).
    indirect enum Node: Equatable {
        case string(String)
        /// A number, `true`, `false` or `null`, as written.
        case literal(String)
        case array([Node])
        case object([(String, Node)])

        static func == (lhs: Node, rhs: Node) -> Bool {
            switch (lhs, rhs) {
            case let (.string(a), .string(b)), let (.literal(a), .literal(b)): a == b
            case let (.array(a), .array(b)): a == b
            case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            default: false
            }
        }

        /// The `id` member of an object, when it is a string.
        var id: String? {
            guard case let .object(members) = self, case let .string(id)? = members.first(where: { $0.0 == "id" })?.1 else { return nil }
            return id
        }

        var compact: String {
            switch self {
            case let .string(text): JSONValue.string(text).compact()
            case let .literal(text): text
            case let .array(items): "[" + items.map(\.compact).joined(separator: ",") + "]"
            case let .object(members): "{" + members.map { JSONValue.string($0.0).compact() + ":" + $0.1.compact }.joined(separator: ",") + "}"
            }
        }

        static func parse(_ data: Data, path: String) throws(AuditError) -> Node {
            let result: Result<Node, JSONSyntaxError> = data.withUnsafeBytes { raw in
                var cursor = JSONCursor(bytes: raw.bindMemory(to: UInt8.self))
                do throws(JSONSyntaxError) {
                    let node = try read(&cursor)
                    try cursor.expectEnd()
                    return .success(node)
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case let .success(node): return node
            case let .failure(error):
                throw .invalidRecord(path: path, message: "\(error.position.line):\(error.position.column): \(error.message)")
            }
        }

        static func read(_ cursor: inout JSONCursor) throws(JSONSyntaxError) -> Node {
            switch try cursor.peekKind() {
            case .object:
                try cursor.enterObject()
                var members: [(String, Node)] = []
                while let key = try cursor.nextKey() { members.append((key, try read(&cursor))) }
                return .object(members)
            case .array:
                try cursor.enterArray()
                var items: [Node] = []
                while try cursor.nextElement() { items.append(try read(&cursor)) }
                return .array(items)
            case .string:
                return .string(try cursor.readString())
            case .number, .bool, .null:
                return .literal(try cursor.readScalarText() ?? "null")
            }
        }
    }
}
