import Foundation

/// A PostgreSQL archive read through a few read-only connections, for `verdict serve`: pages
/// and replays running at once each take a free connection instead of queueing on one.
///
/// Read-only: the connections are opened with `forStoring: false` (their sessions refuse
/// writes), and the storing members refuse before reaching the database.
public final class PostgresArchivePool: ArchiveStore, Sendable {
    private let pool: ConnectionPool<PostgresArchive>
    public let displayName: String
    public var entryKind: String { "object" }

    /// Opens `size` read-only connections; fails if any cannot be opened.
    public init(_ url: DatabaseURL, size: Int) throws(AuditError) {
        pool = try ConnectionPool(size: size) { () throws(AuditError) in try PostgresArchive(url, forStoring: false) }
        displayName = url.display
    }

    private var readOnly: AuditError { .storage(path: displayName, message: "this archive is opened read-only") }

    public func storeChecked(_ bytes: Data) throws(AuditError) -> Archive.Stored { throw readOnly }

    public func storeFile(path: String, sha256: String) throws(AuditError) -> Archive.Stored { throw readOnly }

    public func storeDecision(_ record: String, evaluatedAt: Date) throws(AuditError) -> String { throw readOnly }

    public func object(_ sha256: String, limits: InputLimits, input: String?) throws(AuditError) -> Data? {
        try pool.with { archive throws(AuditError) in try archive.object(sha256, limits: limits, input: input) }
    }

    public func record(sha256: String, limits: InputLimits) throws(AuditError) -> Data? {
        try pool.with { archive throws(AuditError) in try archive.record(sha256: sha256, limits: limits) }
    }

    public func verify(limits: InputLimits) throws(AuditError) -> (checked: Int, problems: [Archive.Problem]) {
        try pool.with { archive throws(AuditError) in try archive.verify(limits: limits) }
    }
}
