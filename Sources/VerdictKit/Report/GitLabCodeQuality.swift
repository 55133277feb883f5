/// A GitLab Code Quality report: the findings that decided the gate, shown in the merge
/// request widget.
///
/// GitLab's format is a JSON array of issues with `description`, `check_name`, `fingerprint`
/// (stable across runs, so GitLab can tell new issues from fixed ones), `severity` (info,
/// minor, major, critical, blocker) and `location.path` / `location.lines.begin`.
public enum GitLabCodeQuality {
    public static func render(_ decision: Decision) -> String {
        var issues: [JSONValue] = []
        for result in decision.results where result.outcome != .pass {
            let items = result.decidingItems
            if items.isEmpty {
                issues.append(issue(description: "\(result.ruleID): \(result.message)", checkName: "verdict/\(result.ruleID)",
                                    identity: "rule\u{1F}\(result.ruleID)", severity: result.outcome == .warn ? "minor" : "major",
                                    path: decision.policy.sources[0].path, line: 1))
                continue
            }
            for item in items {
                issues.append(issue(description: "\(item.checkName): \(item.message)", checkName: "verdict/\(item.ruleID)/\(item.checkName)",
                                    identity: item.identity, severity: severity(item.level), path: item.path ?? "", line: item.line ?? 1))
            }
        }
        return JSONValue.array(issues).serialized()
    }

    static func issue(description: String, checkName: String, identity: String, severity: String, path: String, line: Int) -> JSONValue {
        .object([
            ("description", .string(description)),
            ("check_name", .string(checkName)),
            ("fingerprint", .string(SHA256Digest.hex(of: identity))),
            ("severity", .string(severity)),
            ("location", .object([("path", .string(path)), ("lines", .object([("begin", .int(max(1, line)))]))])),
        ])
    }

    static func severity(_ level: Severity) -> String {
        switch level {
        case .critical: "blocker"
        case .high: "critical"
        case .medium: "major"
        case .low: "minor"
        case .unknown: "info"
        }
    }
}
