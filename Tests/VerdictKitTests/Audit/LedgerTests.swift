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
        #expect(try ledger.verify().problem == nil)
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
        #expect(try Ledger(path: path).verify().problem == "row 2: its content does not match its hash (edited after it was appended)")
    }

    @Test func aRowRehashedByHandBreaksTheNextLink() throws {
        let path = Self.temporaryLedger()
        let ledger = try Ledger(path: path)
        for day in 21...23 {
            try ledger.append(try Self.decision(.fail, at: "2026-11-\(day)T12:00:00Z"), recordSHA256: "r\(day)", context: .init())
        }
        let edit = try SQLite.run(path, "DROP TRIGGER decisions_no_update; UPDATE decisions SET row_hash = 'forged' WHERE id = 2;")
        #expect(edit.status == 0)
        let problem = try #require(try Ledger(path: path).verify().problem)
        #expect(problem.hasPrefix("row 2: its content does not match its hash") || problem.hasPrefix("row 3: its link"))
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
