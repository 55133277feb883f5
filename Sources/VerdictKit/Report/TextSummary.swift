/// The few lines a person reads in a CI log: one per rule, then the overall outcome.
public enum TextSummary {
    /// One line per rule and waiver notice, then the outcome line.
    public static func render(_ decision: Decision) -> String {
        var lines: [String] = []
        let width = max(4, decision.results.map(\.ruleID.count).max() ?? 0)
        for result in decision.results {
            let padded = result.ruleID.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("\(result.outcome.label.padding(toLength: 5, withPad: " ", startingAt: 0)) \(padded)  \(result.message)")
        }
        for notice in decision.waiverNotices {
            lines.append("note  \(notice.message)")
        }
        if let notice = unusedInputsNotice(decision) { lines.append((decision.options.strict ? "error " : "note  ") + notice) }
        lines.append(outcomeLine(decision))
        return lines.map(sanitized).joined(separator: "\n") + "\n"
    }

    /// `verdict: FAIL (exit 1) — policy production, 2 rules, 1 input, 12 findings`.
    public static func outcomeLine(_ decision: Decision) -> String {
        let rules = decision.results.count
        let inputs = decision.inputs.count
        var line = "verdict: \(decision.outcome.label) (exit \(decision.exitStatus.rawValue)) — policy \(decision.policy.name), "
        line += "\(rules) rule\(rules == 1 ? "" : "s"), \(inputs) input\(inputs == 1 ? "" : "s")"
        if decision.inputs.contains(where: { $0.kind == .sarif && $0.role == .subject }) {
            line += ", \(decision.inputSummary.findings) finding\(decision.inputSummary.findings == 1 ? "" : "s")"
        }
        if let risk = decision.risk {
            line += ", risk \(risk.rawValue)" + (decision.approvalRequired ? " (approval required)" : "")
        }
        if decision.outcome == .warn && decision.options.failOn == .warn { line += " (--fail-on warn)" }
        return sanitized(line)
    }

    /// `no rule reads 'coverage.xml' (cobertura)`, or nil when every input was read.
    public static func unusedInputsNotice(_ decision: Decision) -> String? {
        guard !decision.unusedInputs.isEmpty else { return nil }
        let names = decision.unusedInputs.map { "'\($0.path)' (\($0.kind.rawValue))" }.joined(separator: ", ")
        let consequence = decision.options.strict
            ? "; an input no rule reads cannot be judged (--strict or settings.unused_inputs: error)"
            : "; add a rule that reads it, or stop passing it"
        return "no rule reads \(names)" + consequence
    }

    /// Control characters from inputs must not drive the terminal (colours, cursor moves).
    static func sanitized(_ line: String) -> String {
        String(String.UnicodeScalarView(line.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? " " : scalar
        }))
    }
}
