import Foundation

/// `verdict archive verify postgres://…`: every object re-read and re-hashed, and the tables'
/// structure checked, as an auditor who trusts neither the writers nor the database's owner.
extension PostgresArchive {
    public var entryKind: String { "object" }

    /// Checks the insert-only triggers, then every object (chunks present and counted, each one
    /// complete gzip member, content hashing to the name), chunks no object claims, and records
    /// whose object is missing. Reads in one snapshot; never writes.
    public func verify(limits: InputLimits) throws(AuditError) -> (checked: Int, problems: [Archive.Problem]) {
        lock.lock()
        defer { lock.unlock() }
        do {
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        } catch {
            throw .storage(path: location.display, message: "cannot read the archive: \(error.message)")
        }
        defer { _ = try? connection.execute("ROLLBACK") }
        var problems = try triggerProblems().map { Archive.Problem(path: location.display, message: $0) }
        let objects: [[String?]]
        let orphans: [[String?]]
        let unbacked: [[String?]]
        do {
            objects = try connection.execute("""
                SELECT o.sha256, o.chunk_count, (SELECT count(*) FROM verdict.archive_chunks c WHERE c.object_sha256 = o.sha256)
                FROM verdict.archive_objects o ORDER BY o.sha256
                """)
            orphans = try connection.execute("""
                SELECT DISTINCT c.object_sha256 FROM verdict.archive_chunks c
                WHERE NOT EXISTS (SELECT FROM verdict.archive_objects o WHERE o.sha256 = c.object_sha256) ORDER BY 1
                """)
            unbacked = try connection.execute("""
                SELECT r.sha256 FROM verdict.archive_records r
                WHERE NOT EXISTS (SELECT FROM verdict.archive_objects o WHERE o.sha256 = r.sha256) ORDER BY 1
                """)
        } catch {
            throw .storage(path: location.display, message: "cannot read the archive: \(error.message)")
        }
        for row in objects {
            let digest = row[0] ?? ""
            guard SHA256Digest.isValid(digest) else {
                problems.append(Archive.Problem(path: location.display, message: "object name '\(digest.prefix(80))' is not 64 lowercase hexadecimal digits"))
                continue
            }
            if row[1] != row[2] {
                problems.append(Archive.Problem(path: name(digest), message: "holds \(row[2] ?? "?") chunk rows, its object row says \(row[1] ?? "?")"))
            }
            do {
                _ = try scan(digest, limit: limits.maxInputBytes, input: nil) { _ in }
            } catch {
                problems.append(Archive.Problem(path: name(digest), message: error.diagnostics.map(\.message).joined(separator: "; ")))
            }
        }
        for row in orphans {
            problems.append(Archive.Problem(path: name(row[0] ?? ""), message: "chunks that no object row claims (written outside a Verdict transaction)"))
        }
        for row in unbacked {
            problems.append(Archive.Problem(path: "\(location.display)#records/\(row[0] ?? "")", message: "record listed but its object is missing"))
        }
        return (objects.count, problems)
    }
}
