import Foundation

/// `kind: jq` — a custom rule: a jq query over the facts document (`verdict facts`).
///
/// The query's values decide: nothing, `false` or `null` passes; `true` is one violation with
/// `message`; each string is one violation with that text (as conftest's `deny`); an object
/// `{"msg": …, "level": "warn"|"fail"}` likewise, its `level` overriding `on_true`. Anything
/// else is an error. The rule's outcome is its worst violation's level. The query runs in a
/// sandbox (`JQSandbox`) within a time budget (`timeout`, default 2s) and an output budget
/// (`JQBudget`); a query that breaks either is an error, never a hang.
///
/// ```yaml
/// - id: few-db-replacements
///   kind: jq
///   requires: [plan]
///   query: '[.plan.changes[] | select(.module == "module.db" and (.actions | index("replace")))] | length > 3'
///   on_true: fail
///   message: "more than 3 replacements in module.db"
/// ```
/// Passes: a plan replacing 3 resources in module.db. Fails: one replacing 4.
public struct JQRule: ParsableRule {
    public static let kind = "jq"
    public static let summary = "Runs a jq query over the facts document; each true, string or {msg, level} it emits is a violation."
    public static let inputDescription = "required"
    static let keys = ["query", "on_true", "message", "timeout", "requires"]
    /// The longest `timeout:` a rule may ask for.
    static let maximumTimeout = 60.0

    public var id: String
    public var onMissing: MissingInputAction
    public var query: String
    /// The level of `true` and of violations without a `level` (default `fail`).
    public var onTrue: JQViolationLevel
    /// The violation text for `true`.
    public var message: String?
    /// Seconds the query may run.
    public var timeout: Double
    /// Parts of the facts that must be present, else `on_missing` applies.
    public var requires: [FactsPart]

    public init(
        id: String, onMissing: MissingInputAction = .error, query: String, onTrue: JQViolationLevel = .fail,
        message: String? = nil, timeout: Double = JQBudget.defaultTimeout, requires: [FactsPart] = []
    ) {
        self.id = id
        self.onMissing = onMissing
        self.query = query
        self.onTrue = onTrue
        self.message = message
        self.timeout = timeout
        self.requires = requires
    }

    /// A query may read any part of the facts document, so every input counts as read.
    public func reads(_ input: InputDescriptor) -> Bool { true }

    public func hasInput(in facts: Facts) -> Bool {
        requires.allSatisfy { $0.isPresent(in: facts) }
    }

    /// `plan` or `findings or plan`: the required parts that are missing.
    public func missingInputDescription(in facts: Facts) -> String {
        let missing = requires.filter { !$0.isPresent(in: facts) }.map(\.inputName)
        return missing.isEmpty ? Self.inputDescription : missing.joined(separator: " or ")
    }

    // MARK: Parsing

    static func parse(id: String, onMissing: MissingInputAction, mapping: KeyedMapping) -> JQRule? {
        let reader = mapping.reader
        let before = reader.problems.count
        let queryNode = mapping.required("query")
        let query = queryNode.flatMap { reader.nonEmptyString($0, "query of rule '\(id)'") }
        if let query, let queryNode { check(query, node: queryNode, ruleID: id, reader: reader) }
        let onTrue = mapping["on_true"].flatMap { reader.choice($0, "on_true", as: JQViolationLevel.self) } ?? .fail
        let message = mapping["message"].flatMap { reader.nonEmptyString($0, "message") }
        let timeout = mapping["timeout"].flatMap { parseTimeout($0, reader: reader) } ?? JQBudget.defaultTimeout
        var requires: [FactsPart] = []
        if let node = mapping["requires"], let items = reader.list(node, "requires") {
            requires = items.compactMap { reader.choice($0, "part in requires", as: FactsPart.self) }
        }
        guard reader.problems.count == before, let query else { return nil }
        return JQRule(id: id, onMissing: onMissing, query: query, onTrue: onTrue, message: message, timeout: timeout, requires: requires)
    }

    /// A query that passed the sandbox check and waits for its compilation check.
    struct PendingQuery {
        var query: String
        var node: YAMLNode
        var ruleID: String
    }

    /// Refuses sandbox violations at once; queues the query for `checkCompilation`.
    static func check(_ query: String, node: YAMLNode, ruleID: String, reader: PolicyReader) {
        if let refusal = JQSandbox.check(query) {
            let (line, column) = QueryPlace.lineAndColumn(ofOffset: refusal.offset, in: query)
            reader.problem("query of rule '\(ruleID)': \(refusal.message)", at: QueryPlace.position(line: line, column: column, node: node, text: reader.text))
            return
        }
        reader.pendingQueries.append(PendingQuery(query: query, node: node, ruleID: ruleID))
    }

    /// Refuses the file's queries that do not compile, at their place in the file.
    ///
    /// jq 1.6 spends ~25 ms compiling its builtins for every program, so the queries are first
    /// compiled together as one program (`JQBatchProgram`): when each is self-contained (its
    /// brackets and strings close inside it, `JQSandbox.isSelfContained`) and the whole
    /// compiles, each query compiles on its own too. Otherwise each is compiled on its own, for
    /// its own messages.
    static func checkCompilation(_ reader: PolicyReader) {
        let pending = reader.pendingQueries
        reader.pendingQueries = []
        let prelude = JQSandbox.prelude(now: Date(timeIntervalSince1970: 0))
        if pending.count > 1, pending.allSatisfy({ JQSandbox.isSelfContained($0.query) }),
           JQBatchProgram(prelude: prelude, bodies: pending.map(\.query)) != nil {
            return
        }
        for query in pending {
            compileCheck(query.query, node: query.node, ruleID: query.ruleID, reader: reader)
        }
    }

    static func compileCheck(_ query: String, node: YAMLNode, ruleID: String, reader: PolicyReader) {
        let errors = JQEvaluation.compileErrors(JQSandbox.program(query, now: Date(timeIntervalSince1970: 0)))
        for error in errors.prefix(3) {
            let (message, line) = QueryPlace.readCompileError(error)
            let position = QueryPlace.position(line: line ?? 1, column: line == nil ? nil : 1, node: node, text: reader.text)
            reader.problem("query of rule '\(ruleID)' does not compile: \(message)", at: position)
        }
    }

    /// `500ms` or `2s`: a positive duration of at most 60 s, with its unit.
    static func parseTimeout(_ node: YAMLNode, reader: PolicyReader) -> Double? {
        guard let text = reader.string(node, "timeout") else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var seconds: Double?
        if trimmed.hasSuffix("ms"), let value = ThresholdSyntax.decimal(String(trimmed.dropLast(2))) {
            seconds = value / 1000
        } else if trimmed.hasSuffix("s"), let value = ThresholdSyntax.decimal(String(trimmed.dropLast())) {
            seconds = value
        }
        guard let seconds, seconds > 0, seconds <= maximumTimeout else {
            reader.problem("timeout must be a duration with its unit, above 0 and at most 60s (e.g. 500ms or 2s), found '\(text)'", at: node.mark)
            return nil
        }
        return seconds
    }

    // MARK: Evaluation

    public func evaluate(_ facts: Facts, in context: EvaluationContext) -> RuleResult {
        guard let document = context.factsDocument else {
            return failure("the facts document was not built", evidence: JQEvidence(query: query, onTrue: onTrue))
        }
        let query = query(now: context.now)
        return judge(context.jqRunner.run(JQRequest(program: query.program, facts: document, budget: query.budget)))
    }

    /// The sandboxed program and this rule's budget: what a runner runs for it.
    public func query(now: Date) -> JQQuery {
        JQQuery(prelude: JQSandbox.prelude(now: now), body: query, budget: JQBudget(timeout: timeout))
    }

    /// The rule's result from its query's values, or the error that stopped the query.
    ///
    /// The `Evaluator` runs the queries of all jq rules of a policy together (one worker) and
    /// judges each rule's result here.
    public func judge(_ run: JQRunResult) -> RuleResult {
        var evidence = JQEvidence(query: query, onTrue: onTrue)
        let emissions: [JQEmission]
        switch run {
        case let .failed(reason): return failure(reason, evidence: evidence)
        case let .finished(values): emissions = values
        }
        evidence.emitted = emissions.count
        for emission in emissions {
            switch emission {
            case .pass: continue
            case .violated: evidence.violations.append(JQViolation(message: message ?? "the query returned true", level: onTrue))
            case let .message(text, level): evidence.violations.append(JQViolation(message: text, level: level ?? onTrue))
            case let .invalid(reason):
                evidence.violations = []
                return failure("rule '\(id)': the query emitted a value that is not accepted: \(reason)", evidence: evidence)
            }
        }
        let worst = evidence.violations.map(\.level).max()
        return RuleResult(ruleID: id, kind: Self.kind, outcome: worst?.outcome ?? .pass, message: summary(evidence), details: .jq(evidence))
    }

    func failure(_ reason: String, evidence: JQEvidence) -> RuleResult {
        var evidence = evidence
        evidence.error = reason
        return RuleResult(ruleID: id, kind: Self.kind, outcome: .error, message: reason, details: .jq(evidence))
    }

    func summary(_ evidence: JQEvidence) -> String {
        let violations = evidence.violations
        switch violations.count {
        case 0: return "no violations"
        case 1: return violations[0].message
        default:
            let shown = violations.prefix(3).map(\.message).joined(separator: "; ")
            return "\(violations.count) violations: \(shown)" + (violations.count > 3 ? "; …" : "")
        }
    }
}

/// A part of the facts document a jq rule can require (`requires:`).
public enum FactsPart: String, Sendable, CaseIterable {
    case findings, coverage, load, plan

    /// How a person names the input that gives this part.
    var inputName: String {
        switch self {
        case .findings: "SARIF"
        case .coverage: "coverage report"
        case .load: "k6 results"
        case .plan: "Terraform plan"
        }
    }

    func isPresent(in facts: Facts) -> Bool {
        switch self {
        case .findings: facts.findings != nil
        case .coverage: facts.coverage != nil
        case .load: facts.load != nil
        case .plan: !facts.terraformPlans.isEmpty
        }
    }
}

/// Where a place in a query is in the policy file.
enum QueryPlace {
    /// 1-based line and column (in characters) of a byte offset in the query.
    static func lineAndColumn(ofOffset offset: Int, in query: String) -> (line: Int, column: Int) {
        let bytes = Array(query.utf8)
        let position = bytes.withUnsafeBufferPointer { TextPosition(of: offset, in: $0) }
        return (position.line, position.column)
    }

    /// The policy file position of `line`:`column` of the query held by `node`. A block scalar
    /// (`query: |`) starts on the line after its mark; a one-line quoted or plain scalar at its
    /// mark (past the opening quote). Where the mapping is not exact (a folded multi-line
    /// scalar), the scalar's own mark.
    static func position(line: Int, column: Int?, node: YAMLNode, text: String) -> TextPosition {
        guard case let .scalar(scalar) = node else { return node.mark }
        switch scalar.style {
        case .block:
            let fileLine = scalar.mark.line + line
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard fileLine - 1 < lines.count else { return scalar.mark }
            let indent = lines[fileLine - 1].prefix { $0 == " " }.count
            return TextPosition(line: fileLine, column: indent + (column ?? 1))
        case .plain, .quoted:
            guard line == 1, !scalar.value.contains("\n") else { return scalar.mark }
            return TextPosition(line: scalar.mark.line, column: scalar.mark.column + (scalar.style == .quoted ? 1 : 0) + (column ?? 1) - 1)
        }
    }

    /// jq's message without its `jq: error: ` prefix, shell hint and location, and the line of
    /// the query it names.
    static func readCompileError(_ raw: String) -> (message: String, line: Int?) {
        var message = raw
        if message.hasPrefix("jq: error: ") { message.removeFirst("jq: error: ".count) }
        message = message.replacingOccurrences(of: " (Unix shell quoting issues?)", with: "")
        var line: Int?
        if let range = message.range(of: " at <top-level>, line ", options: .backwards) {
            let number = message[range.upperBound...].prefix { $0.isNumber }
            line = Int(number)
            message = String(message[..<range.lowerBound])
        }
        return (message + (line.map { " (jq, line \($0) of the query)" } ?? ""), line)
    }
}
