import Foundation

/// Reads SARIF 2.1.0 into findings.
///
/// One pass over the bytes with `JSONCursor`: rules and results are kept in small structs and
/// resolved when their run ends, so key order inside a run does not matter (some producers
/// write `results` before `tool`). Classification follows the spine issue:
/// Trivy's severity tag, then `security-severity`, then the SARIF level.
public enum SARIFReader {
    /// Reads one SARIF file.
    ///
    /// - Throws: `InputError.malformed` with the line and column of the first thing that is not
    ///   SARIF 2.1.0 (bad JSON, a wrong version, a rule reference out of range, an unknown level).
    public static func read(_ file: InputFile) throws(InputError) -> FindingSet {
        try file.readJSON { cursor, _ in
            var parser = Parser(cursor: cursor, path: file.path)
            return try parser.parseDocument()
        }
    }
}

extension SARIFReader {
    /// A result as written, before its rule is known.
    struct PendingResult {
        var ruleID: String?
        var ruleIndex: Int?
        var ruleReferenceID: String?
        var ruleReferenceIndex: Int?
        var toolComponentIndex: Int?
        var level: SARIFLevel?
        var kind: String?
        var message = ""
        var uri: String?
        /// The artifact location's `uriBaseId`: `uri` is relative to that base of the run.
        var uriBaseID: String?
        var line: Int?
        var locationMessage: String?
        var fingerprint: String?
        var securitySeverity: Double?
        var suppression: String?
        /// Where the result starts, for errors found while resolving it.
        var offset: Int
    }

    struct Tool {
        var name = ""
        var rules: [SARIFRule] = []
        var extensions: [[SARIFRule]] = []
    }

    struct Parser {
        var cursor: JSONCursor
        let path: String

        mutating func parseDocument() throws -> FindingSet {
            guard (try? cursor.peekKind()) == .object else {
                throw cursor.error(expected: "a SARIF log (a JSON object)")
            }
            try cursor.enterObject()
            var version: String?
            var versionOffset = 0
            var runs: [FindingSet] = []
            var sawRuns = false
            while let key = try cursor.nextKey() {
                switch key {
                case "version":
                    cursor.skipWhitespace()
                    versionOffset = cursor.offset
                    version = try cursor.readScalarText()
                case "runs":
                    sawRuns = true
                    try cursor.enterArray()
                    while try cursor.nextElement() { runs.append(try parseRun()) }
                default:
                    try cursor.skipValue()
                }
            }
            try cursor.expectEnd()
            guard version == "2.1.0" else {
                let position = version == nil ? nil : position(at: versionOffset)
                let found = version.map { "'\($0)'" } ?? "no version"
                throw InputError.malformed(path: path, position: position, message: "unsupported SARIF version: expected '2.1.0', found \(found)")
            }
            guard sawRuns else {
                throw InputError.malformed(path: path, position: nil, message: "not a SARIF log: expected a 'runs' array, found none")
            }
            return FindingSet.merging(runs)
        }

        mutating func parseRun() throws -> FindingSet {
            guard (try? cursor.peekKind()) == .object else { throw cursor.error(expected: "a run object") }
            try cursor.enterObject()
            var tool: Tool?
            // Results are resolved as they are read once the tool is known (the usual key
            // order); a run that lists results before its tool keeps them pending until the end.
            var pending: [PendingResult] = []
            var findings: [Finding] = []
            // Each finding's uriBaseId, resolved once the run's originalUriBaseIds are known
            // (they may follow the results).
            var baseIDs: [String?] = []
            var bases: [String: SARIFBaseURI] = [:]
            var resultCount = 0
            while let key = try cursor.nextKey() {
                switch key {
                case "tool": tool = try parseTool()
                case "originalUriBaseIds": bases = try parseBaseURIs()
                case "results":
                    if try cursor.peekKind() == .null {
                        try cursor.skipValue()
                        continue
                    }
                    try cursor.enterArray()
                    while try cursor.nextElement() {
                        let result = try parseResult()
                        cursor.releaseConsumedPages()
                        resultCount += 1
                        if let tool {
                            if let finding = try resolve(result, tool: tool) {
                                findings.append(finding)
                                baseIDs.append(result.uriBaseID)
                            }
                        } else {
                            pending.append(result)
                        }
                    }
                default: try cursor.skipValue()
                }
            }
            for result in pending {
                if let finding = try resolve(result, tool: tool ?? Tool()) {
                    findings.append(finding)
                    baseIDs.append(result.uriBaseID)
                }
            }
            for index in findings.indices {
                guard let id = baseIDs[index] else { continue }
                findings[index].location.baseURI = SARIFBaseURI.resolve(id, in: bases)
            }
            return FindingSet.scan(findings, informationalCount: resultCount - findings.count)
        }

        /// A run's `originalUriBaseIds`: id → `{uri, uriBaseId}`; other members are skipped.
        mutating func parseBaseURIs() throws -> [String: SARIFBaseURI] {
            guard try cursor.peekKind() == .object else {
                try cursor.skipValue()
                return [:]
            }
            var bases: [String: SARIFBaseURI] = [:]
            try cursor.enterObject()
            while let id = try cursor.nextKey() {
                var base = SARIFBaseURI()
                try forEachKey { parser, key in
                    switch key {
                    case "uri": base.uri = try parser.cursor.readOptionalString()
                    case "uriBaseId": base.parent = try parser.cursor.readOptionalString()
                    default: return false
                    }
                    return true
                }
                bases[id] = base
            }
            return bases
        }

        // MARK: tool and rules

        mutating func parseTool() throws -> Tool {
            var tool = Tool()
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                switch key {
                case "driver":
                    let component = try parseToolComponent()
                    tool.name = component.name
                    tool.rules = component.rules
                case "extensions":
                    try cursor.enterArray()
                    while try cursor.nextElement() { tool.extensions.append(try parseToolComponent().rules) }
                default: try cursor.skipValue()
                }
            }
            return tool
        }

        mutating func parseToolComponent() throws -> (name: String, rules: [SARIFRule]) {
            var name = ""
            var rules: [SARIFRule] = []
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                switch key {
                case "name": name = try cursor.readOptionalString() ?? ""
                case "rules":
                    try cursor.enterArray()
                    while try cursor.nextElement() {
                        rules.append(try parseRule())
                        cursor.releaseConsumedPages()
                    }
                default: try cursor.skipValue()
                }
            }
            return (name, rules)
        }

        mutating func parseRule() throws -> SARIFRule {
            var rule = SARIFRule()
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                switch key {
                case "id": rule.id = try cursor.readOptionalString()
                case "defaultConfiguration":
                    try forEachKey { parser, key in
                        if key == "level" {
                            rule.defaultLevel = try parser.parseLevel()
                            return true
                        }
                        return false
                    }
                case "properties":
                    try forEachKey { parser, key in
                        switch key {
                        case "tags":
                            rule.tagLevel = try parser.parseSeverityTag()
                            return true
                        case "security-severity":
                            rule.securitySeverity = try parser.cursor.readScalarText().flatMap(Double.init)
                            return true
                        default:
                            return false
                        }
                    }
                case "help":
                    try forEachKey { parser, key in
                        guard key == "text" else { return false }
                        if let text = try parser.cursor.readOptionalString() { rule.helpPackage = PackageFields.fromMessage(text) }
                        return true
                    }
                default: try cursor.skipValue()
                }
            }
            return rule
        }

        /// The first tag that is a severity word, in any case.
        mutating func parseSeverityTag() throws -> Severity? {
            guard try cursor.peekKind() == .array else {
                try cursor.skipValue()
                return nil
            }
            var level: Severity?
            try cursor.enterArray()
            while try cursor.nextElement() {
                guard try cursor.peekKind() == .string else {
                    try cursor.skipValue()
                    continue
                }
                let tag = try cursor.readString()
                if level == nil, tag.count <= 8 { level = Severity(word: tag) }
            }
            return level
        }

        mutating func parseLevel() throws -> SARIFLevel? {
            cursor.skipWhitespace()
            let start = cursor.offset
            guard let word = try cursor.readOptionalString() else { return nil }
            guard let level = SARIFLevel(rawValue: word) else {
                throw InputError.malformed(
                    path: path, position: position(at: start),
                    message: "unknown SARIF level '\(word)'; expected one of none, note, warning, error")
            }
            return level
        }

        // MARK: results

        mutating func parseResult() throws -> PendingResult {
            cursor.skipWhitespace()
            var result = PendingResult(offset: cursor.offset)
            guard (try? cursor.peekKind()) == .object else { throw cursor.error(expected: "a result object") }
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                switch key {
                case "ruleId": result.ruleID = try cursor.readOptionalString()
                case "ruleIndex": result.ruleIndex = try readIndex()
                case "rule":
                    try forEachKey { parser, key in
                        switch key {
                        case "id": result.ruleReferenceID = try parser.cursor.readOptionalString()
                        case "index": result.ruleReferenceIndex = try parser.readIndex()
                        case "toolComponent":
                            try parser.forEachKey { parser, key in
                                guard key == "index" else { return false }
                                result.toolComponentIndex = try parser.readIndex()
                                return true
                            }
                        default: return false
                        }
                        return true
                    }
                case "level": result.level = try parseLevel()
                case "kind": result.kind = try cursor.readOptionalString()
                case "message":
                    var markdown: String?
                    try forEachKey { parser, key in
                        switch key {
                        case "text": result.message = try parser.cursor.readOptionalString() ?? ""
                        case "markdown": markdown = try parser.cursor.readOptionalString()
                        default: return false
                        }
                        return true
                    }
                    if result.message.isEmpty, let markdown { result.message = markdown }
                case "locations": try parseLocations(into: &result)
                case "partialFingerprints": result.fingerprint = try parseFingerprints()
                case "properties":
                    try forEachKey { parser, key in
                        guard key == "security-severity" else { return false }
                        result.securitySeverity = try parser.cursor.readScalarText().flatMap(Double.init)
                        return true
                    }
                case "suppressions": result.suppression = try parseSuppressions()
                default: try cursor.skipValue()
                }
            }
            return result
        }

        /// The first location's artifact, line and message; further locations are skipped.
        mutating func parseLocations(into result: inout PendingResult) throws {
            guard try cursor.peekKind() == .array else {
                try cursor.skipValue()
                return
            }
            try cursor.enterArray()
            var first = true
            while try cursor.nextElement() {
                guard first, try cursor.peekKind() == .object else {
                    try cursor.skipValue()
                    continue
                }
                first = false
                try forEachKey { parser, key in
                    switch key {
                    case "physicalLocation":
                        try parser.forEachKey { parser, key in
                            switch key {
                            case "artifactLocation":
                                try parser.forEachKey { parser, key in
                                    switch key {
                                    case "uri": result.uri = try parser.cursor.readOptionalString()
                                    case "uriBaseId": result.uriBaseID = try parser.cursor.readOptionalString()
                                    default: return false
                                    }
                                    return true
                                }
                            case "region":
                                try parser.forEachKey { parser, key in
                                    guard key == "startLine" else { return false }
                                    result.line = try parser.readIndex()
                                    return true
                                }
                            default: return false
                            }
                            return true
                        }
                    case "message":
                        try parser.forEachKey { parser, key in
                            guard key == "text" else { return false }
                            result.locationMessage = try parser.cursor.readOptionalString()
                            return true
                        }
                    default: return false
                    }
                    return true
                }
            }
        }

        /// `partialFingerprints` as one canonical string (`key=value` sorted by key).
        mutating func parseFingerprints() throws -> String? {
            var pairs: [(String, String)] = []
            try forEachKey { parser, key in
                guard let value = try parser.cursor.readScalarText() else { return true }
                pairs.append((key, value))
                return true
            }
            guard !pairs.isEmpty else { return nil }
            return pairs.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
        }

        /// The justification of the first accepted suppression (SARIF §3.34: no status means accepted).
        mutating func parseSuppressions() throws -> String? {
            guard try cursor.peekKind() == .array else {
                try cursor.skipValue()
                return nil
            }
            var accepted: String?
            try cursor.enterArray()
            while try cursor.nextElement() {
                var status: String?
                var justification: String?
                var kind: String?
                try forEachKey { parser, key in
                    switch key {
                    case "status": status = try parser.cursor.readOptionalString()
                    case "justification": justification = try parser.cursor.readOptionalString()
                    case "kind": kind = try parser.cursor.readOptionalString()
                    default: return false
                    }
                    return true
                }
                if accepted == nil, status == nil || status == "accepted" {
                    let text = justification.flatMap { $0.isEmpty ? nil : $0 }
                    accepted = text ?? "suppressed in the source (\(kind ?? "no justification"))"
                }
            }
            return accepted
        }

        // MARK: resolution

        func resolve(_ result: PendingResult, tool: Tool) throws -> Finding? {
            let rule = try rule(for: result, in: tool)
            let effectiveLevel = result.level ?? rule?.defaultLevel ?? .warning
            if let kind = result.kind, ["pass", "notApplicable", "informational"].contains(kind) { return nil }
            guard let levelSeverity = effectiveLevel.severity else { return nil }

            let rawID = result.ruleID ?? result.ruleReferenceID ?? rule?.id ?? "(no rule id)"
            let severity = rule?.tagLevel
                ?? Self.severityPrefix(of: rawID)
                ?? (result.securitySeverity ?? rule?.securitySeverity).flatMap { Severity(cvssScore: $0) }
                ?? levelSeverity

            let packageFields = PackageFields.fromMessage(result.message)
                ?? result.locationMessage.flatMap(PackageFields.fromLocationMessage)
                ?? rule?.helpPackage
            return Finding(
                ruleID: Self.normalizedRuleID(rawID, tool: tool.name),
                level: severity,
                tool: tool.name.isEmpty ? "(unnamed tool)" : tool.name,
                message: result.message,
                location: FindingLocation(uri: result.uri, line: result.line),
                package: packageFields?.package,
                installedVersion: packageFields?.installedVersion,
                fixedVersion: packageFields?.fixedVersion,
                fingerprint: result.fingerprint,
                suppression: result.suppression)
        }

        /// The rule a result refers to: by extension and index, by index, or by id.
        func rule(for result: PendingResult, in tool: Tool) throws -> SARIFRule? {
            if let component = result.toolComponentIndex, let index = result.ruleReferenceIndex {
                guard component < tool.extensions.count, index < tool.extensions[component].count else {
                    throw outOfRange("rule.index \(index) of toolComponent \(component)", result: result)
                }
                return tool.extensions[component][index]
            }
            if let index = result.ruleIndex ?? result.ruleReferenceIndex {
                guard index < tool.rules.count else {
                    throw outOfRange("ruleIndex \(index)", count: tool.rules.count, result: result)
                }
                return tool.rules[index]
            }
            guard let id = result.ruleID ?? result.ruleReferenceID else { return nil }
            return tool.rules.first { $0.id == id } ?? tool.extensions.lazy.compactMap { $0.first { $0.id == id } }.first
        }

        func outOfRange(_ what: String, count: Int? = nil, result: PendingResult) -> InputError {
            let detail = count.map { "; the run has \($0) rules" } ?? ""
            return .malformed(path: path, position: position(at: result.offset), message: "result refers to \(what), which does not exist\(detail)")
        }

        /// The level in a 2020 Trivy template's rule id (`[MEDIUM] CVE-…`): those files carry it nowhere else.
        static func severityPrefix(of id: String) -> Severity? {
            guard id.hasPrefix("["), let close = id.firstIndex(of: "]") else { return nil }
            return Severity(word: String(id[id.index(after: id.startIndex)..<close]))
        }

        /// Strips the severity prefix of 2020 Trivy templates (`[HIGH] CVE-…`) and the target
        /// prefix of 2021 ones (`img (alpine 3.10.2): pkg-1.0 CVE-…`), so waivers name the CVE.
        static func normalizedRuleID(_ id: String, tool: String) -> String {
            if id.hasPrefix("["), let close = id.firstIndex(of: "]") {
                let word = id[id.index(after: id.startIndex)..<close]
                let rest = id[id.index(after: close)...].drop(while: { $0 == " " })
                if !rest.isEmpty, word.allSatisfy(\.isLetter) { return String(rest) }
            }
            if tool.range(of: "trivy", options: .caseInsensitive) != nil, id.contains(": "), let last = id.split(separator: " ").last {
                return String(last)
            }
            return id
        }

        // MARK: helpers

        /// Walks an object's keys; `body` reads the value and returns true, or returns false to skip it.
        mutating func forEachKey(_ body: (inout Parser, String) throws -> Bool) throws {
            guard (try? cursor.peekKind()) == .object else {
                try cursor.skipValue()
                return
            }
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                if try !body(&self, key) { try cursor.skipValue() }
            }
        }

        mutating func readIndex() throws -> Int? {
            guard try cursor.peekKind() == .number else {
                try cursor.skipValue()
                return nil
            }
            cursor.skipWhitespace()
            let start = cursor.offset
            let value = try cursor.readInt()
            guard value >= 0 else {
                throw InputError.malformed(path: path, position: position(at: start), message: "expected a non-negative integer, found \(value)")
            }
            return value
        }

        func position(at offset: Int) -> TextPosition {
            TextPosition(of: offset, in: cursor.bytes)
        }
    }
}
