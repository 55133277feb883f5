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
