import Foundation
import Testing
@testable import VerdictKit

/// Replays of the checked-in `verdict.decision/v1` record (Tests/Fixtures/records/v1): a record
/// written by this version must replay identically with every later one.
@Suite struct ReplayTests {
    static let directory = "Tests/Fixtures/records/v1"
    static var repositoryRoot: URL { Fixtures.root.deletingLastPathComponent().deletingLastPathComponent() }

    static func replay(_ record: RecordedDecision, archive: Archive? = nil) -> Replay {
        Replay(record: record, archive: archive, baseDirectory: repositoryRoot.path)
    }

    static func read(_ name: String) throws -> RecordedDecision {
        try RecordedDecision.read(path: repositoryRoot.appendingPathComponent("\(directory)/\(name)").path)
    }

    /// Records name inputs relative to where `check` ran: the repository root.
    @Test func theCheckedInV1RecordReplaysIdentically() throws {
        do {
            let record = try Self.read("decision.json")
            #expect(record.schema == "verdict.decision/v1")
            #expect(record.policySources.map(\.path) == ["\(Self.directory)/policy.yaml", "\(Self.directory)/base.yaml"])
            #expect(record.inputs.map(\.role) == [.baseline, .subject])
            #expect(record.context.map(\.0) == ["commit", "repository"])
            let result = try Self.replay(record).run()
            #expect(result.isIdentical, "\(result.differences)")
            #expect(result.decision.outcome == .fail)
            #expect(DecisionRecord.render(result.decision) == (try String(contentsOfFile: Fixtures.path("records/v1/decision.json"), encoding: .utf8)))
        }
    }

    @Test func theRecordedPolicyIsUsedNotTheFileOnDisk() throws {
        do {
            var record = try Self.read("decision.json")
            record.policySources[0].path = "/nonexistent/policy.yaml"
            record.policySources[1].path = "/nonexistent/base.yaml"
            #expect(try Self.replay(record).run().isIdentical)
        }
    }

    @Test func anAlteredInputIsNamedWithBothHashes() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let copy = temporary.appendingPathComponent("scan.sarif")
        try FileManager.default.copyItem(atPath: Fixtures.path("records/v1/scan.sarif"), toPath: copy.path)
        var record = try RecordedDecision.read(path: Fixtures.path("records/v1/decision.json"))
        let original = record.inputs[1].sha256
        record.inputs = [InputDescriptor(kind: .sarif, role: .subject, path: copy.path, size: 0, sha256: original)]
        try Data("{}".utf8).write(to: copy, options: .atomic)
        // The replay reads through check's pipeline, which reports the locator's error as is.
        let error = try #require(throws: PipelineError.self) { try Self.replay(record).run() }
        #expect(error.diagnostics == AuditError.inputAltered(path: copy.path, recorded: original, actual: SHA256Digest.hex(of: Data("{}".utf8))).diagnostics)

        try FileManager.default.removeItem(at: copy)
        let missing = try #require(throws: PipelineError.self) { try Self.replay(record).run() }
        #expect(missing.diagnostics == AuditError.inputMissing(path: copy.path, sha256: original).diagnostics)
    }

    @Test func theArchiveSuppliesInputsByHash() throws {
        let archive = Archive(path: FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)").path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("records/v1/scan.sarif")))
        let hash = try archive.store(bytes)
        #expect(try archive.store(bytes) == hash) // stored once
        #expect(try archive.object(hash) == bytes)
        var record = try RecordedDecision.read(path: Fixtures.path("records/v1/decision.json"))
        record.inputs = record.inputs.filter { $0.role == .subject }.map { input in
            var moved = input
            moved.path = "gone/scan.sarif"
            return moved
        }
        let result = try Replay(record: record, archive: archive).run()
        // Without the baseline the same rules judge the same findings, but nothing is "new" any more.
        #expect(result.decision.inputs.map(\.sha256) == [hash])
    }

    @Test func anEditedRecordReplaysAsDifferent() throws {
        do {
            var record = try Self.read("decision.json")
            record.rules[0].outcome = .pass
            let result = try Self.replay(record).run()
            #expect(result.differences.map(\.ruleID) == ["vulnerabilities"])
            #expect(result.differences.first?.description == "rule vulnerabilities: recorded pass (blocking: 1 critical, 2 high; warning: 5 medium (limit 2); 1 waived), replayed fail (blocking: 1 critical, 2 high; warning: 5 medium (limit 2); 1 waived)")
        }
    }

    @Test func whatIfEvaluatesTheRecordedInputsUnderAnotherPolicy() throws {
        do {
            let record = try Self.read("decision.json")
            let lenient = try Fixtures.policy("version: 1\nrules: [{id: vulnerabilities, kind: severity, block: [critical], max: {critical: 5}}]\n")
            let result = try Self.replay(record).run(policy: lenient)
            #expect(result.decision.outcome == .pass)
            #expect(result.differences.map(\.ruleID) == ["vulnerabilities", "scanner-findings"])
        }
    }
}

@Suite struct SigningTests {
    @Test func theCheckedInSignedRecordVerifies() throws {
        let record = try RecordedDecision.read(path: Fixtures.path("records/v1/decision.signed.json"))
        let key = try PublicSigningKey.read(path: Fixtures.path("records/v1/test-signing-key.pub"))
        #expect(SignatureCheck.check(record, with: key) == .valid)
        // The signed bytes are exactly the unsigned record.
        let unsigned = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("records/v1/decision.json")))
        #expect(record.unsignedBytes == unsigned)
    }

    @Test func anyChangeAfterSigningIsDetected() throws {
        let path = Fixtures.path("records/v1/decision.signed.json")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\"exit_status\": 1", with: "\"exit_status\": 0")
        #expect(edited != text)
        let record = try RecordedDecision.parse(Data(edited.utf8), path: "edited.json")
        let key = try PublicSigningKey.read(path: Fixtures.path("records/v1/test-signing-key.pub"))
        #expect(SignatureCheck.check(record, with: key) == .altered)
    }

    @Test func anotherKeyIsNamed() throws {
        let record = try RecordedDecision.read(path: Fixtures.path("records/v1/decision.signed.json"))
        let other = SigningKey.generate().publicKey
        let check = SignatureCheck.check(record, with: other)
        guard case let .otherKey(recorded, given) = check else {
            Issue.record("expected otherKey, got \(check)")
            return
        }
        #expect(recorded == "SHA256:6a60302896edd9851a842648d257b2b16b222610666023714136bdb8052f1d8b")
        #expect(given == other.fingerprint)
    }

    @Test func signingRoundTripsAndTheKeyNeverAppearsInTheRecord() throws {
        let key = SigningKey.generate()
        let unsigned = try String(contentsOfFile: Fixtures.path("records/v1/decision.json"), encoding: .utf8)
        let signed = try RecordSignature.sign(unsigned, with: key)
        let record = try RecordedDecision.parse(Data(signed.utf8), path: "x")
        #expect(SignatureCheck.check(record, with: key.publicKey) == .valid)
        let privateBase64 = key.fileText.split(separator: "\n")[1]
        #expect(!signed.contains(privateBase64))
        #expect(try JSONSerialization.jsonObject(with: Data(signed.utf8)) is [String: Any])
    }

    @Test func anUnsignedRecordIsReportedAsSuch() throws {
        let record = try RecordedDecision.read(path: Fixtures.path("records/v1/decision.json"))
        #expect(SignatureCheck.check(record, with: SigningKey.generate().publicKey) == .unsigned)
    }
}

@Suite struct ArchiveTests {
    @Test func verifyFindsATamperedObject() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)")
        let archive = Archive(path: root.path)
        let hash = try archive.store(Data("hello".utf8))
        try archive.storeDecision("{}\n", evaluatedAt: Fixtures.now)
        #expect(try archive.verify().problems.isEmpty)
        #expect(try archive.verify().checked == 2)
        try Gzip.compress(Data("tampered".utf8)).write(to: root.appendingPathComponent("objects/\(hash)"))
        let problems = try archive.verify().problems
        #expect(problems.count == 1)
        #expect(problems.first?.message == "content hashes to \(SHA256Digest.hex(of: Data("tampered".utf8))), not its name")
        // Nothing half-written is left under a final name.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
    }

    @Test func gzipRoundTripsAndRefusesACutStream() throws {
        // What the archive writes (Gzip.compress) is what its reader (GzipInflater) reads back.
        func inflate(_ data: Data) throws -> Data {
            let inflater = try GzipInflater(singleMember: true)
            var output = Data()
            try data.withUnsafeBytes { raw in try inflater.inflate(raw) { output.append($0) } }
            try inflater.finish()
            return output
        }
        let data = Data((0..<100_000).map { UInt8($0 % 251) })
        let compressed = try Gzip.compress(data)
        #expect(compressed.starts(with: [0x1F, 0x8B]))
        #expect(try inflate(compressed) == data)
        #expect(throws: GzipInflater.Failure.self) { try inflate(compressed.prefix(compressed.count / 2)) }
        #expect(throws: GzipInflater.Failure.self) { try inflate(compressed + compressed) }
    }
}
