extension MarkdownReport {
    /// A run that could not judge as the report's markdown (for `--markdown` and the step
    /// summary): the marker, the outcome, and a table of what could not be used and why.
    public func render(_ failure: CouldNotJudge) -> String {
        var lines = [
            Self.marker,
            "### ⛔ verdict: could not judge (exit \(failure.exitStatus.rawValue))",
            "",
            "Nothing was judged: the gate is red until every input and the policy can be read.",
            "",
            "| Could not use | Where | Why |",
            "|---|---|---|",
        ]
        for reason in failure.reasons.prefix(rowsPerRule) {
            let position = reason.diagnostic.position.map { "\($0.line):\($0.column)" } ?? ""
            lines.append("| \(reason.subject.rawValue) \(MarkdownText.escape(reason.diagnostic.path, limit: 300)) | \(position) | \(MarkdownText.escape(reason.diagnostic.message, limit: 1_000)) |")
        }
        if failure.reasons.count > rowsPerRule {
            lines.append("")
            lines.append("…and \(failure.reasons.count - rowsPerRule) more (see the log).")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
