import Foundation
import VerdictKit

/// One decision: what was decided, why, on what, under which policy, and whether to trust it.
enum DecisionPage {
    static func render(_ detail: DecisionDetail, csrfToken: String, replay: ReplayReport? = nil) -> String {
        let entry = detail.entry
        var body = "<p class=\"headline\">Outcome \(HTML.outcome(detail.outcome.rawValue))"
        if let record = detail.record { body += " · exit status \(record.exitStatus)" }
        body += " · evaluated \(HTML.escape(entry.evaluatedAt))</p>\n"
        for problem in detail.problems { body += "<p class=\"problem\">⚠ \(HTML.escape(problem))</p>\n" }
        if let replay { body += ReplayPage.section(replay) }
        body += HTML.table(["Repository", "Ref", "Commit", "Risk"], [[
            HTML.escape(entry.repository ?? "–"), HTML.escape(entry.ref ?? "–"),
            "<code>\(HTML.escape(entry.commit ?? "–"))</code>", HTML.escape(entry.risk ?? "–"),
        ]], caption: "Change")
        body += trust(detail)
        body += "<p class=\"downloads\"><a href=\"/decisions/\(entry.id)/record.json\" download>Download the record (JSON)</a> "
            + "<a href=\"/decisions/\(entry.id)/report.md\" download>Download the report (markdown)</a> "
            + "<span class=\"note\">the report is re-rendered from a replay and offered only when the replay is identical</span></p>\n"
        body += "<form method=\"post\" action=\"/decisions/\(entry.id)/replay\"><input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrfToken))\">"
            + "<button type=\"submit\">Replay now</button> re-evaluates the recorded inputs from the archive under the recorded policy.</form>\n"
        body += rules(detail)
        body += findings(detail)
        body += waivers(detail)
        body += inputs(detail)
        body += policy(detail)
        return HTML.page(title: "Decision \(entry.id)", body: body)
    }

    static func trust(_ detail: DecisionDetail) -> String {
        let entry = detail.entry
        let signature: String = switch detail.signature {
        case .valid?: "✓ valid (key \(HTML.escape(detail.signerFingerprint ?? "")))"
        case .altered?: "✗ altered: the record changed after it was signed"
        case .unknownKey?: "? signed by a key the server was not given (\(HTML.escape(detail.signerFingerprint ?? "")))"
        case .unsigned?: "– unsigned"
        case nil: "? unknown: the record could not be read"
        }
        return HTML.table(["Check", "Status"], [
            ["Signature", signature],
            ["Chain position", "row \(entry.id)"],
            ["Row hash", "<span class=\"hash\">\(HTML.escape(entry.rowHash))</span> \(entry.hashMatchesContent ? "✓ matches the row" : "✗ does not match the row's content")"],
            ["Previous row hash", "<span class=\"hash\">\(HTML.escape(entry.previousHash))</span>"],
            ["Record sha256", "<span class=\"hash\">\(HTML.escape(entry.recordSHA256))</span> \(detail.recordBytes == nil ? "✗ not verified" : "✓ the archived record hashes to it")"],
        ], caption: "Integrity")
    }

    static func rules(_ detail: DecisionDetail) -> String {
        if let record = detail.record {
            return HTML.table(["Rule", "Kind", "Outcome", "Message"], record.rules.map {
                [HTML.escape($0.id), HTML.escape($0.kind), HTML.outcome($0.outcome.rawValue), HTML.escape($0.message)]
            }, caption: "Rules")
        }
        return HTML.table(["Rule", "Outcome"], detail.entry.ruleOutcomes.map { [HTML.escape($0.id), HTML.outcome($0.outcome.rawValue)] },
                          caption: "Rules (from the ledger row)")
    }

    static func findings(_ detail: DecisionDetail) -> String {
        let findings = detail.ruleMembers("findings")
        guard !findings.isEmpty else { return "<h2>Deciding findings</h2><p>None recorded.</p>\n" }
        return HTML.table(["Rule", "Decision", "Level", "Tool", "Finding rule", "Location", "Message"], findings.map { rule, item in
            let location = item["location"] as? [String: Any] ?? [:]
            let line = DecisionDetail.text(location["line"])
            return [
                HTML.escape(rule), HTML.escape(DecisionDetail.text(item["decision"])), HTML.escape(DecisionDetail.text(item["level"])),
                HTML.escape(DecisionDetail.text(item["tool"])), HTML.escape(DecisionDetail.text(item["rule_id"])),
                "<code>\(HTML.escape(DecisionDetail.text(location["uri"]) + (line.isEmpty ? "" : ":" + line)))</code>",
                HTML.escape(DecisionDetail.text(item["message"])),
            ]
        }, caption: "Deciding findings")
    }

    static func waivers(_ detail: DecisionDetail) -> String {
        let rows = detail.ruleMembers("waivers_used").map { ($0, "used") } + detail.ruleMembers("waivers_expired").map { ($0, "expired") }
        guard !rows.isEmpty else { return "<h2>Waivers</h2><p>No waiver was used or found expired.</p>\n" }
        return HTML.table(["Rule", "Status", "Waiver", "Findings", "Expires", "Owner", "Reason"], rows.map { member, status in
            let waiver = member.item["waiver"] as? [String: Any] ?? [:]
            return [
                HTML.escape(member.rule), status, HTML.escape(DecisionDetail.text(waiver["id"])), HTML.escape(DecisionDetail.text(member.item["finding_count"])),
                HTML.escape(DecisionDetail.text(waiver["expires"])), HTML.escape(DecisionDetail.text(waiver["owner"])), HTML.escape(DecisionDetail.text(waiver["reason"])),
            ]
        }, caption: "Waivers")
    }

    static func inputs(_ detail: DecisionDetail) -> String {
        guard let record = detail.record else { return "" }
        return HTML.table(["Kind", "Role", "Path", "Size (bytes)", "sha256"], record.inputs.map {
            [HTML.escape($0.kind.rawValue), HTML.escape($0.role.rawValue), "<code>\(HTML.escape($0.path))</code>", String($0.size),
             "<span class=\"hash\">\(HTML.escape($0.sha256))</span>"]
        }, caption: "Inputs")
    }

    static func policy(_ detail: DecisionDetail) -> String {
        guard let record = detail.record else { return "" }
        return record.policySources.enumerated().map { index, source in
            "<h2>\(index == 0 ? "Policy" : "Extended policy") <code>\(HTML.escape(source.path))</code></h2>"
                + "<p>sha256 <span class=\"hash\">\(HTML.escape(source.sha256))</span></p><pre>\(HTML.escape(source.text))</pre>\n"
        }.joined()
    }
}
