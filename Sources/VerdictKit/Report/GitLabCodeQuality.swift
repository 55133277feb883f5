/// A GitLab Code Quality report: the findings that decided the gate, shown in the merge
/// request widget.
///
/// GitLab's format is a JSON array of issues with `description`, `check_name`, `fingerprint`
/// (stable across runs, so GitLab can tell new issues from fixed ones), `severity` (info,
/// minor, major, critical, blocker) and `location.path` / `location.lines.begin`.
///
/// Paths are repository-relative (`RepositoryPaths`); an item with no place of its own (a jq
/// violation, a rule whose input is missing) points at the policy file. The fingerprint covers
/// the rule, the item, its path and its line, and an item that still repeats one gets its
/// occurrence number, so GitLab never folds two findings into one.
public enum GitLabCodeQuality {
    public static func render(_ decision: Decision, paths: RepositoryPaths = RepositoryPaths()) -> String {
        var issues: [JSONValue] = []
        var seen: [String: Int] = [:]
        let policyPath = decision.policy.sources.first.map { paths.relative($0.path) } ?? ""
        func add(description: String, checkName: String, identity: String, severity: String, path: String, line: Int) {
            let line = max(1, line)
            var key = [identity, path, String(line)].joined(separator: "\u{1F}")
            let occurrence = seen[key, default: 0]
            seen[key] = occurrence + 1
            if occurrence > 0 { key += "\u{1F}\(occurrence)" }
            issues.append(issue(description: description, checkName: checkName, identity: key, severity: severity, path: path, line: line))
        }
        for result in decision.results where result.outcome != .pass {
            let items = result.decidingItems
            if items.isEmpty {
                add(description: "\(result.ruleID): \(result.message)", checkName: "verdict/\(result.ruleID)",
                    identity: "rule\u{1F}\(result.ruleID)", severity: result.outcome == .warn ? "minor" : "major",
                    path: policyPath, line: 1)
                continue
            }
            for item in items {
                add(description: "\(item.checkName): \(item.message)", checkName: "verdict/\(item.ruleID)/\(item.checkName)",
                    identity: item.identity, severity: severity(item.level),
                    path: item.path.map { paths.relative($0, base: item.pathBase) } ?? policyPath, line: item.line ?? 1)
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
