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
        let (status, output, errors) = try Self.python(script, arguments: records)
        #expect(status == 0, "\(errors)")
        #expect(output == "ok\n")
    }

    /// Every shipped policy validates against schemas/policy.schema.json, and a policy with a
    /// misspelt key does not.
    @Test func policiesValidateAgainstThePolicySchema() throws {
        let script = """
            import glob, json, sys, yaml, jsonschema
            class Loader(yaml.SafeLoader): pass
            # Dates stay strings, as Verdict reads them.
            Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
            schema = json.load(open("schemas/policy.schema.json"))
            # Draft-07 throughout, as the YAML language server reads it. Draft-07 ignores keywords
            # it does not know, so newer ones are refused by name.
            jsonschema.Draft7Validator.check_schema(schema)
            text = open("schemas/policy.schema.json").read()
            for newer in ["$defs", "dependentRequired", "dependentSchemas", "prefixItems", "unevaluatedProperties", "unevaluatedItems", "$anchor", "$dynamicRef"]:
                assert '"' + newer + '"' not in text, newer
            files = sorted(glob.glob("policies/*.yaml")) + sorted(glob.glob("Tests/Fixtures/records/v1/*.yaml"))
            for path in files:
                jsonschema.validate(yaml.load(open(path), Loader=Loader), schema)
            bad = yaml.load("version: 1\\nrules:\\n  - {id: v, kind: severity, blok: [high]}\\n", Loader=Loader)
            try:
                jsonschema.validate(bad, schema)
                print("misspelt key accepted")
            except jsonschema.ValidationError:
                print(len(files), "ok")
            """
        let (status, output, errors) = try Self.python(script)
        #expect(status == 0, "\(errors)")
        #expect(output.hasSuffix(" ok\n"), "\(output)")
    }

    /// Runs a Python script in the repository root: its exit status, standard output and error.
    static func python(_ script: String, arguments: [String] = []) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        process.currentDirectoryURL = VerdictProcess.repositoryRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, errors)
    }
}

extension SchemaTests {
    /// docs/policy.md's `yaml-language-server` line resolves, from policies/, to the schema.
    @Test func thePolicyPagesSchemaLineResolves() throws {
        let readme = try String(contentsOf: VerdictProcess.repositoryRoot.appendingPathComponent("docs/policy.md"), encoding: .utf8)
        let line = try #require(readme.split(separator: "\n").first { $0.hasPrefix("# yaml-language-server: $schema=") })
        let target = String(line.dropFirst("# yaml-language-server: $schema=".count))
        let resolved = VerdictProcess.repositoryRoot.appendingPathComponent("policies").appendingPathComponent(target).standardizedFileURL
        #expect(resolved.path == VerdictProcess.repositoryRoot.appendingPathComponent("schemas/policy.schema.json").standardizedFileURL.path)
        #expect(FileManager.default.fileExists(atPath: resolved.path))
        #expect(readme.contains(#"[".verdict.yaml", ".verdict.yml"]"#))
    }
}
