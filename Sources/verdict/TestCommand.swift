import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct TestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run policy test cases: one line per case, then 'N passed, N failed' (exit 0 all passed, 1 a case failed, 2 a case could not be run).",
            discussion: """
                A case is a YAML file, or a folder holding case.yaml and its input files, naming the \
                policy, the inputs, the evaluation time (now) and the expected outcome of the whole \
                (expect.outcome) and of rules (expect.rules). Paths are relative to the case file. \
                Folders without case.yaml are searched for cases.
                """
        )

        @Argument(help: ArgumentHelp("The directory of test cases (or one folder case).", valueName: "dir"), completion: .directory)
        var directory: String

        func run() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                Standard.error("verdict: error: '\(directory)' is not a directory of test cases")
                throw VerdictExit(status: .couldNotJudge)
            }
            let cases = PolicyTestRunner.discover(directory)
            guard !cases.isEmpty else {
                Standard.error("verdict: error: no test cases in '\(directory)' (YAML files, or folders holding \(PolicyTestCase.folderFile))")
                throw VerdictExit(status: .couldNotJudge)
            }
            let runner = PolicyTestRunner()
            var results: [PolicyTestRunner.CaseResult] = []
            for testCase in cases {
                let result = runner.run(path: testCase.path, name: testCase.name)
                Standard.output(result.line + "\n")
                results.append(result)
            }
            Standard.output(PolicyTestRunner.summary(results) + "\n")
            throw VerdictExit(status: PolicyTestRunner.exitStatus(results))
        }
    }
}
