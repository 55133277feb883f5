import Foundation

/// One policy test case: a policy, inputs, a time, and what the policy must conclude.
///
/// Written as a YAML file, or as a folder holding `case.yaml` and the input files (which are
/// the case's inputs when `inputs:` is left out):
///
/// ```yaml
/// policy: ../../custom-jq.yaml          # relative to the case file
/// inputs:
///   - ../../../samples/trivy-fails.sarif  # kind detected from content
///   - { path: stable.json, kind: k6, role: baseline }
/// source_root: /home/runner/work/shop/shop   # as check --source-root, for coverage reports
/// context: { repository: acme/api }
/// now: 2026-11-21T12:00:00Z
/// expect:
///   outcome: fail
///   rules: { vulnerabilities: fail, few-db-replacements: pass }
/// ```
public struct PolicyTestCase: Sendable {
    /// The case's path relative to the test directory.
    public var name: String
    public var policyPath: String
    public var inputs: [InputRequest]
    /// `source_root:`, as `check --source-root` (nil: the policy's).
    public var sourceRoot: String?
    public var context: [(key: String, value: String)]
    public var now: Date
    public var expectedOutcome: Outcome
    /// Expected outcomes of the rules the case names, in the order written.
    public var expectedRules: [(id: String, outcome: Outcome)]

    static let keys = ["name", "policy", "inputs", "source_root", "context", "now", "expect"]
    static let inputKeys = ["path", "kind", "role"]
    static let expectKeys = ["outcome", "rules"]
    /// The file that makes a folder a case.
    public static let folderFile = "case.yaml"
}

/// A case file that cannot be used: the test run exits 2.
public struct PolicyTestCaseError: DiagnosticError, Sendable {
    public var diagnostics: [Diagnostic]
}

extension PolicyTestCase {
    /// Reads the case at `path` (a YAML file, or a folder's `case.yaml`), named `name`.
    public static func load(path: String, name: String) throws(PolicyTestCaseError) -> PolicyTestCase {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PolicyTestCaseError(diagnostics: [Diagnostic(path: path, message: "cannot read the test case: \(InputFile.describe(error))")])
        }
        let reader = PolicyReader(path: path, text: text)
        let root: YAMLNode?
        do {
            root = try YAMLDocument.parse(text)
        } catch {
            reader.problem(error.message, at: error.mark)
            throw PolicyTestCaseError(diagnostics: reader.problems)
        }
        guard let root, let top = reader.mapping(root, "a test case", allowed: keys) else {
            if reader.problems.isEmpty { reader.problem("the test case is empty; expected 'policy', 'now' and 'expect'", at: TextPosition(line: 1, column: 1)) }
            throw PolicyTestCaseError(diagnostics: reader.problems)
        }
        let directory = (path as NSString).deletingLastPathComponent
        // A case may come from a pull request: what it names must stay in its folder or repository.
        let boundary = FileBoundary(anchoredAt: path)
        let policyNode = top.required("policy")
        let policy = policyNode.flatMap { reader.nonEmptyString($0, "policy") }
        if let policyNode, let policy {
            confine(PolicyLoader.resolve(policy, against: path), "policy", boundary: boundary, reader: reader, at: policyNode.mark)
        }
        let now = top.required("now").flatMap { node -> Date? in
            guard let text = reader.string(node, "now") else { return nil }
            guard let date = Timestamp.parse(text) else {
                reader.problem("now must be an RFC 3339 time such as 2026-11-21T12:00:00Z, found '\(text)'", at: node.mark)
                return nil
            }
            return date
        }
        var inputs: [InputRequest] = []
        if let node = top["inputs"], let items = reader.list(node, "inputs") {
            for item in items {
                guard let request = input(item, directory: directory, reader: reader) else { continue }
                confine(request.path, "input", boundary: boundary, reader: reader, at: item.mark)
                inputs.append(request)
            }
        } else if (path as NSString).lastPathComponent == folderFile {
            inputs = folderInputs(directory)
            for request in inputs {
                confine(request.path, "input", boundary: boundary, reader: reader, at: TextPosition(line: 1, column: 1))
            }
        }
        // As `check --source-root`: absolute coverage report paths under it become relative.
        let sourceRoot = top["source_root"].flatMap { reader.nonEmptyString($0, "source_root") }
        var context: [(key: String, value: String)] = []
        if case let .mapping(raw)? = top["context"] {
            for entry in raw.entries {
                if let value = reader.string(entry.value, "context value '\(entry.key.value)'") { context.append((entry.key.value, value)) }
            }
        } else if let node = top["context"] {
            reader.problem("context must be a mapping of key: value, found \(node.typeDescription)", at: node.mark)
        }
        var outcome: Outcome?
        var rules: [(id: String, outcome: Outcome)] = []
        if let node = top.required("expect"), let expect = reader.mapping(node, "expect", allowed: expectKeys) {
            outcome = expect.required("outcome").flatMap { reader.choice($0, "outcome", as: Outcome.self) }
            if let rulesNode = expect["rules"] {
                if case let .mapping(raw) = rulesNode {
                    for entry in raw.entries {
                        if let expected = reader.choice(entry.value, "outcome of rule '\(entry.key.value)'", as: Outcome.self) {
                            rules.append((entry.key.value, expected))
                        }
                    }
                } else {
                    reader.problem("expect.rules must be a mapping of rule id: outcome, found \(rulesNode.typeDescription)", at: rulesNode.mark)
                }
            }
        }
        let name = top["name"].flatMap { reader.string($0, "name") } ?? name
        guard reader.problems.isEmpty, let policy, let now, let outcome else { throw PolicyTestCaseError(diagnostics: reader.problems) }
        return PolicyTestCase(
            name: name, policyPath: PolicyLoader.resolve(policy, against: path), inputs: inputs, sourceRoot: sourceRoot,
            context: context.sorted { $0.key < $1.key }, now: now, expectedOutcome: outcome, expectedRules: rules)
    }

    /// Records a problem when `path` leads outside the case's boundary (or to standard input).
    static func confine(_ path: String, _ what: String, boundary: FileBoundary, reader: PolicyReader, at mark: TextPosition) {
        if path == "-" {
            reader.problem("a test case cannot read its \(what) from standard input", at: mark)
        } else if case let .failure(refusal) = boundary.check(path) {
            reader.problem("\(what) '\(path)' \(refusal)", at: mark)
        }
    }

    static func input(_ node: YAMLNode, directory: String, reader: PolicyReader) -> InputRequest? {
        func resolved(_ path: String) -> String {
            path == "-" || path.hasPrefix("/") || directory.isEmpty ? path : ((directory + "/" + path) as NSString).standardizingPath
        }
        if case .scalar = node {
            return reader.nonEmptyString(node, "input path").map { InputRequest(path: resolved($0)) }
        }
        guard let mapping = reader.mapping(node, "an input", allowed: inputKeys) else { return nil }
        let path = mapping.required("path").flatMap { reader.nonEmptyString($0, "input path") }
        let kind = mapping["kind"].flatMap { reader.choice($0, "input kind", as: InputKind.self) }
        var role = mapping["role"].flatMap { reader.choice($0, "input role", as: InputDescriptor.Role.self) } ?? .subject
        if kind == .diff { role = .change }
        guard let path else { return nil }
        return InputRequest(path: resolved(path), forcedKind: kind, role: role)
    }

    /// A folder case's inputs when `inputs:` is left out: every other file in it, by name.
    static func folderInputs(_ directory: String) -> [InputRequest] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0 != folderFile && !$0.hasPrefix(".") }.sorted().map { InputRequest(path: directory + "/" + $0) }
    }
}

extension InputDescriptor.Role: CaseIterable {
    public static let allCases: [InputDescriptor.Role] = [.subject, .baseline, .change]
}
