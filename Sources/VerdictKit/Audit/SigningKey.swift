import Crypto
import Foundation

/// An Ed25519 private key for signing records.
///
/// Written as PKCS#8 PEM (`PRIVATE KEY`, as `openssl genpkey -algorithm ed25519` writes it);
/// read in that form or in Verdict's first one (`VERDICT ED25519 PRIVATE KEY` around the raw 32
/// bytes). The private key's bytes never appear in outputs, records or error messages: only the
/// public key's fingerprint does.
public struct SigningKey: Sendable {
    static let privateLabel = "PRIVATE KEY"
    /// The label of keys written by Verdict before PKCS#8; still read.
    static let legacyPrivateLabel = "VERDICT ED25519 PRIVATE KEY"

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

    /// The private key file's text: PKCS#8 PEM.
    public var fileText: String { Armor.encode(Ed25519DER.privateKeyInfo(raw: raw), label: Self.privateLabel) }

    /// Reads a private key file; one that group or others can read is refused (`KeyPairFiles`).
    public static func read(path: String) throws(AuditError) -> SigningKey {
        try parse(text: try KeyPairFiles.readPrivate(path), path: path)
    }

    /// Reads a private key from a file's text: PKCS#8 Ed25519, or Verdict's legacy form.
    static func parse(text: String, path: String) throws(AuditError) -> SigningKey {
        let (label, bytes) = try Armor.decode(text: text, path: path, labels: [privateLabel, legacyPrivateLabel],
                                              expected: "a PKCS#8 Ed25519 'PRIVATE KEY' (as 'openssl genpkey -algorithm ed25519' writes)")
        var raw = bytes
        if label == privateLabel {
            switch Ed25519DER.rawPrivate(bytes) {
            case let .success(inner): raw = inner
            case let .failure(refusal): throw .invalidKey(path: path, message: refusal.message)
            }
        }
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw .invalidKey(path: path, message: "the key is not 32 bytes of Ed25519 private key")
        }
        return SigningKey(privateKey: key)
    }
}

/// An Ed25519 public key for verifying records.
///
/// Written as SubjectPublicKeyInfo PEM (`PUBLIC KEY`, as `openssl pkey -pubout` writes it); read
/// in that form or in Verdict's first one (`VERDICT ED25519 PUBLIC KEY` around the raw 32 bytes).
public struct PublicSigningKey: Sendable {
    static let label = "PUBLIC KEY"
    /// The label of keys written by Verdict before SubjectPublicKeyInfo; still read.
    static let legacyLabel = "VERDICT ED25519 PUBLIC KEY"

    private let raw: Data

    init(key: Curve25519.Signing.PublicKey) {
        self.raw = key.rawRepresentation
    }

    var key: Curve25519.Signing.PublicKey? { try? Curve25519.Signing.PublicKey(rawRepresentation: raw) }

    /// `SHA256:` and the hex SHA-256 of the raw key: how records name the key that signed them.
    public var fingerprint: String { "SHA256:" + SHA256Digest.hex(of: raw) }

    /// The public key file's text: SubjectPublicKeyInfo PEM.
    public var fileText: String { Armor.encode(Ed25519DER.subjectPublicKeyInfo(raw: raw), label: Self.label) }

    public static func read(path: String) throws(AuditError) -> PublicSigningKey {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: InputFile.describe(error))
        }
        return try parse(text: text, path: path)
    }

    /// Reads a public key from a file's text: an Ed25519 SubjectPublicKeyInfo, or Verdict's legacy form.
    static func parse(text: String, path: String) throws(AuditError) -> PublicSigningKey {
        let (found, bytes) = try Armor.decode(text: text, path: path, labels: [label, legacyLabel],
                                              expected: "an Ed25519 'PUBLIC KEY' (SubjectPublicKeyInfo, as 'openssl pkey -pubout' writes)")
        var raw = bytes
        if found == label {
            switch Ed25519DER.rawPublic(bytes) {
            case let .success(inner): raw = inner
            case let .failure(refusal): throw .invalidKey(path: path, message: refusal.message)
            }
        }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw .invalidKey(path: path, message: "the key is not 32 bytes of Ed25519 public key")
        }
        return PublicSigningKey(key: key)
    }
}

/// PEM (RFC 7468): `-----BEGIN LABEL-----`, base64 (in lines of 64), `-----END LABEL-----`.
enum Armor {
    static func encode(_ bytes: Data, label: String) -> String {
        "-----BEGIN \(label)-----\n\(bytes.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]))\n-----END \(label)-----\n"
    }

    /// The label (one of `labels`) and the bytes of the file's single PEM block. Text around the
    /// block (openssl's explanatory lines) is refused: a key file holds one key and nothing else.
    static func decode(text: String, path: String, labels: [String], expected: String) throws(AuditError) -> (label: String, bytes: Data) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let legacy = labels.dropFirst().map { "'\($0)'" }.joined(separator: ", ")
        let refusal = AuditError.invalidKey(path: path, message: "expected \(expected), or a \(legacy) block written by an older 'verdict keygen'")
        guard lines.count >= 3, let first = lines.first, let last = lines.last,
              let label = labels.first(where: { first == "-----BEGIN \($0)-----" }), last == "-----END \(label)-----" else {
            if let first = lines.first, first.hasPrefix("-----BEGIN "), first.hasSuffix("-----") {
                let found = String(first.dropFirst("-----BEGIN ".count).dropLast(5))
                if labels.contains(found) {
                    throw .invalidKey(path: path, message: "the '\(found)' block does not end with '-----END \(found)-----' (or holds more than one key)")
                }
                throw .invalidKey(path: path, message: "a '\(found.prefix(60))' block is not supported; expected \(expected)")
            }
            throw refusal
        }
        let body = lines.dropFirst().dropLast()
        guard !body.contains(where: { $0.contains(":") || $0.hasPrefix("-----") }), let bytes = Data(base64Encoded: body.joined()) else {
            throw .invalidKey(path: path, message: "the '\(label)' block's body is not plain base64 (encrypted keys and PEM headers are not supported)")
        }
        return (label, bytes)
    }
}
