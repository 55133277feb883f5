import Foundation
import Testing

/// Runs the built `verdict` binary on the coverage samples and checks stdout, stderr and the
/// exit status.
@Suite struct CoverageCLITests {
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String]) throws -> Run {
        let result = try VerdictProcess.run(arguments)
        return Run(status: result.status, output: result.stdout, error: result.stderr)
    }

    static let common = ["check", "--policy", "policies/coverage.yaml", "--now", "2026-11-21T12:00:00Z", "--source-root", "/home/runner/work/shop/shop",
                         "--baseline-coverage", "samples/coverage-passes.info", "--diff", "samples/coverage-change.diff"]

    @Test func passingSampleExitsZero() throws {
        try #require(FileManager.default.isExecutableFile(atPath: VerdictProcess.binary.path), "build the verdict product first")
        let run = try Self.run(Self.common + ["samples/coverage-passes.info"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("PASS  coverage  lines 91.60% (target 80%)"))
    }

    @Test func failingSampleExitsOne() throws {
        try #require(FileManager.default.isExecutableFile(atPath: VerdictProcess.binary.path), "build the verdict product first")
        let run = try Self.run(Self.common + ["--lcov", "samples/coverage-fails.info"])
        #expect(run.status == 1)
        #expect(run.output.contains("patch 50.00% (3/6 lines) below 80%"))
    }

    @Test func patchOnlyGateWithoutSourceRootMatchesBySuffix() throws {
        // Issue 13: the sample pair without --source-root passed with "no instrumented changed
        // line"; the diff's repository paths now meet the report's absolute paths by suffix.
        try #require(FileManager.default.isExecutableFile(atPath: VerdictProcess.binary.path), "build the verdict product first")
        let policy = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-patch-\(UUID().uuidString).yaml")
        try Data("version: 1\nrules:\n  - id: patch\n    kind: coverage\n    patch: { line: 80 }\n".utf8).write(to: policy)
        defer { try? FileManager.default.removeItem(at: policy) }
        let run = try Self.run(["check", "--policy", policy.path, "--now", "2026-11-21T12:00:00Z", "--diff", "samples/coverage-change.diff", "--lcov", "samples/coverage-fails.info"])
        #expect(run.status == 1, "\(run.output)\(run.error)")
        #expect(run.output.contains("patch 50.00% (3/6 lines) below 80%"))
        // A source root that is not the reports' leaves nothing to match: exit 2, both path shapes shown.
        let wrong = try Self.run(["check", "--policy", policy.path, "--now", "2026-11-21T12:00:00Z", "--diff", "samples/coverage-change.diff",
                                  "--source-root", "/elsewhere", "--lcov", "samples/coverage-fails.info"])
        #expect(wrong.status == 2)
        #expect(wrong.output.contains("diff paths: 'src/payments/refund.ts'; report paths: '/home/runner/work/shop/shop/src/api/handlers.ts'"))
    }

    @Test func badTracefileExitsTwoWithPosition() throws {
        try #require(FileManager.default.isExecutableFile(atPath: VerdictProcess.binary.path), "build the verdict product first")
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-bad-\(UUID().uuidString).info")
        try Data("SF:a.c\nDA:1,x\nend_of_record\n".utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        let run = try Self.run(["check", "--policy", "policies/coverage.yaml", "--lcov", bad.path])
        #expect(run.status == 2)
        #expect(run.error == "\(bad.path):2:6: error: DA count must be a whole number, found 'x'\n")
    }
}
