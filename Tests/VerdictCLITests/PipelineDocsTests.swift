import Foundation
import Testing

/// Every GitHub workflow and GitLab pipeline in README.md and docs/*.md validates against
/// check-jsonschema's built-in schemas and its shell passes shellcheck
/// (scripts/check-ci-examples.py), so a copied example runs as written.
///
/// A missing tool (check-jsonschema, shellcheck, PyYAML) fails the test with the script's
/// message naming it: scripts/install-deps.sh installs them all.
@Suite struct PipelineDocsTests {
    @Test func thePipelinesInTheDocsValidateAndShellcheckCleanly() throws {
        let (status, output, errors) = try Self.check([])
        #expect(status == 0, "\(errors)")
        // README.md holds the GitHub workflow, docs/ci.md the GitLab pipeline; a docs page may add more.
        #expect(output.contains("check-ci-examples: "), "\(output)")
        #expect(!output.contains(" 0 GitHub workflows") && !output.contains(" 0 GitLab pipelines"), "\(output)")
    }

    @Test func brokenPipelinesAreFound() throws {
        let (status, output, errors) = try Self.check(["Tests/Fixtures/ci-docs/broken-pipelines.md"])
        #expect(status == 1, "\(output)\(errors)")
        #expect(errors.contains("broken-pipelines.md:6: error: jobs.gate.steps[1]: '${{ }}' inside run:"), "\(errors)")
        #expect(errors.contains("[SC2086]"), "\(errors)")       // exit $STATUS, unquoted
        #expect(errors.contains("[SC2164]"), "\(errors)")       // cd without || exit
        #expect(errors.contains("vendor.gitlab-ci rejects the gitlab pipeline"), "\(errors)")
        #expect(errors.contains("broken-pipelines.md:19::$.verdict.artifacts.when: 'sometimes' is not one of"), "\(errors)")
        #expect(output.contains("1 GitHub workflows, 1 GitLab pipelines in 1 files"), "\(output)")
    }

    @Test func aFileWithoutPipelinesIsAnError() throws {
        let (status, _, errors) = try Self.check(["docs/decision-record.md"])
        #expect(status == 1)
        #expect(errors.contains("expected at least one GitHub workflow and one GitLab pipeline"), "\(errors)")
    }

    /// Runs scripts/check-ci-examples.py in the repository root.
    static func check(_ files: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "scripts/check-ci-examples.py"] + files
        process.currentDirectoryURL = VerdictProcess.repositoryRoot
        // Standard error goes to a file: a long report must not fill one pipe while this
        // reads the other.
        let errorFile = try VerdictProcess.temporaryDirectory().appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let err = try FileHandle(forWritingTo: errorFile)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try err.close()
        let errors = try String(contentsOf: errorFile, encoding: .utf8)
        return (process.terminationStatus, output, errors)
    }
}
