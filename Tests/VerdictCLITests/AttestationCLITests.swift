import Foundation
import Testing

/// `check --attestation` and `verify` on envelopes, end to end, and the same envelopes checked
/// by tools that are not Verdict: securesystemslib (DSSE, Ed25519) and in-toto-attestation.
@Suite struct AttestationCLITests {
    let now = "--now=2026-11-21T12:00:00Z"
    static let commit = "0123456789abcdef0123456789abcdef01234567"

    /// A scratch directory with the failing sample as `scan.sarif`, a key pair `k`/`k.pub` and another `o`/`o.pub`.
    func workspace() throws -> URL {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        for name in ["k", "o"] {
            let made = try VerdictProcess.run(["keygen", "--out", name], in: directory)
            #expect(made.status == 0, "\(made.stderr)")
        }
        return directory
    }

    func attest(_ directory: URL, _ extra: [String] = []) throws -> VerdictProcess.Output {
        try VerdictProcess.run(["check", "scan.sarif", now, "--sign-key", "k", "--record", "r.json", "--attestation", "a.json",
                                "--context", "commit=\(Self.commit)"] + extra, in: directory)
    }

    /// The Python in the tools venv with both libraries, from scripts/install-deps.sh.
    static let python: URL? = {
        let url = VerdictProcess.repositoryRoot.appendingPathComponent(".build/tools/venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { return nil }
        let probe = Process()
        probe.executableURL = url
        probe.arguments = ["-c", "import securesystemslib.dsse, in_toto_attestation.v1.statement"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? url : nil
    }()

    static func independentlyVerify(_ envelope: String, key: String, in directory: URL) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = try #require(python)
        process.arguments = [VerdictProcess.repositoryRoot.appendingPathComponent("scripts/verify-attestation.py").path, envelope, key]
        process.currentDirectoryURL = directory
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The envelope's JSON with `edit` applied, written as `name`.
    static func edited(_ directory: URL, _ name: String, _ edit: (inout [String: Any]) throws -> Void) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("a.json"))) as? [String: Any])
        try edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: directory.appendingPathComponent(name))
    }

    /// A tampered payload (FAILED made PASSED) and a signature from another key under this key's keyid.
    static func forgeries(_ directory: URL) throws {
        try edited(directory, "tampered.json") { object in
            let encoded = try #require(object["payload"] as? String)
            let payload = try #require(Data(base64Encoded: encoded))
            let text = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "\"FAILED\"", with: "\"PASSED\"")
            object["payload"] = Data(text.utf8).base64EncodedString()
        }
        let other = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("other.json"))) as? [String: Any])
        let otherSignature = try #require((other["signatures"] as? [[String: Any]])?.first?["sig"])
        try edited(directory, "swapped.json") { object in
            var signatures = try #require(object["signatures"] as? [[String: Any]])
            signatures[0]["sig"] = otherSignature
            object["signatures"] = signatures
        }
    }

    @Test func anAttestationVerifiesWithItsRecordAndIsTheSameBytesEachTime() throws {
        let directory = try workspace()
        let first = try attest(directory)
        #expect(first.status == 1, "\(first.stderr)")
        let bytes = try Data(contentsOf: directory.appendingPathComponent("a.json"))
        _ = try attest(directory)
        #expect(try Data(contentsOf: directory.appendingPathComponent("a.json")) == bytes, "same inputs, same key, same --now: same envelope")

        let verified = try VerdictProcess.run(["verify", "a.json", "--public-key", "k.pub", "--record", "r.json"], in: directory)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout == "a.json: signature valid; statement FAILED (VERDICT_FAIL); record 'r.json' matches\n")
        // A record of another decision (another policy) is not the one signed.
        _ = try VerdictProcess.run(["check", "scan.sarif", now, "--sign-key", "k", "--record", "r2.json", "--block", "critical"], in: directory)
        let swapped = try VerdictProcess.run(["verify", "a.json", "--public-key", "k.pub", "--record", "r2.json"], in: directory)
        #expect(swapped.status == 1)
        #expect(swapped.stdout.hasPrefix("r2.json: not the record the attestation signed: it references sha256 "))
    }

    @Test func verdictRefusesTamperedSwappedAndOtherKeyEnvelopes() throws {
        let directory = try workspace()
        _ = try attest(directory)
        _ = try VerdictProcess.run(["check", "scan.sarif", now, "--sign-key", "o", "--attestation", "other.json"], in: directory)
        try Self.forgeries(directory)
        for (file, key, message) in [("tampered.json", "k.pub", "changed after it was signed"), ("swapped.json", "k.pub", "changed after it was signed"),
                                     ("a.json", "o.pub", "signed by another key")] {
            let result = try VerdictProcess.run(["verify", file, "--public-key", key], in: directory)
            #expect(result.status == 1, "\(file): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains(message), "\(file): \(result.stdout)")
        }
    }

    @Test(.enabled(if: python != nil, "needs securesystemslib and in-toto-attestation in .build/tools/venv: run scripts/install-deps.sh"))
    func securesystemslibAndInTotoAcceptTheEnvelopeAndRefuseForgeries() throws {
        let directory = try workspace()
        _ = try attest(directory)
        _ = try VerdictProcess.run(["check", "scan.sarif", now, "--sign-key", "o", "--attestation", "other.json"], in: directory)
        try Self.forgeries(directory)
        let good = try Self.independentlyVerify("a.json", key: "k.pub", in: directory)
        #expect(good.status == 0, "\(good.stderr)")
        for (file, key) in [("tampered.json", "k.pub"), ("swapped.json", "k.pub"), ("a.json", "o.pub")] {
            let result = try Self.independentlyVerify(file, key: key, in: directory)
            #expect(result.status == 1, "\(file) with \(key) must fail: \(result.stderr)")
            #expect(result.stderr.contains("VerificationError"), "\(file): \(result.stderr)")
        }
    }

    @Test func withoutASigningKeyNoAttestationIsWritten() throws {
        let directory = try workspace()
        let result = try VerdictProcess.run(["check", "scan.sarif", now, "--attestation", "a.json"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--attestation needs a signing key"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("a.json").path))
    }

    @Test func aCommitThatIsNotAnObjectNameIsRefused() throws {
        let directory = try workspace()
        let result = try VerdictProcess.run(["check", "scan.sarif", now, "--sign-key", "k", "--attestation", "a.json",
                                             "--context", "commit=main\n::warning::x"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a 40 or 64 digit hexadecimal object name"))
    }

    @Test func subjectsFromTheCommandLineReplaceTheDefaults() throws {
        let directory = try workspace()
        let digest = String(repeating: "ab", count: 32)
        _ = try attest(directory, ["--subject", "app.tar=sha256:\(digest)"])
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("a.json"))) as? [String: Any])
        let encoded = try #require(envelope["payload"] as? String)
        let payload = try #require(Data(base64Encoded: encoded))
        let statement = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        let subjects = try #require(statement["subject"] as? [[String: Any]])
        #expect(subjects.count == 1)
        #expect(subjects.first?["name"] as? String == "app.tar")
        #expect((subjects.first?["digest"] as? [String: String]) == ["sha256": digest])
        let bad = try VerdictProcess.run(["check", "scan.sarif", "--subject", "app.tar=sha256:XYZ", "--attestation", "a.json"], in: directory)
        #expect(bad.status == 2, "usage errors exit 2")
        #expect(bad.stderr.contains("invalid --subject 'app.tar=sha256:XYZ'"))
    }

    @Test func theArchiveKeepsTheEnvelopeByItsDigest() throws {
        let directory = try workspace()
        _ = try attest(directory, ["--archive", "store"])
        let bytes = try Data(contentsOf: directory.appendingPathComponent("a.json"))
        let digest = try #require(Self.sha256(bytes))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("store/objects/\(digest)").path))
        let checked = try VerdictProcess.run(["archive", "verify", "store"], in: directory)
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }

    /// The row chains the envelope's digest: `log --json` names it, and it is the written file's.
    func expectLedgerKeepsTheEnvelopeDigest(_ ledger: String, in directory: URL) throws {
        let checked = try attest(directory, ["--ledger", ledger, "--archive", "store"])
        #expect(checked.status == 1, "\(checked.stderr)")
        let digest = try #require(Self.sha256(try Data(contentsOf: directory.appendingPathComponent("a.json"))))
        let log = try VerdictProcess.run(["log", "--ledger", ledger, "--json"], in: directory)
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.stdout.contains("\"attestation_sha256\":\"\(digest)\""), "\(log.stdout)")
        // The envelope the row names is in the archive, and the chain verifies.
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("store/objects/\(digest)").path))
        let verified = try VerdictProcess.run(["ledger", "verify", ledger], in: directory)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        // A decision without an envelope keeps no digest member at all.
        let plain = try VerdictProcess.run(["check", "scan.sarif", "--now=2026-11-22T12:00:00Z", "--ledger", ledger, "--quiet"], in: directory)
        #expect(plain.status == 1, "\(plain.stderr)")
        let lines = try VerdictProcess.run(["log", "--ledger", ledger, "--json"], in: directory).stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.filter { $0.contains("attestation_sha256") }.count == 1)
    }

    @Test func theSQLiteLedgerKeepsTheEnvelopeDigestInTheChain() throws {
        try expectLedgerKeepsTheEnvelopeDigest("l.sqlite", in: try workspace())
    }

    @Test(.enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipReason))
    func thePostgreSQLLedgerKeepsTheEnvelopeDigestInTheChain() throws {
        let directory = try workspace()
        let database = try PostgresTestDatabase()
        let initialised = try VerdictProcess.run(["ledger", "init", database.url], in: directory)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        try expectLedgerKeepsTheEnvelopeDigest(database.url, in: directory)
    }

    @Test(.enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipReason))
    func aPostgreSQLLedgerMadeBeforeEnvelopesGainsTheColumnFromInitAndKeepsItsChain() throws {
        let directory = try workspace()
        let database = try PostgresTestDatabase()
        #expect(try VerdictProcess.run(["ledger", "init", database.url], in: directory).status == 0)
        // A ledger as the first release made it: no attestation_sha256 column, one row.
        _ = try database.psql("ALTER TABLE verdict.decisions DROP COLUMN attestation_sha256")
        #expect(try VerdictProcess.run(["check", "scan.sarif", now, "--ledger", database.url, "--quiet"], in: directory).status == 1)
        let refused = try attest(directory, ["--ledger", database.url])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("no attestation_sha256 column yet: run 'verdict ledger init URL' again"), "\(refused.stderr)")
        let upgraded = try VerdictProcess.run(["ledger", "init", database.url], in: directory)
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        #expect(upgraded.stdout.contains("already a Verdict ledger; no row, trigger or role changed"))
        #expect(try attest(directory, ["--ledger", database.url, "--now=2026-11-23T12:00:00Z"]).status == 1)
        let verified = try VerdictProcess.run(["ledger", "verify", database.url], in: directory)
        #expect(verified.stdout.contains("intact, 2 decisions"), "\(verified.stdout)\(verified.stderr)")
    }

    @Test func replayOfAnEnvelopeReplaysTheRecordItSigned() throws {
        let directory = try workspace()
        _ = try attest(directory, ["--archive", "store"])
        let fromFile = try VerdictProcess.run(["replay", "a.json", "--record", "r.json", "--public-key", "k.pub"], in: directory)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == "replay: identical — 1 rule, outcome fail, exit 1\n")
        #expect(fromFile.stderr.contains("note: replaying 'r.json', the record the attestation 'a.json' signed"))
        let fromArchive = try VerdictProcess.run(["replay", "a.json", "--archive", "store", "--public-key", "k.pub"], in: directory)
        #expect(fromArchive.status == 0, "\(fromArchive.stderr)")
        // Another record, or a forged envelope, is never replayed in its place.
        _ = try VerdictProcess.run(["check", "scan.sarif", now, "--record", "r2.json", "--block", "critical"], in: directory)
        let other = try VerdictProcess.run(["replay", "a.json", "--record", "r2.json"], in: directory)
        #expect(other.status == 2)
        #expect(other.stderr.contains("r2.json: error: not a usable attestation: not the record the attestation 'a.json' signed"), "\(other.stderr)")
        let wrongKey = try VerdictProcess.run(["replay", "a.json", "--record", "r.json", "--public-key", "o.pub"], in: directory)
        #expect(wrongKey.status == 2)
        #expect(wrongKey.stderr.contains("signed by another key"))
        let noRecord = try VerdictProcess.run(["replay", "a.json"], in: directory)
        #expect(noRecord.status == 2)
        #expect(noRecord.stderr.contains("give --record FILE or --archive DIR"))
    }

    static func sha256(_ data: Data) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        let out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        guard (try? process.run()) != nil else { return nil }
        input.fileHandleForWriting.write(data)
        try? input.fileHandleForWriting.close()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: " ").first.map(String.init)
    }
}
