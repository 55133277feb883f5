import Foundation

/// One decision as the ledger keeps it: enough to find and trust the full record.
public struct LedgerEntry: Sendable, Equatable {
    public var id: Int64
    public var evaluatedAt: String
    public var repository: String?
    public var ref: String?
    public var commit: String?
    public var outcome: Outcome
    public var risk: String?
    /// Rule id → outcome, in policy order.
    public var ruleOutcomes: [(id: String, outcome: Outcome)]
    /// Ids of the waivers that covered findings.
    public var waiversUsed: [String]
    public var recordSHA256: String
    /// The hash of the row before this one (64 zeros for the first row).
    public var previousHash: String
    /// The hash of this row's content and `previousHash`: the link of the chain.
    public var rowHash: String

    public static let genesisHash = String(repeating: "0", count: 64)

    public static func == (lhs: LedgerEntry, rhs: LedgerEntry) -> Bool {
        lhs.canonicalContent == rhs.canonicalContent && lhs.rowHash == rhs.rowHash
    }

    /// The bytes the row hash covers: every column but the hash itself, as compact JSON.
    var canonicalContent: String {
        JSONValue.object([
            ("id", .int(Int(id))),
            ("evaluated_at", .string(evaluatedAt)),
            ("repository", .optional(repository)),
            ("ref", .optional(ref)),
            ("commit", .optional(commit)),
            ("outcome", .string(outcome.rawValue)),
            ("risk", .optional(risk)),
            ("rule_outcomes", ruleOutcomesJSON),
            ("waivers_used", .array(waiversUsed.map(JSONValue.string))),
            ("record_sha256", .string(recordSHA256)),
            ("previous_hash", .string(previousHash)),
        ]).compact()
    }

    var ruleOutcomesJSON: JSONValue {
        .object(ruleOutcomes.map { ($0.id, .string($0.outcome.rawValue)) })
    }

    var computedHash: String { SHA256Digest.hex(of: canonicalContent) }

    /// Whether the row's content still hashes to its `rowHash` (the row alone; `verify` checks the links).
    public var hashMatchesContent: Bool { computedHash == rowHash }
}
