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
    /// The SHA-256 of the DSSE envelope written for this decision (`check --attestation`), or nil.
    ///
    /// Covered by the row hash only when present, so rows appended before the column existed
    /// hash exactly as they did and old chains still verify end to end.
    public var attestationSHA256: String? = nil

    public static let genesisHash = String(repeating: "0", count: 64)

    public static func == (lhs: LedgerEntry, rhs: LedgerEntry) -> Bool {
        lhs.canonicalContent == rhs.canonicalContent && lhs.rowHash == rhs.rowHash
    }

    /// The bytes the row hash covers: every column but the hash itself, as compact JSON.
    /// `attestation_sha256` is a member only when the row has one (see `attestationSHA256`).
    var canonicalContent: String {
        var members: [(String, JSONValue)] = [
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
        ]
        if let attestationSHA256 { members.append(("attestation_sha256", .string(attestationSHA256))) }
        members.append(("previous_hash", .string(previousHash)))
        return JSONValue.object(members).compact()
    }

    var ruleOutcomesJSON: JSONValue {
        .object(ruleOutcomes.map { ($0.id, .string($0.outcome.rawValue)) })
    }

    var computedHash: String { SHA256Digest.hex(of: canonicalContent) }

    /// Whether the row's content still hashes to its `rowHash` (the row alone; `verify` checks the links).
    public var hashMatchesContent: Bool { computedHash == rowHash }
}

extension LedgerEntry {
    /// The row that appends `decision` after the row hashing to `previousHash`, with its hash:
    /// every ledger store builds rows here, so the chain is the same whatever keeps it.
    static func next(
        id: Int64, decision: Decision, recordSHA256: String, attestationSHA256: String?, context: Ledger.Context, risk: String?,
        previousHash: String
    ) -> LedgerEntry {
        var entry = LedgerEntry(
            id: id, evaluatedAt: Timestamp.format(decision.evaluatedAt),
            repository: context.repository, ref: context.ref, commit: context.commit,
            outcome: decision.outcome, risk: risk,
            ruleOutcomes: decision.results.map { (id: $0.ruleID, outcome: $0.outcome) },
            waiversUsed: Ledger.waiversUsed(decision), recordSHA256: recordSHA256,
            previousHash: previousHash, rowHash: "", attestationSHA256: attestationSHA256)
        entry.rowHash = entry.computedHash
        return entry
    }

    /// The stored text of `rule_outcomes` (a JSON object in policy order).
    var ruleOutcomesText: String { ruleOutcomesJSON.compact() }

    /// The stored text of `waivers_used` (a JSON array).
    var waiversUsedText: String { JSONValue.array(waiversUsed.map(JSONValue.string)).compact() }

    /// A row from its stored columns; the JSON columns are parsed in their stored key order.
    static func decode(
        id: Int64, evaluatedAt: String, repository: String?, ref: String?, commit: String?, outcome: String, risk: String?,
        ruleOutcomes ruleText: String, waiversUsed waiverText: String, recordSHA256: String, previousHash: String, rowHash: String,
        attestationSHA256: String?
    ) throws -> LedgerEntry {
        var rules: [(id: String, outcome: Outcome)] = []
        // Keys in the stored order: the JSON object is walked with the cursor, not a dictionary.
        var bytes = Array(ruleText.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = JSONCursor(bytes: UnsafeBufferPointer(buffer))
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                let value = try cursor.readString()
                rules.append((id: key, outcome: Outcome(rawValue: value) ?? .error))
            }
        }
        return LedgerEntry(
            id: id, evaluatedAt: evaluatedAt, repository: repository, ref: ref, commit: commit,
            outcome: Outcome(rawValue: outcome) ?? .error, risk: risk, ruleOutcomes: rules, waiversUsed: waiverIDs(waiverText),
            recordSHA256: recordSHA256, previousHash: previousHash, rowHash: rowHash, attestationSHA256: attestationSHA256)
    }

    /// The `waivers_used` column: a JSON array of waiver ids; anything else reads as none, as
    /// before (the row hash, checked by `verify`, is what tells an edited column).
    static func waiverIDs(_ text: String) -> [String] {
        if text == "[]" { return [] }
        return Array(text.utf8).withUnsafeBufferPointer { buffer in
            var cursor = JSONCursor(bytes: buffer)
            var ids: [String] = []
            do {
                try cursor.enterArray()
                while try cursor.nextElement() {
                    guard try cursor.peekKind() == .string else { return [] }
                    ids.append(try cursor.readString())
                }
                try cursor.expectEnd()
            } catch {
                return []
            }
            return ids
        }
    }
}
