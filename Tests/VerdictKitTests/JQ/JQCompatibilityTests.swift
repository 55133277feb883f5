import Foundation
import Testing
@testable import VerdictKit

/// jq 1.7's builtins as the sandbox defines them for libjq 1.6, run through the policy program
/// on jq's own documented examples (each case names its source).
@Suite struct JQCompatibilityTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var program: String
        var input: String
        /// Every output, as one JSON array.
        var outputs: String
        var source: String
        var testDescription: String { program }
    }

    static let manual17 = "jq 1.7 manual (docs/content/manual/v1.7/manual.yml)"
    static let manual18 = "jq 1.8 manual (docs/content/manual/v1.8/manual.yml)"
    static let news17 = "jq NEWS.md, 1.7"

    static let examples: [Example] = [
        Example(program: "pick(.a, .b.c, .x)", input: #"{"a": 1, "b": {"c": 2, "d": 3}, "e": 4}"#, outputs: #"[{"a":1,"b":{"c":2},"x":null}]"#, source: manual17),
        Example(program: "pick(.[2], .[0], .[0])", input: "[1,2,3,4]", outputs: "[[1,null,3]]", source: manual17),
        Example(program: #"scan("ab"; "i")"#, input: #""abAB""#, outputs: #"["ab","AB"]"#, source: news17 + ": 'Adds new builtin scan($re; $flags)'"),
        Example(program: "[limit(0; 1, 2)]", input: "null", outputs: "[[]]", source: "jq 1.7 src/builtin.jq: limit(0; f) is empty (libjq 1.6 gives [1])"),
        Example(program: "[nth(5; 1, 2)]", input: "null", outputs: "[[]]", source: news17 + ": 'Fix nth/2 to emit empty on index out of range' (libjq 1.6 gives [2])"),
        Example(program: "[nth(1; 10, 20, 30)]", input: "null", outputs: "[[20]]", source: "nth/2 within range, unchanged"),
        Example(program: "trim, ltrim, rtrim", input: #"" abc ""#, outputs: #"["abc","abc "," abc"]"#, source: manual18),
        Example(program: "[.[]|ltrimstr(\"foo\")]", input: #"["fo", "foo", "barfoo", "foobar", "afoo"]"#, outputs: #"[["fo","","barfoo","bar","afoo"]]"#, source: manual17),
        Example(program: "[.[]|rtrimstr(\"foo\")]", input: #"["fo", "foo", "barfoo", "foobar", "foob"]"#, outputs: #"[["fo","","bar","foobar","foob"]]"#, source: manual17),
        Example(program: #"getpath(["a","b"])"#, input: "null", outputs: "[null]", source: manual17),
        Example(program: #"[getpath(["a","b"], ["a","c"])]"#, input: #"{"a":{"b":0, "c":1}}"#, outputs: "[[0, 1]]", source: manual17),
        Example(program: "[paths]", input: #"[1,[[],{"a":2}]]"#, outputs: #"[[[0],[1],[1,0],[1,1],[1,1,"a"]]]"#, source: manual17),
        Example(program: #"[paths(type == "number")]"#, input: #"[1,[[],{"a":2}]]"#, outputs: #"[[[0],[1,1,"a"]]]"#, source: manual17),
        Example(program: #"[splits(", *"; null)]"#, input: #""ab,cd, ef""#, outputs: #"[["ab","cd","ef"]]"#, source: manual17 + ", splits"),
        Example(program: #"split(", *"; null)"#, input: #""ab,cd, ef""#, outputs: #"[["ab","cd","ef"]]"#, source: manual17 + ", split/2"),
        // Not in the manual's examples: the definitions' own cases.
        Example(program: "map(abs)", input: "[-10, -1.1, -1e-1, 0, 5]", outputs: "[[10, 1.1, 0.1, 0, 5]]", source: news17 + ": 'Adds new builtin abs'"),
        Example(program: "try abs catch .", input: #""abc""#, outputs: #"["string (\"abc\") has no absolute value"]"#, source: "jq 1.8's message for a non-number"),
        Example(program: "map(toarray)", input: #"[[1], 2, "a", null, {"b": 3}]"#, outputs: #"[[[1], [2], ["a"], [null], [{"b": 3}]]]"#, source: "toarray: an array as is, anything else wrapped"),
        Example(program: "trim", input: #""\u3000\u00a0 a \n b\t\u000b\u2003""#, outputs: #"["a \n b"]"#, source: manual18 + ": Unicode White_Space too; inner whitespace kept"),
        Example(program: "try trim catch .", input: "123", outputs: #"["trim input must be a string"]"#, source: "jq 1.8's message for a non-string"),
        Example(program: "have_literal_numbers, have_decnum", input: "null", outputs: "[false, false]", source: "libjq 1.6 keeps numbers as doubles: the truthful answer"),
    ]

    /// Runs `[program]` over the input through the sandbox: `true` when it equals the expected
    /// outputs, else the actual outputs as JSON (shown in the failure).
    @Test(arguments: examples)
    func documentedExample(_ example: Example) {
        let query = "[\(example.program)] as $got | if $got == \(example.outputs) then true else ($got | tojson) end"
        let result = InProcessJQRunner().run(JQRequest(program: JQSandbox.program(query, now: Fixtures.now), facts: example.input))
        #expect(result == .finished([.violated]), "\(example.source)")
    }

    /// A query's own definition of a name still wins over the prelude's, as over a builtin.
    @Test func aQuerysOwnDefinitionWins() {
        let program = JQSandbox.program("def trim: \"mine\"; trim == \"mine\"", now: Fixtures.now)
        #expect(InProcessJQRunner().run(JQRequest(program: program, facts: "\" x \"")) == .finished([.violated]))
    }

    /// The prelude stays on the query's first line, so jq's line numbers are still the query's.
    @Test func thePreludeIsOneLine() {
        #expect(!JQCompatibility.definitions.contains("\n"))
    }

    /// jq 1.7's `debug(msg)` writes to standard error like `debug`: refused the same way.
    @Test func debugWithAMessageIsRefused() {
        #expect(JQSandbox.check(#"debug("x: \(.)")"#)?.message == "'debug' is not allowed in a policy query: it writes to standard error")
    }
}
