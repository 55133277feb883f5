import Foundation

/// Runs the built `verdict` binary and captures what a CI log would show.
struct VerdictProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary next to the test bundle (`.build/<configuration>/verdict`).
    static let binary: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("verdict")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/verdict")
    }()

    /// Runs `verdict arguments…` in `directory` (default: the repository root) with `stdin` as input.
    static func run(_ arguments: [String], in directory: URL = repositoryRoot, stdin: Data? = nil,
                    environment: [String: String] = [:]) throws -> Output {
        var env = ProcessInfo.processInfo.environment
        // Tests must not write into the CI job that runs them, nor pick up its secrets.
        for name in ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_TOKEN", "GH_TOKEN", "VERDICT_SIGNING_KEY", "GITLAB_TOKEN", "CI_JOB_TOKEN",
                     "CI_SERVER_URL", "CI_MERGE_REQUEST_IID", "CI_PROJECT_ID", "CI_API_V4_URL", "VERDICT_LEDGER_URL", "PGPASSWORD"] { env[name] = nil }
        env.merge(environment) { $1 }
        let result = try ChildProcess.run(binary, arguments, in: directory, environment: env, stdin: stdin)
        return Output(status: result.status, stdout: String(decoding: result.stdout, as: UTF8.self), stderr: String(decoding: result.stderr, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
