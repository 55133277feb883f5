import Foundation
import Testing

/// The audit commands end to end: replay, verify, keygen, archive, ledger and log.
@Suite struct AuditCommandTests {
    let now = "--now=2026-11-21T12:00:00Z"
    static let fixture = "Tests/Fixtures/records/v1"

    /// A scratch directory holding a copy of the failing sample as `scan.sarif`.
    func workspace() throws -> URL {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        return directory
    }

    @Test func replayOfTheCheckedInRecordIsIdentical() throws {
        let result = try VerdictProcess.run(["replay", "\(Self.fixture)/decision.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "replay: identical — 2 rules, outcome fail, exit 1\n")
    }

    @Test func replayAfterAnInputWasEditedExitsTwoNamingBothHashes() throws {
        let directory = try workspace()
        _ = try VerdictProcess.run(["check", "scan.sarif", now, "--record", "d.json"], in: directory)
        let scan = directory.appendingPathComponent("scan.sarif")
        let original = try Data(contentsOf: scan)
        try (original + Data(" ".utf8)).write(to: scan)
        let result = try VerdictProcess.run(["replay", "d.json"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("scan.sarif: error: recorded input was altered: recorded sha256 909fffd2cc4175f3278349923674f855bb7cc2eba01e92a5567a466955b99f2b, found "))
    }

    @Test func replayAfterTheRecordWasEditedExitsOneWithTheDifference() throws {
        let directory = try workspace()
        _ = try VerdictProcess.run(["check", "scan.sarif", now, "--record", "d.json"], in: directory)
        let record = directory.appendingPathComponent("d.json")
        let text = try String(contentsOf: record, encoding: .utf8)
        try text.replacingOccurrences(of: "\"outcome\": \"fail\",\n      \"message\"", with: "\"outcome\": \"pass\",\n      \"message\"")
            .write(to: record, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["replay", "d.json"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout == """
            differs: rules[vulnerabilities].outcome: recorded "pass", replayed "fail"
            replay: different — recorded outcome fail (exit 1), replayed fail (exit 1)

            """)
    }

    struct RecordEdit: Sendable, CustomTestStringConvertible {
        var from: String
        var to: String
        /// What replay prints on standard output (exit 1), or on standard error (exit 2).
        var expected: String
        var status: Int32
        var testDescription: String { to }
    }

    static let recordEdits: [RecordEdit] = [
        RecordEdit(from: "\"outcome\": \"fail\",\n  \"exit_status\": 1", to: "\"outcome\": \"pass\",\n  \"exit_status\": 1",
                   expected: "differs: outcome: recorded \"pass\", replayed \"fail\"\n", status: 1),
        RecordEdit(from: "\"exit_status\": 1", to: "\"exit_status\": 0",
                   expected: "differs: exit_status: recorded 0, replayed 1\n", status: 1),
        RecordEdit(from: "\"high\": 3,", to: "\"high\": 2,",
                   expected: "differs: rules[vulnerabilities].counts.counted.high: recorded 2, replayed 3\n", status: 1),
        RecordEdit(from: "909fffd2cc4175f3278349923674f855bb7cc2eba01e92a5567a466955b99f2b", to: "909fffd2cc4175f3278349923674f855bb7cc2eba01e92a5567a466955b99f2c",
                   expected: "scan.sarif: error: recorded input was altered: recorded sha256 909fffd2cc4175f3278349923674f855bb7cc2eba01e92a5567a466955b99f2c, found 909fffd2cc4175f3278349923674f855bb7cc2eba01e92a5567a466955b99f2b", status: 2),
    ]

    @Test(arguments: recordEdits)
    func replayOfAnEditedUnsignedRecordIsNeverIdentical(_ edit: RecordEdit) throws {
        let directory = try workspace()
        _ = try VerdictProcess.run(["check", "scan.sarif", now, "--record", "d.json"], in: directory)
        let record = directory.appendingPathComponent("d.json")
        let text = try String(contentsOf: record, encoding: .utf8)
        let edited = text.replacingOccurrences(of: edit.from, with: edit.to)
        #expect(edited != text)
        try edited.write(to: record, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["replay", "d.json"], in: directory)
        #expect(result.status == edit.status)
        #expect((edit.status == 1 ? result.stdout : result.stderr).contains(edit.expected), "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("identical"))
    }

    @Test func replayFindsMovedInputsInTheArchive() throws {
        let directory = try workspace()
        _ = try VerdictProcess.run(["check", "scan.sarif", now, "--record", "d.json", "--archive", "archive"], in: directory)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("scan.sarif"))
        #expect(try VerdictProcess.run(["replay", "d.json"], in: directory).status == 2)
        let result = try VerdictProcess.run(["replay", "d.json", "--archive", "archive"], in: directory)
        #expect(result.status == 0)
        let verify = try VerdictProcess.run(["archive", "verify", "archive"], in: directory)
        #expect(verify.status == 0)
        #expect(verify.stdout == "archive: 3 files checked, 0 bad\n") // input, policy, record
    }

    @Test func whatIfReportsWhatWouldChange() throws {
        let result = try VerdictProcess.run(["replay", "\(Self.fixture)/decision.json", "--policy", "policies/default.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            would change: rule scanner-findings: pass → absent
            what-if: overall outcome fail → fail (unchanged)

            """)
    }

    @Test func signAndVerify() throws {
        let directory = try workspace()
        let keygen = try VerdictProcess.run(["keygen", "--out", "key"], in: directory)
        #expect(keygen.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let privateKey = try String(contentsOf: directory.appendingPathComponent("key"), encoding: .utf8)
        let secret = String(privateKey.split(separator: "\n")[1])

        let check = try VerdictProcess.run(["check", "scan.sarif", now, "--record", "d.json", "--markdown", "r.md"], in: directory,
                                           environment: ["VERDICT_SIGNING_KEY": "key"])
        #expect(check.status == 1)
        let record = try String(contentsOf: directory.appendingPathComponent("d.json"), encoding: .utf8)
        #expect(record.contains("\"signature\""))
        for output in [record, check.stdout, check.stderr, try String(contentsOf: directory.appendingPathComponent("r.md"), encoding: .utf8)] {
            #expect(!output.contains(secret))
        }
        #expect(try VerdictProcess.run(["verify", "d.json", "--public-key", "key.pub"], in: directory).status == 0)

        try record.replacingOccurrences(of: "\"exit_status\": 1", with: "\"exit_status\": 0").write(to: directory.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)
        let tampered = try VerdictProcess.run(["verify", "d.json", "--public-key", "key.pub"], in: directory)
        #expect(tampered.status == 1)
        #expect(tampered.stdout == "d.json: the record was changed after it was signed: the signature does not match its content\n")

        _ = try VerdictProcess.run(["keygen", "--out", "other"], in: directory)
        let other = try VerdictProcess.run(["verify", "\(VerdictProcess.repositoryRoot.path)/\(Self.fixture)/decision.signed.json", "--public-key", "other.pub"], in: directory)
        #expect(other.status == 1)
        #expect(other.stdout.contains("signed by another key: the record names SHA256:6a60302896edd9851a842648d257b2b16b222610666023714136bdb8052f1d8b"))

        let unreadable = try VerdictProcess.run(["verify", "missing.json", "--public-key", "key.pub"], in: directory)
        #expect(unreadable.status == 2)
        let badKey = try VerdictProcess.run(["check", "scan.sarif", now, "--sign-key", "scan.sarif"], in: directory)
        #expect(badKey.status == 2)
        #expect(badKey.stderr.contains("scan.sarif: error: not a usable key"))
    }

    /// A key path can be a symlink someone planted: keygen never writes through it.
    @Test func keygenNeverFollowsSymlinks() throws {
        let directory = try workspace()
        let manager = FileManager.default
        let victim = directory.appendingPathComponent("victim.txt")
        try "keep me\n".write(to: victim, atomically: true, encoding: .utf8)
        // A dangling link: before, keygen wrote the public key through it, even without --force.
        try manager.createSymbolicLink(atPath: directory.appendingPathComponent("key.pub").path, withDestinationPath: "planted.pub")
        let refused = try VerdictProcess.run(["keygen", "--out", "key"], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr == "key: error: a key already exists there; use --force to replace it\n")
        #expect(!manager.fileExists(atPath: directory.appendingPathComponent("planted.pub").path))
        #expect(!manager.fileExists(atPath: directory.appendingPathComponent("key").path))
        // With --force, links to a file are replaced, never written through.
        try manager.createSymbolicLink(atPath: directory.appendingPathComponent("key").path, withDestinationPath: victim.path)
        let forced = try VerdictProcess.run(["keygen", "--out", "key", "--force"], in: directory)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me\n")
        #expect(!manager.fileExists(atPath: directory.appendingPathComponent("planted.pub").path))
        for name in ["key", "key.pub"] {
            let attributes = try manager.attributesOfItem(atPath: directory.appendingPathComponent(name).path)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular, "\(name)")
            #expect((attributes[.posixPermissions] as? Int) == (name == "key" ? 0o600 : 0o644), "\(name)")
        }
    }

    @Test func aPrivateKeyOthersCanReadIsRefused() throws {
        let directory = try workspace()
        #expect(try VerdictProcess.run(["keygen", "--out", "key"], in: directory).status == 0)
        let key = directory.appendingPathComponent("key").path
        for mode in [0o644, 0o640, 0o604] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: key)
            let result = try VerdictProcess.run(["check", "scan.sarif", now, "--sign-key", "key"], in: directory)
            #expect(result.status == 2)
            #expect(result.stderr == "key: error: not a usable key: its permissions \(String(mode, radix: 8)) let group or others read it; a private key must be readable by its owner only (chmod 600)\n")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: key)
        #expect(try VerdictProcess.run(["check", "scan.sarif", now, "--sign-key", "key", "--record", "d.json"], in: directory).status == 1)
    }

    @Test func concurrentAppendsKeepTheChainIntact() throws {
        let directory = try workspace()
        let processes = (0..<8).map { index -> Process in
            let process = Process()
            process.executableURL = VerdictProcess.binary
            process.arguments = ["check", "scan.sarif", "--now", "2026-11-21T12:00:0\(index)Z", "--ledger", "ledger.sqlite",
                                 "--context", "commit=c\(index)", "--quiet"]
            process.currentDirectoryURL = directory
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == Array(repeating: 1, count: 8))
        let verify = try VerdictProcess.run(["ledger", "verify", "ledger.sqlite"], in: directory)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("ledger.sqlite: intact, 8 decisions, head "))
        let log = try VerdictProcess.run(["log", "--ledger", "ledger.sqlite", "--json"], in: directory)
        #expect(log.stdout.split(separator: "\n").count == 8)
    }

    @Test func logFilters() throws {
        let directory = try workspace()
        try "version: 1\nrules: [{id: vulns, kind: severity, block: [critical]}]\nwaivers:\n  - {id: CVE-2023-36665, reason: r, expires: 2027-01-01}\n"
            .write(to: directory.appendingPathComponent("waiving.yaml"), atomically: true, encoding: .utf8)
        _ = try VerdictProcess.run(["check", "scan.sarif", "--now", "2026-11-01T00:00:00Z", "--ledger", "l.sqlite"], in: directory)
        _ = try VerdictProcess.run(["check", "scan.sarif", "--now", "2026-11-21T00:00:00Z", "--ledger", "l.sqlite", "--policy", "waiving.yaml"], in: directory)
        func ids(_ arguments: [String]) throws -> [String] {
            try VerdictProcess.run(["log", "--ledger", "l.sqlite"] + arguments, in: directory).stdout
                .split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) }
        }
        #expect(try ids([]) == ["1", "2"])
        #expect(try ids(["--since", "2026-11-10"]) == ["2"])
        #expect(try ids(["--outcome", "fail"]) == ["1"])
        #expect(try ids(["--outcome", "pass"]) == ["2"])
        #expect(try ids(["--waived"]) == ["2"])
        #expect(try ids(["--rule", "vulns"]) == ["2"])
        #expect(try ids(["--rule", "vulnerabilities", "--outcome", "fail"]) == ["1"])
        let badOutcome = try VerdictProcess.run(["log", "--ledger", "l.sqlite", "--outcome", "failed"], in: directory)
        #expect(badOutcome.status == 2)
    }

    @Test func aLedgerEditedWithTheSQLiteCLIFailsVerification() throws {
        let directory = try workspace()
        for second in 0..<3 {
            _ = try VerdictProcess.run(["check", "scan.sarif", "--now", "2026-11-21T12:00:0\(second)Z", "--ledger", "l.sqlite"], in: directory)
        }
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [directory.appendingPathComponent("l.sqlite").path,
                            "DROP TRIGGER decisions_no_update; UPDATE decisions SET outcome = 'pass' WHERE id = 2;"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let verify = try VerdictProcess.run(["ledger", "verify", "l.sqlite"], in: directory)
        #expect(verify.status == 1)
        #expect(verify.stdout == """
            l.sqlite: broken: row 2: its content does not match its hash (edited after it was appended)
            l.sqlite: broken: trigger decisions_no_update is missing (dropped: rows could have been edited or removed)

            """)
    }
}
