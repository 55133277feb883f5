/// The `<details>` section of a load rule: one table row per threshold, k6 threshold and regression.
struct LoadSection {
    var evidence: LoadEvidence
    var limits: RowLimits

    func render(ruleID: String) -> [String] {
        var summary = ["\(evidence.count(.pass)) passed", "\(evidence.count(.fail)) failed"]
        if evidence.count(.error) > 0 { summary.append("\(evidence.count(.error)) could not be judged") }
        if evidence.count(.warn) > 0 { summary.append("\(evidence.count(.warn)) warned") }
        var lines = [
            "<details><summary><b>\(MarkdownText.escape(ruleID))</b> — \(summary.joined(separator: ", "))</summary>",
            "",
            sourceLine(),
        ]
        if let truncated = evidence.truncatedLine {
            lines.append("")
            lines.append("> [!WARNING]\n> \(MarkdownText.escape(truncated.message, limit: 300))")
        }
        if !evidence.checks.isEmpty {
            lines.append("")
            lines.append(contentsOf: table())
        }
        let reasons = evidence.checks.prefix(limits.deciding).filter { $0.reason != nil && $0.outcome != .pass }
        if !reasons.isEmpty {
            lines.append("")
            for check in reasons {
                let aggregation = check.aggregation.map { " \($0)" } ?? ""
                lines.append("- \(MarkdownText.escape(check.metric, limit: 120))\(MarkdownText.escape(aggregation)) (\(MarkdownText.escape(check.threshold, limit: 80))): \(MarkdownText.escape(check.reason ?? "", limit: 400))")
            }
        }
        lines.append("")
        lines.append("</details>")
        return lines
    }

    func sourceLine() -> String {
        var parts = ["From the \(evidence.source.rawValue) `\(MarkdownText.escape(evidence.path, limit: 120))`"]
        if evidence.source == .stream {
            parts.append("\(evidence.pointCount) points on \(evidence.lineCount) lines")
        }
        if let duration = evidence.duration, let origin = evidence.durationOrigin {
            parts.append("test duration \(LoadNumber.format(duration)) s (\(MarkdownText.escape(origin)))")
        }
        if let baseline = evidence.baselinePath { parts.append("baseline `\(MarkdownText.escape(baseline, limit: 120))`") }
        return parts.joined(separator: " · ") + "."
    }

    func table() -> [String] {
        let hasBaseline = evidence.baselinePath != nil
        var lines = [
            "| Metric | Aggregation | Value | Threshold | Outcome | From |" + (hasBaseline ? " Baseline | Δ |" : ""),
            "| --- | --- | ---: | --- | --- | --- |" + (hasBaseline ? " ---: | ---: |" : ""),
        ]
        for check in evidence.checks.prefix(limits.deciding) {
            let value = check.value.map { LoadNumber.format($0, time: check.isTime) } ?? "—"
            let threshold = check.threshold + (check.allowed.map { " = " + LoadNumber.format($0, time: check.isTime) } ?? "")
            var row = "| \(MarkdownText.escape(check.metric, limit: 120)) | \(MarkdownText.escape(check.aggregation ?? "—")) | \(MarkdownText.escape(value)) | \(MarkdownText.escape(threshold, limit: 100)) | \(MarkdownReport.icon(check.outcome)) \(check.outcome.rawValue) | \(check.origin.rawValue) |"
            if hasBaseline {
                let baseline = check.baseline.map { LoadNumber.format($0, time: check.isTime) } ?? "—"
                var delta = "—"
                if let difference = check.delta, let base = check.baseline {
                    delta = (difference >= 0 ? "+" : "") + LoadNumber.format(difference, time: check.isTime)
                    if base != 0 { delta += " (" + (difference >= 0 ? "+" : "") + LoadNumber.format(difference / abs(base) * 100) + "%)" }
                }
                row += " \(MarkdownText.escape(baseline)) | \(MarkdownText.escape(delta)) |"
            }
            lines.append(row)
        }
        if evidence.checks.count > limits.deciding {
            lines.append("")
            lines.append("…and \(evidence.checks.count - limits.deciding) more.")
        }
        return lines
    }
}
