/// The `<details>` section of a severity rule: level counts, the deciding findings, waivers.
struct SeveritySection {
    var evidence: SeverityEvidence
    var limits: RowLimits

    func render(ruleID: String) -> [String] {
        var summaryParts = ["\(evidence.blocking.count) blocking", "\(evidence.warning.count) warning"]
        if !evidence.waived.isEmpty { summaryParts.append("\(evidence.waived.count) waived") }
        let ignored = evidence.ignored.values.reduce(0, +)
        if ignored > 0 { summaryParts.append("\(ignored) ignored") }
        var lines = [
            "<details><summary><b>\(MarkdownText.escape(ruleID))</b> — \(summaryParts.joined(separator: ", "))</summary>",
            "",
        ]
        lines.append(contentsOf: countsTable())
        lines.append(contentsOf: setAside())
        for note in evidence.notes {
            lines.append("")
            lines.append("> [!WARNING]\n> \(MarkdownText.escape(note, limit: 600))")
        }
        if !evidence.deciding.isEmpty {
            lines.append("")
            lines.append("**Findings that decided this rule** (worst first)")
            lines.append("")
            lines.append(contentsOf: findingsTable())
        }
        if !evidence.waived.isEmpty {
            lines.append("")
            lines.append("**Waived**")
            lines.append("")
            lines.append(contentsOf: waivedTable())
        }
        if !evidence.waiversExpired.isEmpty {
            lines.append("")
            for use in evidence.waiversExpired {
                lines.append("- ⛔ waiver \(MarkdownText.escape(use.waiver.label, limit: 200)) expired on \(use.waiver.expires): \(use.findingCount) finding\(use.findingCount == 1 ? "" : "s") count again")
            }
        }
        lines.append("")
        lines.append("</details>")
        return lines
    }

    func countsTable() -> [String] {
        var lines = ["| Level | Counted | Waived | Ignored | Gate |", "| --- | ---: | ---: | ---: | --- |"]
        for level in Severity.worstFirst {
            let gate: String
            let limit = evidence.limits[level] ?? 0
            let limitText = limit > 0 ? " (limit \(limit))" : ""
            if evidence.blockLevels.contains(level) {
                gate = "block\(limitText)"
            } else if evidence.warnLevels.contains(level) {
                gate = "warn\(limitText)"
            } else {
                gate = "ignored"
            }
            lines.append("| \(level.rawValue) | \(evidence.count(of: level)) | \(evidence.waivedCount(of: level)) | \(evidence.ignored[level] ?? 0) | \(gate) |")
        }
        return lines
    }

    /// One line for findings outside the gate's view, so nothing disappears silently.
    func setAside() -> [String] {
        var parts: [String] = []
        if evidence.outOfScope > 0 { parts.append("\(evidence.outOfScope) from tools outside this rule's `tools`") }
        if evidence.unfixed > 0 { parts.append("\(evidence.unfixed) without a fixed version (`ignore_unfixed`)") }
        if !evidence.onBaseline.isEmpty { parts.append("\(evidence.onBaseline.count) already on the baseline (`new_only`)") }
        if evidence.informational > 0 { parts.append("\(evidence.informational) informational results") }
        guard !parts.isEmpty else { return [] }
        return ["", "Not counted: " + parts.joined(separator: "; ") + "."]
    }

    func findingsTable() -> [String] {
        let showNew = evidence.hasBaseline
        var lines = [
            "| Level | Gate | ID | Package / finding | Installed → fixed | Location |" + (showNew ? " Baseline |" : ""),
            "| --- | --- | --- | --- | --- | --- |" + (showNew ? " --- |" : ""),
        ]
        let rows = evidence.blocking.map { ($0, "block") } + evidence.warning.map { ($0, "warn") }
        for (judged, gate) in rows.prefix(limits.deciding) {
            var row = "| \(judged.finding.level.rawValue) | \(gate) | " + Self.columns(judged.finding)
            if showNew { row += " \(judged.isNew == true ? "🆕 new" : "on baseline") |" }
            lines.append(row)
        }
        if rows.count > limits.deciding {
            lines.append("")
            lines.append("…and \(rows.count - limits.deciding) more.")
        }
        return lines
    }

    func waivedTable() -> [String] {
        var lines = ["| Level | ID | Package / finding | Location | Reason | Waiver |", "| --- | --- | --- | --- | --- | --- |"]
        for waived in evidence.waived.prefix(limits.waived) {
            let finding = waived.finding
            let subject = finding.package ?? firstLine(finding.message)
            let waiver = waived.waiver.map { "until \($0.expires)" + ($0.owner.map { ", \(MarkdownText.escape($0, limit: 60))" } ?? "") } ?? "suppressed in the source"
            lines.append("| \(finding.level.rawValue) | \(MarkdownText.escape(finding.ruleID, limit: 80)) | \(MarkdownText.escape(subject, limit: 100)) | \(MarkdownText.escape(finding.location.description, limit: 120)) | \(MarkdownText.escape(waived.reason, limit: 160)) | \(waiver) |")
        }
        if evidence.waived.count > limits.waived {
            lines.append("")
            lines.append("…and \(evidence.waived.count - limits.waived) more.")
        }
        return lines
    }

    /// ID, subject, versions and location cells of a finding row.
    static func columns(_ finding: Finding) -> String {
        let subject = finding.package ?? firstLine(finding.message)
        let versions: String
        switch (finding.installedVersion, finding.fixedVersion) {
        case let (installed?, fixed?): versions = "\(MarkdownText.escape(installed, limit: 40)) → \(MarkdownText.escape(fixed, limit: 60))"
        case let (installed?, nil): versions = "\(MarkdownText.escape(installed, limit: 40)) → no fix"
        case let (nil, fixed?): versions = "→ \(MarkdownText.escape(fixed, limit: 60))"
        default: versions = ""
        }
        return "\(MarkdownText.escape(finding.ruleID, limit: 80)) | \(MarkdownText.escape(subject, limit: 120)) | \(versions) | \(MarkdownText.escape(finding.location.description, limit: 120)) |"
    }
}

/// The first non-empty line of a message (Trivy 0.48's literal `\n` counts as a break).
func firstLine(_ text: String) -> String {
    PackageFields.lines(of: text).first { !$0.allSatisfy(\.isWhitespace) } ?? text
}
