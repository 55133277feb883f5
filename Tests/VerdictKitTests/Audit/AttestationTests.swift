import Foundation
import Testing
@testable import VerdictKit

/// The in-toto statement and its DSSE envelope: golden statements for the shipped samples,
/// DSSE's pre-authentication encoding, and the checks `verdict verify` makes.
@Suite struct AttestationTests {
    static let samples = [
        "coverage-fails.info", "coverage-passes.info", "k6-stream-fails.ndjson", "k6-summary-passes.json",
        "semgrep-payments.sarif", "terraform-db-replacements.txt", "terraform-high-risk.txt", "terraform-low-risk.txt",
        "trivy-fails.sarif", "trivy-passes.sarif",
    ]

    /// The shipped policy the README pairs with each kind of sample; SARIF uses the default.
    static func policy(for sample: String) throws -> Policy {
        let root = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        let file = sample.hasPrefix("coverage") ? "coverage.yaml" : sample.hasPrefix("k6") ? "load-latency-slo.yaml"
            : sample.hasPrefix("terraform") ? "terraform.yaml" : nil
        guard let file else { return try Fixtures.policy(DefaultPolicy.text, path: DefaultPolicy.path) }
        let text = try String(contentsOf: root.appendingPathComponent("policies/\(file)"), encoding: .utf8)
        return try Fixtures.policy(text, path: "policies/\(file)")
    }

    /// The sample judged by its policy, with a checkout-independent input path.
    static func decide(_ sample: String) throws -> Decision {
        let root = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        // Read under the repository-relative name, so that no path of this checkout reaches the
        // record (plan evidence names its plan file).
        let bytes = try Data(contentsOf: root.appendingPathComponent("samples/\(sample)"))
        let file = try InputFile(path: "samples/\(sample)", raw: bytes)
        let facts = Facts.assembling([try InputLoader.read(file, as: InputRequest(path: file.path))])
        return Evaluator(policy: try policy(for: sample), now: Fixtures.now).evaluate(facts)
    }

    static let commit = "0123456789abcdef0123456789abcdef01234567"

    /// Golden statements: stable bytes, like records. Re-record with RECORD_SNAPSHOTS=1.
    @Test(arguments: samples)
    func samplesMatchTheirStatements(_ sample: String) throws {
        let decision = try Self.decide(sample)
        let subjects = Attestation.defaultSubjects(decision, commit: Self.commit, repository: "example/shop")
        let statement = Attestation.statement(decision, subjects: subjects, recordSHA256: SHA256Digest.hex(of: DecisionRecord.render(decision)))
        try Snapshot.assert(statement.serialized(), named: "\(sample).statement.json")
    }

    @Test func theStatementFollowsTheOutcome() throws {
        let failing = try Self.decide("trivy-fails.sarif")
        let passing = try Self.decide("trivy-passes.sarif")
        for (decision, result, level) in [(failing, "FAILED", "VERDICT_FAIL"), (passing, "PASSED", "VERDICT_WARN")] {
            let payload = Attestation.statement(decision, subjects: Attestation.defaultSubjects(decision, commit: nil, repository: nil),
                                                recordSHA256: String(repeating: "a", count: 64)).serialized()
            let summary = try Attestation.checkStatement(Data(payload.utf8), path: "a.json")
            #expect(summary.verificationResult == result)
            #expect(summary.verifiedLevels == [level])
        }
    }

    /// The example of the DSSE specification (protocol.md): PAE("http://example.com/HelloWorld", "hello world").
    @Test func preAuthenticationEncodingIsDSSEv1() {
        let encoded = DSSEEnvelope.preAuthenticationEncoding(type: "http://example.com/HelloWorld", body: Data("hello world".utf8))
        #expect(String(decoding: encoded, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }

    @Test func aSignedEnvelopeVerifiesAndATamperedOneDoesNot() throws {
        let key = SigningKey.generate()
        let decision = try Self.decide("trivy-passes.sarif")
        let statement = Attestation.statement(decision, subjects: Attestation.defaultSubjects(decision, commit: nil, repository: nil),
                                              recordSHA256: String(repeating: "b", count: 64)).serialized()
        let envelope = try DSSEEnvelope.sign(statement: statement, with: key)
        let read = try DSSEEnvelope.parse(Data(envelope.rendered().utf8), path: "a.json")
        #expect(read == envelope)
        #expect(read.signatures.first?.keyid == key.publicKey.fingerprint)
        #expect(read.check(with: key.publicKey) == .valid)

        var tampered = read
        tampered.payload = Data(statement.replacingOccurrences(of: "PASSED", with: "FAILED").utf8)
        #expect(tampered.check(with: key.publicKey) == .altered)

        var retyped = read
        retyped.payloadType = "application/json"
        #expect(retyped.check(with: key.publicKey) == .altered, "the payload type is signed too")

        let other = SigningKey.generate()
        #expect(read.check(with: other.publicKey) == .otherKey(recorded: key.publicKey.fingerprint, given: other.publicKey.fingerprint))
        // A signature from another key copied under this key's keyid.
        var swapped = read
        let foreign = try DSSEEnvelope.sign(statement: statement, with: other)
        swapped.signatures = [(key.publicKey.fingerprint, foreign.signatures[0].sig)]
        #expect(swapped.check(with: key.publicKey) == .altered)
        // A second, bad signature under the right keyid next to a good one: the worst decides.
        var doubled = read
        doubled.signatures.append((key.publicKey.fingerprint, foreign.signatures[0].sig))
        #expect(doubled.check(with: key.publicKey) == .altered)
    }

    struct SubjectCase: Sendable, CustomTestStringConvertible {
        var text: String
        var name: String?
        var testDescription: String { text }
    }

    static let subjectCases: [SubjectCase] = [
        SubjectCase(text: "app.tar=sha256:" + String(repeating: "0", count: 64), name: "app.tar"),
        SubjectCase(text: "a=b=sha256:" + String(repeating: "f", count: 64), name: "a=b"),
        SubjectCase(text: "app.tar=sha256:" + String(repeating: "F", count: 64), name: nil),
        SubjectCase(text: "app.tar=sha256:abc", name: nil),
        SubjectCase(text: "app.tar=sha1:" + String(repeating: "0", count: 40), name: nil),
        SubjectCase(text: "=sha256:" + String(repeating: "0", count: 64), name: nil),
        SubjectCase(text: "app.tar", name: nil),
    ]

    @Test(arguments: subjectCases)
    func subjectOptionIsNameEqualsSha256Digest(_ example: SubjectCase) {
        #expect(Attestation.Subject.parse(example.text)?.name == example.name)
    }

    struct StatementEdit: Sendable, CustomTestStringConvertible {
        var from: String
        var to: String
        var message: String
        var testDescription: String { to }
    }

    static let statementEdits: [StatementEdit] = [
        StatementEdit(from: "https://in-toto.io/Statement/v1", to: "https://in-toto.io/Statement/v0.1", message: "'_type'"),
        StatementEdit(from: "https://slsa.dev/verification_summary/v1", to: "https://slsa.dev/provenance/v1", message: "'predicateType'"),
        StatementEdit(from: "\"FAILED\"", to: "\"PASSED\"", message: "is PASSED but 'verifiedLevels' names VERDICT_FAIL"),
        StatementEdit(from: "\"FAILED\"", to: "\"passed\"", message: "not PASSED or FAILED"),
        StatementEdit(from: "\"sha256\": \"aaaa", to: "\"sha256\": \"AAAA", message: "decisionRecord"),
    ]

    /// The shape check refuses statements that do not say what Verdict's do, or contradict themselves.
    @Test(arguments: statementEdits)
    func aStatementOfAnotherShapeIsRefused(_ edit: StatementEdit) throws {
        let decision = try Self.decide("trivy-fails.sarif")
        let statement = Attestation.statement(decision, subjects: Attestation.defaultSubjects(decision, commit: nil, repository: nil),
                                              recordSHA256: String(repeating: "a", count: 64)).serialized()
        #expect(statement.contains(edit.from))
        let edited = statement.replacingOccurrences(of: edit.from, with: edit.to)
        #expect(throws: AuditError.self) { try Attestation.checkStatement(Data(edited.utf8), path: "a.json") }
        do {
            _ = try Attestation.checkStatement(Data(edited.utf8), path: "a.json")
        } catch {
            #expect(error.renderedDiagnostics.contains(edit.message), "\(error.renderedDiagnostics)")
        }
    }
}
