import Foundation
import Testing
@testable import VerdictKit

/// The libjq wrapper: reference counts, compile and runtime errors.
@Suite struct JQProgramTests {
    @Test func copiesCountReferencesAndFreeOnDeinit() {
        let value = JV(parsing: #"{"a": [1, 2, 3]}"#)
        var counts = [value.referenceCount]
        do {
            let second = value.copy()
            counts += [value.referenceCount, second.referenceCount]
        }
        counts.append(value.referenceCount)
        // Reading a member or the keys borrows the object: its count is back to one afterwards.
        var memberJSON: String?
        if let member = value.member("a") { memberJSON = member.compactJSON }
        let keys = value.keys
        counts.append(value.referenceCount)
        #expect(counts == [1, 2, 2, 1, 1])
        #expect(memberJSON == "[1,2,3]")
        #expect(keys == ["a"])
    }

    @Test func stringsKeepTheirBytes() {
        let value = JV(string: "caf\u{E9} \"quoted\"\nline")
        let text = value.string
        let json = value.compactJSON
        let count = value.referenceCount
        #expect(text == "caf\u{E9} \"quoted\"\nline")
        #expect(json == #""café \"quoted\"\nline""#)
        #expect(count == 1)
    }

    @Test func invalidJSONCarriesJQsMessage() {
        let value = JV(parsing: "{not json")
        let valid = value.isValid
        var text = ""
        if let message = value.invalidMessage { text = JQProgram.describe(message) }
        #expect(!valid)
        #expect(!text.isEmpty)
    }

    @Test func compileErrorsAreCollectedNotPrinted() throws {
        #expect(throws: JQCompileError.self) { try JQProgram(compiling: ".foo bar") }
        let errors = JQEvaluation.compileErrors("1 +\nnosuchfunction")
        #expect(errors.contains { $0.contains("nosuchfunction/0 is not defined") })
        #expect(errors.allSatisfy { !$0.contains("\n") })
        #expect(JQEvaluation.compileErrors(".a | length > 3").isEmpty)
    }

    @Test func runsAndStopsWhenAsked() throws {
        let program = try JQProgram(compiling: ".[]")
        var seen: [String] = []
        try program.run(on: JV(parsing: "[1, \"two\", null, {\"a\": true}]")) { value in
            seen.append(value.compactJSON)
            return seen.count < 3
        }
        #expect(seen == ["1", "\"two\"", "null"])
        // The same program runs again on another input.
        var again: [String] = []
        try program.run(on: JV(parsing: "[5]")) { value in
            again.append(value.compactJSON)
            return true
        }
        #expect(again == ["5"])
    }

    @Test func runtimeErrorsAndHaltError() throws {
        #expect(throws: JQRuntimeError(message: "boom")) {
            try JQProgram(compiling: #"error("boom")"#).run(on: JV(parsing: "null")) { _ in true }
        }
        #expect(throws: JQRuntimeError(message: "halt_error: stop")) {
            try JQProgram(compiling: #""stop" | halt_error"#).run(on: JV(parsing: "null")) { _ in true }
        }
        var values = 0
        try JQProgram(compiling: "1, halt, 2").run(on: JV(parsing: "null")) { _ in
            values += 1
            return true
        }
        #expect(values == 1)
    }
}
