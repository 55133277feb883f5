import Foundation

/// A time-boxed, reasoned exception: findings it matches count as waived instead of blocking.
public struct Waiver: Sendable, Hashable {
    /// The finding's rule id it applies to (a CVE, GHSA, AVD-… or scanner rule id).
    public var id: String
    /// Glob on the finding's location; nil matches any location.
    public var path: Glob?
    public var package: String?
    /// The policy rule it is limited to; nil applies to every rule.
    public var rule: String?
    public var reason: String
    /// The last day the waiver applies (through 23:59:59 UTC).
    public var expires: CalendarDay
    public var owner: String?
    /// The waiver stops applying when the finding's level rises above this.
    public var maxLevel: Severity?
    /// Where the waiver is written, for reports ("policies/production.yaml:42").
    public var source: String

    public init(
        id: String, path: Glob? = nil, package: String? = nil, rule: String? = nil, reason: String,
        expires: CalendarDay, owner: String? = nil, maxLevel: Severity? = nil, source: String = ""
    ) {
        self.id = id
        self.path = path
        self.package = package
        self.rule = rule
        self.reason = reason
        self.expires = expires
        self.owner = owner
        self.maxLevel = maxLevel
        self.source = source
    }

    /// Whether the waiver still applies at `now`: through the whole of its expiry day, UTC.
    public func isActive(at now: Date) -> Bool {
        guard let end = expires.endDate else { return false }
        return now < end
    }

    /// Whether the waiver applies but runs out within `days` days of `now`.
    public func expiresSoon(at now: Date, within days: Int = 14) -> Bool {
        guard isActive(at: now), let end = expires.endDate else { return false }
        return end.timeIntervalSince(now) <= TimeInterval(days) * 86_400
    }

    /// Whether the waiver's conditions describe `finding` under policy rule `ruleID`, ignoring expiry.
    public func matches(_ finding: Finding, ruleID: String) -> Bool {
        guard finding.ruleID == id else { return false }
        if let rule, rule != ruleID { return false }
        if let package, finding.package != package { return false }
        if let path {
            guard let uri = finding.location.uri, path.matches(uri) else { return false }
        }
        if let maxLevel, finding.level > maxLevel { return false }
        return true
    }

    /// A short description that tells waivers with the same id apart.
    public var label: String {
        var parts = [id]
        if let package { parts.append("package \(package)") }
        if let path { parts.append("path \(path.pattern)") }
        if let rule { parts.append("rule \(rule)") }
        return parts.joined(separator: ", ")
    }
}
