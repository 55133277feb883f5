/// The `<details>` section of a coverage rule: totals, paths, patch, per-file failures,
/// least-covered files and the baseline comparison.
struct CoverageSection {
    var evidence: CoverageEvidence
    var limits: RowLimits

    /// Rows that the size budget may cut: per-file failures and uncovered patch ranges.
    static func rowCount(_ evidence: CoverageEvidence) -> Int {
        evidence.fileFailures.count + (evidence.patch?.uncovered.count ?? 0)
    }

    func render(ruleID: String) -> [String] {
        var summary = "lines \(evidence.totals.lines.percentText)"
        if evidence.totals.branches.total > 0 { summary += ", branches \(evidence.totals.branches.percentText)" }
        if let patch = evidence.patch, let percent = patch.lines.percent { summary += ", patch \(CoverageCount.format(percent))" }
        var lines = [
            "<details><summary><b>\(MarkdownText.escape(ruleID))</b> — \(summary)</summary>",
            "",
        ]
        lines.append(contentsOf: totalsTable())
        let scope = "\(evidence.fileCount) file\(evidence.fileCount == 1 ? "" : "s")"
            + (evidence.excludedFileCount > 0 ? ", \(evidence.excludedFileCount) excluded by `exclude`" : "")
        lines.append("")
        lines.append("Scope: \(scope).")
        for problem in evidence.noData {
            lines.append("")
            lines.append("> [!CAUTION]\n> \(MarkdownText.escape(problem, limit: 300))\(evidence.allowEmpty ? " (skipped: allow\\_empty)" : "")")
        }
        for note in evidence.notes {
            lines.append("")
            lines.append("> [!WARNING]\n> \(MarkdownText.escape(note, limit: 600))")
        }
        if !evidence.paths.isEmpty {
            lines.append("")
            lines.append("**Per path** (first matching glob wins)")
            lines.append("")
            lines.append(contentsOf: pathsTable())
        }
        if let patch = evidence.patch {
            lines.append("")
            lines.append(contentsOf: patchSection(patch))
        }
        if !evidence.fileFailures.isEmpty {
            lines.append("")
            lines.append("**Files below the per\\_file targets** (worst first)")
            lines.append("")
            lines.append("| File | Lines | Branches | Functions | Below |")
            lines.append("| --- | ---: | ---: | ---: | --- |")
            for file in evidence.fileFailures.prefix(limits.deciding) {
                let below = file.failed.map { "\($0.measure.rawValue) \(CoverageRule.number($0.target))%" }.joined(separator: ", ")
                lines.append("| \(MarkdownText.escape(file.path, limit: 160)) | \(Self.cell(file.totals.lines)) | \(Self.cell(file.totals.branches)) | \(Self.cell(file.totals.functions)) | \(below) |")
            }
            if evidence.fileFailures.count > limits.deciding {
                lines.append("")
                lines.append("…and \(evidence.fileFailures.count - limits.deciding) more.")
            }
        }
        if !evidence.leastCovered.isEmpty {
            lines.append("")
            lines.append("**Least covered files** (up to \(CoverageRule.leastCoveredCount))")
            lines.append("")
            lines.append("| File | Lines | Branches | Functions |")
            lines.append("| --- | ---: | ---: | ---: |")
            for file in evidence.leastCovered {
                lines.append("| \(MarkdownText.escape(file.path, limit: 160)) | \(Self.cell(file.totals.lines)) | \(Self.cell(file.totals.branches)) | \(Self.cell(file.totals.functions)) |")
            }
        }
        if let baseline = evidence.baseline, !baseline.files.isEmpty {
            lines.append("")
            lines.append("**Largest changes against the baseline** (line coverage)")
            lines.append("")
            lines.append("| File | Baseline | Now | Δ points |")
            lines.append("| --- | ---: | ---: | ---: |")
            for file in baseline.files {
                let delta = file.delta.map(CoverageRule.signed) ?? (file.before == nil ? "new" : "gone")
                lines.append("| \(MarkdownText.escape(file.path, limit: 160)) | \(file.before.map(Self.cell) ?? "—") | \(file.after.map(Self.cell) ?? "—") | \(delta) |")
            }
        }
        lines.append("")
        lines.append("</details>")
        return lines
    }

    func totalsTable() -> [String] {
        let baseline = evidence.baseline
        var lines = [
            "| Measure | Covered / total | Coverage | Target | Δ vs baseline |",
            "| --- | ---: | ---: | --- | ---: |",
        ]
        for measure in CoverageMeasure.allCases {
            let count = evidence.totals[measure]
            let check = evidence.checks.first { $0.measure == measure }
            let target = check.map(Self.targetCell) ?? "—"
            let delta: Double? = switch measure {
            case .line: baseline?.lineDelta
            case .branch: baseline?.branchDelta
            case .function: baseline?.functionDelta
            }
            var deltaText = delta.map(CoverageRule.signed) ?? "—"
            if measure == .line, let maxDrop = baseline?.maxDrop, let passed = baseline?.passed {
                deltaText += " \(passed ? "✅" : "❌") max drop \(CoverageRule.number(maxDrop))"
            }
            lines.append("| \(measure.plural) | \(count.covered) / \(count.total) | \(count.percentText) | \(target) | \(deltaText) |")
        }
        return lines
    }

    func pathsTable() -> [String] {
        var lines = ["| Glob | Files | Lines | Branches | Functions | Targets |", "| --- | ---: | ---: | ---: | ---: | --- |"]
        for path in evidence.paths {
            let targets = path.checks.map { "\($0.measure.rawValue) \(Self.targetCell($0))" }.joined(separator: ", ")
            lines.append("| \(MarkdownText.escape(path.glob, limit: 120)) | \(path.fileCount) | \(Self.cell(path.totals.lines)) | \(Self.cell(path.totals.branches)) | \(Self.cell(path.totals.functions)) | \(targets) |")
        }
        return lines
    }

    func patchSection(_ patch: CoveragePatchResult) -> [String] {
        var headline = "**Patch coverage**: "
        if let percent = patch.lines.percent {
            headline += "\(CoverageCount.format(percent)) (\(patch.lines.covered) of \(patch.lines.total) instrumented changed lines ran)"
        } else {
            headline += "no instrumented changed line"
        }
        if let target = patch.target {
            let mark = patch.passed.map { $0 ? "✅" : "❌" } ?? "✅"
            headline += " · target \(CoverageRule.number(target))% \(mark)"
        }
        headline += " · \(patch.filesInReport) changed file\(patch.filesInReport == 1 ? "" : "s") in the report"
        if patch.filesNotInReport > 0 { headline += ", \(patch.filesNotInReport) not in it" }
        var lines = [headline]
        if !patch.uncovered.isEmpty {
            lines.append("")
            lines.append("Changed lines that did not run:")
            lines.append("")
            for range in patch.uncovered.prefix(limits.deciding) {
                lines.append("- \(MarkdownText.escape(range.description, limit: 200))")
            }
            if patch.uncovered.count > limits.deciding {
                lines.append("")
                lines.append("…and \(patch.uncovered.count - limits.deciding) more.")
            }
        }
        return lines
    }

    static func targetCell(_ check: CoverageCheck) -> String {
        let mark = switch check.status {
        case .passed: "✅"
        case .failed: "❌"
        case .noData: "⛔ no data"
        }
        return "\(mark) \(CoverageRule.number(check.target))%"
    }

    /// `78.77% (1150/1460)` or `—` when nothing is instrumented.
    static func cell(_ count: CoverageCount) -> String {
        guard let percent = count.percent else { return "—" }
        return "\(CoverageCount.format(percent)) (\(count.covered)/\(count.total))"
    }
}
