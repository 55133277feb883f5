/// Policy-wide settings (`settings:`).
public struct PolicySettings: Sendable, Equatable {
    /// A waiver expiring further ahead than this many days is a policy error.
    public var maxWaiverDays: Int?

    public init(maxWaiverDays: Int? = nil) {
        self.maxWaiverDays = maxWaiverDays
    }

    static let keys = ["max_waiver_days"]
}
