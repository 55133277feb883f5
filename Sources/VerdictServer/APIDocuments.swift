import Foundation
import VerdictKit

/// The JSON API's documents (`docs/api.md`, `schemas/verdict-serve.openapi.json`): the same
/// facts as the pages, with keys in a fixed order.
enum APIDocuments {
    static func entry(_ entry: LedgerEntry) -> JSONValue {
        .object([
            ("id", .int(Int(entry.id))),
            ("evaluated_at", .string(entry.evaluatedAt)),
            ("repository", .optional(entry.repository)),
            ("ref", .optional(entry.ref)),
            ("commit", .optional(entry.commit)),
            ("outcome", .string(entry.outcome.rawValue)),
            ("risk", .optional(entry.risk)),
            ("rule_outcomes", .object(entry.ruleOutcomes.map { ($0.id, .string($0.outcome.rawValue)) })),
            ("waivers_used", .array(entry.waiversUsed.map(JSONValue.string))),
            ("record_sha256", .string(entry.recordSHA256)),
            ("attestation_sha256", .optional(entry.attestationSHA256)),
            ("previous_hash", .string(entry.previousHash)),
            ("row_hash", .string(entry.rowHash)),
            ("links", .object([("self", .string("/api/v1/decisions/\(entry.id)")), ("html", .string("/decisions/\(entry.id)"))])),
        ])
    }

    static func page(_ page: LedgerPage) -> JSONValue {
        let next = page.query.offset + page.entries.count
        return .object([
            ("total", .int(page.total)),
            ("offset", .int(page.query.offset)),
            ("limit", .int(page.query.limit)),
            ("next", next < page.total ? .string("/api/v1/decisions?" + DecisionFilter.queryString(page.query, offset: next)) : .null),
            ("decisions", .array(page.entries.map(entry))),
        ])
    }

    static func decision(_ detail: DecisionDetail) -> JSONValue {
        let id = detail.entry.id
        var members: [(String, JSONValue)] = [
            ("id", .int(Int(id))),
            ("outcome", .string(detail.outcome.rawValue)),
            ("problems", .array(detail.problems.map(JSONValue.string))),
            ("ledger_row", entry(detail.entry)),
            ("row_hash_matches", .bool(detail.entry.hashMatchesContent)),
            ("record_found", .bool(detail.recordBytes != nil)),
            ("signature", .object([
                ("status", .string(detail.signature?.rawValue ?? "unknown")),
                ("public_key_fingerprint", .optional(detail.signerFingerprint)),
            ])),
        ]
        if let record = detail.record {
            members.append(("exit_status", .int(record.exitStatus)))
            members.append(("rules", .array(record.rules.map { rule in
                .object([("id", .string(rule.id)), ("kind", .string(rule.kind)), ("outcome", .string(rule.outcome.rawValue)), ("message", .string(rule.message))])
            })))
            members.append(("inputs", .array(record.inputs.map { input in
                .object([("kind", .string(input.kind.rawValue)), ("role", .string(input.role.rawValue)), ("path", .string(input.path)),
                         ("size", .int(input.size)), ("sha256", .string(input.sha256))])
            })))
        }
        members.append(("links", .object([
            ("record", detail.recordBytes == nil ? .null : .string("/api/v1/decisions/\(id)/record")),
            ("report", detail.recordBytes == nil ? .null : .string("/api/v1/decisions/\(id)/report")),
            ("replay", .string("/api/v1/decisions/\(id)/replay")),
            ("html", .string("/decisions/\(id)")),
        ])))
        return .object(members)
    }

    static func replay(_ id: Int64, _ report: ReplayReport) -> JSONValue {
        .object([("id", .int(Int(id))), ("status", .string(report.status)), ("details", .array(report.details.map(JSONValue.string)))])
    }

    static func ledger(_ verification: Ledger.Verification, verifiedAt: Date) -> JSONValue {
        .object([
            ("intact", .bool(verification.isIntact)),
            ("count", .int(verification.checked)),
            ("head", .string(verification.head)),
            ("problems", .array(verification.problems.map(JSONValue.string))),
            ("verified_at", .string(Timestamp.format(verifiedAt))),
        ])
    }

    static func error(_ status: Int, _ message: String) -> JSONValue {
        .object([("error", .object([("status", .int(status)), ("message", .string(message))]))])
    }
}
