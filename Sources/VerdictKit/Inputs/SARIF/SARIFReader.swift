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
        var securitySeverity: SecuritySeverity?
        var suppression: String?
        /// SARIF `baselineState`; nil when absent from the result.
        var baselineState: String?
        /// Where the result starts, for errors found while resolving it.
        var offset: Int
    }

    struct Tool {
        var name = "" {
            didSet { isTrivy = name.lowercased().contains("trivy") }
        }
        /// Whether the tool's name says Trivy (in any case): its rule ids may carry a target prefix.
        private(set) var isTrivy = false
        var rules: [SARIFRule] = []
        var extensions: [[SARIFRule]] = []
        /// Each rule id of the driver and extensions: the rule with that id, the more severe
        /// one when the id is defined twice (a duplicate must not pick the milder by position).
        var byID: [String: SARIFRule] = [:]
        /// Rule ids defined more than once with different severities.
        var conflictingIDs: [String] = []

        mutating func indexRules() {
            byID = [:]
            var conflicts = Set<String>()
            for rule in rules + extensions.joined() {
                guard let id = rule.id else { continue }
                guard let existing = byID[id] else {
                    byID[id] = rule
                    continue
                }
                if existing.severityHint != rule.severityHint { conflicts.insert(id) }
                if (rule.severityHint ?? .unknown) > (existing.severityHint ?? .unknown) { byID[id] = rule }
            }
            conflictingIDs = conflicts.sorted()
        }
    }

    struct Parser {
        var cursor: JSONCursor
        let path: String
        /// Warnings about the log, one per kind of problem: where it was first seen, what it
        /// is, and how many results or rules had it.
        var notes: [String: (offset: Int, message: String, count: Int)] = [:]

        /// Package fields of rules' help texts already decoded, by the text's offset.
        var helpPackages: [Int: PackageFields?] = [:]

        init(cursor: JSONCursor, path: String) {
            self.cursor = cursor
            self.path = path
        }

        mutating func note(_ kind: String, at offset: Int, _ message: @autoclosure () -> String) {
            if let existing = notes[kind] {
                notes[kind] = (existing.offset, existing.message, existing.count + 1)
            } else {
                notes[kind] = (offset, message(), 1)
            }
        }

        func diagnostics() -> [Diagnostic] {
            notes.values.sorted { $0.offset < $1.offset }.map { note in
                let more = note.count > 1 ? " (\(note.count - 1) more like it in this file)" : ""
                return Diagnostic(path: path, position: position(at: note.offset), severity: .warning, message: note.message + more)
            }
        }

        mutating func parseDocument() throws -> FindingSet {
            guard (try? cursor.peekKind()) == .object else {
                throw cursor.error(expected: "a SARIF log (a JSON object)")
            }
            try cursor.enterObject()
            var version: String?
            var versionOffset = 0
            var runs: [FindingSet] = []
            var runsWithoutResults: [Int] = []
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
                    while try cursor.nextElement() {
                        let (run, hasResults) = try parseRun()
                        if !hasResults { runsWithoutResults.append(runs.count + 1) }
                        runs.append(run)
                    }
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
            // An empty `runs` says no tool ran, and a run without `results` (absent or null)
            // that its tool did not finish (SARIF §3.14.23: a tool that ran and found nothing
            // writes `"results": []`): neither is a clean scan.
            var set = runs.isEmpty ? FindingSet() : FindingSet.merging(runs)
            if runs.isEmpty {
                set.scansNotRun = ["'\(path)' has an empty 'runs' array"]
            } else if !runsWithoutResults.isEmpty {
                set.scansNotRun = [runsWithoutResults.count == runs.count && runs.count > 1
                    ? "none of the \(runs.count) runs of '\(path)' has a 'results' array"
                    : "run \(runsWithoutResults.map(String.init).joined(separator: ", ")) of '\(path)' \(runsWithoutResults.count == 1 ? "has" : "have") no 'results' array"]
            }
            set.notes = diagnostics()
            return set
        }

        /// One run's findings, and whether it has a `results` array at all.
        mutating func parseRun() throws -> (FindingSet, hasResults: Bool) {
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
            var hasResults = false
            while let key = try cursor.nextKey() {
                switch key {
                case "tool":
                    cursor.skipWhitespace()
                    let start = cursor.offset
                    tool = try parseTool()
                    if let id = tool?.conflictingIDs.first {
                        let more = (tool?.conflictingIDs.count ?? 1) - 1
                        note("duplicate rule id", at: start, "rule id '\(Self.quoted(id))' is defined more than once with different severities\(more > 0 ? " (and \(more) more ids)" : ""); results naming it take the most severe")
                    }
                case "originalUriBaseIds": bases = try parseBaseURIs()
                case "results":
                    if try cursor.peekKind() == .null {
                        try cursor.skipValue()
                        continue
                    }
                    hasResults = true
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
            let informationalCount = resultCount - findings.count
            return (FindingSet.scan(consume findings, informationalCount: informationalCount), hasResults)
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
            tool.indexRules()
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
                            rule.securitySeverity = try parser.parseSecuritySeverity()
                            return true
                        default:
                            return false
                        }
                    }
                case "help":
                    try forEachKey { parser, key in
                        guard key == "text" else { return false }
                        // Validated now (skipValue checks escapes and UTF-8), decoded on demand.
                        switch try parser.cursor.peekKind() {
                        case .string:
                            rule.helpTextOffset = parser.cursor.offset
                            try parser.cursor.skipValue()
                        case .null: try parser.cursor.skipValue()
                        default: _ = try parser.cursor.readString()
                        }
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
                if level == nil, tag.utf8.count <= 16 { level = Severity(word: Blanks.trimming(tag)) }
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
                        result.securitySeverity = try parser.parseSecuritySeverity()
                        return true
                    }
                case "suppressions": result.suppression = try parseSuppressions()
                case "baselineState":
                    cursor.skipWhitespace()
                    let start = cursor.offset
                    result.baselineState = try cursor.readOptionalString()
                    if let state = result.baselineState, !["new", "unchanged", "updated", "absent"].contains(state) {
                        throw InputError.malformed(
                            path: path, position: position(at: start),
                            message: "unknown baselineState '\(state)'; expected one of new, unchanged, updated, absent")
                    }
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

        /// The justification of the first accepted suppression, when the result is suppressed.
        ///
        /// SARIF §3.35.3: a suppression without a status is accepted. A result is suppressed only
        /// when at least one suppression is accepted and none is `underReview` or `rejected` (the
        /// SARIF SDK's `IsSuppressed`); a status Verdict does not know also keeps it counted.
        mutating func parseSuppressions() throws -> String? {
            guard try cursor.peekKind() == .array else {
                try cursor.skipValue()
                return nil
            }
            var accepted: String?
            var vetoed = false
            try cursor.enterArray()
            while try cursor.nextElement() {
                // A suppression that is not an object says nothing that could be accepted.
                guard try cursor.peekKind() == .object else {
                    try cursor.skipValue()
                    vetoed = true
                    continue
                }
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
                if status == nil || status == "accepted" {
                    if accepted == nil {
                        let text = justification.flatMap { $0.isEmpty ? nil : $0 }
                        accepted = text ?? "suppressed in the source (\(kind ?? "no justification"))"
                    }
                } else {
                    vetoed = true
                }
            }
            return vetoed ? nil : accepted
        }

        /// A `security-severity` value: a score, or what was written instead; nil for null.
        mutating func parseSecuritySeverity() throws -> SecuritySeverity? {
            cursor.skipWhitespace()
            let start = cursor.offset
            let kind = try cursor.peekKind()
            guard kind != .null else {
                try cursor.skipValue()
                return nil
            }
            let text: String
            switch kind {
            case .object, .array:
                try cursor.skipValue()
                text = kind == .object ? "{…}" : "[…]"
            default:
                text = try cursor.readScalarText() ?? ""
            }
            let value = SecuritySeverity.parse(text, offset: start)
            if case .unreadable = value {
                note("security-severity", at: start, "security-severity '\(Self.quoted(text))' is not a score from 0.0 to 10.0; results it rates count at level 'unknown'")
            }
            return value
        }

        // MARK: resolution

        mutating func resolve(_ result: PendingResult, tool: Tool) throws -> Finding? {
            if let kind = result.kind, ["pass", "notApplicable", "informational"].contains(kind) { return nil }
            // `absent`: a result of the producer's baseline that is no longer there.
            if result.baselineState == "absent" { return nil }
            let rule = try rule(for: result, in: tool)
            let effectiveLevel = result.level ?? rule?.defaultLevel ?? .warning

            // Severity metadata outranks the SARIF level, `none` included: Trivy writes level
            // `none` for some results whose rule says CRITICAL.
            let rawID = result.ruleID ?? result.ruleReferenceID ?? rule?.id ?? "(no rule id)"
            // The result's score overrides the rule's, unless it cannot be read and the rule's can.
            let score: SecuritySeverity?
            switch (result.securitySeverity, rule?.securitySeverity) {
            case (.unreadable?, .score?): score = rule?.securitySeverity
            default: score = result.securitySeverity ?? rule?.securitySeverity
            }
            let metadata = rule?.tagLevel ?? Self.severityPrefix(of: rawID) ?? score?.severity
            guard let severity = metadata ?? effectiveLevel.severity else { return nil }

            var packageFields = PackageFields.fromMessage(result.message)
                ?? result.locationMessage.flatMap(PackageFields.fromLocationMessage)
            if packageFields == nil, let rule { packageFields = try helpPackage(of: rule) }
            return Finding(
                ruleID: Self.normalizedRuleID(rawID, isTrivy: tool.isTrivy),
                level: severity,
                tool: tool.name.isEmpty ? "(unnamed tool)" : tool.name,
                message: result.message,
                location: FindingLocation(uri: result.uri, line: result.line),
                package: packageFields?.package,
                installedVersion: packageFields?.installedVersion,
                fixedVersion: packageFields?.fixedVersion,
                fingerprint: result.fingerprint,
                suppression: result.suppression,
                baselineState: result.baselineState.flatMap(Finding.BaselineState.init(rawValue:)))
        }

        /// The package fields of a rule's `help.text`, decoded once per rule.
        mutating func helpPackage(of rule: SARIFRule) throws -> PackageFields? {
            guard let offset = rule.helpTextOffset else { return nil }
            if let known = helpPackages[offset] { return known }
            var reader = JSONCursor(bytes: cursor.bytes, offset: offset)
            let package = PackageFields.fromMessage(try reader.readString())
            helpPackages[offset] = package
            return package
        }

        /// The rule a result refers to: by extension and index, by index, or by id.
        ///
        /// When an index names a rule whose id is not the result's `ruleId`, the `ruleId` wins
        /// (SARIF §3.27.5: `ruleId` is the rule's stable identifier; an index is only a shortcut)
        /// and the contradiction is noted as a warning.
        mutating func rule(for result: PendingResult, in tool: Tool) throws -> SARIFRule? {
            let indexed: SARIFRule?
            let reference: String
            if let component = result.toolComponentIndex, let index = result.ruleReferenceIndex {
                guard component < tool.extensions.count, index < tool.extensions[component].count else {
                    throw outOfRange("rule.index \(index) of toolComponent \(component)", result: result)
                }
                indexed = tool.extensions[component][index]
                reference = "rule.index \(index) of toolComponent \(component)"
            } else if let index = result.ruleIndex ?? result.ruleReferenceIndex {
                guard index < tool.rules.count else {
                    throw outOfRange("ruleIndex \(index)", count: tool.rules.count, result: result)
                }
                indexed = tool.rules[index]
                reference = "ruleIndex \(index)"
            } else {
                indexed = nil
                reference = ""
            }
            guard let id = result.ruleID ?? result.ruleReferenceID else { return indexed }
            if let referenceID = result.ruleReferenceID, referenceID != id {
                note("rule.id", at: result.offset, "the result's ruleId '\(Self.quoted(id))' and rule.id '\(Self.quoted(referenceID))' differ; the ruleId names the rule")
            }
            if let indexed, indexed.id.map({ Self.id(id, names: $0) }) ?? true { return indexed }
            let byID = Self.rule(named: id, in: tool)
            if let indexed, let indexedID = indexed.id {
                // A ruleId that names no rule leaves the index as the only link to metadata.
                let outcome = byID == nil ? "no rule has that id, so rule '\(Self.quoted(indexedID))' still classifies it" : "the rule is taken from the ruleId"
                note("ruleIndex", at: result.offset, "\(reference) names rule '\(Self.quoted(indexedID))' but the result's ruleId is '\(Self.quoted(id))'; \(outcome)")
            }
            return byID ?? indexed
        }

        /// The rule with id `id` in the driver or an extension, or the rule a hierarchical id
        /// (`CA2000/1`) belongs to.
        static func rule(named id: String, in tool: Tool) -> SARIFRule? {
            if let exact = tool.byID[id] { return exact }
            guard id.contains("/") else { return nil }
            let names: (SARIFRule) -> Bool = { $0.id.map { Self.id(id, names: $0) } ?? false }
            return tool.rules.first(where: names) ?? tool.extensions.lazy.compactMap({ $0.first(where: names) }).first
        }

        /// Whether a result's `ruleId` names a rule with id `ruleID`: equal, or a hierarchical
        /// sub-id of it (`CA2000/1`, SARIF §3.27.5).
        static func id(_ id: String, names ruleID: String) -> Bool {
            id == ruleID || (id.hasPrefix(ruleID) && id.dropFirst(ruleID.count).first == "/")
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
        static func normalizedRuleID(_ id: String, isTrivy: Bool) -> String {
            if id.hasPrefix("["), let close = id.firstIndex(of: "]") {
                let word = id[id.index(after: id.startIndex)..<close]
                let rest = id[id.index(after: close)...].drop(while: { $0 == " " })
                if !rest.isEmpty, word.allSatisfy(\.isLetter) { return String(rest) }
            }
            if isTrivy, Self.containsColonSpace(id), let last = id.split(separator: " ").last {
                return String(last)
            }
            return id
        }

        /// Whether `text` holds the characters `:` and space in a row (a space carrying a
        /// combining mark is another character), without Foundation's search through ICU: most
        /// ids hold no colon and are passed on one byte scan.
        static func containsColonSpace(_ text: String) -> Bool {
            guard text.utf8.contains(UInt8(ascii: ":")) else { return false }
            var previous: Character?
            for character in text {
                if previous == ":", character == " " { return true }
                previous = character
            }
            return false
        }

        // MARK: helpers

        /// Input text for a one-line message: line breaks and other controls escaped, at most 100 characters.
        static func quoted(_ text: String) -> String {
            var shown = ""
            for scalar in text.unicodeScalars.prefix(100) {
                switch scalar {
                case "\n": shown += "\\n"
                case "\r": shown += "\\r"
                case "\t": shown += "\\t"
                default: shown.unicodeScalars.append(scalar)
                }
            }
            return text.unicodeScalars.count > 100 ? shown + "…" : shown
        }

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
