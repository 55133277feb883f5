import Foundation

/// A PostgreSQL archive read through a few read-only connections, for `verdict serve`: pages
/// and replays running at once each take a free connection instead of queueing on one.
///
/// Read-only: the connections are opened with `forStoring: false` (their sessions refuse
/// writes), and the storing members refuse before reaching the database.
public final class PostgresArchivePool: ArchiveStore, @unchecked Sendable {
    // Unchecked: `free` is guarded by `condition`; a connection has one user between take and give.
    private let condition = NSCondition()
    private var free: [PostgresArchive]
    public let displayName: String
    public var entryKind: String { "object" }

    /// Opens `size` read-only connections; fails if any cannot be opened.
    public init(_ url: DatabaseURL, size: Int) throws(AuditError) {
        var connections: [PostgresArchive] = []
        for _ in 0..<max(1, size) { connections.append(try PostgresArchive(url, forStoring: false)) }
        free = connections
        displayName = url.display
    }

    private func with<T>(_ body: (PostgresArchive) throws(AuditError) -> T) throws(AuditError) -> T {
        condition.lock()
        while free.isEmpty { condition.wait() }
        let archive = free.removeLast()
        condition.unlock()
        defer {
            condition.lock()
            free.append(archive)
            condition.signal()
            condition.unlock()
        }
        return try body(archive)
    }

    private var readOnly: AuditError { .storage(path: displayName, message: "this archive is opened read-only") }

    public func storeChecked(_ bytes: Data) throws(AuditError) -> Archive.Stored { throw readOnly }

    public func storeFile(path: String, sha256: String) throws(AuditError) -> Archive.Stored { throw readOnly }

    public func storeDecision(_ record: String, evaluatedAt: Date) throws(AuditError) -> String { throw readOnly }

    public func object(_ sha256: String, limits: InputLimits, input: String?) throws(AuditError) -> Data? {
        try with { archive throws(AuditError) in try archive.object(sha256, limits: limits, input: input) }
    }

    public func record(sha256: String, limits: InputLimits) throws(AuditError) -> Data? {
        try with { archive throws(AuditError) in try archive.record(sha256: sha256, limits: limits) }
    }

    public func verify(limits: InputLimits) throws(AuditError) -> (checked: Int, problems: [Archive.Problem]) {
        try with { archive throws(AuditError) in try archive.verify(limits: limits) }
    }
}
