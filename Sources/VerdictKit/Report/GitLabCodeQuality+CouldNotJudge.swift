extension GitLabCodeQuality {
    /// A run that could not judge as Code Quality issues: one `blocker` per reason at the policy
    /// or input it names (repository-relative, line 1 when the reason has no position).
    public static func render(_ failure: CouldNotJudge, paths: RepositoryPaths = RepositoryPaths()) -> String {
        var seen: [String: Int] = [:]
        let issues = failure.reasons.map { reason -> JSONValue in
            let path = paths.relative(reason.diagnostic.path)
            let line = reason.diagnostic.position?.line ?? 1
            var identity = ["could-not-judge", reason.subject.rawValue, path, String(line), reason.diagnostic.message].joined(separator: "\u{1F}")
            let occurrence = seen[identity, default: 0]
            seen[identity] = occurrence + 1
            if occurrence > 0 { identity += "\u{1F}\(occurrence)" }
            return issue(description: reason.sentence, checkName: "verdict/could-not-judge/\(reason.subject.rawValue)",
                         identity: identity, severity: "blocker", path: path, line: line)
        }
        return JSONValue.array(issues).serialized()
    }
}
