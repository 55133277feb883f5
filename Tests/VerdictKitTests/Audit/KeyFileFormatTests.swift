import Foundation
import Testing
@testable import VerdictKit

/// The key files' PEM and DER (RFC 8410), and what is refused.
@Suite struct KeyFileFormatTests {
    @Test func writtenKeysReadBackAsTheSameKey() throws {
        let key = SigningKey.generate()
        let privateText = key.fileText
        let publicText = key.publicKey.fileText
        #expect(privateText.hasPrefix("-----BEGIN PRIVATE KEY-----\n") && privateText.hasSuffix("\n-----END PRIVATE KEY-----\n"))
        #expect(publicText.hasPrefix("-----BEGIN PUBLIC KEY-----\n") && publicText.hasSuffix("\n-----END PUBLIC KEY-----\n"))
        let readPrivate = try SigningKey.parse(text: privateText, path: "k")
        #expect(readPrivate.publicKey.fingerprint == key.publicKey.fingerprint)
        #expect(try PublicSigningKey.parse(text: publicText, path: "k.pub").fingerprint == key.publicKey.fingerprint)
    }

    /// RFC 8410 §10.3's example private key (its PEM, verbatim) and the public key §10.1 gives for it.
    @Test func rfc8410ExampleKeys() throws {
        let privateText = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
            -----END PRIVATE KEY-----

            """
        let publicText = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
            -----END PUBLIC KEY-----

            """
        let key = try SigningKey.parse(text: privateText, path: "k")
        #expect(key.fileText == privateText)
        #expect(key.publicKey.fileText == publicText)
        #expect(try PublicSigningKey.parse(text: publicText, path: "k.pub").fingerprint == key.publicKey.fingerprint)
    }

    @Test func theLegacyFormIsRead() throws {
        let key = SigningKey.generate()
        let raw = Data(try #require(Data(base64Encoded: String(key.fileText.split(separator: "\n")[1]))).suffix(32))
        let legacy = "-----BEGIN VERDICT ED25519 PRIVATE KEY-----\n\(raw.base64EncodedString())\n-----END VERDICT ED25519 PRIVATE KEY-----\n"
        #expect(try SigningKey.parse(text: legacy, path: "k").publicKey.fingerprint == key.publicKey.fingerprint)
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var message: String
        var testDescription: String { name }
    }

    static func pem(_ label: String, _ bytes: [UInt8]) -> String {
        "-----BEGIN \(label)-----\n\(Data(bytes).base64EncodedString())\n-----END \(label)-----\n"
    }

    static let seed = [UInt8](repeating: 7, count: 32)
    static let refusedPrivate = [
        Refused(name: "trailing byte", text: pem("PRIVATE KEY", Ed25519DER.privatePrefix + seed + [0]),
                message: "not a usable key: an Ed25519 PKCS#8 private key in a form other than RFC 8410's plain 48-byte one (49 bytes: a version-2 key with its public key or attributes, or trailing data)"),
        // OneAsymmetricKey v2 (RFC 8410 §10.3's second example shape): version 1 and [1] the public key.
        Refused(name: "version 2 with public key",
                text: pem("PRIVATE KEY", [0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20] + seed + [0x81, 0x21, 0x00] + seed),
                message: "not a usable key: an Ed25519 PKCS#8 private key in a form other than RFC 8410's plain 48-byte one (83 bytes"),
        Refused(name: "x25519", text: pem("PRIVATE KEY", [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x6E, 0x04, 0x22, 0x04, 0x20] + seed),
                message: "not a usable key: not an Ed25519 PKCS#8 private key (no id-Ed25519 OID 1.3.101.112; 48 bytes)"),
        Refused(name: "encrypted", text: pem("ENCRYPTED PRIVATE KEY", seed),
                message: "not a usable key: a 'ENCRYPTED PRIVATE KEY' block is not supported; expected a PKCS#8 Ed25519 'PRIVATE KEY'"),
        Refused(name: "PEM headers", text: "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nMC4C\n-----END PRIVATE KEY-----\n",
                message: "not a usable key: the 'PRIVATE KEY' block's body is not plain base64"),
        Refused(name: "mismatched end", text: "-----BEGIN PRIVATE KEY-----\nMC4C\n-----END PUBLIC KEY-----\n",
                message: "not a usable key: the 'PRIVATE KEY' block does not end with '-----END PRIVATE KEY-----'"),
        Refused(name: "not PEM", text: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG key\n",
                message: "not a usable key: expected a PKCS#8 Ed25519 'PRIVATE KEY' (as 'openssl genpkey -algorithm ed25519' writes), or a 'VERDICT ED25519 PRIVATE KEY' block written by an older 'verdict keygen'"),
        Refused(name: "a public key given as the private one", text: pem("PUBLIC KEY", Ed25519DER.publicPrefix + seed),
                message: "not a usable key: a 'PUBLIC KEY' block is not supported; expected a PKCS#8 Ed25519 'PRIVATE KEY'"),
    ]

    @Test(arguments: refusedPrivate)
    func refusedPrivateKeys(_ testCase: Refused) {
        #expect {
            _ = try SigningKey.parse(text: testCase.text, path: "k")
        } throws: { error in
            (error as? AuditError)?.renderedDiagnostics.contains("k: error: \(testCase.message)") == true
        }
    }

    @Test func refusedPublicKeys() {
        #expect(throws: AuditError.self) { try PublicSigningKey.parse(text: Self.pem("PUBLIC KEY", Ed25519DER.publicPrefix + Self.seed + [0]), path: "p") }
        #expect(throws: AuditError.self) { try PublicSigningKey.parse(text: Self.pem("PRIVATE KEY", Ed25519DER.privatePrefix + Self.seed), path: "p") }
        // 1.3.101.113 is Ed448: same shape, another key.
        #expect(throws: AuditError.self) { try PublicSigningKey.parse(text: Self.pem("PUBLIC KEY", [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x71, 0x03, 0x21, 0x00] + Self.seed), path: "p") }
    }
}
