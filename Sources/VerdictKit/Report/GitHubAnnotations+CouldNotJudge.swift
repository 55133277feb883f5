extension GitHubAnnotations {
    /// A run that could not judge as `::error` workflow commands, one per reason, at the policy
    /// or input it names; capped like a decision's annotations.
    public static func render(_ failure: CouldNotJudge, paths: RepositoryPaths = RepositoryPaths()) -> String {
        let lines = failure.reasons.map { reason in
            // Standard input has no file to point at, and a line means nothing without one.
            let file = reason.diagnostic.path == "-" ? nil : paths.relative(reason.diagnostic.path)
            return command("error", file: file, line: file == nil ? nil : reason.diagnostic.position?.line,
                    title: "verdict: could not judge \(reason.title)", message: reason.located)
        }
        return capped(lines, kind: "error").map { $0 + "\n" }.joined()
    }
}
