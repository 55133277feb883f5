import Foundation
import Testing

/// `--archive postgres://…` end to end against a real server (scripts/start-postgres.sh): inputs,
/// policies and records stored content-addressed in chunks, read back by replay with every byte
/// re-hashed, insert-only, safe under concurrent writers and killed writers.
@Suite(.serialized, .enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipReason))
struct PostgresArchiveCLITests {
    /// The SHA-256 of samples/trivy-fails.sarif (`sha256sum samples/trivy-fails.sarif`).
    static let scanSHA256: String = {
        let url = VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif")
        return sha256sum(url.path)
    }()

    static func sha256sum(_ path: String) -> String {
        let result = try? ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [path])
        return String(String(decoding: result?.stdout ?? Data(), as: UTF8.self).prefix(64))
    }

    /// A scratch directory holding the failing sample as scan.sarif, and a database made by `ledger init`.
    func setUp() throws -> (directory: URL, database: PostgresTestDatabase) {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        let database = try PostgresTestDatabase()
        let initialised = try VerdictProcess.run(["ledger", "init", database.url], in: directory)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        #expect(initialised.stdout.contains("created the archive (verdict.archive_objects, archive_chunks, archive_records)"))
        return (directory, database)
    }

    func check(_ archive: String, second: Int, in directory: URL, extra: [String] = []) throws -> VerdictProcess.Output {
        try VerdictProcess.run(["check", "scan.sarif", "--now", String(format: "2026-11-21T12:%02d:%02dZ", second / 60, second % 60),
                                "--context", "repository=acme/api", "--archive", archive, "--quiet"] + extra, in: directory)
    }

    @Test func initMakesInsertOnlyTablesForWritersAndReadOnlyForAuditors() throws {
        let (directory, database) = try setUp()
        let again = try VerdictProcess.run(["archive", "init", database.url], in: directory)
        #expect(again.status == 0)
        #expect(again.stdout.contains("the archive is already there; nothing changed"))
        #expect(try check(database.url, second: 1, in: directory).status == 1)
        // Even the owner (a superuser here) is refused by the triggers, on every table.
        for table in ["archive_objects", "archive_chunks", "archive_records"] {
            for sql in ["UPDATE verdict.\(table) SET sha256 = sha256", "DELETE FROM verdict.\(table)", "TRUNCATE verdict.\(table)"] {
                let statement = table == "archive_chunks" ? sql.replacingOccurrences(of: "SET sha256 = sha256", with: "SET chunk_index = chunk_index") : sql
                #expect(try database.psql(statement, expectFailure: true).contains("the Verdict archive is insert-only"))
            }
        }
        try database.psql("CREATE ROLE ci_\(database.name) LOGIN IN ROLE verdict_writer; CREATE ROLE audit_\(database.name) LOGIN IN ROLE verdict_reader")
        let ci = database.url(user: "ci_\(database.name)", password: nil)
        #expect(try check(ci, second: 2, in: directory).status == 1)
        #expect(try PostgresTestDatabase.psql(ci, "UPDATE verdict.archive_chunks SET chunk_index = 9", expectFailure: true).contains("permission denied"))
        #expect(try PostgresTestDatabase.psql(ci, "DELETE FROM verdict.archive_objects", expectFailure: true).contains("permission denied"))
        let auditor = database.url(user: "audit_\(database.name)", password: nil)
        let denied = try check(auditor, second: 3, in: directory)
        #expect(denied.status == 2)
        #expect(denied.stdout.contains("verdict: FAIL (exit 1)"))
        #expect(denied.stderr.contains("permission denied"))
        #expect(denied.stderr.contains("the decision's evidence was not archived in postgres://audit_"))
        let verify = try VerdictProcess.run(["archive", "verify", auditor], in: directory)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // scan.sarif and the default policy once, and the two records.
        #expect(verify.stdout.contains(" objects checked, 0 bad"))
    }

    @Test func replayReadsInputsAndRecordBackAfterTheyAreDeletedLocally() throws {
        let (directory, database) = try setUp()
        let first = try check(database.url, second: 1, in: directory, extra: ["--record", "d.json", "--ledger", database.url])
        #expect(first.status == 1, "\(first.stderr)")
        // The same input again: stored once.
        #expect(try check(database.url, second: 2, in: directory).status == 1)
        #expect(try database.psql("SELECT count(*) FROM verdict.archive_objects WHERE sha256 = '\(Self.scanSHA256)'") == "1\n")
        #expect(try database.psql("SELECT count(*) FROM verdict.archive_records") == "2\n")
        let recordSHA256 = Self.sha256sum(directory.appendingPathComponent("d.json").path)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("scan.sarif"))
        let replay = try VerdictProcess.run(["replay", "d.json", "--archive", database.url], in: directory)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.hasPrefix("replay: identical"))
        // The record too: named by the digest the ledger keeps.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("d.json"))
        #expect(try database.psql("SELECT record_sha256 FROM verdict.decisions") == "\(recordSHA256)\n")
        let fromDatabase = try VerdictProcess.run(["replay", "sha256:\(recordSHA256)", "--archive", database.url], in: directory)
        #expect(fromDatabase.status == 0, "\(fromDatabase.stdout)\(fromDatabase.stderr)")
        #expect(fromDatabase.stdout.hasPrefix("replay: identical"))
        let absent = try VerdictProcess.run(["replay", "sha256:\(String(repeating: "0", count: 64))", "--archive", database.url], in: directory)
        #expect(absent.status == 2)
        #expect(absent.stderr.contains("holds no record with this digest"))
    }

    @Test func aMultiChunkStreamedInputIsStoredChunkByChunkAndReadBack() throws {
        let (directory, database) = try setUp()
        // About 3.5 MB of k6 points: four 1 MiB chunks, stored from the file as it is streamed.
        let stream = directory.appendingPathComponent("load.ndjson")
        let generator = try ChildProcess.start(URL(fileURLWithPath: "/usr/bin/python3"),
                                               [VerdictProcess.repositoryRoot.appendingPathComponent("scripts/gen_k6_stream.py").path, "3500000"],
                                               stdout: .file(stream))
        #expect(generator.wait() == 0)
        let digest = Self.sha256sum(stream.path)
        let policy = VerdictProcess.repositoryRoot.appendingPathComponent("policies/load-latency-slo.yaml").path
        let check = try VerdictProcess.run(["check", "--policy", policy, "--k6", "load.ndjson", "--now", "2026-11-21T12:00:00Z",
                                            "--record", "d.json", "--archive", database.url, "--quiet"], in: directory)
        #expect(check.status != 2, "\(check.stderr)")
        let size = try FileManager.default.attributesOfItem(atPath: stream.path)[.size] as? Int ?? 0
        #expect(try database.psql("SELECT size, chunk_count FROM verdict.archive_objects WHERE sha256 = '\(digest)'") == "\(size)|\((size + (1 << 20) - 1) >> 20)\n")
        #expect(try database.psql("SELECT count(*), max(length(data)) < 1048576 FROM verdict.archive_chunks WHERE object_sha256 = '\(digest)'") == "4|t\n")
        try FileManager.default.removeItem(at: stream)
        let replay = try VerdictProcess.run(["replay", "d.json", "--archive", database.url], in: directory)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.hasPrefix("replay: identical"))
    }

    @Test func aChunkEditedBySuperuserIsReportedAlteredAndReplayExitsTwo() throws {
        let (directory, database) = try setUp()
        #expect(try check(database.url, second: 1, in: directory, extra: ["--record", "d.json"]).status == 1)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("scan.sarif"))
        // A valid gzip member of other bytes: only the hash can tell.
        try database.psql("""
            ALTER TABLE verdict.archive_chunks DISABLE TRIGGER archive_chunks_no_update;
            UPDATE verdict.archive_chunks SET data = '\\x1f8b08000000000002034b040043beb7e801000000'::bytea WHERE object_sha256 = '\(Self.scanSHA256)'
            """)
        let replay = try VerdictProcess.run(["replay", "d.json", "--archive", database.url], in: directory)
        #expect(replay.status == 2)
        #expect(replay.stderr.contains("#objects/\(Self.scanSHA256)"))
        #expect(replay.stderr.contains("archive object was altered"))
        #expect(replay.stderr.contains("(the archived copy of input 'scan.sarif')"))
        let verify = try VerdictProcess.run(["archive", "verify", database.url], in: directory)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("bad: \(PostgresTestDatabase.display(database.url))#objects/\(Self.scanSHA256): archive object was altered"))
        #expect(verify.stdout.contains("trigger archive_chunks_no_update is disabled"))
        // A writer that finds the trigger disabled stores nothing into the altered archive.
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        let store = try check(database.url, second: 2, in: directory)
        #expect(store.status == 2)
        #expect(store.stderr.contains("refusing to store: trigger archive_chunks_no_update is disabled"))
    }

    @Test func concurrentWritersStoringTheSameObjectAllSucceed() throws {
        let (directory, database) = try setUp()
        var processes: [(ChildProcess, URL)] = []
        for index in 0..<8 {
            let errors = directory.appendingPathComponent("stderr-\(index)")
            let arguments = ["check", "scan.sarif", "--now", String(format: "2026-11-21T15:00:%02dZ", index), "--archive", database.url, "--quiet"]
            processes.append((try ChildProcess.start(VerdictProcess.binary, arguments, in: directory, stderr: .file(errors)), errors))
        }
        for (process, errors) in processes {
            #expect(process.wait() == 1, "\((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        }
        #expect(try database.psql("SELECT count(*) FROM verdict.archive_objects WHERE sha256 = '\(Self.scanSHA256)'") == "1\n")
        #expect(try database.psql("SELECT count(*) FROM verdict.archive_records") == "8\n")
        let verify = try VerdictProcess.run(["archive", "verify", database.url], in: directory)
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test func aWriterKilledInsideItsStoreLeavesNoPartialObject() throws {
        let (directory, database) = try setUp()
        // Hold scan.sarif's first chunk key uncommitted: the writer's insert of it waits inside its transaction.
        let holder = try ChildProcess.start(URL(fileURLWithPath: "/usr/bin/psql"), [database.url, "-qAtX", "-c", """
            BEGIN; INSERT INTO verdict.archive_chunks VALUES ('\(Self.scanSHA256)', 0, '\\x00'); SELECT pg_sleep(3); ROLLBACK;
            """])
        Thread.sleep(forTimeInterval: 0.5)
        let writer = try ChildProcess.start(VerdictProcess.binary, ["check", "scan.sarif", "--now", "2026-11-21T13:00:00Z", "--archive", database.url, "--quiet"],
                                            in: directory)
        Thread.sleep(forTimeInterval: 1)
        #expect(try database.psql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = '\(database.name)'") == "1\n")
        writer.send(SIGKILL)
        writer.wait()
        holder.wait()
        #expect(try database.psql("SELECT count(*) FROM verdict.archive_objects") == "0\n")
        #expect(try database.psql("SELECT count(*) FROM verdict.archive_chunks") == "0\n")
        #expect(try VerdictProcess.run(["archive", "verify", database.url], in: directory).stdout.hasSuffix(": 0 objects checked, 0 bad\n"))
        // The next writer stores it whole.
        #expect(try check(database.url, second: 5, in: directory).status == 1)
        #expect(try VerdictProcess.run(["archive", "verify", database.url], in: directory).status == 0)
    }

    @Test func anUnreachableArchiveStillPrintsAndWritesThenExitsTwoWithoutThePassword() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        let url = "postgres://ci:hunter2-secret@127.0.0.1:1/evidence?sslmode=disable&connect_timeout=2"
        let result = try VerdictProcess.run(["check", "scan.sarif", "--archive", url, "--record", "record.json"], in: directory)
        #expect(result.status == 2)
        #expect(result.stdout.contains("verdict: FAIL (exit 1)"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("record.json").path))
        #expect(result.stderr.contains("the decision's evidence was not archived in postgres://ci@127.0.0.1:1/evidence"))
        let replay = try VerdictProcess.run(["replay", "record.json", "--archive", url], in: directory)
        #expect(replay.status == 2)
        #expect(!(result.stdout + result.stderr + replay.stdout + replay.stderr).contains("hunter2"))
    }
}
