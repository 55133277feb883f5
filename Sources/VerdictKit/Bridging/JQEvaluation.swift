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
        run(program: program, input: JQInput(parsing: facts), body)
    }

    /// Runs `program` on a facts document parsed once (`JQInput`): the worker runs every jq
    /// rule of a check on the same parsed document.
    static func run(program: String, input: JQInput, _ body: (JQEmission, Int) -> Bool) -> Outcome {
        let compiled: JQProgram
        do {
            compiled = try JQProgram(compiling: program)
        } catch {
            // First lines only: jq echoes the program's line, which starts with the sandbox's definitions.
            let messages = error.messages.map { String($0.prefix { $0 != "\n" }) }
            return .failed("the query does not compile: " + messages.joined(separator: "; "))
        }
        if let problem = input.problem {
            return .failed("the facts document is not valid JSON: \(problem)")
        }
        return run(compiled, on: input.copy(), body)
    }

    /// Runs a compiled program on `input`, handing each value and its compact JSON size to
    /// `body` until it returns false.
    static func run(_ compiled: JQProgram, on input: consuming JV, _ body: (JQEmission, Int) -> Bool) -> Outcome {
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
