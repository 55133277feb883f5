import Foundation
import VerdictKit

/// One decision as its page and its API document show it: the ledger row, the record from the
/// archive (when found and intact), and what was checked about both.
///
/// Made on a storage thread and used on a request's task: `@unchecked` only for `json`, which
/// holds `JSONSerialization`'s immutable Foundation values and is never changed after `init`.
struct DecisionDetail: @unchecked Sendable {
    var entry: LedgerEntry
    var recordName: String?
    var recordBytes: Data?
    var record: RecordedDecision?
    /// The record as parsed JSON, for the members `RecordedDecision` does not type (findings, waivers).
    var json: [String: Any]
    /// Why the record is not shown: no archive, missing, altered, not a record.
    var recordProblem: String?
    var signature: DecisionStore.SignatureStatus?
    var signerFingerprint: String?

    init(entry: LedgerEntry, store: DecisionStore) {
        self.entry = entry
        json = [:]
        switch store.record(for: entry) {
        case .noArchive:
            recordProblem = "no archive was given to the server (--archive): the record cannot be shown"
        case .missing:
            recordProblem = "the archive holds no record with sha256 \(entry.recordSHA256)"
        case let .unusable(message):
            recordProblem = message
        case let .found(name, bytes):
            recordName = name
            recordBytes = bytes
            do throws(AuditError) {
                let parsed = try RecordedDecision.parse(bytes, path: "decisions/" + name)
                record = parsed
                json = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] ?? [:]
                (signature, signerFingerprint) = store.signatureStatus(of: parsed)
            } catch {
                recordProblem = error.diagnostics.map(\.message).joined(separator: "; ")
            }
        }
    }

    /// The outcome to headline: the worse of the row's and the record's when they disagree.
    var outcome: Outcome {
        guard let record else { return entry.outcome }
        return max(record.outcome, entry.outcome)
    }

    /// Things an auditor must see first: a row that no longer hashes, a record that disagrees with its row.
    var problems: [String] {
        var problems: [String] = []
        if !entry.hashMatchesContent { problems.append("the ledger row's content does not match its row hash: it was edited after it was appended") }
        if let recordProblem { problems.append(recordProblem) }
        if let record, record.outcome != entry.outcome {
            problems.append("the record's outcome '\(record.outcome.rawValue)' differs from the ledger row's '\(entry.outcome.rawValue)'")
        }
        if signature == .altered { problems.append("the record was changed after it was signed") }
        return problems
    }

    /// Every object of `key` in every rule of the record, with the rule's id.
    func ruleMembers(_ key: String) -> [(rule: String, item: [String: Any])] {
        let rules = json["rules"] as? [[String: Any]] ?? []
        return rules.flatMap { rule in
            (rule[key] as? [[String: Any]] ?? []).map { (rule: rule["id"] as? String ?? "?", item: $0) }
        }
    }

    /// A JSON scalar as text (`true` stays `true`, 1 stays `1`); objects and arrays as compact JSON.
    static func text(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "" }
        if let string = value as? String { return string }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
