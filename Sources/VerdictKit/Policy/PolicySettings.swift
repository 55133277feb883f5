/// Policy-wide settings (`settings:`).
public struct PolicySettings: Sendable, Equatable {
    /// A waiver expiring further ahead than this many days is a policy error.
    public var maxWaiverDays: Int?
    /// What an input that no rule reads does to the decision (`unused_inputs:`).
    public var unusedInputs: UnusedInputs

    /// `unused_inputs:` — an input no rule reads (coverage given to a policy without a
    /// coverage rule) is named in the summary and report (`warn`, the default), or makes the
    /// decision one that could not be judged (`error`, exit 2), as `--strict` does.
    public enum UnusedInputs: String, Sendable, CaseIterable {
        case warn, error
    }

    public init(maxWaiverDays: Int? = nil, unusedInputs: UnusedInputs = .warn) {
        self.maxWaiverDays = maxWaiverDays
        self.unusedInputs = unusedInputs
    }

    static let keys = ["max_waiver_days", "unused_inputs"]
}
