import Foundation

/// Turns YAML nodes of one policy file into typed values, collecting every problem with its place.
///
/// Each accessor returns nil after recording a problem, so loading goes on and `policy lint`
/// reports all problems at once. Nothing untyped leaves this type.
final class PolicyReader {
    let path: String
    let text: String
    private(set) var problems: [Diagnostic] = []
    /// The jq queries of this file whose compilation is still to be checked, all together at
    /// the end of the file (`JQRule.checkCompilation`): compiling costs jq 1.6 ~25 ms a program.
    var pendingQueries: [JQRule.PendingQuery] = []

    init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    func problem(_ message: String, at mark: TextPosition) {
        problems.append(Diagnostic(
            path: path, position: mark, message: message,
            snippet: SourceSnippet.make(text: text, line: mark.line, column: mark.column)))
    }

    // MARK: Mappings

    /// The node as a mapping whose keys must all be in `allowed`; unknown keys are reported
    /// with the nearest allowed one suggested.
    func mapping(_ node: YAMLNode, _ context: String, allowed: [String]) -> KeyedMapping? {
        guard case let .mapping(mapping) = node else {
            problem("\(context) must be a mapping, found \(node.typeDescription)", at: node.mark)
            return nil
        }
        for entry in mapping.entries where !allowed.contains(entry.key.value) {
            var message = "unknown key '\(entry.key.value)' in \(context)"
            if let suggestion = NearestWord.find(entry.key.value, among: allowed) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "; expected one of \(allowed.joined(separator: ", "))"
            }
            problem(message, at: entry.key.mark)
        }
        return KeyedMapping(reader: self, mapping: mapping, context: context)
    }

    // MARK: Scalars

    func string(_ node: YAMLNode, _ what: String) -> String? {
        guard case let .scalar(scalar) = node, !scalar.isNull else {
            problem("\(what) must be a string, found \(node.typeDescription)", at: node.mark)
            return nil
        }
        return scalar.value
    }

    func nonEmptyString(_ node: YAMLNode, _ what: String) -> String? {
        guard let value = string(node, what) else { return nil }
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            problem("\(what) must not be empty", at: node.mark)
            return nil
        }
        return value
    }

    /// Only `true` and `false`: YAML 1.1's `yes`/`on`/`y` are refused, a classic way to misconfigure a gate.
    func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        if case let .scalar(scalar) = node, scalar.style == .plain {
            if scalar.value == "true" { return true }
            if scalar.value == "false" { return false }
        }
        problem("\(what) must be true or false, found \(node.typeDescription)", at: node.mark)
        return nil
    }

    func integer(_ node: YAMLNode, _ what: String, minimum: Int = 0) -> Int? {
        guard case let .scalar(scalar) = node, scalar.style == .plain, let value = Int(scalar.value) else {
            problem("\(what) must be a whole number, found \(node.typeDescription)", at: node.mark)
            return nil
        }
        guard value >= minimum else {
            problem("\(what) must be at least \(minimum), found \(value)", at: node.mark)
            return nil
        }
        return value
    }

    func number(_ node: YAMLNode, _ what: String) -> Double? {
        guard case let .scalar(scalar) = node, scalar.style == .plain, let value = Double(scalar.value), value.isFinite else {
            problem("\(what) must be a number, found \(node.typeDescription)", at: node.mark)
            return nil
        }
        return value
    }

    func list(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
        guard case let .sequence(sequence) = node else {
            problem("\(what) must be a list, found \(node.typeDescription)", at: node.mark)
            return nil
        }
        return sequence.items
    }

    func stringList(_ node: YAMLNode, _ what: String) -> [String]? {
        guard let items = list(node, what) else { return nil }
        let values = items.compactMap { string($0, "each entry of \(what)") }
        return values.count == items.count ? values : nil
    }

    /// A value from a closed set, with the choices listed when it is not one of them.
    func choice<Value: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, as type: Value.Type) -> Value?
    where Value.RawValue == String {
        guard let word = string(node, what) else { return nil }
        if let value = Value(rawValue: word) { return value }
        let choices = Value.allCases.map(\.rawValue)
        var message = "unknown \(what) '\(word)'; expected one of \(choices.joined(separator: ", "))"
        if let suggestion = NearestWord.find(word, among: choices) { message += " (did you mean '\(suggestion)'?)" }
        problem(message, at: node.mark)
        return nil
    }

    func level(_ node: YAMLNode, _ what: String) -> Severity? {
        choice(node, what, as: Severity.self)
    }

    func levels(_ node: YAMLNode, _ what: String) -> [Severity]? {
        guard let items = list(node, what) else { return nil }
        let values = items.compactMap { level($0, "level in \(what)") }
        return values.count == items.count ? values : nil
    }

    /// A calendar day written `YYYY-MM-DD`.
    func day(_ node: YAMLNode, _ what: String) -> CalendarDay? {
        guard let text = string(node, what) else { return nil }
        guard let day = CalendarDay(text) else {
            problem("\(what) must be a date written YYYY-MM-DD, found '\(text)'", at: node.mark)
            return nil
        }
        return day
    }
}

/// A mapping being read by key; see `PolicyReader.mapping`.
struct KeyedMapping {
    let reader: PolicyReader
    let mapping: YAMLMapping
    let context: String

    subscript(key: String) -> YAMLNode? {
        guard let node = mapping[key] else { return nil }
        if case let .scalar(scalar) = node, scalar.isNull { return nil }
        return node
    }

    /// The value of a key that must be present; reports its absence.
    func required(_ key: String) -> YAMLNode? {
        guard let node = self[key] else {
            reader.problem("\(context) is missing required key '\(key)'", at: mapping.mark)
            return nil
        }
        return node
    }

    var mark: TextPosition { mapping.mark }
}
