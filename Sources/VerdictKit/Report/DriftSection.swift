/// The section of a drift rule: per plan, its summary line and what changed.
struct DriftSection {
    var evidence: DriftEvidence
    var limits: RowLimits

    func render(ruleID: String) -> [String] {
        var lines = ["#### \(MarkdownText.escape(ruleID)) — \(evidence.changeCount) planned, \(evidence.driftCount) drifted, \(evidence.outputCount) output changes"]
        var rowsLeft = limits.deciding
        for plan in evidence.plans {
            lines.append("")
            lines.append(contentsOf: PlanSectionParts.heading(plan))
            let changes = plan.plannedChanges.filter { $0.policyActions != [.read] }
            if !changes.isEmpty {
                lines.append("")
                for change in changes.prefix(max(0, rowsLeft)) {
                    lines.append("- \(MarkdownText.escape(change.address, limit: 160)): \(change.actionLabel)")
                }
                if changes.count > rowsLeft { lines.append("- …and \(changes.count - max(0, rowsLeft)) more") }
                rowsLeft -= min(rowsLeft, changes.count)
            }
            let details = PlanSectionParts.details(plan, rows: limits.deciding)
            if !details.isEmpty {
                lines.append("")
                lines.append("<details><summary>Drift and output changes</summary>")
                lines.append(contentsOf: details)
                lines.append("")
                lines.append("</details>")
            }
        }
        return lines
    }
}
