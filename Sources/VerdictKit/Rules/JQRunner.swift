/// Runs a jq rule's program on the facts document.
///
/// libjq has no way to interrupt a running program, so a runner decides how a runaway query
/// is contained. `ProcessJQRunner` (what the CLI uses) runs each query in a child process with
/// memory and CPU limits, and kills it at the rule's time budget; `InProcessJQRunner` runs it
/// in this process and suits tests of well-behaved queries only.
public protocol JQRunner: Sendable {
    /// Runs `request` and returns every value it emitted, or why it could not.
    func run(_ request: JQRequest) -> JQRunResult

    /// Runs every query on one facts document and returns their results in the same order.
    ///
    /// Each query keeps its own budget: one that fails or breaks its budget gives that query's
    /// `.failed`, never another's. `ProcessJQRunner` starts one worker for all of them and
    /// sends it the document once (the jq rules of a check); the default runs them one by one.
    func run(_ queries: [JQQuery], facts: String) -> [JQRunResult]
}

extension JQRunner {
    public func run(_ queries: [JQQuery], facts: String) -> [JQRunResult] {
        queries.map { run(JQRequest(program: $0.program, facts: facts, budget: $0.budget)) }
    }
}

/// One query of several run on the same facts document (`JQRunner.run(_:facts:)`).
public struct JQQuery: Sendable, Equatable {
    /// What comes before the query in its program: the sandbox's definitions
    /// (`JQSandbox.prelude`), or nothing.
    public var prelude: String
    /// The rule's query.
    public var body: String
    public var budget: JQBudget

    /// The complete program: the prelude, then the query (`JQSandbox.program`).
    public var program: String { prelude + body }

    /// A query whose program is given whole.
    public init(program: String, budget: JQBudget = JQBudget()) {
        self.init(prelude: "", body: program, budget: budget)
    }

    /// A query after a prelude. Queries with the same prelude may be compiled together, as
    /// one program (`JQBatchProgram`): jq 1.6 spends ~170 million instructions (~25 ms)
    /// compiling its own builtins for every program, whatever its size.
    public init(prelude: String, body: String, budget: JQBudget = JQBudget()) {
        self.prelude = prelude
        self.body = body
        self.budget = budget
    }
}

/// One query to run.
public struct JQRequest: Sendable, Equatable {
    /// The complete program: the sandbox's definitions and the rule's query (`JQSandbox.program`).
    public var program: String
    /// The facts document, as compact JSON.
    public var facts: String
    public var budget: JQBudget

    public init(program: String, facts: String, budget: JQBudget = JQBudget()) {
        self.program = program
        self.facts = facts
        self.budget = budget
    }
}

/// What a query may spend before it is stopped and reported as an error.
public struct JQBudget: Sendable, Equatable {
    /// Wall-clock seconds (the rule's `timeout:`, default 2).
    public var timeout: Double
    /// Values the query may emit (passing ones count too).
    public var maxResults: Int
    /// Bytes of emitted values, as compact JSON.
    public var maxBytes: Int
    /// The worker process's address space, in bytes (`RLIMIT_AS`).
    public var memoryBytes: Int

    public static let defaultTimeout = 2.0
    public static let defaultMaxResults = 1_000
    public static let defaultMaxBytes = 1 << 20

    public init(
        timeout: Double = JQBudget.defaultTimeout, maxResults: Int = JQBudget.defaultMaxResults,
        maxBytes: Int = JQBudget.defaultMaxBytes, memoryBytes: Int = 2 << 30
    ) {
        self.timeout = timeout
        self.maxResults = maxResults
        self.maxBytes = maxBytes
        self.memoryBytes = memoryBytes
    }
}

/// How a query run ended.
public enum JQRunResult: Sendable, Equatable {
    /// The query ran to its end; its values in the order emitted.
    case finished([JQEmission])
    /// The query could not be run to its end: a jq error, the time or output budget, a crash.
    case failed(String)
}

/// Runs queries in this process: no time budget, so only for trusted, well-behaved queries
/// (unit tests). The output budget is enforced.
public struct InProcessJQRunner: JQRunner {
    public init() {}

    public func run(_ request: JQRequest) -> JQRunResult {
        var collector = JQResultCollector(budget: request.budget)
        let outcome = JQEvaluation.run(program: request.program, facts: request.facts) { emission, bytes in
            collector.accept(emission, bytes: bytes)
        }
        switch outcome {
        case .completed: return collector.result
        case let .failed(message): return .failed(message)
        }
    }
}

/// Counts what a query emits against its output budget.
struct JQResultCollector {
    let budget: JQBudget
    private(set) var emissions: [JQEmission] = []
    private(set) var bytes = 0
    private(set) var overBudget: String?

    init(budget: JQBudget) {
        self.budget = budget
    }

    /// Keeps one value; false (and an error) once the budget is spent.
    mutating func accept(_ emission: JQEmission, bytes size: Int) -> Bool {
        guard overBudget == nil else { return false }
        bytes += size
        if emissions.count >= budget.maxResults {
            overBudget = "the query emitted more than \(budget.maxResults) values (output budget)"
            return false
        }
        if bytes > budget.maxBytes {
            overBudget = "the query emitted more than \(budget.maxBytes) bytes (output budget)"
            return false
        }
        emissions.append(emission)
        return true
    }

    var result: JQRunResult {
        if let overBudget { return .failed(overBudget) }
        return .finished(emissions)
    }
}
