/// GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`) for the items that
/// decided failing and warning rules.
///
/// GitHub shows at most 10 error and 10 warning annotations per step; past that, the last one
/// of each type becomes a summary ("and N more"), so nothing is silently dropped.
public enum GitHubAnnotations {
    public static let limitPerType = 10

    /// - Parameter paths: maps the items' paths to repository-relative ones, as GitHub needs.
    public static func render(_ decision: Decision, paths: RepositoryPaths = RepositoryPaths()) -> String {
        var errors: [String] = []
        var warnings: [String] = []
        for result in decision.results where result.outcome != .pass {
            let items = result.decidingItems
            if items.isEmpty {
                // A rule with nothing to point at (missing input, a threshold) still gets one annotation.
                let line = command(result.outcome == .warn ? "warning" : "error", file: nil, line: nil,
                                   title: "verdict: \(result.ruleID)", message: result.message)
                if result.outcome == .warn { warnings.append(line) } else { errors.append(line) }
                continue
            }
            for item in items {
                let isError = item.gate == .block && result.outcome != .warn
                let line = command(isError ? "error" : "warning", file: item.path.map { paths.relative($0, base: item.pathBase) }, line: item.line,
                                   title: "\(item.ruleID): \(item.checkName) (\(item.level.rawValue))", message: item.message)
                if isError { errors.append(line) } else { warnings.append(line) }
            }
        }
        return (capped(errors, kind: "error") + capped(warnings, kind: "warning")).map { $0 + "\n" }.joined()
    }

    static func capped(_ lines: [String], kind: String) -> [String] {
        guard lines.count > limitPerType else { return lines }
        let shown = limitPerType - 1
        let summary = command(kind, file: nil, line: nil, title: "verdict",
                              message: "\(lines.count - shown) more \(kind == "error" ? "blocking" : "warning") findings are not annotated; see the report")
        return Array(lines.prefix(shown)) + [summary]
    }

    static func command(_ kind: String, file: String?, line: Int?, title: String, message: String) -> String {
        var properties: [String] = []
        if let file { properties.append("file=\(escapeProperty(file))") }
        if let line { properties.append("line=\(line)") }
        properties.append("title=\(escapeProperty(title))")
        return "::\(kind) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    /// GitHub's escaping of a command's message, then `LogText`'s for what GitHub's leaves
    /// (other control characters, `##[`).
    static func escapeData(_ text: String) -> String {
        LogText.neutralised(text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A"))
    }

    /// GitHub's escaping of a command's property values: also `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text)
            .replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}
