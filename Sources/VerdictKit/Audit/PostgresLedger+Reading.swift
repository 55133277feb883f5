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
        // Parameters too, so the statement's text does not change from page to page.
        let limitParameter = bind(String(limit)) + "::bigint", offsetParameter = bind(String(offset)) + "::bigint"
        // One statement, so one snapshot: the head, the count and the rows agree while decisions
        // are appended, without a transaction's two more round trips. Each row is
        // [head id, head row hash, count or NULL, the page row's columns (NULL when the page is empty)].
        func select(counting: Bool) throws -> (head: LedgerTotals.Head?, count: Int?, entries: [LedgerEntry]) {
            let count = counting ? "(SELECT count(*) FROM verdict.decisions\(whereClause))" : "NULL::bigint"
            let rows = try connection.executePrepared("""
                WITH head AS (SELECT id, row_hash FROM verdict.decisions ORDER BY id DESC LIMIT 1)
                SELECT (SELECT id FROM head), (SELECT row_hash FROM head), \(count), page.*
                FROM (SELECT 1) AS one LEFT JOIN LATERAL (
                    SELECT \(columns) FROM verdict.decisions\(whereClause) ORDER BY id DESC LIMIT \(limitParameter) OFFSET \(offsetParameter)
                ) AS page ON true
                ORDER BY page.id DESC
                """, arguments)
            guard let first = rows.first, first.count > 3 else { throw AuditError.storage(path: "", message: "the page query returned no row") }
            let head = first[0].flatMap { Int64($0) }.flatMap { id in first[1].map { LedgerTotals.Head(id: id, rowHash: $0) } }
            let entries = try rows.filter { $0[3] != nil }.map { try Self.entry(Array($0.dropFirst(3))) }
            return (head, first[2].flatMap { Int($0) }, entries)
        }
        do {
            guard let totals else {
                let result = try select(counting: true)
                return LedgerPage(entries: result.entries, total: result.count ?? 0, query: query)
            }
            let known = totals.latest(of: query)
            var result = try select(counting: known == nil)
            if let known, result.head != known.head {
                result = try select(counting: true)
            }
            if let count = result.count { totals.remember(count, of: query, at: result.head) }
            return LedgerPage(entries: result.entries, total: result.count ?? known?.total ?? 0, query: query)
        } catch let error as PostgresConnection.Failure {
            throw .storage(path: location.display, message: "cannot read the ledger: \(error.message)")
        } catch {
            throw .storage(path: location.display, message: "cannot read the ledger: a row is not a ledger row: \(error)")
        }
    }

    func readEntry(id: Int64) throws(AuditError) -> LedgerEntry? {
        do {
            return try connection.executePrepared("SELECT \(columns) FROM verdict.decisions WHERE id = $1::bigint", [String(id)]).first.map(Self.entry)
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
