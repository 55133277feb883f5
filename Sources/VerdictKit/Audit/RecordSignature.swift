import Crypto
import Foundation

/// The Ed25519 signature of a decision record, kept as the record's last member.
///
/// What is signed is the record's canonical bytes: exactly what `DecisionRecord.render`
/// writes. The signed file is those bytes with a `"signature"` member added before the final
/// brace, so a verifier recovers the signed bytes by removing that member — no JSON
/// re-serialization, whose key order and number formats could differ, is involved.
public struct RecordSignature: Sendable, Equatable {
    public static let algorithm = "ed25519"
    static let memberPrefix = Data(",\n  \"signature\": ".utf8)

    /// `SHA256:` and the hex SHA-256 of the raw public key.
    public var publicKeyFingerprint: String
    /// The signature, base64.
    public var value: String

    /// The signed record: `unsigned` with the signature member appended.
    public static func sign(_ unsigned: String, with key: SigningKey) throws -> String {
        let signature = try key.privateKey.signature(for: Data(unsigned.utf8))
        let member = JSONValue.object([
            ("algorithm", .string(algorithm)),
            ("public_key_fingerprint", .string(key.publicKey.fingerprint)),
            ("value", .string(Data(signature).base64EncodedString())),
        ])
        guard unsigned.hasSuffix("\n}\n") else { return unsigned }
        let body = unsigned.dropLast(3)
        let rendered = member.serialized().dropLast().replacingOccurrences(of: "\n", with: "\n  ")
        return body + ",\n  \"signature\": " + rendered + "\n}\n"
    }

    /// Splits a record file into its unsigned bytes and the signature member's JSON text.
    static func split(_ data: Data) -> (unsigned: Data, signature: String?) {
        let bytes = [UInt8](data)
        let prefix = [UInt8](memberPrefix)
        guard bytes.count > prefix.count + 3, bytes.suffix(3).elementsEqual(Array("\n}\n".utf8)) else { return (data, nil) }
        // The member is the last one: search backwards for its prefix.
        var index = bytes.count - 3 - prefix.count
        while index >= 0 {
            if bytes[index] == prefix[0], Array(bytes[index..<(index + prefix.count)]) == prefix {
                let memberText = String(decoding: bytes[(index + prefix.count)..<(bytes.count - 3)], as: UTF8.self)
                return (Data(bytes[..<index]) + Data("\n}\n".utf8), memberText)
            }
            index -= 1
        }
        return (data, nil)
    }

    static func parse(_ text: String, path: String) throws(AuditError) -> RecordSignature {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
              object["algorithm"] as? String == algorithm,
              let fingerprint = object["public_key_fingerprint"] as? String,
              let value = object["value"] as? String
        else {
            throw .invalidRecord(path: path, message: "the signature member is malformed")
        }
        return RecordSignature(publicKeyFingerprint: fingerprint, value: value)
    }

    /// Whether this signature over `unsigned` verifies with `key`.
    func verifies(_ unsigned: Data, with key: PublicSigningKey) -> Bool {
        guard let signature = Data(base64Encoded: value), let publicKey = key.key else { return false }
        return publicKey.isValidSignature(signature, for: unsigned)
    }
}

/// The result of checking a record's signature against a public key.
public enum SignatureCheck: Sendable, Equatable {
    case valid
    case unsigned
    /// Signed, but by a different key than the one given.
    case otherKey(recorded: String, given: String)
    /// Signed by this key, but the bytes changed after signing.
    case altered

    public static func check(_ record: RecordedDecision, with key: PublicSigningKey) -> SignatureCheck {
        guard let signature = record.signature else { return .unsigned }
        guard signature.publicKeyFingerprint == key.fingerprint else {
            return .otherKey(recorded: signature.publicKeyFingerprint, given: key.fingerprint)
        }
        return signature.verifies(record.unsignedBytes, with: key) ? .valid : .altered
    }

    public var message: String {
        switch self {
        case .valid: "signature valid"
        case .unsigned: "the record is not signed"
        case let .otherKey(recorded, given): "signed by another key: the record names \(recorded), the given public key is \(given)"
        case .altered: "the record was changed after it was signed: the signature does not match its content"
        }
    }
}
