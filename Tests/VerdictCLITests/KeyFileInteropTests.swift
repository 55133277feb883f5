import Foundation
import Testing

/// `verdict keygen` writes keys other tools read (PKCS#8 and SubjectPublicKeyInfo PEM, RFC 8410),
/// checked with the `openssl` CLI both ways; Verdict's first key form is still read.
@Suite(.enabled(if: OpenSSLCLI.path != nil, "needs the openssl CLI (apt-get install openssl)"))
struct KeyFileInteropTests {

    /// Runs openssl in `directory`; returns its status and standard output.
    func openssl(_ arguments: [String], in directory: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: OpenSSLCLI.path ?? "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func workspace() throws -> URL {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        return directory
    }

    @Test func openSSLReadsVerdictsKeysAndAgreesOnThePublicKey() throws {
        let directory = try workspace()
        let keygen = try VerdictProcess.run(["keygen", "--out", "key"], in: directory)
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let privateText = try String(contentsOf: directory.appendingPathComponent("key"), encoding: .utf8)
        let publicText = try String(contentsOf: directory.appendingPathComponent("key.pub"), encoding: .utf8)
        #expect(privateText.hasPrefix("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"), "PKCS#8 Ed25519: 30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20")
        #expect(publicText.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"), "SPKI Ed25519: 30 2a 30 05 06 03 2b 65 70 03 21 00")

        #expect(try openssl(["pkey", "-in", "key", "-noout"], in: directory).status == 0)
        let check = try openssl(["pkey", "-pubin", "-in", "key.pub", "-noout", "-text"], in: directory)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("ED25519 Public-Key:"))
        // openssl derives the same public key from Verdict's private key as Verdict wrote.
        let derived = try openssl(["pkey", "-in", "key", "-pubout"], in: directory)
        #expect(derived.stdout == publicText)
        // And re-encoding the private key changes nothing: the same bytes as openssl writes.
        #expect(try openssl(["pkey", "-in", "key"], in: directory).stdout == privateText)
    }

    @Test func aKeyMadeByOpenSSLSignsRecordsVerdictVerifies() throws {
        let directory = try workspace()
        #expect(try openssl(["genpkey", "-algorithm", "ed25519", "-out", "ossl.pem"], in: directory).status == 0)
        #expect(try openssl(["pkey", "-in", "ossl.pem", "-pubout", "-out", "ossl.pub"], in: directory).status == 0)
        #expect(chmod(directory.appendingPathComponent("ossl.pem").path, 0o600) == 0)
        let check = try VerdictProcess.run(["check", "scan.sarif", "--now=2026-11-21T12:00:00Z", "--record", "d.json", "--sign-key", "ossl.pem"], in: directory)
        #expect(check.status == 1, "\(check.stderr)")
        let verify = try VerdictProcess.run(["verify", "d.json", "--public-key", "ossl.pub"], in: directory)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        // A Verdict key of its own is another key: the record is refused with it.
        _ = try VerdictProcess.run(["keygen", "--out", "mine"], in: directory)
        #expect(try VerdictProcess.run(["verify", "d.json", "--public-key", "mine.pub"], in: directory).status == 1)
    }

    /// Another algorithm in a standard key file is refused with a clear error, not misread.
    @Test(arguments: [("ed448", "not an Ed25519 PKCS#8 private key"), ("x25519", "not an Ed25519 PKCS#8 private key")])
    func otherAlgorithmsAreRefused(algorithm: String, message: String) throws {
        let directory = try workspace()
        #expect(try openssl(["genpkey", "-algorithm", algorithm, "-out", "other.pem"], in: directory).status == 0)
        #expect(chmod(directory.appendingPathComponent("other.pem").path, 0o600) == 0)
        let check = try VerdictProcess.run(["check", "scan.sarif", "--now=2026-11-21T12:00:00Z", "--record", "d.json", "--sign-key", "other.pem"], in: directory)
        #expect(check.status == 2)
        #expect(check.stderr.contains("other.pem: error: not a usable key: \(message)"), "\(check.stderr)")
        #expect(try openssl(["pkey", "-in", "other.pem", "-pubout", "-out", "other.pub"], in: directory).status == 0)
        let verify = try VerdictProcess.run(["verify", "\(VerdictProcess.repositoryRoot.path)/Tests/Fixtures/records/v1/decision.signed.json", "--public-key", "other.pub"], in: directory)
        #expect(verify.status == 2)
        #expect(verify.stderr.contains("other.pub: error: not a usable key: not an Ed25519 SubjectPublicKeyInfo"), "\(verify.stderr)")
    }

    /// Keys written before PKCS#8 (`VERDICT ED25519 … KEY` around raw bytes) still sign and verify.
    @Test func theLegacyKeyFormIsStillRead() throws {
        let directory = try workspace()
        let fixtures = VerdictProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/records/v1")
        for name in ["test-signing-key", "test-signing-key.pub"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        #expect(chmod(directory.appendingPathComponent("test-signing-key").path, 0o600) == 0)
        let check = try VerdictProcess.run(["check", "scan.sarif", "--now=2026-11-21T12:00:00Z", "--record", "d.json", "--sign-key", "test-signing-key"], in: directory)
        #expect(check.status == 1, "\(check.stderr)")
        #expect(try VerdictProcess.run(["verify", "d.json", "--public-key", "test-signing-key.pub"], in: directory).status == 0)
        #expect(try VerdictProcess.run(["verify", "\(fixtures.path)/decision.signed.json", "--public-key", "test-signing-key.pub"], in: directory).status == 0)
    }
}

/// Where the openssl CLI is, if it is installed.
enum OpenSSLCLI {
    static let path: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
}
