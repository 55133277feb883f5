/// The decision as JUnit XML, which Jenkins, GitLab and GitHub test reporters display.
///
/// One `testsuite`, one `testcase` per rule: fail → `<failure>`, error → `<error>`, warn →
/// passed with the warning in `<system-out>`. Waived counts are suite properties
/// (`<rule>.waived`), the place the common JUnit schema allows properties.
public enum JUnitReport {
    public static func render(_ decision: Decision) -> String {
        let failures = decision.results.filter { $0.outcome == .fail }.count
        let errors = decision.results.filter { $0.outcome == .error }.count
        let tests = decision.results.count
        let suiteName = "verdict: \(decision.policy.name)"
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<testsuites name=\"verdict\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"0\">",
            "  <testsuite name=\"\(escape(suiteName))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\" time=\"0\" timestamp=\"\(timestamp(decision))\">",
            "    <properties>",
            property("outcome", decision.outcome.rawValue),
            property("exit_status", String(decision.exitStatus.rawValue)),
            property("policy", decision.policy.sources[0].path),
            property("policy_sha256", decision.policy.sources[0].sha256),
        ]
        for result in decision.results {
            if case let .severity(evidence) = result.details {
                lines.append(property("\(result.ruleID).waived", String(evidence.waived.count)))
            }
        }
        lines.append("    </properties>")
        for result in decision.results {
            let open = "    <testcase classname=\"verdict.\(escape(result.kind))\" name=\"\(escape(result.ruleID))\" time=\"0\""
            let detail = details(result)
            switch result.outcome {
            case .pass:
                lines.append(open + "/>")
            case .warn:
                lines.append(open + ">")
                lines.append("      <system-out>\(escape("warning: " + result.message + detail))</system-out>")
                lines.append("    </testcase>")
            case .fail:
                lines.append(open + ">")
                lines.append("      <failure message=\"\(escape(result.message))\" type=\"fail\">\(escape(result.message + detail))</failure>")
                lines.append("    </testcase>")
            case .error:
                lines.append(open + ">")
                lines.append("      <error message=\"\(escape(result.message))\" type=\"error\">\(escape(result.message))</error>")
                lines.append("    </testcase>")
            }
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The deciding items, one per line, after the message.
    static func details(_ result: RuleResult) -> String {
        let items = result.decidingItems
        guard !items.isEmpty else { return "" }
        let shown = items.prefix(200).map { item in
            "\n\(item.gate.rawValue) \(item.level.rawValue) \(item.checkName) \(item.path.map { $0 + (item.line.map { ":\($0)" } ?? "") } ?? "") \(item.message)"
        }
        return shown.joined() + (items.count > 200 ? "\n…and \(items.count - 200) more (see the decision record)" : "")
    }

    static func property(_ name: String, _ value: String) -> String {
        "      <property name=\"\(escape(name))\" value=\"\(escape(value))\"/>"
    }

    static func timestamp(_ decision: Decision) -> String {
        String(Timestamp.format(decision.evaluatedAt).dropLast()) // JUnit's timestamp has no zone designator
    }

    /// XML escaping; characters XML 1.0 cannot hold at all are dropped.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            case let c where c.value < 0x20 || (0xFFFE...0xFFFF).contains(c.value): continue
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
