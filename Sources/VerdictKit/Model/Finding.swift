/// One problem a scanner reported, normalized from whatever format it came in.
///
/// Rules see findings only through this type: nothing SARIF-specific survives the reader.
public struct Finding: Sendable, Hashable {
    /// The scanner's identifier for the problem: a CVE, GHSA, AVD-… or rule id.
    public var ruleID: String
    public var level: Severity
    /// The producing tool's name as it wrote it (`tool.driver.name` in SARIF).
    public var tool: String
    public var message: String
    public var location: FindingLocation
    public var package: String?
    public var installedVersion: String?
    public var fixedVersion: String?
    /// A stable fingerprint from the producer (SARIF `partialFingerprints`), for baseline matching.
    public var fingerprint: String?
    /// Set when the producer itself marked the finding as suppressed, with its justification.
    public var suppression: String?
    /// What the producer said about this finding against its own baseline (SARIF
    /// `baselineState`); nil when it said nothing. Results it calls `absent` are not findings.
    public var baselineState: BaselineState?

    public init(
        ruleID: String, level: Severity, tool: String, message: String, location: FindingLocation,
        package: String? = nil, installedVersion: String? = nil, fixedVersion: String? = nil,
        fingerprint: String? = nil, suppression: String? = nil, baselineState: BaselineState? = nil
    ) {
        self.ruleID = ruleID
        self.level = level
        self.tool = tool
        self.message = message
        self.location = location
        self.package = package
        self.installedVersion = installedVersion
        self.fixedVersion = fixedVersion
        self.fingerprint = fingerprint
        self.suppression = suppression
        self.baselineState = baselineState
    }

    /// SARIF's `baselineState` of a current result (§3.27.24); `absent` ones are not kept.
    public enum BaselineState: String, Sendable, Hashable {
        case new, unchanged, updated

        /// Whether the finding was already there before the change.
        public var isExisting: Bool { self != .new }
    }

    /// What makes two reports of a finding the same one: rule, location and package.
    ///
    /// Where the package is unknown the message stands in for it, so that two results of one
    /// rule at one placeholder location (old Trivy templates put every result at `Dockerfile:1`)
    /// are not merged into one.
    public var identity: Identity {
        Identity(ruleID: ruleID, uri: location.uri, line: location.line, subject: package ?? message)
    }

    public struct Identity: Hashable, Sendable {
        var ruleID: String
        var uri: String?
        var line: Int?
        var subject: String
    }

    /// The identity used against a baseline scan: without the line, which moves between commits.
    public var baselineIdentity: BaselineIdentity {
        BaselineIdentity(ruleID: ruleID, uri: location.uri, subject: package ?? message)
    }

    public struct BaselineIdentity: Hashable, Sendable {
        var ruleID: String
        var uri: String?
        var subject: String
    }

    /// The total order reports and records list findings in: worst first, then by rule and place.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        withUnsafePointer(to: lhs) { left in withUnsafePointer(to: rhs) { right in reportOrder(left, right) } }
    }

    /// `reportOrder` through pointers, reading fields in place: sorting 32,000 findings by
    /// value spent most of its time copying and retaining them.
    static func reportOrder(_ lhs: UnsafePointer<Finding>, _ rhs: UnsafePointer<Finding>) -> Bool {
        if lhs.pointee.level != rhs.pointee.level { return lhs.pointee.level > rhs.pointee.level }
        if lhs.pointee.ruleID != rhs.pointee.ruleID { return lhs.pointee.ruleID < rhs.pointee.ruleID }
        if lhs.pointee.location.uri != rhs.pointee.location.uri { return (lhs.pointee.location.uri ?? "") < (rhs.pointee.location.uri ?? "") }
        if lhs.pointee.location.line != rhs.pointee.location.line { return (lhs.pointee.location.line ?? 0) < (rhs.pointee.location.line ?? 0) }
        if lhs.pointee.package != rhs.pointee.package { return (lhs.pointee.package ?? "") < (rhs.pointee.package ?? "") }
        if lhs.pointee.tool != rhs.pointee.tool { return lhs.pointee.tool < rhs.pointee.tool }
        return lhs.pointee.message < rhs.pointee.message
    }
}

/// Where a finding is: a file or artifact, and a line when the producer knows one.
public struct FindingLocation: Sendable, Hashable {
    public var uri: String?
    public var line: Int?
    /// The absolute URI a relative `uri` is relative to, when the producer said (SARIF
    /// `uriBaseId` resolved through the run's `originalUriBaseIds`). Only CI outputs use it, to
    /// map `uri` into the repository: it is no part of a finding's identity or of the record.
    public var baseURI: String?

    public init(uri: String?, line: Int?, baseURI: String? = nil) {
        self.uri = uri
        self.line = line
        self.baseURI = baseURI
    }

    /// `path:line`, `path`, or `(no location)`.
    public var description: String {
        switch (uri, line) {
        case let (uri?, line?): "\(uri):\(line)"
        case let (uri?, nil): uri
        default: "(no location)"
        }
    }
}
