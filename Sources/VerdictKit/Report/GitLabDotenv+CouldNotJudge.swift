extension GitLabDotenv {
    /// The dotenv report of a run that could not judge: `outcome=error`, `exit_code=2`,
    /// `risk=unknown`, `approval_required=true` (fail closed), and `error_subject` (`policy` or
    /// `input`). The reason itself stays out: a dotenv value is one token, and the JUnit and
    /// Code Quality reports carry it.
    public static func render(_ failure: CouldNotJudge) -> String {
        let pairs: [(String, String)] = [
            ("outcome", failure.outcome.rawValue),
            ("exit_code", String(failure.exitStatus.rawValue)),
            ("risk", "unknown"),
            ("approval_required", "true"),
            ("error_subject", failure.reasons.first?.subject.rawValue ?? CouldNotJudge.Subject.input.rawValue),
        ]
        return pairs.map(line).joined()
    }
}
