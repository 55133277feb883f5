import Crypto
import Foundation

/// An Ed25519 private key for signing records, in Verdict's text key format.
///
/// The files are PEM-like armour around the raw 32-byte keys. The private key's bytes never
/// appear in outputs, records or error messages: only the public key's fingerprint does.
public struct SigningKey: Sendable {
    static let privateLabel = "VERDICT ED25519 PRIVATE KEY"

    /// Kept as raw bytes: swift-crypto's key types are not Sendable.
    private let raw: Data

    var privateKey: Curve25519.Signing.PrivateKey {
        // The bytes were validated when the key was made or read.
        (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) ?? Curve25519.Signing.PrivateKey()
    }

    init(privateKey: Curve25519.Signing.PrivateKey) {
        self.raw = privateKey.rawRepresentation
    }

    public var publicKey: PublicSigningKey { PublicSigningKey(key: privateKey.publicKey) }

    public static func generate() -> SigningKey {
        SigningKey(privateKey: Curve25519.Signing.PrivateKey())
    }

    /// The private key file's text.
    public var fileText: String { Armor.encode(privateKey.rawRepresentation, label: Self.privateLabel) }

    /// Reads a private key file; one that group or others can read is refused (`KeyPairFiles`).
    public static func read(path: String) throws(AuditError) -> SigningKey {
        let raw = try Armor.decode(text: try KeyPairFiles.readPrivate(path), path: path, label: privateLabel)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw .invalidKey(path: path, message: "the key is not 32 bytes of Ed25519 private key")
        }
        return SigningKey(privateKey: key)
    }
}

/// An Ed25519 public key for verifying records.
public struct PublicSigningKey: Sendable {
    static let label = "VERDICT ED25519 PUBLIC KEY"

    private let raw: Data

    init(key: Curve25519.Signing.PublicKey) {
        self.raw = key.rawRepresentation
    }

    var key: Curve25519.Signing.PublicKey? { try? Curve25519.Signing.PublicKey(rawRepresentation: raw) }

    /// `SHA256:` and the hex SHA-256 of the raw key: how records name the key that signed them.
    public var fingerprint: String { "SHA256:" + SHA256Digest.hex(of: raw) }

    public var fileText: String { Armor.encode(raw, label: Self.label) }

    public static func read(path: String) throws(AuditError) -> PublicSigningKey {
        let raw = try Armor.decode(path: path, label: label)
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw .invalidKey(path: path, message: "the key is not 32 bytes of Ed25519 public key")
        }
        return PublicSigningKey(key: key)
    }
}

/// `-----BEGIN LABEL-----` / base64 / `-----END LABEL-----`.
enum Armor {
    static func encode(_ bytes: Data, label: String) -> String {
        "-----BEGIN \(label)-----\n\(bytes.base64EncodedString())\n-----END \(label)-----\n"
    }

    static func decode(path: String, label: String) throws(AuditError) -> Data {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: InputFile.describe(error))
        }
        return try decode(text: text, path: path, label: label)
    }

    static func decode(text: String, path: String, label: String) throws(AuditError) -> Data {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count == 3, lines[0] == "-----BEGIN \(label)-----", lines[2] == "-----END \(label)-----",
              let raw = Data(base64Encoded: lines[1])
        else {
            throw .invalidKey(path: path, message: "expected a '\(label)' block as written by 'verdict keygen'")
        }
        return raw
    }
}
