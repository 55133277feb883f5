/// Several queries with the same prelude compiled as one jq program, which runs the one its
/// input names: `[INDEX, FACTS]`.
///
/// Why: libjq 1.6 parses and binds its own builtins for every program it compiles, about 170
/// million instructions (~25 ms) however small the query, so compiling N queries one by one
/// costs N times that. One program costs it once:
///
/// ```
/// PRELUDE . as [$__verdict_query, $__verdict_facts] | $__verdict_facts
///   | if $__verdict_query == 0 then (QUERY_0
///   ) elif $__verdict_query == 1 then (QUERY_1
///   ) else empty end
/// ```
///
/// Each query is a whole expression in its own parentheses (the line break before `)` ends a
/// trailing `#` comment), run on the facts alone as `.`; a `def` in it stays inside its
/// parentheses. Every query has compiled on its own when the policy was loaded (`JQRule`), so
/// none can close its parentheses early and reach into another's branch; a query naming the
/// batch's own variables (`__verdict_`) is never batched. When the combination does not
/// compile, it is not used and each query is compiled on its own, with its own messages.
final class JQBatchProgram {
    private let program: JQProgram
    /// How many queries it holds.
    let count: Int

    /// Compiles `bodies` after `prelude` as one program; nil when there are fewer than two or
    /// they do not compile together.
    init?(prelude: String, bodies: [String]) {
        guard bodies.count > 1, !bodies.contains(where: { $0.contains("__verdict_") }) else { return nil }
        var text = prelude + ". as [$__verdict_query, $__verdict_facts] | $__verdict_facts | "
        for (index, body) in bodies.enumerated() {
            text += (index == 0 ? "if" : " elif") + " $__verdict_query == \(index) then (" + body + "\n)"
        }
        text += " else empty end"
        guard let program = try? JQProgram(compiling: text) else { return nil }
        self.program = program
        self.count = bodies.count
    }

    /// Runs query `index` on the facts, as `JQEvaluation.run` runs one program.
    func run(_ index: Int, on input: JQInput, _ body: (JQEmission, Int) -> Bool) -> JQEvaluation.Outcome {
        if let problem = input.problem {
            return .failed("the facts document is not valid JSON: \(problem)")
        }
        return JQEvaluation.run(program, on: JV.indexed(index, input.copy()), body)
    }
}
