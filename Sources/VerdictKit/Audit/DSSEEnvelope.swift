import Foundation

/// A DSSE envelope (Dead Simple Signing Envelope) holding an in-toto statement.
///
/// The signature is Ed25519 over DSSE's pre-authentication encoding (`PAE`) of the payload
/// type and the payload's bytes, never over the base64 text or the envelope's JSON, so any
/// DSSE verifier (securesystemslib, cosign, in-toto) checks it with the public key alone.
/// `keyid` is the key's fingerprint as records name it (`SHA256:` and hex).
public struct DSSEEnvelope: Sendable, Equatable {
    public static let payloadType = "application/vnd.in-toto+json"

    public var payloadType: String
    public var payload: Data
    public var signatures: [(keyid: String, sig: Data)]

    public static func == (lhs: DSSEEnvelope, rhs: DSSEEnvelope) -> Bool {
        lhs.payloadType == rhs.payloadType && lhs.payload == rhs.payload
            && lhs.signatures.elementsEqual(rhs.signatures) { $0.keyid == $1.keyid && $0.sig == $1.sig }
    }

    /// `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths in ASCII decimal bytes.
    public static func preAuthenticationEncoding(type: String, body: Data) -> Data {
        let typeBytes = Data(type.utf8)
        return Data("DSSEv1 \(typeBytes.count) ".utf8) + typeBytes + Data(" \(body.count) ".utf8) + body
    }

    /// Signs `statement` (its serialized bytes) with `key`.
    public static func sign(statement: String, with key: SigningKey) throws -> DSSEEnvelope {
        let payload = Data(statement.utf8)
        let signature = try key.privateKey.signature(for: preAuthenticationEncoding(type: payloadType, body: payload))
        return DSSEEnvelope(payloadType: payloadType, payload: payload, signatures: [(key.publicKey.fingerprint, Data(signature))])
    }

    /// The envelope file's text: pretty-printed JSON ending in a newline.
    public func rendered() -> String {
        JSONValue.object([
            ("payloadType", .string(payloadType)),
            ("payload", .string(payload.base64EncodedString())),
            ("signatures", .array(signatures.map { .object([("keyid", .string($0.keyid)), ("sig", .string($0.sig.base64EncodedString()))]) })),
        ]).serialized()
    }

    /// Whether `data` looks like an envelope rather than a record: a JSON object with `payloadType`.
    public static func looksLikeEnvelope(_ data: Data) -> Bool {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return false }
        return object["payloadType"] != nil && object["schema"] == nil
    }

    /// Reads an envelope; anything not of DSSE's shape is refused with the path.
    public static func parse(_ data: Data, path: String) throws(AuditError) -> DSSEEnvelope {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .invalidAttestation(path: path, message: "not a JSON object")
        }
        guard let type = object["payloadType"] as? String else { throw .invalidAttestation(path: path, message: "'payloadType' is missing or not a string") }
        guard let text = object["payload"] as? String, let payload = Data(base64Encoded: text) else {
            throw .invalidAttestation(path: path, message: "'payload' is missing or not base64")
        }
        guard let list = object["signatures"] as? [[String: Any]], !list.isEmpty else {
            throw .invalidAttestation(path: path, message: "'signatures' is missing or empty")
        }
        var signatures: [(keyid: String, sig: Data)] = []
        for entry in list {
            guard let sigText = entry["sig"] as? String, let sig = Data(base64Encoded: sigText) else {
                throw .invalidAttestation(path: path, message: "a signature's 'sig' is missing or not base64")
            }
            signatures.append(((entry["keyid"] as? String) ?? "", sig))
        }
        return DSSEEnvelope(payloadType: type, payload: payload, signatures: signatures)
    }

    /// Whether a signature by `key` verifies: one whose keyid is the key's fingerprint (or has
    /// no keyid) must verify over the PAE; any such signature that does not is an alteration.
    public func check(with key: PublicSigningKey) -> SignatureCheck {
        guard let publicKey = key.key else { return .altered }
        let candidates = signatures.filter { $0.keyid == key.fingerprint || $0.keyid.isEmpty }
        guard !candidates.isEmpty else {
            return .otherKey(recorded: signatures.map(\.keyid).joined(separator: ", "), given: key.fingerprint)
        }
        let encoded = Self.preAuthenticationEncoding(type: payloadType, body: payload)
        return candidates.allSatisfy { publicKey.isValidSignature($0.sig, for: encoded) } ? .valid : .altered
    }
}
