/// The process exit status: the one thing every CI system reads.
///
/// 0 pass (warnings allowed), 1 a blocking rule failed, 2 could not judge. Anything that could
/// not be judged maps to 2, so a broken input or policy can never look like a pass.
public enum ExitStatus: Int32, Sendable {
    case pass = 0
    case fail = 1
    case couldNotJudge = 2

    /// Which outcome makes the gate exit 1 besides `fail` (`--fail-on warn`).
    public enum Threshold: String, Sendable, CaseIterable {
        case fail, warn
    }

    /// The status for an overall outcome.
    public init(outcome: Outcome, failOn threshold: Threshold = .fail) {
        switch outcome {
        case .error: self = .couldNotJudge
        case .fail: self = .fail
        case .warn: self = threshold == .warn ? .fail : .pass
        case .pass: self = .pass
        }
    }
}
