import VerdictKit

/// The decisions list: newest first, paged, with a filter form that works without JavaScript.
enum DecisionsPage {
    static func render(_ page: LedgerPage) -> String {
        let query = page.query
        // Written into one string, row by row: this page is the one a server under load renders
        // most, and building a cell array per row first doubled its cost.
        var body = ""
        body.reserveCapacity(4_096 + page.entries.count * 320)
        body += filterForm(query)
        let first = page.entries.isEmpty ? 0 : query.offset + 1
        let last = query.offset + page.entries.count
        body += "<p>\(page.total) decision\(page.total == 1 ? "" : "s") match; showing \(first)–\(last), newest first.</p>\n"
        body += HTML.tableHead(["#", "Evaluated (UTC)", "Outcome", "Repository", "Ref", "Commit", "Risk", "Rules", "Waivers used"])
        for entry in page.entries {
            body += "<tr><td><a href=\"/decisions/\(entry.id)\">\(entry.id)</a></td><td>"
            body += HTML.escape(entry.evaluatedAt)
            body += "</td><td>"
            body += HTML.outcome(entry.outcome.rawValue)
            body += "</td><td>"
            body += HTML.escape(entry.repository ?? "–")
            body += "</td><td>"
            body += HTML.escape(entry.ref ?? "–")
            body += "</td><td><code>"
            body += HTML.escape(HTML.prefix(entry.commit ?? "–", 12))
            body += "</code></td><td>"
            body += HTML.escape(entry.risk ?? "–")
            body += "</td><td>"
            for (index, rule) in entry.ruleOutcomes.enumerated() {
                if index > 0 { body += ", " }
                body += HTML.escape(rule.id)
                body += "="
                body += HTML.escape(rule.outcome.rawValue)
            }
            body += "</td><td>"
            body += entry.waiversUsed.isEmpty ? "–" : HTML.escape(entry.waiversUsed.joined(separator: ", "))
            body += "</td></tr>"
        }
        body += HTML.tableEnd
        body += "<p class=\"pager\">"
        if query.offset > 0 {
            body += "<a href=\"/decisions?\(HTML.escape(DecisionFilter.queryString(query, offset: max(0, query.offset - query.limit))))\" rel=\"prev\">← Newer</a>"
        }
        if last < page.total {
            body += "<a href=\"/decisions?\(HTML.escape(DecisionFilter.queryString(query, offset: last)))\" rel=\"next\">Older →</a>"
        }
        body += "</p>\n"
        return HTML.page(title: "Decisions", body: body)
    }

    static func filterForm(_ query: LedgerQuery) -> String {
        func text(_ name: String, _ label: String, _ value: String?, type: String = "text") -> String {
            "<label>\(label)<input type=\"\(type)\" name=\"\(name)\" value=\"\(HTML.escape(value ?? ""))\"></label>"
        }
        func select(_ name: String, _ label: String, _ options: [String], _ selected: String?) -> String {
            "<label>\(label)<select name=\"\(name)\"><option value=\"\">any</option>"
                + options.map { "<option\($0 == selected ? " selected" : "")>\(HTML.escape($0))</option>" }.joined()
                + "</select></label>"
        }
        return "<form class=\"filters\" method=\"get\" action=\"/decisions\">"
            + text("repository", "Repository", query.repository)
            + text("ref", "Ref", query.ref)
            + select("outcome", "Outcome", Outcome.allCases.map(\.rawValue), query.outcome?.rawValue)
            + text("rule", "Rule", query.rule)
            + select("waived", "Waived", ["true", "false"], query.waived.map { $0 ? "true" : "false" })
            + select("risk", "Risk", RiskLevel.allCases.map(\.rawValue), query.risk)
            + text("from", "From (UTC day)", query.from?.description, type: "date")
            + text("to", "To (UTC day)", query.to?.description, type: "date")
            + "<button type=\"submit\">Filter</button> <a href=\"/decisions\">Clear</a></form>\n"
    }
}
