import Foundation
import Testing

/// `schemas/decision-record.schema.json` stays in sync with what Verdict writes: records
/// produced now, and the checked-in v1 records, validate against it (Python's jsonschema).
@Suite struct SchemaTests {
    @Test func recordsValidateAgainstTheirSchema() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let fresh = directory.appendingPathComponent("fresh.json").path
        _ = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", "--baseline-sarif", "samples/trivy-passes.sarif",
                                    "--now", "2026-11-21T12:00:00Z", "--context", "commit=abc", "--record", fresh])
        let records = [fresh, "Tests/Fixtures/records/v1/decision.json", "Tests/Fixtures/records/v1/decision.signed.json"]
        let script = """
            import json, sys, jsonschema
            schema = json.load(open("schemas/decision-record.schema.json"))
            jsonschema.Draft202012Validator.check_schema(schema)
            for path in sys.argv[1:]:
                jsonschema.validate(json.load(open(path)), schema, format_checker=jsonschema.FormatChecker())
            print("ok")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + records
        process.currentDirectoryURL = VerdictProcess.repositoryRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(errors)")
        #expect(output == "ok\n")
    }
}
