/// How `verdict log` prints ledger rows.
public enum LedgerListing {
    public static func table(_ entries: [LedgerEntry]) -> String {
        var rows = [["ID", "EVALUATED", "OUTCOME", "RISK", "REPOSITORY", "REF", "COMMIT", "RULES", "WAIVERS", "RECORD"]]
        for entry in entries {
            let rules = entry.ruleOutcomes.map { "\($0.id)=\($0.outcome.rawValue)" }.joined(separator: ",")
            rows.append([
                String(entry.id), entry.evaluatedAt, entry.outcome.rawValue, entry.risk ?? "-", entry.repository ?? "-",
                entry.ref ?? "-", entry.commit.map { String($0.prefix(12)) } ?? "-", rules,
                String(entry.waiversUsed.count), String(entry.recordSHA256.prefix(12)),
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    public static func jsonLines(_ entries: [LedgerEntry]) -> String {
        entries.map { entry in
            var members: [(String, JSONValue)] = [
                ("id", .int(Int(entry.id))),
                ("evaluated_at", .string(entry.evaluatedAt)),
                ("repository", .optional(entry.repository)),
                ("ref", .optional(entry.ref)),
                ("commit", .optional(entry.commit)),
                ("outcome", .string(entry.outcome.rawValue)),
                ("risk", .optional(entry.risk)),
                ("rule_outcomes", entry.ruleOutcomesJSON),
                ("waivers_used", .array(entry.waiversUsed.map(JSONValue.string))),
                ("record_sha256", .string(entry.recordSHA256)),
            ]
            // Only rows that keep an envelope's digest have the member: older lines stay as they were.
            if let attestation = entry.attestationSHA256 { members.append(("attestation_sha256", .string(attestation))) }
            members += [("previous_hash", .string(entry.previousHash)), ("row_hash", .string(entry.rowHash))]
            return JSONValue.object(members).compact() + "\n"
        }.joined()
    }
}
