/// Renders a decision as the GitHub-flavoured markdown a bot posts on the pull request.
///
/// The first line is a marker a bot finds its own comment by. The report stays under
/// GitHub's comment limit: when too long, the longest finding lists are cut first and the
/// report says what it left out.
public struct MarkdownReport {
    /// The first line of every report.
    public static let marker = "<!-- verdict:report -->"
    /// GitHub refuses comments over 65,536 characters; this leaves room for a bot's own footer.
    public static let defaultCharacterLimit = 65_000
    /// Findings listed per rule before "and N more".
    public static let defaultRowsPerRule = 50

    /// The shortest a finding row can be (`| low | warn | X | … |`), for the estimate above.
    static let minimumRowCharacters = 30
    /// Inputs the footer always names; past them, the input list is cut before any finding row.
    static let minimumInputs = 10

    public var characterLimit: Int
    public var rowsPerRule: Int

    public init(characterLimit: Int = MarkdownReport.defaultCharacterLimit, rowsPerRule: Int = MarkdownReport.defaultRowsPerRule) {
        self.characterLimit = characterLimit
        self.rowsPerRule = rowsPerRule
    }

    public func render(_ decision: Decision) -> String {
        var budget = RowBudget(decision: decision, rowsPerRule: rowsPerRule)
        // Rows that cannot fit whatever else the report holds are never rendered: with
        // thousands of rules, composing them first and cutting after took minutes.
        while budget.shownRows * Self.minimumRowCharacters > characterLimit, budget.shrinkLongest(allTied: true) {}
        while true {
            let text = compose(decision, budget: budget)
            if text.utf8.count <= characterLimit || text.count <= characterLimit { return text }
            // Cut the longest list by half (at least one row); when nothing is left to cut,
            // fall back to a hard cut at a line boundary. Far over the limit (thousands of
            // rules), every list of the longest length is halved at once: one list per pass
            // made a 10,000-rule report take minutes.
            let farOver = text.utf8.count > 2 * characterLimit
            // The footer's input list goes first: the deciding findings are what a reviewer needs.
            let inputsShown = min(budget.inputs ?? decision.inputs.count, decision.inputs.count)
            if inputsShown > Self.minimumInputs {
                budget.inputs = max(Self.minimumInputs, inputsShown / 2)
                continue
            }
            guard budget.shrinkLongest(allTied: farOver) else { return hardCut(text) }
        }
    }

    // MARK: Composition

    func compose(_ decision: Decision, budget: RowBudget) -> String {
        var lines: [String] = [Self.marker]
        lines.append(headline(decision))
        lines.append("")
        lines.append(contentsOf: rulesTable(decision))
        if let notice = TextSummary.unusedInputsNotice(decision) {
            lines.append("")
            lines.append("> [!\(decision.options.strict ? "CAUTION" : "WARNING")]\n> " + MarkdownText.escape(notice, limit: 2_000))
        }
        for (index, result) in decision.results.enumerated() {
            let section = details(result, limits: budget.limits[index])
            if !section.isEmpty {
                lines.append("")
                lines.append(contentsOf: section)
            }
        }
        let notices = waiverNotices(decision.waiverNotices)
        if !notices.isEmpty {
            lines.append("")
            lines.append(contentsOf: notices)
        }
        if budget.cutRows > 0 {
            lines.append("")
            lines.append("> [!NOTE]\n> \(budget.cutRows) finding rows were left out to keep this comment under GitHub's size limit; the decision record has every finding.")
        }
        lines.append("")
        lines.append(footer(decision, inputLimit: budget.inputs))
        return lines.joined(separator: "\n") + "\n"
    }

    func headline(_ decision: Decision) -> String {
        let counts = Dictionary(grouping: decision.results, by: \.outcome).mapValues(\.count)
        let total = decision.results.count
        var parts: [String] = []
        for outcome in [Outcome.error, .fail, .warn] {
            if let count = counts[outcome] {
                let verb = switch outcome {
                case .error: "could not be judged"
                case .fail: "failed"
                case .warn: "warned"
                case .pass: "passed"
                }
                parts.append("\(count) of \(total) rule\(total == 1 ? "" : "s") \(verb)")
            }
        }
        if parts.isEmpty { parts.append("all \(total) rule\(total == 1 ? "" : "s") passed") }
        if let risk = decision.risk {
            parts.append("infrastructure risk **\(risk.rawValue)**" + (decision.approvalRequired ? " · 🔐 **approval required**" : ""))
        }
        return "## \(Self.icon(decision.outcome)) Verdict: \(decision.outcome.label)\n\n"
            + "Policy **\(MarkdownText.escape(decision.policy.name))** · \(parts.joined(separator: ", "))"
    }

    func rulesTable(_ decision: Decision) -> [String] {
        var lines = ["| Rule | Kind | Outcome | Reason |", "| --- | --- | --- | --- |"]
        for result in decision.results {
            lines.append("| \(MarkdownText.escape(result.ruleID)) | \(result.kind) | \(Self.icon(result.outcome)) \(result.outcome.rawValue) | \(MarkdownText.escape(result.message, limit: 300)) |")
        }
        return lines
    }

    func details(_ result: RuleResult, limits: RowLimits) -> [String] {
        switch result.details {
        case .none: return []
        case let .severity(evidence): return SeveritySection(evidence: evidence, limits: limits).render(ruleID: result.ruleID)
        case let .risk(evidence): return RiskSection(evidence: evidence, limits: limits).render(ruleID: result.ruleID)
        case let .drift(evidence): return DriftSection(evidence: evidence, limits: limits).render(ruleID: result.ruleID)
        case let .load(evidence): return LoadSection(evidence: evidence, limits: limits).render(ruleID: result.ruleID)
        case let .coverage(evidence): return CoverageSection(evidence: evidence, limits: limits).render(ruleID: result.ruleID)
        case let .jq(evidence): return JQSection(evidence: evidence, limits: limits).render(ruleID: result.ruleID)
        }
    }

    func waiverNotices(_ notices: [WaiverNotice]) -> [String] {
        guard !notices.isEmpty else { return [] }
        var lines = ["### Waivers", ""]
        for notice in notices {
            let icon = switch notice.kind {
            case .expired: "⛔ expired"
            case .expiring: "⏳ expiring"
            case .unused: "🧹 unused"
            }
            var line = "- \(icon): \(MarkdownText.escape(notice.message, limit: 300))"
            if let owner = notice.waiver.owner { line += " — owner \(MarkdownText.escape(owner, limit: 80))" }
            line += " (\(MarkdownText.escape(notice.waiver.source)))"
            lines.append(line)
        }
        return lines
    }

    /// The inputs (the first `inputLimit` when set, then how many more) and the evaluation.
    func footer(_ decision: Decision, inputLimit: Int? = nil) -> String {
        let shown = decision.inputs.prefix(inputLimit ?? decision.inputs.count)
        var inputs = shown.map { input in
            "\(MarkdownText.escape(input.path, limit: 120)) (\(input.kind.displayName)\(input.role == .baseline ? " baseline" : ""), \(Self.size(input.size)), sha256 \(input.sha256.prefix(12)))"
        }
        if shown.count < decision.inputs.count {
            inputs.append("and \(decision.inputs.count - shown.count) more inputs (the decision record lists every input)")
        }
        let inputText = inputs.isEmpty ? "no inputs" : inputs.joined(separator: " · ")
        return "<sub>\(inputText) · evaluated \(Timestamp.format(decision.evaluatedAt)) by \(decision.tool.name) \(decision.tool.version)</sub>"
    }

    func hardCut(_ text: String) -> String {
        let note = "\n\n> [!WARNING]\n> This report was cut to stay under GitHub's size limit; the decision record is complete.\n"
        var kept = String(text.prefix(max(0, characterLimit - note.count)))
        if let lastNewline = kept.lastIndex(of: "\n") { kept = String(kept[..<lastNewline]) }
        return kept + note
    }

    static func icon(_ outcome: Outcome) -> String {
        switch outcome {
        case .pass: "✅"
        case .warn: "⚠️"
        case .fail: "❌"
        case .error: "⛔"
        }
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\(bytes / 1024) KB" }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}

/// How many rows each list of a rule's section may show.
struct RowLimits {
    var deciding: Int
    var waived: Int
}

/// The row limits of every rule section, shrunk while the report is too long.
struct RowBudget {
    var limits: [RowLimits]
    /// How many inputs the footer names; nil for all.
    var inputs: Int?
    /// How many rows each list wants (its full length, capped at rows per rule).
    private let wanted: [(deciding: Int, waived: Int)]

    init(decision: Decision, rowsPerRule: Int) {
        wanted = decision.results.map { result in
            switch result.details {
            case .none: (0, 0)
            case let .severity(evidence): (evidence.deciding.count, evidence.waived.count)
            case let .risk(evidence): (evidence.plans.reduce(0) { $0 + $1.changes.count }, 0)
            case let .drift(evidence): (evidence.changeCount + evidence.driftCount, 0)
            case let .load(evidence): (evidence.checks.count, 0)
            case let .coverage(evidence): (CoverageSection.rowCount(evidence), 0)
            case let .jq(evidence): (evidence.violations.count, 0)
            }
        }
        limits = wanted.map { _ in RowLimits(deciding: rowsPerRule, waived: rowsPerRule) }
        self.rowsPerRule = rowsPerRule
    }

    private let rowsPerRule: Int

    /// The rows the current limits show.
    var shownRows: Int {
        zip(wanted, limits).reduce(0) { $0 + min($1.0.deciding, $1.1.deciding) + min($1.0.waived, $1.1.waived) }
    }

    /// Rows the size limit hides beyond what the per-rule cap alone hides.
    var cutRows: Int {
        zip(wanted, limits).reduce(0) { total, pair in
            let (wanted, limit) = pair
            let hiddenDeciding = min(wanted.deciding, rowsPerRule) - min(wanted.deciding, limit.deciding)
            let hiddenWaived = min(wanted.waived, rowsPerRule) - min(wanted.waived, limit.waived)
            return total + hiddenDeciding + hiddenWaived
        }
    }

    /// Halves the longest shown list (with `allTied`, every list as long as it); false when
    /// every list is empty already.
    mutating func shrinkLongest(allTied: Bool = false) -> Bool {
        var best: (index: Int, waived: Bool, shown: Int)?
        for (index, limit) in limits.enumerated() {
            let deciding = min(limit.deciding, wanted[index].deciding)
            let waived = min(limit.waived, wanted[index].waived)
            if deciding > (best?.shown ?? 0) { best = (index, false, deciding) }
            if waived > (best?.shown ?? 0) { best = (index, true, waived) }
        }
        guard let best else { return false }
        let reduced = best.shown / 2
        guard allTied else {
            if best.waived { limits[best.index].waived = reduced } else { limits[best.index].deciding = reduced }
            return true
        }
        for index in limits.indices {
            if min(limits[index].deciding, wanted[index].deciding) == best.shown { limits[index].deciding = reduced }
            if min(limits[index].waived, wanted[index].waived) == best.shown { limits[index].waived = reduced }
        }
        return true
    }
}
