/// The reads `verdict serve` makes, in PostgreSQL: the same filters as the SQLite ledger's
/// (`Ledger+Query.swift`), as bound parameters, never as SQL text.
extension PostgresLedger {
    func readPage(_ query: LedgerQuery, totals: LedgerTotals? = nil) throws(AuditError) -> LedgerPage {
        var conditions: [String] = []
        var arguments: [String?] = []
        func bind(_ value: String) -> String {
            arguments.append(value)
            return "$\(arguments.count)"
        }
        if let repository = query.repository { conditions.append("repository = \(bind(repository))") }
        if let ref = query.ref { conditions.append("ref = \(bind(ref))") }
        if let risk = query.risk { conditions.append("risk = \(bind(risk))") }
        if let rule = query.rule {
            if let outcome = query.outcome {
                conditions.append("EXISTS (SELECT 1 FROM json_each_text(rule_outcomes::json) AS o WHERE o.key = \(bind(rule)) AND o.value = \(bind(outcome.rawValue)))")
            } else {
                conditions.append("EXISTS (SELECT 1 FROM json_each_text(rule_outcomes::json) AS o WHERE o.key = \(bind(rule)))")
            }
        } else if let outcome = query.outcome {
            conditions.append("outcome = \(bind(outcome.rawValue))")
        }
        if let waived = query.waived { conditions.append(waived ? "waivers_used <> '[]'" : "waivers_used = '[]'") }
        if let from = query.from { conditions.append("evaluated_at >= \(bind(from.description))") }
        // Up to the end of that day: every time on it sorts below the next day's text.
        if let to = query.to { conditions.append("evaluated_at < \(bind(to.endDate.map(Timestamp.format) ?? "9999"))") }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let limit = min(max(query.limit, 1), LedgerQuery.maximumLimit)
        let offset = max(query.offset, 0)
        do {
            // One snapshot, so the count and the rows agree while decisions are appended.
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? connection.execute("ROLLBACK") }
            func count() throws -> Int {
                Int(try connection.execute("SELECT count(*) FROM verdict.decisions" + whereClause, arguments).first?.first.flatMap { $0 } ?? "0") ?? 0
            }
            let total: Int
            if let totals {
                let head = try connection.execute("SELECT id, row_hash FROM verdict.decisions ORDER BY id DESC LIMIT 1").first.flatMap { row in
                    row.count == 2 ? row[0].flatMap { Int64($0) }.flatMap { id in row[1].map { LedgerTotals.Head(id: id, rowHash: $0) } } : nil
                }
                total = try totals.total(of: query, at: head, count: count)
            } else {
                total = try count()
            }
            let rows = try connection.execute(
                "SELECT \(columns) FROM verdict.decisions" + whereClause + " ORDER BY id DESC LIMIT \(limit) OFFSET \(offset)", arguments)
            return LedgerPage(entries: try rows.map(Self.entry), total: total, query: query)
        } catch let error as PostgresConnection.Failure {
            throw .storage(path: location.display, message: "cannot read the ledger: \(error.message)")
        } catch {
            throw .storage(path: location.display, message: "cannot read the ledger: a row is not a ledger row: \(error)")
        }
    }

    func readEntry(id: Int64) throws(AuditError) -> LedgerEntry? {
        do {
            return try connection.execute("SELECT \(columns) FROM verdict.decisions WHERE id = $1::bigint", [String(id)]).first.map(Self.entry)
        } catch let error as PostgresConnection.Failure {
            throw .storage(path: location.display, message: "cannot read the ledger: \(error.message)")
        } catch {
            throw .storage(path: location.display, message: "cannot read the ledger: a row is not a ledger row: \(error)")
        }
    }

    func readDailyCounts() throws(AuditError) -> [LedgerDailyCount] {
        do {
            return try connection.execute("""
                SELECT substr(evaluated_at, 1, 10) AS day, outcome, risk, count(*) FROM verdict.decisions
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                """).compactMap { row -> LedgerDailyCount? in
                // A row whose time is not a day cannot be placed on a time axis; verify reports it.
                guard row.count == 4, let dayText = row[0], let day = CalendarDay(dayText), let outcome = row[1],
                      let count = row[3].flatMap({ Int($0) }) else { return nil }
                return LedgerDailyCount(day: day, outcome: Outcome(rawValue: outcome) ?? .error, risk: row[2], count: count)
            }
        } catch {
            throw .storage(path: location.display, message: "cannot read the ledger: \(error.message)")
        }
    }
}
