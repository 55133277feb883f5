import GRDB

/// Paged, filtered reads for `verdict serve`: filters run in SQLite with bound parameters, so
/// a filter value is never SQL text, and a page costs one indexed scan, not the whole ledger.
extension Ledger: LedgerReading {
    public var location: String { path }

    public func page(_ query: LedgerQuery) throws(AuditError) -> LedgerPage {
        try readPage(query, totals: nil)
    }

    /// One page; its total comes from `totals` while the head row is unchanged (see `LedgerTotals`).
    func readPage(_ query: LedgerQuery, totals: LedgerTotals?) throws(AuditError) -> LedgerPage {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let repository = query.repository { conditions.append("repository = ?"); arguments.append(repository) }
        if let ref = query.ref { conditions.append("ref = ?"); arguments.append(ref) }
        if let risk = query.risk { conditions.append("risk = ?"); arguments.append(risk) }
        if let rule = query.rule {
            if let outcome = query.outcome {
                conditions.append("EXISTS (SELECT 1 FROM json_each(decisions.rule_outcomes) WHERE key = ? AND value = ?)")
                arguments.append(rule)
                arguments.append(outcome.rawValue)
            } else {
                conditions.append("EXISTS (SELECT 1 FROM json_each(decisions.rule_outcomes) WHERE key = ?)")
                arguments.append(rule)
            }
        } else if let outcome = query.outcome {
            conditions.append("outcome = ?")
            arguments.append(outcome.rawValue)
        }
        if let waived = query.waived { conditions.append(waived ? "waivers_used <> '[]'" : "waivers_used = '[]'") }
        if let from = query.from { conditions.append("evaluated_at >= ?"); arguments.append(from.description) }
        if let to = query.to {
            // Up to the end of that day: every time on it sorts below the next day's text.
            conditions.append("evaluated_at < ?")
            arguments.append(to.endDate.map(Timestamp.format) ?? "9999")
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let limit = min(max(query.limit, 1), LedgerQuery.maximumLimit)
        let offset = max(query.offset, 0)
        do {
            // One read transaction: the head, the total and the rows come from one snapshot.
            return try queue.read { db in
                func count() throws -> Int {
                    try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM decisions" + whereClause), arguments: StatementArguments(arguments)) ?? 0
                }
                let total: Int
                if let totals {
                    let head = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, row_hash FROM decisions ORDER BY id DESC LIMIT 1"))
                        .map { LedgerTotals.Head(id: $0[0], rowHash: $0[1]) }
                    total = try totals.total(of: query, at: head, count: count)
                } else {
                    total = try count()
                }
                let entries = try LedgerRowLayout.entries(
                    db, sql: "SELECT * FROM decisions" + whereClause + " ORDER BY id DESC LIMIT ? OFFSET ?",
                    arguments: StatementArguments(arguments + [limit, offset]))
                return LedgerPage(entries: entries, total: total, query: query)
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw .storage(path: path, message: "cannot read the ledger: \(Self.describe(error))")
        }
    }

    public func entry(id: Int64) throws(AuditError) -> LedgerEntry? {
        do {
            // One statement reads one snapshot by itself: no transaction around it (GRDB's `read`
            // would compile and run BEGIN and COMMIT for each decision page).
            return try queue.unsafeRead { db in
                try LedgerRowLayout.entries(db, sql: "SELECT * FROM decisions WHERE id = ?", arguments: [id]).first
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw .storage(path: path, message: "cannot read the ledger: \(Self.describe(error))")
        }
    }

    public func dailyCounts() throws(AuditError) -> [LedgerDailyCount] {
        do {
            return try queue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT substr(evaluated_at, 1, 10) AS day, outcome, risk, count(*) AS n FROM decisions
                    GROUP BY day, outcome, risk ORDER BY day, outcome, risk
                    """).compactMap { row -> LedgerDailyCount? in
                    let dayText: String = row["day"]
                    let outcomeText: String = row["outcome"]
                    // A row whose time is not a day cannot be placed on a time axis; verify reports it.
                    guard let day = CalendarDay(dayText) else { return nil }
                    return LedgerDailyCount(day: day, outcome: Outcome(rawValue: outcomeText) ?? .error, risk: row["risk"], count: row["n"])
                }
            }
        } catch {
            throw .storage(path: path, message: "cannot read the ledger: \(Self.describe(error))")
        }
    }
}
