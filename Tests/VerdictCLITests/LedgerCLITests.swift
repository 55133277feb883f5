import Foundation
import Testing

/// `ledger head` and `ledger verify --expect-head` end to end: a head kept in a CI log catches
/// rows removed from the end, and verify never changes the file it checks.
@Suite struct LedgerCLITests {
    /// A scratch directory with a ledger of three decisions about the failing sample.
    func ledger() throws -> URL {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        for second in 1...3 {
            let check = try VerdictProcess.run(["check", "scan.sarif", "--now", "2026-11-21T12:00:0\(second)Z", "--ledger", "l.sqlite", "--quiet"], in: directory)
            #expect(check.status == 1, "\(check.stderr)")
        }
        return directory
    }

    func sqlite(_ sql: String, in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [directory.appendingPathComponent("l.sqlite").path, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    func fileHash(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [url.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    /// The head as `ledger head --json` prints it.
    func head(in directory: URL) throws -> String {
        let result = try VerdictProcess.run(["ledger", "head", "l.sqlite", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["count"] as? Int == 3)
        return try #require(object["head"] as? String)
    }

    #if os(Linux)
    /// A check without a PostgreSQL ledger never loads libpq (the start-up budget); one with a
    /// postgres:// ledger does, on demand. glibc's loader lists every library it opens under LD_DEBUG.
    @Test func libpqLoadsOnlyForAPostgresLedger() throws {
        let directory = try ledger()
        let plain = try VerdictProcess.run(["check", "scan.sarif", "--ledger", "l.sqlite", "--quiet"], in: directory, environment: ["LD_DEBUG": "files"])
        #expect(plain.status == 1)
        #expect(!plain.stderr.contains("file=libpq"))
        let postgres = try VerdictProcess.run(["log", "--ledger", "postgres://nobody@127.0.0.1:1/none?connect_timeout=1"], in: directory, environment: ["LD_DEBUG": "files"])
        #expect(postgres.status == 2)
        #expect(postgres.stderr.contains("file=libpq"))
    }
    #endif

    @Test func headPrintsTheCountAndTheNewestRowHash() throws {
        let directory = try ledger()
        let hash = try head(in: directory)
        let text = try VerdictProcess.run(["ledger", "head", "l.sqlite"], in: directory)
        #expect(text.stdout == "count 3\nhead \(hash)\n")
        let verify = try VerdictProcess.run(["ledger", "verify", "l.sqlite", "--expect-head", hash], in: directory)
        #expect(verify.status == 0)
        #expect(verify.stdout == "l.sqlite: intact, 3 decisions, head \(hash); the expected head is row 3 (0 appended since)\n")
    }

    @Test func newestRowsDeletedFailVerifyWithTheExpectedHead() throws {
        let directory = try ledger()
        let hash = try head(in: directory)
        // Remove the newest row and cover every other trace: the trigger back as it was, the sequence fixed.
        let restore = "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions\n    BEGIN SELECT RAISE(ABORT, 'the Verdict ledger is append-only'); END;"
        try sqlite("DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE id = 3; \(restore) UPDATE sqlite_sequence SET seq = 2;", in: directory)
        #expect(try VerdictProcess.run(["ledger", "verify", "l.sqlite"], in: directory).status == 0)
        let verify = try VerdictProcess.run(["ledger", "verify", "l.sqlite", "--expect-head", hash], in: directory)
        #expect(verify.status == 1)
        #expect(verify.stdout == "l.sqlite: broken: the expected head \(hash) is not in the ledger (rows were removed from its end, or the ledger was replaced)\n")
    }

    @Test func newestRowsDeletedAreFoundThroughTheGapOnceAnythingIsAppended() throws {
        let directory = try ledger()
        let restore = "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions\n    BEGIN SELECT RAISE(ABORT, 'the Verdict ledger is append-only'); END;"
        try sqlite("DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE id = 3; \(restore)", in: directory)
        _ = try VerdictProcess.run(["check", "scan.sarif", "--now", "2026-11-22T12:00:00Z", "--ledger", "l.sqlite", "--quiet"], in: directory)
        let verify = try VerdictProcess.run(["ledger", "verify", "l.sqlite"], in: directory)
        #expect(verify.status == 1)
        #expect(verify.stdout == "l.sqlite: broken: row 4: ids must run from 1 without gaps, expected 3 (rows were removed)\n")
    }

    @Test func verifyNeverChangesTheFile() throws {
        let directory = try ledger()
        let file = directory.appendingPathComponent("l.sqlite")
        try sqlite("DROP TRIGGER decisions_no_update;", in: directory)
        let before = try fileHash(file)
        for arguments in [["ledger", "verify", "l.sqlite"], ["ledger", "head", "l.sqlite"], ["log", "--ledger", "l.sqlite"]] {
            _ = try VerdictProcess.run(arguments, in: directory)
            #expect(try fileHash(file) == before, "\(arguments)")
        }
        let verify = try VerdictProcess.run(["ledger", "verify", "l.sqlite"], in: directory)
        #expect(verify.stdout.contains("trigger decisions_no_update is missing"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["l.sqlite", "scan.sarif"])
    }

    @Test func anEmptyOrMissingFileIsAnErrorAndNothingIsCreated() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        FileManager.default.createFile(atPath: directory.appendingPathComponent("empty.sqlite").path, contents: Data())
        for command in [["ledger", "verify"], ["ledger", "head"], ["log", "--ledger"]] {
            let empty = try VerdictProcess.run(command + ["empty.sqlite"], in: directory)
            #expect(empty.status == 2)
            #expect(empty.stderr == "empty.sqlite: error: not a Verdict ledger: the file is empty\n")
            let missing = try VerdictProcess.run(command + ["missing.sqlite"], in: directory)
            #expect(missing.status == 2)
            #expect(missing.stderr == "missing.sqlite: error: cannot read: no such file\n")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["empty.sqlite"])
        #expect(try Data(contentsOf: directory.appendingPathComponent("empty.sqlite")).isEmpty)
    }

    @Test(arguments: ["abc", String(repeating: "A", count: 64), String(repeating: "0", count: 63)])
    func anExpectedHeadThatIsNot64LowercaseHexIsRefused(_ hash: String) throws {
        let directory = try ledger()
        let result = try VerdictProcess.run(["ledger", "verify", "l.sqlite", "--expect-head", hash], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("invalid --expect-head '\(hash)'; expected 64 lowercase hexadecimal digits"))
    }
}
