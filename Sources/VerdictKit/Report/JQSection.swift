/// The section of a jq rule: its query and the violations it reported.
struct JQSection {
    var evidence: JQEvidence
    var limits: RowLimits

    func render(ruleID: String) -> [String] {
        var lines = ["#### \(MarkdownText.escape(ruleID)) — \(evidence.violations.count) violation\(evidence.violations.count == 1 ? "" : "s")"]
        lines.append("")
        lines.append("<details><summary>Query</summary>")
        lines.append("")
        lines.append(Self.codeBlock(evidence.query))
        lines.append("")
        lines.append("</details>")
        guard !evidence.violations.isEmpty else { return lines }
        lines.append("")
        let shown = evidence.violations.prefix(max(0, limits.deciding))
        for violation in shown {
            lines.append("- \(violation.level == .fail ? "❌" : "⚠️") \(MarkdownText.escape(violation.message, limit: 300))")
        }
        if evidence.violations.count > shown.count {
            lines.append("- …and \(evidence.violations.count - shown.count) more")
        }
        return lines
    }

    /// A fenced block whose fence is longer than any backtick run in the query.
    static func codeBlock(_ text: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)jq\n\(text.hasSuffix("\n") ? String(text.dropLast()) : text)\n\(fence)"
    }
}
