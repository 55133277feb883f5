/// Something about a waiver that its owner should act on.
public struct WaiverNotice: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// Past its expiry day: it no longer applies, so what it covered counts again.
        case expired
        /// Still applies but runs out within 14 days.
        case expiring
        /// Applies but matched no finding: probably fixed, so the waiver can go.
        case unused
    }

    public var kind: Kind
    public var waiver: Waiver
    /// Findings the waiver covered in this evaluation (for `expired`: would have covered).
    public var findingCount: Int

    public init(kind: Kind, waiver: Waiver, findingCount: Int) {
        self.kind = kind
        self.waiver = waiver
        self.findingCount = findingCount
    }

    public var message: String {
        let expiry = "expires \(waiver.expires)"
        switch kind {
        case .expired:
            return "waiver \(waiver.label) expired on \(waiver.expires); it no longer applies"
                + (findingCount > 0 ? " (\(findingCount) finding\(findingCount == 1 ? "" : "s") count again)" : "")
        case .expiring:
            return "waiver \(waiver.label) \(expiry), within 14 days (covers \(findingCount) finding\(findingCount == 1 ? "" : "s"))"
        case .unused:
            return "waiver \(waiver.label) matched no finding; remove it if the problem is fixed"
        }
    }
}
