import Foundation

/// The DER of Ed25519 keys as RFC 8410 defines them, which openssl, ssh-keygen and cosign read.
///
/// For Ed25519 both structures are a fixed prefix followed by the 32 raw key bytes:
/// - private, PKCS#8 `PrivateKeyInfo` (RFC 8410 §7): `SEQUENCE { INTEGER 0, SEQUENCE { OID
///   1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }`, 48 bytes;
/// - public, `SubjectPublicKeyInfo` (RFC 8410 §4): `SEQUENCE { SEQUENCE { OID 1.3.101.112 },
///   BIT STRING (0 unused bits, 32 bytes) }`, 44 bytes.
/// Anything else (another algorithm, a PKCS#8 v2 key carrying its public key or attributes, an
/// encrypted key, trailing bytes) is refused rather than half-understood.
enum Ed25519DER {
    /// `30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20`.
    static let privatePrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    /// `30 2a 30 05 06 03 2b 65 70 03 21 00`.
    static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]
    /// The algorithm identifier's OID bytes, `06 03 2b 65 70` (id-Ed25519).
    static let ed25519OID: [UInt8] = [0x06, 0x03, 0x2B, 0x65, 0x70]

    static func privateKeyInfo(raw: Data) -> Data { Data(privatePrefix) + raw }
    static func subjectPublicKeyInfo(raw: Data) -> Data { Data(publicPrefix) + raw }

    /// The 32 raw bytes of a PKCS#8 Ed25519 private key, or why not.
    static func rawPrivate(_ der: Data) -> Result<Data, Refusal> {
        raw(der, prefix: privatePrefix, what: "PKCS#8 private key")
    }

    /// The 32 raw bytes of an Ed25519 SubjectPublicKeyInfo, or why not.
    static func rawPublic(_ der: Data) -> Result<Data, Refusal> {
        raw(der, prefix: publicPrefix, what: "SubjectPublicKeyInfo")
    }

    struct Refusal: Error {
        var message: String
    }

    static func raw(_ der: Data, prefix: [UInt8], what: String) -> Result<Data, Refusal> {
        let bytes = [UInt8](der)
        if bytes.count == prefix.count + 32, Array(bytes.prefix(prefix.count)) == prefix {
            return .success(Data(bytes.suffix(32)))
        }
        let isEd25519 = bytes.count >= ed25519OID.count && (0...(bytes.count - ed25519OID.count)).contains { Array(bytes[$0..<($0 + ed25519OID.count)]) == ed25519OID }
        let why = isEd25519
            ? "an Ed25519 \(what) in a form other than RFC 8410's plain \(prefix.count + 32)-byte one (\(bytes.count) bytes: a version-2 key with its public key or attributes, or trailing data)"
            : "not an Ed25519 \(what) (no id-Ed25519 OID 1.3.101.112; \(bytes.count) bytes)"
        return .failure(Refusal(message: why))
    }
}
