import Foundation
import Testing
@testable import VerdictKit

/// What a policy query may not do: each refused with a clear message, at compile time.
@Suite struct JQSandboxTests {
    struct Refused: CustomTestStringConvertible, Sendable {
        var query: String
        var message: String
        var offset: Int
        var testDescription: String { query }
    }

    static let refused: [Refused] = [
        Refused(query: "env.HOME", message: "'env' is not allowed in a policy query: it reads the environment", offset: 0),
        Refused(query: "$ENV.HOME", message: "'$ENV' is not allowed in a policy query: it reads the environment", offset: 0),
        Refused(query: ".a | $ ENV", message: "'$ENV' is not allowed in a policy query: it reads the environment", offset: 5),
        Refused(query: "input", message: "'input' is not allowed in a policy query: it reads standard input", offset: 0),
        Refused(query: "[inputs]", message: "'inputs' is not allowed in a policy query: it reads standard input", offset: 1),
        Refused(query: "input_filename", message: "'input_filename' is not allowed in a policy query: it reads the input file's name", offset: 0),
        Refused(query: "$__prog_args", message: "'$__prog_args' is not allowed in a policy query: it reads the command line", offset: 0),
        Refused(query: "$__loc__", message: "'$__loc__' is not allowed in a policy query: it reads the program's source location", offset: 0),
        Refused(query: #"import "lib" as lib; lib::f"#, message: "'import' is not allowed in a policy query: it loads modules or data files", offset: 0),
        Refused(query: #"include "lib"; f"#, message: "'include' is not allowed in a policy query: it loads module files", offset: 0),
        Refused(query: #"import "data" as $data; $data"#, message: "'import' is not allowed in a policy query: it loads modules or data files", offset: 0),
        Refused(query: ". | debug", message: "'debug' is not allowed in a policy query: it writes to standard error", offset: 4),
        Refused(query: ".findings | stderr", message: "'stderr' is not allowed in a policy query: it writes to standard error", offset: 12),
        Refused(query: #""\(env.PATH)""#, message: "'env' is not allowed in a policy query: it reads the environment", offset: 3),
        Refused(query: "{a: 1, b: (env)}", message: "'env' is not allowed in a policy query: it reads the environment", offset: 11),
        Refused(query: "# comment\nget_search_list", message: "'get_search_list' is not allowed in a policy query: it reads the module search path", offset: 10),
        Refused(query: "now | localtime", message: "'localtime' is not allowed in a policy query: it depends on the machine's time zone; use gmtime", offset: 6),
    ]

    @Test(arguments: refused)
    func refusesWithItsPlace(_ expected: Refused) {
        let refusal = JQSandbox.check(expected.query)
        #expect(refusal?.message == expected.message)
        #expect(refusal?.offset == expected.offset)
    }

    /// Lookalikes that read nothing: fields, keys, strings, comments, a definition's name.
    @Test(arguments: [
        ".env", ".input.debug", #"."env""#, #"{env: 1, input: 2}"#, #"{env}"#, #""env and $ENV and import""#,
        "# env $ENV import\n.a", "def env: 1; .a", #".findings[] | select(.tool == "stderr")"#, "@base64", "now",
        #""a\"b \(.x) env""#, "environment", "$environment", ".a as $envy | $envy",
    ])
    func allowsLookalikes(_ query: String) {
        #expect(JQSandbox.check(query) == nil)
    }

    /// Behind the scan, the program's own definitions refuse the same builtins at run time.
    @Test(arguments: ["env", "input", "inputs", "input_filename", "debug", "stderr", "get_search_list", "modulemeta", "localtime"])
    func shadowedBuiltinsFailAtRunTime(_ name: String) {
        let program = JQSandbox.program(name, now: Fixtures.now)
        let result = InProcessJQRunner().run(JQRequest(program: program, facts: "{}"))
        #expect(result == .failed("jq error: '\(name)' is not allowed in a policy query: \(JQSandbox.forbiddenFunctions.first { $0.name == name }?.reason ?? "")"))
    }

    @Test func environmentIsNullAndModulesCannotCompile() {
        let program = JQSandbox.program("$ENV", now: Fixtures.now)
        #expect(InProcessJQRunner().run(JQRequest(program: program, facts: "{}")) == .finished([.pass]))
        // `import` after the sandbox's definitions is a syntax error, whatever the scan says.
        #expect(!JQEvaluation.compileErrors(JQSandbox.program(#"import "a" as a; ."#, now: Fixtures.now)).isEmpty)
        #expect(!JQEvaluation.compileErrors(JQSandbox.program(#"include "a"; ."#, now: Fixtures.now)).isEmpty)
    }

    @Test func nowIsTheEvaluationTime() {
        let program = JQSandbox.program(#"now | todate"#, now: Fixtures.now)
        #expect(InProcessJQRunner().run(JQRequest(program: program, facts: "{}")) == .finished([.message("2026-11-21T12:00:00Z", level: nil)]))
    }

    @Test func keepsTheQuerysLineNumbers() {
        let program = JQSandbox.program(".a |\n.b", now: Fixtures.now)
        #expect(program.split(separator: "\n").count == 2)
        #expect(program.hasSuffix(".a |\n.b"))
    }
}
