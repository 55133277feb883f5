import Foundation

extension SARIFReport {
    /// One SARIF result before serialization, with what orders it.
    struct Result {
        enum Level: String { case error, warning, note }

        var ruleID: String
        var ruleIndex: Int
        var level: Level
        var message: String
        var path: String?
        var line: Int?
        /// What identifies the result across runs; hashed into `partialFingerprints`.
        var identity: String
        /// A waiver's (or the producer's) justification: the result is suppressed as accepted.
        var suppression: String?
        var properties: [(String, JSONValue)]

        /// Worst first: errors, warnings, notes, then suppressed results.
        var rank: Int {
            suppression != nil ? 3 : level == .error ? 0 : level == .warning ? 1 : 2
        }

        var json: JSONValue {
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(ruleID)),
                ("ruleIndex", .int(ruleIndex)),
                ("level", .string(level.rawValue)),
                ("message", .object([("text", .string(message))])),
            ]
            if let path {
                var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(SARIFReport.uri(path)))]))]
                if let line, line >= 1 { physical.append(("region", .object([("startLine", .int(line))]))) }
                members.append(("locations", .array([.object([("physicalLocation", .object(physical))])])))
            }
            members.append(("partialFingerprints", .object([("verdictIdentity/v1", .string(SHA256Digest.hex(of: identity)))])))
            if let suppression {
                members.append(("suppressions", .array([.object([
                    ("kind", .string("external")), ("status", .string("accepted")), ("justification", .string(suppression)),
                ])])))
            }
            if !properties.isEmpty { members.append(("properties", .object(properties))) }
            return .object(members)
        }
    }

    /// Every result of a decision, worst first (stable within a rank: policy order, then each
    /// rule's own order).
    static func results(_ decision: Decision, limits: Limits) -> [Result] {
        var all: [Result] = []
        for result in decision.results {
            guard let index = decision.policy.rules.firstIndex(where: { $0.id == result.ruleID }) else { continue }
            let rule = decision.policy.rules[index]
            let cut = { (text: String) in shorten(text, to: limits.messageCharacters) }
            let items = result.outcome == .pass ? [] : result.decidingItems
            // A severity rule's items are its blocking then warning findings, in that order.
            var findings: [Finding] = []
            if case let .severity(evidence) = result.details { findings = (evidence.blocking + evidence.warning).map(\.finding) }
            for (offset, item) in items.enumerated() {
                var identity = item.identity
                // Items name their subject in the message; coverage's say which check (per_file, patch).
                var message = result.kind == CoverageRule.kind ? "\(item.checkName): \(item.message)" : item.message
                var properties: [(String, JSONValue)] = [("check", .string(item.checkName)), ("severity", .string(item.level.rawValue))]
                if findings.count == items.count {
                    identity = findingIdentity(ruleID: result.ruleID, findings[offset])
                    message = findingMessage(findings[offset])
                    properties += findingProperties(findings[offset])
                }
                let place = item.path ?? fallbackPath(decision, rule: rule)
                all.append(Result(
                    ruleID: result.ruleID, ruleIndex: index, level: item.gate == .block ? .error : .warning,
                    message: cut(message), path: place, line: item.path == nil ? nil : item.line,
                    identity: identity, suppression: nil, properties: properties))
            }
            // A coverage total below its target has no item of its own: the rule's line says it.
            if result.outcome != .pass, items.isEmpty || result.kind == CoverageRule.kind {
                all.append(Result(
                    ruleID: result.ruleID, ruleIndex: index, level: result.outcome == .warn ? .warning : .error,
                    message: cut("\(result.ruleID): \(result.outcome.rawValue) — \(result.message)"),
                    path: fallbackPath(decision, rule: rule), line: nil,
                    identity: ["rule", result.ruleID].joined(separator: "\u{1F}"), suppression: nil,
                    properties: [("outcome", .string(result.outcome.rawValue))]))
            }
            if case let .severity(evidence) = result.details {
                for waived in evidence.waived {
                    let finding = waived.finding
                    let level: Result.Level = evidence.blockLevels.contains(finding.level) ? .error
                        : evidence.warnLevels.contains(finding.level) ? .warning : .note
                    all.append(Result(
                        ruleID: result.ruleID, ruleIndex: index, level: level,
                        message: cut(findingMessage(finding)), path: finding.location.uri, line: finding.location.line,
                        identity: findingIdentity(ruleID: result.ruleID, finding), suppression: cut(waived.reason),
                        properties: [("check", .string(finding.ruleID)), ("severity", .string(finding.level.rawValue))] + findingProperties(finding)))
                }
            }
        }
        return all.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
    }

    /// Rule, finding rule, path, line and package (or message): the same finding in the next
    /// run has the same fingerprint; two findings of one rule in one file on two lines do not.
    static func findingIdentity(ruleID: String, _ finding: Finding) -> String {
        [ruleID, finding.ruleID, finding.location.uri ?? "", finding.location.line.map(String.init) ?? "", finding.package ?? finding.message]
            .joined(separator: "\u{1F}")
    }

    static func findingProperties(_ finding: Finding) -> [(String, JSONValue)] {
        var properties: [(String, JSONValue)] = [("tool", .string(finding.tool))]
        if let package = finding.package { properties.append(("package", .string(package))) }
        if let version = finding.installedVersion { properties.append(("installedVersion", .string(version))) }
        if let version = finding.fixedVersion { properties.append(("fixedVersion", .string(version))) }
        return properties
    }

    /// `CVE-1 in openssl 3.1.3 (fixed in 3.1.4)`, or the rule id and the message's first line.
    static func findingMessage(_ finding: Finding) -> String {
        if let package = finding.package {
            return "\(finding.ruleID) in \(package)" + (finding.installedVersion.map { " \($0)" } ?? "")
                + (finding.fixedVersion.map { " (fixed in \($0))" } ?? " (no fix)")
        }
        let line = finding.message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first.map(String.init) ?? ""
        return line.isEmpty ? finding.ruleID : "\(finding.ruleID): \(line)"
    }

    /// Where a result with no place of its own points: the policy file that defines the rule,
    /// else (a built-in or flag-built policy is no file) the first input the rule reads; nil
    /// when there is neither.
    static func fallbackPath(_ decision: Decision, rule: any PolicyRule) -> String? {
        if let policy = decision.policy.sources.first?.path, !policy.hasPrefix("<") { return policy }
        return decision.inputs.first(where: { rule.reads($0) && $0.path != "-" })?.path
    }

    /// A path as a SARIF URI reference: `./` dropped, characters a URI cannot hold escaped;
    /// a URI (`file:///…`, `https://…`) is kept as it is.
    static func uri(_ path: String) -> String {
        if path.contains("://") || path.hasPrefix("file:") { return path }
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~/!$&'()*+,;=:@")
        return String(path).addingPercentEncoding(withAllowedCharacters: allowed) ?? String(path)
    }

    /// `text` cut to `limit` characters, `…` marking the cut.
    static func shorten(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
