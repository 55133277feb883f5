import Foundation

/// Where `check --archive` keeps the evidence of a decision and where `replay` and
/// `archive verify` find it again: a directory (`Archive`) or a PostgreSQL database
/// (`PostgresArchive`).
///
/// Both are content-addressed by the SHA-256 of the uncompressed bytes and both distrust what
/// they read: every object is re-hashed on the way out, so whichever store a replay reads from,
/// a changed byte is reported as an altered object, never judged.
public protocol ArchiveStore: Sendable {
    /// How messages name the archive: the directory, or the URL without its password.
    var displayName: String { get }

    /// What `verify` counts: "file" (a directory's objects and records) or "object" (a database's).
    var entryKind: String { get }

    /// Stores `bytes` under their SHA-256 unless the archive holds them already.
    ///
    /// - Returns: the digest, and why an unsound copy was replaced (a directory archive only:
    ///   a database archive is insert-only and never replaces anything).
    func storeChecked(_ bytes: Data) throws(AuditError) -> Archive.Stored

    /// Stores the file at `path`, checking that it still has the hash it was judged with.
    ///
    /// - Throws: `AuditError.inputAltered` when the file no longer hashes to `sha256`.
    func storeFile(path: String, sha256: String) throws(AuditError) -> Archive.Stored

    /// Stores a decision record so it can be found by its SHA-256 (the ledger's `record_sha256`).
    ///
    /// - Returns: where it went, for messages.
    @discardableResult
    func storeDecision(_ record: String, evaluatedAt: Date) throws(AuditError) -> String

    /// The uncompressed bytes of the object named `sha256`, re-hashed; nil when the archive lacks it.
    ///
    /// - Parameters:
    ///   - limits: `maxInputBytes` bounds the decompressed size.
    ///   - input: the recorded input the object stands for, named in errors.
    /// - Throws: `AuditError.objectAltered` when the content does not hash to its name;
    ///   `AuditError.storage` when the object cannot be read.
    func object(_ sha256: String, limits: InputLimits, input: String?) throws(AuditError) -> Data?

    /// The bytes of the decision record whose SHA-256 is `sha256`, re-hashed; nil when there is none.
    func record(sha256: String, limits: InputLimits) throws(AuditError) -> Data?

    /// Re-hashes every object and record; returns how many were checked and the bad ones.
    func verify(limits: InputLimits) throws(AuditError) -> (checked: Int, problems: [Archive.Problem])
}

extension Archive: ArchiveStore {
    public var displayName: String { givenPath }

    public var entryKind: String { "file" }

    public func record(sha256: String, limits: InputLimits) throws(AuditError) -> Data? {
        guard SHA256Digest.isValid(sha256) else { throw .invalidDigest(path: root.path, digest: sha256) }
        guard let name = recordNames()[sha256] else { return nil }
        return try record(named: name, sha256: sha256, limits: limits)
    }
}
