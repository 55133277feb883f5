/// Compiles and runs one program on a facts document: the part of a jq rule that touches libjq.
///
/// Shared by `InProcessJQRunner` and the worker process (`JQWorker`), so both read values the
/// same way.
enum JQEvaluation {
    enum Outcome: Equatable {
        /// The program ended, or `body` asked to stop.
        case completed
        case failed(String)
    }

    /// Runs `program` on `facts` (JSON text), handing each value and its compact JSON size to
    /// `body` until it returns false.
    static func run(program: String, facts: String, _ body: (JQEmission, Int) -> Bool) -> Outcome {
        let compiled: JQProgram
        do {
            compiled = try JQProgram(compiling: program)
        } catch {
            // First lines only: jq echoes the program's line, which starts with the sandbox's definitions.
            let messages = error.messages.map { String($0.prefix { $0 != "\n" }) }
            return .failed("the query does not compile: " + messages.joined(separator: "; "))
        }
        let input = JV(parsing: facts)
        guard input.isValid else {
            var reason = "no value"
            if let message = input.invalidMessage { reason = JQProgram.describe(message) }
            return .failed("the facts document is not valid JSON: \(reason)")
        }
        do {
            try compiled.run(on: input) { value in
                body(JQEmission(value), value.compactJSON.utf8.count)
            }
        } catch {
            return .failed("jq error: \(error.message)")
        }
        return .completed
    }
}

extension JQEvaluation {
    /// jq's compile errors for `program`, first line of each (jq echoes the program's line
    /// after it, which for a sandboxed program starts with the sandbox's definitions); empty
    /// when it compiles.
    static func compileErrors(_ program: String) -> [String] {
        do {
            _ = try JQProgram(compiling: program)
            return []
        } catch {
            return error.messages.map { message in
                String(message.prefix { $0 != "\n" })
            }
        }
    }
}
