import Foundation

/// The evidence archive in a PostgreSQL database, next to the ledger: inputs, policy texts and
/// records, content-addressed by the SHA-256 of their uncompressed bytes.
///
/// An object is split into chunks of `chunkSize` raw bytes, each gzip-compressed on its own and
/// kept as one row of `verdict.archive_chunks` keyed by (object sha256, chunk index); the row in
/// `verdict.archive_objects` (size, chunk count) is inserted last, in the same transaction, so an
/// object is either wholly there or not visible at all (a writer killed mid-store leaves nothing:
/// the server rolls its transaction back). Chunks are written and read one at a time, so memory
/// does not grow with the input: a multi-GB input passes through a few megabytes.
///
/// Many writers: every insert is `ON CONFLICT DO NOTHING`, so two jobs storing the same object at
/// once both succeed (the second waits on the first's uncommitted keys, then inserts nothing), and
/// the writer role needs no UPDATE right. The tables are insert-only (triggers, `verdict archive init`).
///
/// Not trusted when read: every chunk must be one complete gzip member, every chunk must be there,
/// and the bytes must hash to the object's name; anything else is an altered object.
public final class PostgresArchive: ArchiveStore, @unchecked Sendable {
    let location: DatabaseURL
    let connection: PostgresConnection
    /// A libpq connection must not be used by two threads at once; every use holds this lock.
    let lock = NSLock()

    /// Raw bytes per chunk: large enough that a row's overhead and a round trip are noise,
    /// small enough that a chunk and its compressed form are a few megabytes of memory.
    static let chunkSize = 1 << 20

    public var displayName: String { location.display }

    /// Connects and checks that the archive's tables exist (and, to store, that the triggers
    /// keeping them insert-only are intact).
    public init(_ location: DatabaseURL, forStoring: Bool) throws(AuditError) {
        self.location = location
        do {
            connection = try PostgresConnection(location)
        } catch {
            throw .storage(path: location.display, message: "cannot connect to the archive database: \(error.message)")
        }
        let exists: Bool
        do {
            exists = try connection.execute("SELECT to_regclass('verdict.archive_objects') IS NOT NULL").first?.first == "t"
        } catch {
            throw .storage(path: location.display, message: "cannot read the archive: \(error.message)")
        }
        guard exists else {
            throw .storage(path: location.display, message: "no Verdict archive here (no table 'verdict.archive_objects'); create it with 'verdict archive init URL' (or 'verdict ledger init URL') as the database's owner")
        }
        if !forStoring {
            // Reading only (replay, verify, serve): the session refuses writes, whatever runs on it.
            do {
                try connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            } catch {
                throw .storage(path: location.display, message: "cannot make the archive connection read-only: \(error.message)")
            }
        }
        if forStoring, let problem = try triggerProblems().first {
            throw .storage(path: location.display, message: "refusing to store: \(problem); run 'verdict archive verify'")
        }
    }

    /// How problems and messages name an object: the database, then the table and digest.
    func name(_ sha256: String) -> String { "\(location.display)#objects/\(sha256)" }

    public func storeChecked(_ bytes: Data) throws(AuditError) -> Archive.Stored {
        let hash = SHA256Digest.hex(of: bytes)
        try store(bytes, as: hash)
        return Archive.Stored(sha256: hash)
    }

    /// Stores bytes already in memory, a chunk's worth at a time.
    func store(_ bytes: Data, as sha256: String, also: [(String, [String?])] = []) throws(AuditError) {
        var offset = bytes.startIndex
        try store(sha256, source: nil, also: also) { buffer in
            let end = min(offset + buffer.count, bytes.endIndex)
            buffer.copyBytes(from: bytes[offset..<end])
            defer { offset = end }
            return end - offset
        }
    }

    /// Streams the file into chunks: the file is never held whole, however big.
    public func storeFile(path: String, sha256: String) throws(AuditError) -> Archive.Stored {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: InputFile.describe(errno: errno)) }
        defer { close(descriptor) }
        try store(sha256, source: path) { (buffer: UnsafeMutableRawBufferPointer) throws(AuditError) -> Int in
            while true {
                let count = read(descriptor, buffer.baseAddress, buffer.count)
                if count >= 0 { return count }
                if errno != EINTR { throw .unreadable(path: path, reason: InputFile.describe(errno: errno)) }
            }
        }
        return Archive.Stored(sha256: sha256)
    }

    @discardableResult
    public func storeDecision(_ record: String, evaluatedAt: Date) throws(AuditError) -> String {
        let bytes = Data(record.utf8)
        let hash = SHA256Digest.hex(of: bytes)
        try store(bytes, as: hash, also: [(
            "INSERT INTO verdict.archive_records (sha256, evaluated_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            [hash, Timestamp.format(evaluatedAt)])])
        return "\(location.display)#records/\(hash)"
    }

    /// Stores the bytes `fill` produces (it fills the buffer it is given and returns how many
    /// bytes it wrote, 0 at the end) as the object `expected`, in one transaction with `also`.
    ///
    /// An object already there is not read again (it cannot have been replaced: the tables are
    /// insert-only; `verify` and every read re-hash it).
    ///
    /// - Throws: `AuditError.inputAltered` when the bytes do not hash to `expected` (nothing is
    ///   kept), `AuditError.storage` when the database refuses.
    func store(_ expected: String, source: String?, also: [(String, [String?])] = [],
               fill: (UnsafeMutableRawBufferPointer) throws(AuditError) -> Int) throws(AuditError) {
        lock.lock()
        defer { lock.unlock() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        do {
            try connection.execute("BEGIN")
            do {
                if try connection.execute("SELECT 1 FROM verdict.archive_objects WHERE sha256 = $1", [expected]).isEmpty {
                    var hasher = SHA256Digest.Streaming()
                    var size = 0
                    var index = 0
                    while true {
                        // A chunk is full unless the input ended: its boundaries do not depend on how reads return.
                        var filled = 0
                        while filled < buffer.count {
                            let count = try fill(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                            if count == 0 { break }
                            filled += count
                        }
                        if filled == 0 { break }
                        let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
                        hasher.update(chunk)
                        let compressed = try Gzip.compress(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: chunk.baseAddress!), count: filled, deallocator: .none))
                        try compressed.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws in
                            try connection.execute("""
                                INSERT INTO verdict.archive_chunks (object_sha256, chunk_index, data) VALUES ($1, $2, $3)
                                ON CONFLICT DO NOTHING
                                """, [expected, String(index)], bytes: bytes)
                        }
                        size += filled
                        index += 1
                        if filled < buffer.count { break }
                    }
                    let actual = hasher.finalize()
                    guard actual == expected else {
                        throw AuditError.inputAltered(path: source ?? name(expected), recorded: expected, actual: actual)
                    }
                    try connection.execute(
                        "INSERT INTO verdict.archive_objects (sha256, size, chunk_count) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                        [expected, String(size), String(index)])
                }
                for (sql, parameters) in also { try connection.execute(sql, parameters) }
                try connection.execute("COMMIT")
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        } catch let error as AuditError {
            throw error
        } catch let error as PostgresConnection.Failure {
            throw .storage(path: location.display, message: "cannot store in the archive: \(error.message)")
        } catch {
            throw .storage(path: location.display, message: "cannot store in the archive: \(error)")
        }
    }
}
