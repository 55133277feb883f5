extension JUnitReport {
    /// A run that could not judge as JUnit XML: one test case per reason, each an `<error>`
    /// naming the policy or input and saying why, so a test dashboard shows why the gate is red.
    public static func render(_ failure: CouldNotJudge) -> String {
        let count = failure.reasons.count
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<testsuites name=\"verdict\" tests=\"\(count)\" failures=\"0\" errors=\"\(count)\" time=\"0\">",
            "  <testsuite name=\"verdict: could not judge\" tests=\"\(count)\" failures=\"0\" errors=\"\(count)\" skipped=\"0\" time=\"0\" timestamp=\"\(String(Timestamp.format(failure.evaluatedAt).dropLast()))\">",
            "    <properties>",
            property("outcome", failure.outcome.rawValue),
            property("exit_status", String(failure.exitStatus.rawValue)),
            "    </properties>",
        ]
        for reason in failure.reasons {
            lines.append("    <testcase classname=\"verdict.\(reason.subject.rawValue)\" name=\"\(escape(Diagnostic.bounded(reason.diagnostic.path)))\" time=\"0\">")
            lines.append("      <error message=\"\(escape(reason.sentence))\" type=\"could-not-judge\">\(escape(reason.diagnostic.description))</error>")
            lines.append("    </testcase>")
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }
}
