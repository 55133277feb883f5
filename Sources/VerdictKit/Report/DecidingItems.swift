/// The items that decided a rule, in the shape CI annotation formats need: a level, a place and
/// a message. Writers for GitHub annotations and GitLab Code Quality see rules through this,
/// so a new rule kind only has to say what its deciding items are.
public struct DecidingItem: Sendable, Equatable {
    public enum Gate: String, Sendable { case block, warn }

    public var ruleID: String
    public var gate: Gate
    public var level: Severity
    /// The finding's own identifier (a CVE, a check id) or the rule id.
    public var checkName: String
    public var path: String?
    public var line: Int?
    public var message: String
    /// Identifies the item across runs (same finding, same fingerprint).
    public var identity: String
}

extension RuleResult {
    /// The findings (or other items) that made this rule fail or warn, worst first.
    public var decidingItems: [DecidingItem] {
        switch details {
        case .none:
            return []
        case let .severity(evidence):
            let blocking = evidence.blocking.map { ($0.finding, DecidingItem.Gate.block) }
            let warning = evidence.warning.map { ($0.finding, DecidingItem.Gate.warn) }
            return (blocking + warning).map { finding, gate in
                var message = finding.package.map { package in
                    "\(finding.ruleID) in \(package)" + (finding.installedVersion.map { " \($0)" } ?? "")
                        + (finding.fixedVersion.map { " (fixed in \($0))" } ?? " (no fix)")
                } ?? firstLine(finding.message)
                if message.isEmpty { message = finding.ruleID }
                return DecidingItem(
                    ruleID: ruleID, gate: gate, level: finding.level, checkName: finding.ruleID,
                    path: finding.location.uri, line: finding.location.line, message: message,
                    identity: [ruleID, finding.ruleID, finding.location.uri ?? "", finding.package ?? finding.message].joined(separator: "\u{1F}"))
            }
        case let .risk(evidence):
            // The changes at or above `fail_at` decided a failure.
            guard let failAt = evidence.failAt else { return [] }
            return evidence.plans.flatMap { assessment in
                assessment.changes.filter { $0.level >= failAt }.map { judged in
                    DecidingItem(
                        ruleID: ruleID, gate: .block, level: Severity(judged.level), checkName: judged.change.address,
                        path: assessment.plan.path, line: judged.change.line,
                        message: "\(judged.change.address) \(judged.change.actionLabel): \(judged.level.rawValue) (\(judged.why))",
                        identity: [ruleID, assessment.plan.path, judged.change.address, judged.change.actionLabel].joined(separator: "\u{1F}"))
                }
            }
        case let .coverage(evidence):
            // Files under their per-file target, and the uncovered lines of the change.
            let gate: DecidingItem.Gate = evidence.warnOnly ? .warn : .block
            let files = evidence.fileFailures.map { file in
                DecidingItem(
                    ruleID: ruleID, gate: gate, level: .medium, checkName: "per_file",
                    path: file.path, line: nil,
                    message: file.failed.map { "\($0.measure.rawValue) \($0.count.percentText) below \(CoverageCount.format($0.target))" }.joined(separator: ", "),
                    identity: [ruleID, "per_file", file.path].joined(separator: "\u{1F}"))
            }
            let patch = (evidence.patch?.passed == false ? evidence.patch?.uncovered ?? [] : []).map { range in
                DecidingItem(
                    ruleID: ruleID, gate: gate, level: .medium, checkName: "patch",
                    path: range.path, line: range.first,
                    message: "changed line\(range.first == range.last ? "" : "s") \(range.description) not covered by tests",
                    identity: [ruleID, "patch", range.description].joined(separator: "\u{1F}"))
            }
            return patch + files
        case let .load(evidence):
            // Failing thresholds block; warning ones (a truncated stream allowed, a missing baseline) warn.
            return evidence.checks.filter { $0.outcome == .fail || $0.outcome == .warn || $0.outcome == .error }.map { check in
                let value = check.value.map { JSONValue.format($0) + (check.isTime ? " ms" : "") } ?? "no value"
                return DecidingItem(
                    ruleID: ruleID, gate: check.outcome == .warn ? .warn : .block, level: check.outcome == .warn ? .medium : .high,
                    checkName: "\(check.metric) \(check.threshold)", path: evidence.path, line: nil,
                    message: "\(check.metric): \(check.threshold) — \(value)\(check.reason.map { " (\($0))" } ?? "")",
                    identity: [ruleID, check.origin.rawValue, check.metric, check.threshold].joined(separator: "\u{1F}"))
            }
        case let .drift(evidence):
            let gate: DecidingItem.Gate = evidence.onChange == .fail ? .block : .warn
            return evidence.plans.flatMap { plan in
                (plan.drift + plan.plannedChanges).map { change in
                    DecidingItem(
                        ruleID: ruleID, gate: gate, level: gate == .block ? .high : .medium, checkName: change.address,
                        path: plan.path, line: change.line, message: "\(change.address) \(change.actionLabel)",
                        identity: [ruleID, plan.path, change.address, change.actionLabel].joined(separator: "\u{1F}"))
                }
            }
        case let .jq(evidence):
            // Each violation a query reported; the query names no place.
            return evidence.violations.map { violation in
                DecidingItem(
                    ruleID: ruleID, gate: violation.level == .fail ? .block : .warn, level: violation.level == .fail ? .high : .medium,
                    checkName: ruleID, path: nil, line: nil, message: violation.message,
                    identity: [ruleID, violation.message].joined(separator: "\u{1F}"))
            }
        }
    }
}

extension Severity {
    /// The finding level a change's risk level reads as in CI annotation formats.
    init(_ risk: RiskLevel) {
        switch risk {
        case .critical: self = .critical
        case .high: self = .high
        case .medium: self = .medium
        case .low: self = .low
        case .none: self = .unknown
        }
    }
}
