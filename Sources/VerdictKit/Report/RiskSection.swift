/// The section of a risk rule: per plan, its summary line, the changes worst first with their
/// level and the policy entry that set it, then `<details>` with the attributes that force
/// replacement, drift and output changes.
struct RiskSection {
    var evidence: RiskEvidence
    var limits: RowLimits

    func render(ruleID: String) -> [String] {
        var headline = "#### \(MarkdownText.escape(ruleID)) — risk **\(evidence.risk.rawValue)**"
        if evidence.approvalRequired { headline += " · 🔐 approval required" }
        if let failAt = evidence.failAt, evidence.risk >= failAt { headline += " · at or above fail_at \(failAt.rawValue)" }
        var lines = [headline]
        var rowsLeft = limits.deciding
        for assessment in evidence.plans {
            lines.append("")
            lines.append(contentsOf: PlanSectionParts.heading(assessment.plan))
            guard !assessment.changes.isEmpty else { continue }
            lines.append("")
            lines.append("| Address | Action | Level | Why |")
            lines.append("| --- | --- | --- | --- |")
            for judged in assessment.changes.prefix(max(0, rowsLeft)) {
                let change = judged.change
                var address = MarkdownText.escape(change.address, limit: 160)
                if let previous = change.previousAddress, change.isMoved { address += " (from \(MarkdownText.escape(previous, limit: 120)))" }
                lines.append("| \(address) | \(change.actionLabel) | \(judged.level.rawValue) | \(MarkdownText.escape(judged.why, limit: 160)) |")
            }
            if assessment.changes.count > rowsLeft {
                lines.append("")
                lines.append("…and \(assessment.changes.count - max(0, rowsLeft)) more (the decision record lists every change).")
            }
            rowsLeft -= min(rowsLeft, assessment.changes.count)
        }
        let details = evidence.plans.flatMap { PlanSectionParts.details($0.plan, rows: limits.deciding) }
        if !details.isEmpty {
            lines.append("")
            lines.append("<details><summary>Forced replacements, drift and output changes</summary>")
            lines.append(contentsOf: details)
            lines.append("")
            lines.append("</details>")
        }
        return lines
    }
}

/// Pieces shared by the risk and drift sections.
enum PlanSectionParts {
    /// The plan's path, format and summary line, and its errors.
    static func heading(_ plan: TerraformPlan) -> [String] {
        let source = plan.format == .json ? "JSON plan" : "plan text"
        var lines = ["\(MarkdownText.escape(plan.path, limit: 120)) (\(source)): **\(MarkdownText.escape(plan.summaryLine, limit: 200))**"]
        for error in plan.errors.prefix(3) {
            let place = error.line.map { " (line \($0))" } ?? ""
            lines.append("")
            lines.append("> [!CAUTION]\n> Terraform reported an error\(place): \(MarkdownText.escape(error.message, limit: 300))")
        }
        return lines
    }

    /// Forced-replacement attributes, drift and output changes of one plan; [] when it has none.
    static func details(_ plan: TerraformPlan, rows: Int) -> [String] {
        var lines: [String] = []
        let forced = plan.plannedChanges.filter { !$0.forcedReplacement.isEmpty }
        if !forced.isEmpty {
            lines += ["", "**\(MarkdownText.escape(plan.path, limit: 120)): attributes that force replacement**", ""]
            for change in forced.prefix(rows) {
                lines.append("- \(MarkdownText.escape(change.address, limit: 160)): \(change.forcedReplacement.map { MarkdownText.escape($0, limit: 80) }.joined(separator: ", "))")
            }
            if forced.count > rows { lines.append("- …and \(forced.count - rows) more") }
        }
        if !plan.drift.isEmpty {
            lines += ["", "**\(MarkdownText.escape(plan.path, limit: 120)): changed outside of Terraform (drift)**", ""]
            for change in plan.drift.prefix(rows) {
                let what = change.action == .delete ? "has been deleted" : "has changed"
                lines.append("- \(MarkdownText.escape(change.address, limit: 160)) \(what)")
            }
            if plan.drift.count > rows { lines.append("- …and \(plan.drift.count - rows) more") }
        }
        if !plan.outputs.isEmpty {
            lines += ["", "**\(MarkdownText.escape(plan.path, limit: 120)): output changes** (values not shown)", ""]
            for output in plan.outputs.prefix(rows) {
                lines.append("- \(MarkdownText.escape(output.name, limit: 120)): \(MarkdownText.escape(output.action))")
            }
            if plan.outputs.count > rows { lines.append("- …and \(plan.outputs.count - rows) more") }
        }
        if !plan.deferred.isEmpty {
            lines += ["", "**\(MarkdownText.escape(plan.path, limit: 120)): deferred to a later plan**: \(plan.deferred.count)"]
        }
        if !plan.actionInvocations.isEmpty {
            lines += ["", "**\(MarkdownText.escape(plan.path, limit: 120)): actions to invoke**: "
                + plan.actionInvocations.prefix(rows).map { MarkdownText.escape($0, limit: 120) }.joined(separator: ", ")]
        }
        return lines
    }
}
