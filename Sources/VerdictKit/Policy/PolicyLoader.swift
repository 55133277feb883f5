import Foundation

/// Loads a policy file (and what it extends) into a validated `Policy`.
///
/// Everything is checked before any input is read: YAML syntax, every key (unknown keys get
/// the nearest valid one suggested), every type, levels, waivers, duplicate rule ids and
/// `extends` cycles. All problems are reported together.
public struct PolicyLoader {
    /// Reads a policy file's text; replaced in replays by the texts stored in a record.
    public var readText: (String) throws -> String
    /// The clock for `max_waiver_days`.
    public var now: Date
    /// Whether `extends` targets must stay inside a `FileBoundary` anchored at the policy named
    /// on the command line. True when reading from disk; a custom `readText` (a record's stored
    /// texts, a test's dictionary) reads no file system and sets no boundary.
    public var confinesExtends: Bool

    /// - Parameter readText: where texts come from; nil reads the disk, with `extends` confined.
    public init(now: Date, readText: ((String) throws -> String)? = nil) {
        self.now = now
        self.readText = readText ?? PolicyLoader.readFromDisk
        self.confinesExtends = readText == nil
    }

    public static func readFromDisk(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try text(of: data, path: path)
    }

    /// The policy text in `data`: UTF-8, without a BOM.
    static func text(of data: Data, path: String) throws(PolicyError) -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError(path: path, message: "the policy is not valid UTF-8 text")
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Loads the policy at `path`.
    public func load(path: String) throws(PolicyError) -> Policy {
        let text: String
        do {
            text = try readText(path)
        } catch let error as PolicyError {
            throw error
        } catch {
            throw PolicyError(path: path, message: "cannot read policy: \(InputFile.describe(error))")
        }
        return try load(text: text, path: path)
    }

    /// Loads a policy from its text; `path` names it in errors and anchors relative `extends`.
    public func load(text: String, path: String) throws(PolicyError) -> Policy {
        var sources: [PolicySource] = []
        let boundary = confinesExtends ? FileBoundary(anchoredAt: path) : nil
        let file = try loadFile(text: text, path: path, chain: [], boundary: boundary, sources: &sources)
        var problems: [Diagnostic] = []
        let policy = finish(file, sources: sources, problems: &problems)
        guard problems.isEmpty, let policy else { throw PolicyError(diagnostics: problems) }
        return policy
    }

    // MARK: One file

    /// What one file contributes, merged with what it extends.
    struct FileContent {
        var name: String?
        var rules: [(rule: any PolicyRule, mark: TextPosition, reader: PolicyReader)]
        var settings: PolicySettings
        var waivers: [(waiver: Waiver, ruleMark: TextPosition?, expiresMark: TextPosition, reader: PolicyReader)]
    }

    static let topLevelKeys = ["version", "name", "extends", "rules", "settings", "waivers"]
    static let waiverKeys = ["id", "path", "package", "rule", "reason", "expires", "owner", "max_level"]

    /// Loads one file; `chain` holds the files that extend it (empty for the file named on the
    /// command line), `boundary` where its own `extends` may lead.
    func loadFile(text: String, path: String, chain: [String], boundary: FileBoundary?, sources: inout [PolicySource]) throws(PolicyError) -> FileContent {
        sources.append(PolicySource(path: path, text: text))
        let reader = PolicyReader(path: path, text: text)
        let root: YAMLNode?
        do {
            root = try YAMLDocument.parse(text)
        } catch {
            // An extended file that is not YAML may be anything (a key, a token file): named, never quoted.
            if !chain.isEmpty { throw PolicyError(path: path, message: Self.notAPolicy) }
            reader.problem(error.message, at: error.mark)
            throw PolicyError(diagnostics: reader.problems)
        }
        guard let root else { throw PolicyError(path: path, message: "the policy file is empty; expected 'version: 1' and 'rules:'") }
        if !chain.isEmpty, !Self.looksLikePolicy(root) { throw PolicyError(path: path, message: Self.notAPolicy) }
        guard let top = reader.mapping(root, "the policy", allowed: Self.topLevelKeys) else {
            throw PolicyError(diagnostics: reader.problems)
        }

        if let version = top.required("version") {
            if case let .scalar(scalar) = version, scalar.style == .plain, scalar.value == "1" {
            } else {
                reader.problem("unsupported policy version \(version.typeDescription); expected 1", at: version.mark)
            }
        }
        let name = top["name"].flatMap { reader.string($0, "name") }

        var base: FileContent?
        if let extendsNode = top["extends"], let relative = reader.string(extendsNode, "extends") {
            let target = Self.resolve(relative, against: path)
            if chain.contains(target) || target == path {
                reader.problem("'extends' cycle: \((chain + [path, target]).joined(separator: " → "))", at: extendsNode.mark)
            } else {
                let baseText: String
                do {
                    if let boundary {
                        baseText = try Self.text(of: try boundary.read(target), path: target)
                    } else {
                        baseText = try readText(target)
                    }
                } catch let refusal as FileBoundary.Refusal {
                    reader.problem("extended policy '\(target)' \(refusal)", at: extendsNode.mark)
                    throw PolicyError(diagnostics: reader.problems)
                } catch {
                    reader.problem("cannot read extended policy '\(target)': \(InputFile.describe(error))", at: extendsNode.mark)
                    throw PolicyError(diagnostics: reader.problems)
                }
                do {
                    // The boundary stays the one of the policy named on the command line.
                    base = try loadFile(text: baseText, path: target, chain: chain + [path], boundary: boundary, sources: &sources)
                } catch {
                    throw PolicyError(diagnostics: reader.problems + error.diagnostics)
                }
            }
        }

        var rules = base?.rules ?? []
        // Where each inherited rule id sits, so an override is found without a scan per rule.
        var indexByID = Dictionary(rules.enumerated().map { ($0.element.rule.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var idsInThisFile: [String: TextPosition] = [:]
        if let rulesNode = top["rules"], let items = reader.list(rulesNode, "rules") {
            for item in items {
                guard let (rule, mark) = parseRule(item, reader: reader) else { continue }
                if let first = idsInThisFile[rule.id] {
                    reader.problem("duplicate rule id '\(rule.id)' (first defined at line \(first.line))", at: mark)
                    continue
                }
                idsInThisFile[rule.id] = mark
                if let index = indexByID[rule.id] {
                    rules[index] = (rule, mark, reader)
                } else {
                    indexByID[rule.id] = rules.count
                    rules.append((rule, mark, reader))
                }
            }
        } else if base == nil, top["rules"] == nil {
            reader.problem("the policy is missing required key 'rules'", at: top.mark)
        }

        var settings = base?.settings ?? PolicySettings()
        if let settingsNode = top["settings"], let mapping = reader.mapping(settingsNode, "settings", allowed: PolicySettings.keys) {
            if let node = mapping["max_waiver_days"], let days = reader.integer(node, "max_waiver_days", minimum: 1) {
                settings.maxWaiverDays = days
            }
            if let node = mapping["unused_inputs"], let choice = reader.choice(node, "unused_inputs", as: PolicySettings.UnusedInputs.self) {
                settings.unusedInputs = choice
            }
        }

        var waivers = base?.waivers ?? []
        if let waiversNode = top["waivers"], let items = reader.list(waiversNode, "waivers") {
            for item in items {
                if let waiver = parseWaiver(item, reader: reader) { waivers.append(waiver) }
            }
        }

        JQRule.checkCompilation(reader)
        guard reader.problems.isEmpty else { throw PolicyError(diagnostics: reader.problems) }
        return FileContent(name: name ?? base?.name, rules: rules, settings: settings, waivers: waivers)
    }

    func parseRule(_ node: YAMLNode, reader: PolicyReader) -> (any PolicyRule, TextPosition)? {
        // Read `kind` first: which keys are allowed depends on it.
        guard case let .mapping(raw) = node else {
            reader.problem("each rule must be a mapping with 'id' and 'kind', found \(node.typeDescription)", at: node.mark)
            return nil
        }
        let id = raw["id"].flatMap { reader.nonEmptyString($0, "rule id") }
        let context = id.map { "rule '\($0)'" } ?? "a rule"
        guard let kindNode = raw["kind"] else {
            reader.problem("\(context) is missing required key 'kind'; expected one of \(RuleRegistry.kindNames.joined(separator: ", "))", at: raw.mark)
            return nil
        }
        guard let kindName = reader.string(kindNode, "kind") else { return nil }
        guard let kind = RuleRegistry.kind(named: kindName) else {
            var message = "unknown rule kind '\(kindName)'; expected one of \(RuleRegistry.kindNames.joined(separator: ", "))"
            if let suggestion = NearestWord.find(kindName, among: RuleRegistry.kindNames) { message += " (did you mean '\(suggestion)'?)" }
            reader.problem(message, at: kindNode.mark)
            return nil
        }
        guard let mapping = reader.mapping(node, context, allowed: CommonRuleKeys.all + kind.keys) else { return nil }
        if raw["id"] == nil { reader.problem("a rule of kind '\(kindName)' is missing required key 'id'", at: raw.mark) }
        let onMissing = mapping["on_missing"].flatMap { reader.choice($0, "on_missing", as: MissingInputAction.self) } ?? .error
        guard let id, let rule = kind.parse(id: id, onMissing: onMissing, mapping: mapping) else { return nil }
        return (rule, raw.mark)
    }

    func parseWaiver(_ node: YAMLNode, reader: PolicyReader) -> (waiver: Waiver, ruleMark: TextPosition?, expiresMark: TextPosition, reader: PolicyReader)? {
        guard let mapping = reader.mapping(node, "a waiver", allowed: Self.waiverKeys) else { return nil }
        let before = reader.problems.count
        let id = mapping.required("id").flatMap { reader.nonEmptyString($0, "waiver id") }
        let reason = mapping.required("reason").flatMap { reader.nonEmptyString($0, "waiver reason") }
        let expiresNode = mapping.required("expires")
        let expires = expiresNode.flatMap { reader.day($0, "expires") }
        let path = mapping["path"].flatMap { reader.nonEmptyString($0, "path") }.map { Glob($0) }
        let package = mapping["package"].flatMap { reader.nonEmptyString($0, "package") }
        let rule = mapping["rule"].flatMap { reader.nonEmptyString($0, "rule") }
        let owner = mapping["owner"].flatMap { reader.string($0, "owner") }
        let maxLevel = mapping["max_level"].flatMap { reader.level($0, "max_level") }
        guard reader.problems.count == before, let id, let reason, let expires, let expiresNode else { return nil }
        let waiver = Waiver(
            id: id, path: path, package: package, rule: rule, reason: reason, expires: expires,
            owner: owner, maxLevel: maxLevel, source: "\(reader.path):\(mapping.mark.line)")
        return (waiver, mapping["rule"]?.mark, expiresNode.mark, reader)
    }

    // MARK: Whole policy

    /// Checks what needs the merged policy (waiver targets, waiver horizon) and assembles it.
    func finish(_ file: FileContent, sources: [PolicySource], problems: inout [Diagnostic]) -> Policy? {
        let ruleIDs = Set(file.rules.map(\.rule.id))
        if file.rules.isEmpty {
            problems.append(Diagnostic(path: sources[0].path, message: "the policy has no rules; a gate without rules would pass everything"))
        }
        for entry in file.waivers {
            let waiver = entry.waiver
            if let rule = waiver.rule, !ruleIDs.contains(rule) {
                var message = "waiver '\(waiver.id)' names rule '\(rule)', which the policy does not have"
                if let suggestion = NearestWord.find(rule, among: ruleIDs.sorted()) { message += "; did you mean '\(suggestion)'?" }
                entry.reader.problem(message, at: entry.ruleMark ?? entry.expiresMark)
            }
            if let days = file.settings.maxWaiverDays, let end = waiver.expires.endDate,
               end.timeIntervalSince(now) > TimeInterval(days + 1) * 86_400 {
                entry.reader.problem(
                    "waiver '\(waiver.id)' expires on \(waiver.expires), more than max_waiver_days (\(days)) ahead", at: entry.expiresMark)
            }
        }
        // `Vulns` and `vulns`, or `a.b` and `a_b`, would write one CI output (`rule_vulns`) twice.
        var byOutputName: [String: String] = [:]
        for entry in file.rules {
            let key = OutputName.collisionKey(entry.rule.id)
            if let first = byOutputName[key] {
                entry.reader.problem(
                    "rule id '\(entry.rule.id)' and rule id '\(first)' have the same output name 'rule_\(OutputName.sanitised(first))' "
                        + "(outputs compare case-insensitively; characters other than letters, digits, '_' and '-' become '_'); rename one",
                    at: entry.mark)
            } else {
                byOutputName[key] = entry.rule.id
            }
        }
        var seenReaders: [ObjectIdentifier] = []
        for reader in file.waivers.map(\.reader) + file.rules.map(\.reader) where !seenReaders.contains(ObjectIdentifier(reader)) {
            seenReaders.append(ObjectIdentifier(reader))
            problems.append(contentsOf: reader.problems)
        }
        guard problems.isEmpty else { return nil }
        let name = file.name ?? URL(fileURLWithPath: sources[0].path).deletingPathExtension().lastPathComponent
        return Policy(
            name: name, rules: file.rules.map(\.rule), settings: file.settings,
            waivers: file.waivers.map(\.waiver), sources: sources)
    }

    static let notAPolicy = "not a Verdict policy (expected a YAML mapping with 'version: 1'); its content is not shown"

    /// Whether an extended file's root is a mapping with a `version` key: what every policy
    /// has. Anything else is reported by name only, so a secret is never quoted in an error.
    static func looksLikePolicy(_ root: YAMLNode) -> Bool {
        guard case let .mapping(mapping) = root else { return false }
        return mapping.entries.contains { $0.key.value == "version" }
    }

    /// An `extends` path relative to the extending file's directory.
    static func resolve(_ relative: String, against path: String) -> String {
        if relative.hasPrefix("/") { return relative }
        let directory = (path as NSString).deletingLastPathComponent
        let joined = directory.isEmpty ? relative : directory + "/" + relative
        return (joined as NSString).standardizingPath
    }
}
