extension GitHubOutputs {
    /// The step outputs of a run that could not judge: `outcome=error`, `exit_code=2`,
    /// `risk=unknown` and `approval_required=true` (fail closed: a later step that branches on
    /// either must not go ahead), and `error`, the reasons one per line.
    public static func pairs(_ failure: CouldNotJudge) -> [(String, String)] {
        [
            ("outcome", failure.outcome.rawValue),
            ("exit_code", String(failure.exitStatus.rawValue)),
            ("risk", "unknown"),
            ("approval_required", "true"),
            ("error", failure.reasons.map(\.sentence).joined(separator: "\n")),
        ]
    }

    public static func render(_ failure: CouldNotJudge) -> String {
        pairs(failure).map { name, value in line(name, value) }.joined()
    }
}
