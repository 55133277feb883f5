extension RuleDescription {
    /// The generated reference page for `docs/rules/<kind>.md`.
    public var markdown: String {
        var lines = [
            "<!-- Generated from the rule kind's RuleDescription (Sources/VerdictKit/Rules/); do not edit.",
            "     Regenerate: RECORD_DOCS=1 swift test --filter RuleDocsTests -->",
            "# `kind: \(kind)`",
            "",
            summary,
            "",
            "Judges: \(input).",
        ]
        if let guide { lines += ["", "The full explanation: [\(guide.split(separator: "#").first.map(String.init) ?? guide)](\(guide))."] }
        lines += [
            "",
            "## Keys",
            "",
            "Every rule also takes `id` (required, unique in the policy), `kind: \(kind)` and `on_missing` (`error`, the default: exit 2 when its input is missing; `fail`; `warn`; `pass`).",
            "",
            "| key | type | default | meaning |",
            "| --- | --- | --- | --- |",
        ]
        for key in keys {
            lines.append("| `\(key.name)` | \(cell(key.type)) | \(cell(key.defaultValue)) | \(cell(key.meaning)) |")
        }
        lines += ["", "## Examples", "", "Each example is run as a test (`RuleDocsTests`): the rule, with the inputs named, gives the outcome shown."]
        for example in examples {
            let inputs = example.inputs.map { input -> String in
                let flag = input.role == .baseline ? "baseline " : input.role == .change ? "diff " : ""
                return "\(flag)`\(input.path)`"
            }
            lines += [
                "",
                "### \(example.title)",
                "",
                "```yaml",
                example.rule,
                "```",
                "",
                "With \(inputs.joined(separator: ", ")): **\(example.outcome.rawValue)**.",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
