import Foundation

/// Reading objects back chunk by chunk, re-hashing every byte.
extension PostgresArchive {
    public func object(_ sha256: String, limits: InputLimits, input: String?) throws(AuditError) -> Data? {
        guard SHA256Digest.isValid(sha256) else { throw .invalidDigest(path: location.display, digest: sha256) }
        lock.lock()
        defer { lock.unlock() }
        var data = Data()
        guard try scan(sha256, limit: limits.maxInputBytes, input: input, { data.append($0) }) else { return nil }
        return data
    }

    public func record(sha256: String, limits: InputLimits) throws(AuditError) -> Data? {
        guard SHA256Digest.isValid(sha256) else { throw .invalidDigest(path: location.display, digest: sha256) }
        lock.lock()
        defer { lock.unlock() }
        do {
            guard try !connection.execute("SELECT 1 FROM verdict.archive_records WHERE sha256 = $1", [sha256]).isEmpty else { return nil }
        } catch {
            throw .storage(path: location.display, message: "cannot read the archive: \(error.message)")
        }
        var data = Data()
        guard try scan(sha256, limit: limits.maxInputBytes, input: nil, { data.append($0) }) else { return nil }
        return data
    }

    /// Streams the object `sha256` to `body` one decompressed piece at a time (the caller holds `lock`).
    ///
    /// - Returns: false when the archive has no such object.
    /// - Throws: `AuditError.objectAltered` when the content does not hash to the name or is not
    ///   the recorded size; `AuditError.storage` for a missing chunk, a chunk that is not one
    ///   complete gzip member, content over `limit`, or a database error. Errors name `input`.
    func scan(_ sha256: String, limit: Int, input: String?, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(AuditError) -> Bool {
        let path = name(sha256)
        let suffix = input.map { " (the archived copy of input '\($0)')" } ?? ""
        let row: [String?]
        do {
            guard let found = try connection.execute("SELECT size, chunk_count FROM verdict.archive_objects WHERE sha256 = $1", [sha256]).first else {
                return false
            }
            row = found
        } catch {
            throw .storage(path: location.display, message: "cannot read the archive: \(error.message)")
        }
        guard let size = row[0].flatMap({ Int($0) }), let chunks = row[1].flatMap({ Int($0) }), size >= 0, chunks >= 0 else {
            throw .storage(path: path, message: "archive object row has no valid size or chunk count\(suffix)")
        }
        guard size <= limit else {
            throw .storage(path: path, message: "archive object too large: \(InputLimits.describe(size)), more than the limit of \(InputLimits.describe(limit)) (--max-input-bytes)\(suffix)")
        }
        var hasher = SHA256Digest.Streaming()
        var total = 0
        for index in 0..<chunks {
            do {
                let inflater = try GzipInflater(outputSize: Self.chunkSize, singleMember: true)
                let found = try connection.withBytes(
                    "SELECT data FROM verdict.archive_chunks WHERE object_sha256 = $1 AND chunk_index = $2", [sha256, String(index)]
                ) { bytes in
                    try inflater.inflate(bytes) { piece in
                        total += piece.count
                        guard total <= limit else { throw AuditError.storage(path: path, message: "archive object too large: its content is more than the limit of \(InputLimits.describe(limit)) (--max-input-bytes)\(suffix)") }
                        hasher.update(UnsafeRawBufferPointer(piece))
                        body(piece)
                    }
                    try inflater.finish()
                }
                guard found else {
                    throw AuditError.storage(path: path, message: "archive object was altered: chunk \(index) of \(chunks) is missing\(suffix)")
                }
            } catch let error as AuditError {
                throw error
            } catch let error as PostgresConnection.Failure {
                throw .storage(path: location.display, message: "cannot read the archive: \(error.message)")
            } catch let error as GzipInflater.Failure {
                throw .storage(path: path, message: "archive object was altered: chunk \(index) is not one complete gzip member: \(error.message)\(suffix)")
            } catch {
                throw .storage(path: path, message: "cannot read the archive: \(error)\(suffix)")
            }
        }
        let actual = hasher.finalize()
        guard actual == sha256, total == size else { throw .objectAltered(path: path, input: input, actual: actual) }
        return true
    }
}
