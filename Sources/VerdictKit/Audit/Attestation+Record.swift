import Foundation

extension Attestation {
    /// The decision record an envelope references, for `replay`: the `record` file when given,
    /// else the archive's `decisions/` entry named with the signed digest. Its bytes must hash
    /// to that digest, so the record replayed is the one signed.
    ///
    /// - Parameters:
    ///   - key: when given, the envelope's signature is checked first; a bad one is an error.
    /// - Returns: where the record was found (its path, or its place in the archive) and its bytes.
    /// - Throws: `AuditError` for an envelope of another shape or signer, a record not found, or
    ///   one whose digest is not the signed one.
    public static func referencedRecord(envelope data: Data, path: String, record: String?, archive: (any ArchiveStore)?,
                                        key: PublicSigningKey?, limits: InputLimits = InputLimits()) throws(AuditError) -> (path: String, bytes: Data) {
        let envelope = try DSSEEnvelope.parse(data, path: path)
        guard envelope.payloadType == DSSEEnvelope.payloadType else {
            throw .invalidAttestation(path: path, message: "'payloadType' is not '\(DSSEEnvelope.payloadType)'")
        }
        if let key {
            let check = envelope.check(with: key)
            guard check == .valid else { throw .invalidAttestation(path: path, message: check.message) }
        }
        let summary = try checkStatement(envelope.payload, path: path)
        guard let record else {
            guard let archive else {
                throw .invalidAttestation(path: path, message: "the decision record is referenced by digest (sha256 \(summary.recordSHA256)): give --record FILE or --archive DIR|URL")
            }
            // The archive re-hashes the record against the signed digest as it reads it.
            guard let bytes = try archive.record(sha256: summary.recordSHA256, limits: limits) else {
                throw .invalidAttestation(path: path, message: "the record it references (sha256 \(summary.recordSHA256)) is not in the archive '\(archive.displayName)'")
            }
            return ("\(archive.displayName) (record \(summary.recordSHA256))", bytes)
        }
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: record)) } catch {
            throw .unreadable(path: record, reason: InputFile.describe(error))
        }
        let actual = SHA256Digest.hex(of: bytes)
        guard actual == summary.recordSHA256 else {
            throw .invalidAttestation(path: record, message: "not the record the attestation '\(path)' signed: it references sha256 \(summary.recordSHA256), the file is \(actual)")
        }
        return (record, bytes)
    }
}

extension DSSEEnvelope {
    /// The file's bytes when it is an envelope (bounded by `limits`), nil when it is not or cannot be read.
    public static func bytesIfEnvelope(path: String, limits: InputLimits) -> Data? {
        guard let data = try? InputFile.readBytes(path: path, limits: limits).0, looksLikeEnvelope(data) else { return nil }
        return data
    }
}
