/// Step outputs for GitHub Actions (`$GITHUB_OUTPUT`), so later steps can branch on the verdict:
/// `outcome`, `exit_code`, `risk`, `approval_required` and `rule_<id>` per rule.
///
/// Values go in GitHub's multi-line-safe form (`name<<DELIMITER`) whenever they contain a line
/// break, with a delimiter that does not occur in the value.
public enum GitHubOutputs {
    /// The `name=value` pairs, in a fixed order.
    public static func pairs(_ decision: Decision, extra: [(String, String)] = []) -> [(String, String)] {
        var pairs: [(String, String)] = [
            ("outcome", decision.outcome.rawValue),
            ("exit_code", String(decision.exitStatus.rawValue)),
            // `none` when no risk rule judged a plan.
            ("risk", decision.risk?.rawValue ?? RiskLevel.none.rawValue),
            ("approval_required", String(decision.approvalRequired)),
        ]
        pairs.append(contentsOf: extra)
        for result in decision.results {
            pairs.append(("rule_\(outputName(result.ruleID))", result.outcome.rawValue))
        }
        return pairs
    }

    public static func render(_ decision: Decision, extra: [(String, String)] = []) -> String {
        pairs(decision, extra: extra).map { name, value in line(name, value) }.joined()
    }

    /// One output in the simple or the heredoc form.
    static func line(_ name: String, _ value: String) -> String {
        guard value.contains("\n") || value.contains("\r") else { return "\(name)=\(value)\n" }
        var delimiter = "VERDICT_EOF"
        var counter = 0
        while value.contains(delimiter) {
            counter += 1
            delimiter = "VERDICT_EOF_\(counter)"
        }
        return "\(name)<<\(delimiter)\n\(value)\n\(delimiter)\n"
    }

    /// A rule id as an output name: letters, digits, `_` and `-`; anything else becomes `_`.
    static func outputName(_ id: String) -> String {
        OutputName.sanitised(id)
    }
}
