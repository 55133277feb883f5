import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `verdict serve` hands over to `verdict-serve`: the hand-over, its refusals, a real listener
/// on loopback, and a graceful stop on SIGTERM.
@Suite struct ServeCLITests {
    static var server: URL { VerdictProcess.binary.deletingLastPathComponent().appendingPathComponent("verdict-serve") }
    static var serverBuilt: Bool { FileManager.default.isExecutableFile(atPath: server.path) }

    @Test func withoutTheServerExecutableTheErrorSaysWhatIsMissing() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let lonely = directory.appendingPathComponent("verdict")
        try FileManager.default.copyItem(at: VerdictProcess.binary, to: lonely)
        let run = try ChildProcess.run(lonely, ["serve", "--ledger", "ledger.sqlite"])
        let stderr = String(decoding: run.stderr, as: UTF8.self)
        #expect(run.status == 2)
        #expect(stderr == "verdict: error: cannot run '\(directory.appendingPathComponent("verdict-serve").path)': No such file or directory; 'verdict serve' needs the verdict-serve executable installed next to verdict (swift build --product verdict-serve)\n")
    }

    @Test(.enabled(if: serverBuilt, "verdict-serve is not built next to verdict"),
          arguments: ["0.0.0.0:8080", "10.1.2.3:80", "[::]:8080"])
    func listeningBeyondLoopbackIsRefused(address: String) throws {
        let run = try VerdictProcess.run(["serve", "--ledger", "missing.sqlite", "--listen", address])
        #expect(run.status == 2)
        #expect(run.stderr.contains("refusing --listen '\(address)' without --token-file"), "\(run.stderr)")
    }

    @Test(.enabled(if: serverBuilt, "verdict-serve is not built next to verdict"))
    func insecureNoAuthIsAllowedButWarnedAbout() throws {
        let run = try VerdictProcess.run(["serve", "--ledger", "/nonexistent/ledger.sqlite", "--listen", "0.0.0.0:8080", "--insecure-no-auth"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("verdict serve: warning: --insecure-no-auth: no authentication; anyone who can reach 0.0.0.0:8080 reads every decision"), "\(run.stderr)")
        #expect(run.stderr.contains("/nonexistent/ledger.sqlite"), "\(run.stderr)")
    }

    @Test(.enabled(if: serverBuilt, "verdict-serve is not built next to verdict"))
    func aTokenFileOthersCanReadStopsTheStart() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let tokenFile = directory.appendingPathComponent("token").path
        try Data("0123456789abcdef0123456789abcdef\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tokenFile)
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        #expect(try VerdictProcess.run(["check", "samples/trivy-passes.sarif", "--ledger", ledger]).status == 0)
        let run = try VerdictProcess.run(["serve", "--ledger", ledger, "--listen", "0.0.0.0:8080", "--token-file", tokenFile])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(tokenFile): error: the token file's permissions 644 let group or others read it"), "\(run.stderr)")
        #expect(!run.stderr.contains("0123456789abcdef"))
    }

    /// docs/commands.md documents every option of verdict-serve, as it does every other command's.
    @Test(.enabled(if: serverBuilt, "verdict-serve is not built next to verdict"))
    func theCommandsPageMentionsEveryServeOption() throws {
        let help = try VerdictProcess.run(["serve", "--help"]).stdout
        let commands = try DocumentationTests.page("docs/commands.md")
        let options = Set(help.matches(of: /--[a-z][a-z-]*/).map { String($0.output) }).subtracting(["--help", "--version"])
        #expect(options.isSuperset(of: ["--token-file", "--insecure-no-auth", "--secure-cookie", "--rate-limit", "--connections"]), "\(help)")
        for option in options.sorted() {
            #expect(commands.contains("`\(option)"), "docs/commands.md does not document verdict serve's \(option)")
        }
    }

    @Test(.enabled(if: serverBuilt, "verdict-serve is not built next to verdict"))
    func anUnreadableLedgerStopsTheStart() throws {
        let run = try VerdictProcess.run(["serve", "--ledger", "/nonexistent/ledger.sqlite"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent/ledger.sqlite"), "\(run.stderr)")
    }

    @Test(.enabled(if: serverBuilt, "verdict-serve is not built next to verdict"))
    func itServesOnLoopbackAndStopsGracefullyOnSIGTERM() async throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let archive = directory.appendingPathComponent("archive").path
        let check = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", "--ledger", ledger, "--archive", archive,
                                            "--context", "repository=acme/<shop>"])
        #expect(check.status == 1)
        let port = Int.random(in: 20_000..<40_000)
        let process = Process()
        process.executableURL = VerdictProcess.binary
        process.arguments = ["serve", "--ledger", ledger, "--archive", archive, "--listen", "127.0.0.1:\(port)"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var page: String?
        for _ in 0..<100 where page == nil {
            try await Task.sleep(for: .milliseconds(100))
            if let url = URL(string: "http://127.0.0.1:\(port)/decisions"), let (data, response) = try? await URLSession.shared.data(from: url),
               (response as? HTTPURLResponse)?.statusCode == 200 {
                page = String(decoding: data, as: UTF8.self)
            }
        }
        let body = try #require(page, "the server did not answer on port \(port)")
        #expect(body.contains("href=\"/decisions/1\""))
        #expect(body.contains("acme/&lt;shop&gt;"))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("verdict serve: listening on http://127.0.0.1:\(port)"))
    }
}
