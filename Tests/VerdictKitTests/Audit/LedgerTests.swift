import Foundation
import Testing
@testable import VerdictKit

@Suite struct LedgerTests {
    static func decision(_ outcome: Outcome, at time: String) throws -> Decision {
        let policy = try Fixtures.policy("version: 1\nrules: [{id: v, kind: severity, block: [high], on_missing: \(outcome == .error ? "error" : outcome.rawValue)}]\n")
        return Evaluator(policy: policy, now: Timestamp.parse(time)!).evaluate(Facts())
    }

    static func temporaryLedger() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).sqlite").path
    }

    @Test func appendsChainEachRowToTheOneBefore() throws {
        let ledger = try Ledger(path: Self.temporaryLedger())
        let first = try ledger.append(try Self.decision(.fail, at: "2026-11-21T12:00:00Z"), recordSHA256: "aa", context: .init(repository: "acme/api", ref: "refs/heads/main", commit: "c1"))
        let second = try ledger.append(try Self.decision(.pass, at: "2026-11-22T12:00:00Z"), recordSHA256: "bb", context: .init())
        #expect(first.previousHash == LedgerEntry.genesisHash)
        #expect(second.previousHash == first.rowHash)
        #expect(try ledger.entries() == [first, second])
        #expect(try ledger.verify().problems == [])
        #expect(first.ruleOutcomes.map(\.outcome) == [.fail])
    }

    @Test func updatesAndDeletesAreRefused() throws {
        let path = Self.temporaryLedger()
        let ledger = try Ledger(path: path)
        try ledger.append(try Self.decision(.fail, at: "2026-11-21T12:00:00Z"), recordSHA256: "aa", context: .init())
        let result = try SQLite.run(path, "UPDATE decisions SET outcome = 'pass';")
        #expect(result.status != 0)
        #expect(result.stderr.contains("append-only"))
    }

    @Test func aRowEditedByHandBreaksTheChain() throws {
        let path = Self.temporaryLedger()
        let ledger = try Ledger(path: path)
        for day in 21...23 {
            try ledger.append(try Self.decision(.fail, at: "2026-11-\(day)T12:00:00Z"), recordSHA256: "r\(day)", context: .init())
        }
        let edit = try SQLite.run(path, "DROP TRIGGER decisions_no_update; UPDATE decisions SET outcome = 'pass' WHERE id = 2;")
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(try Ledger(readingFrom: path).verify().problems == [
            "row 2: its content does not match its hash (edited after it was appended)",
            "trigger decisions_no_update is missing (dropped: rows could have been edited or removed)",
        ])
    }

    @Test func aRowRehashedByHandBreaksTheNextLink() throws {
        let path = Self.temporaryLedger()
        let ledger = try Ledger(path: path)
        for day in 21...23 {
            try ledger.append(try Self.decision(.fail, at: "2026-11-\(day)T12:00:00Z"), recordSHA256: "r\(day)", context: .init())
        }
        let edit = try SQLite.run(path, "DROP TRIGGER decisions_no_update; UPDATE decisions SET row_hash = 'forged' WHERE id = 2;")
        #expect(edit.status == 0)
        let problem = try #require(try Ledger(readingFrom: path).verify().problems.first)
        #expect(problem.hasPrefix("row 2: its content does not match its hash") || problem.hasPrefix("row 3: its link"))
    }

    /// A ledger of three decisions, its head, and the SHA-256 of its file.
    static func threeDecisions() throws -> (path: String, head: String) {
        let path = temporaryLedger()
        let ledger = try Ledger(path: path)
        var head = ""
        for day in 21...23 {
            head = try ledger.append(try decision(.fail, at: "2026-11-\(day)T12:00:00Z"), recordSHA256: "r\(day)", context: .init()).rowHash
        }
        return (path, head)
    }

    static func fileHash(_ path: String) throws -> String {
        SHA256Digest.hex(of: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Deleting the newest row as an attacker who knows the schema would: drop the trigger,
    /// delete, put the trigger back exactly as it was, and (if careful) fix sqlite_sequence.
    static func deleteNewestRow(_ path: String, fixSequence: Bool) throws {
        let restore = Ledger.triggers.first { $0.name == "decisions_no_delete" }!.sql
        let edit = try SQLite.run(path, "DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE id = 3; \(restore);"
                                  + (fixSequence ? " UPDATE sqlite_sequence SET seq = 2 WHERE name = 'decisions';" : ""))
        #expect(edit.status == 0, "\(edit.stderr)")
    }

    @Test func aTruncatedTailFailsAgainstTheExpectedHead() throws {
        let (path, head) = try Self.threeDecisions()
        #expect(try Ledger(readingFrom: path).verify(expectedHead: head) == Ledger.Verification(checked: 3, problems: [], head: head, expectedHeadRow: 3))
        try Self.deleteNewestRow(path, fixSequence: true)
        // The careful truncation leaves a consistent shorter chain: only the head kept elsewhere sees it.
        let ledger = try Ledger(readingFrom: path)
        #expect(try ledger.verify().problems == [])
        #expect(try ledger.verify(expectedHead: head).problems == [
            "the expected head \(head) is not in the ledger (rows were removed from its end, or the ledger was replaced)",
        ])
    }

    @Test func anEnvelopeDigestIsChainedAndAnEditOfItIsFound() throws {
        let path = Self.temporaryLedger()
        let ledger = try Ledger(path: path)
        let plain = try ledger.append(try Self.decision(.fail, at: "2026-11-21T12:00:00Z"), recordSHA256: "aa", context: .init())
        let attested = try ledger.append(try Self.decision(.fail, at: "2026-11-22T12:00:00Z"), recordSHA256: "bb",
                                         attestationSHA256: String(repeating: "e", count: 64), context: .init())
        #expect(plain.attestationSHA256 == nil)
        #expect(!plain.canonicalContent.contains("attestation_sha256"))
        #expect(attested.canonicalContent.contains("\"attestation_sha256\":\"eeee"))
        #expect(try ledger.entries() == [plain, attested])
        #expect(try ledger.verify().problems == [])
        let edit = try SQLite.run(path, "DROP TRIGGER decisions_no_update; UPDATE decisions SET attestation_sha256 = '\(String(repeating: "f", count: 64))' WHERE id = 2;")
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(try Ledger(readingFrom: path).verify().problems.contains("row 2: its content does not match its hash (edited after it was appended)"))
    }

    @Test func aLedgerMadeBeforeEnvelopesReadsAsBeforeAndGainsTheColumnOnlyWhenAppendedTo() throws {
        let path = Self.temporaryLedger()
        let ledger = try Ledger(path: path)
        let first = try ledger.append(try Self.decision(.fail, at: "2026-11-21T12:00:00Z"), recordSHA256: "aa", context: .init())
        // The schema of the first release: the same table without the column (SQLite ≥ 3.35 drops it).
        #expect(try SQLite.run(path, "ALTER TABLE decisions DROP COLUMN attestation_sha256;").status == 0)
        let before = try Self.fileHash(path)
        #expect(try Ledger(readingFrom: path).entries() == [first])
        #expect(try Ledger(readingFrom: path).verify().problems == [])
        #expect(try Self.fileHash(path) == before)
        let second = try Ledger(path: path).append(try Self.decision(.pass, at: "2026-11-22T12:00:00Z"), recordSHA256: "bb",
                                                   attestationSHA256: String(repeating: "d", count: 64), context: .init())
        #expect(try Ledger(readingFrom: path).entries() == [first, second])
        #expect(try Ledger(readingFrom: path).verify().problems == [])
    }

    @Test func aCarelessTruncationDisagreesWithSQLiteSequence() throws {
        let (path, _) = try Self.threeDecisions()
        try Self.deleteNewestRow(path, fixSequence: false)
        #expect(try Ledger(readingFrom: path).verify().problems == [
            "sqlite_sequence says 3 decisions were appended, but the newest row is 2 (the newest rows were removed?)",
        ])
    }

    @Test func aTruncationIsFoundThroughTheIDGapOnceAnythingIsAppended() throws {
        let (path, _) = try Self.threeDecisions()
        try Self.deleteNewestRow(path, fixSequence: false)
        try Ledger(path: path).append(try Self.decision(.pass, at: "2026-11-24T12:00:00Z"), recordSHA256: "r24", context: .init())
        #expect(try Ledger(readingFrom: path).verify().problems == [
            "row 4: ids must run from 1 without gaps, expected 3 (rows were removed)",
        ])
    }

    @Test func aMissingOrReplacedTriggerIsTamperingAndIsNeverRecreated() throws {
        let (path, _) = try Self.threeDecisions()
        let edit = try SQLite.run(path, "DROP TRIGGER decisions_no_update; CREATE TRIGGER decisions_no_delete_x BEFORE DELETE ON decisions BEGIN SELECT 1; END; DROP TRIGGER decisions_no_delete; CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN SELECT 1; END;")
        #expect(edit.status == 0, "\(edit.stderr)")
        let before = try Self.fileHash(path)
        let expected = [
            "trigger decisions_no_update is missing (dropped: rows could have been edited or removed)",
            "trigger decisions_no_delete was replaced by another definition",
        ]
        #expect(try Ledger(readingFrom: path).verify().problems == expected)
        #expect(try Ledger(readingFrom: path).verify().problems == expected) // still missing: verify re-created nothing
        #expect(try Self.fileHash(path) == before)
        // Appending would hide the tampering: refused.
        let error = try #require(throws: AuditError.self) { try Ledger(path: path) }
        #expect(error.renderedDiagnostics.contains("refusing to append: trigger decisions_no_update is missing"))
        #expect(try Self.fileHash(path) == before)
    }

    @Test func verifyLeavesTheFileByteIdenticalAndCreatesNothing() throws {
        let (path, head) = try Self.threeDecisions()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let siblings = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(URL(fileURLWithPath: path).lastPathComponent) }
        let before = try Self.fileHash(path)
        let ledger = try Ledger(readingFrom: path)
        _ = try ledger.verify(expectedHead: head)
        _ = try ledger.entries()
        #expect(try Self.fileHash(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(URL(fileURLWithPath: path).lastPathComponent) } == siblings)
    }

    @Test func anEmptyMissingOrForeignFileIsRefusedAndLeftAsItWas() throws {
        let empty = Self.temporaryLedger()
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: AuditError.storage(path: empty, message: "not a Verdict ledger: the file is empty")) { try Ledger(readingFrom: empty) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)

        let missing = Self.temporaryLedger()
        #expect(throws: AuditError.unreadable(path: missing, reason: "no such file")) { try Ledger(readingFrom: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))

        let foreign = Self.temporaryLedger()
        #expect(try SQLite.run(foreign, "CREATE TABLE t (x);").status == 0)
        let before = try Self.fileHash(foreign)
        #expect(throws: AuditError.storage(path: foreign, message: "not a Verdict ledger: it has no 'decisions' table")) { try Ledger(readingFrom: foreign) }
        #expect(try Self.fileHash(foreign) == before)
    }

    @Test func contextComesFromOptionsThenCIVariables() {
        let context = Ledger.Context.resolve(
            explicit: [(key: "repository", value: "explicit/repo")],
            environment: ["GITHUB_REPOSITORY": "env/repo", "GITHUB_SHA": "abc", "CI_COMMIT_REF_NAME": "main"])
        #expect(context == Ledger.Context(repository: "explicit/repo", ref: "main", commit: "abc"))
    }
}

/// The sqlite3 command-line tool, for editing a ledger by hand as an attacker would.
enum SQLite {
    static func run(_ path: String, _ sql: String) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
