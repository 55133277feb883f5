import Foundation

/// Reading archive objects as an auditor who distrusts whoever wrote the archive.
///
/// An object is named by a digest (never a path: anything but 64 lowercase hex digits is
/// refused), opened without following a symlink and without blocking on a FIFO, must be a
/// regular file, must hold exactly one complete gzip member, and must decompress to bytes that
/// hash to its name. Decompression is streamed and bounded by `--max-input-bytes`, so a
/// planted gzip bomb or a link to `/dev/zero` is refused instead of filling memory.
extension Archive {
    /// What a streamed read of one object found.
    struct ObjectScan {
        var sha256: String
        var size: Int
    }

    /// The file of the object named `digest`.
    ///
    /// - Throws: `AuditError.invalidDigest` when `digest` is not 64 lowercase hex digits.
    func objectURL(_ digest: String) throws(AuditError) -> URL {
        guard SHA256Digest.isValid(digest) else { throw .invalidDigest(path: root.path, digest: digest) }
        return objects.appendingPathComponent(digest)
    }

    /// Refuses an `objects` folder that is a symlink: objects are read inside the archive only.
    func checkObjectsFolder() throws(AuditError) {
        var status = stat()
        guard lstat(objects.path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw .storage(path: objects.path, message: "the archive's objects folder is not a directory (a symbolic link?); objects are read inside the archive only")
        }
    }

    /// Opens a regular file of the archive read-only; nil when there is none.
    ///
    /// `O_NOFOLLOW` refuses a symlink (out of the archive, to `/dev/zero`), `O_NONBLOCK` keeps a
    /// planted FIFO from blocking the open, and `fstat` refuses anything but a regular file.
    func openRegular(_ url: URL) throws(AuditError) -> Int32? {
        let descriptor = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP {
                throw .storage(path: url.path, message: "archive entry is a symbolic link; only regular files inside the archive are read")
            }
            throw .unreadable(path: url.path, reason: InputFile.describe(errno: code))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .storage(path: url.path, message: "archive entry is not a regular file")
        }
        return descriptor
    }

    /// Decompresses exactly one gzip member from `descriptor`, hashing as it goes and handing
    /// each piece of content to `body`.
    ///
    /// - Throws: `AuditError.storage` for a cut, corrupt or extended stream (appended bytes, a
    ///   second member) and for content larger than `limit`.
    func scanObject(descriptor: Int32, path: String, limit: Int,
                    _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(AuditError) -> ObjectScan {
        let inflater: GzipInflater
        do {
            inflater = try GzipInflater(outputSize: 1 << 20, singleMember: true)
        } catch {
            throw .storage(path: path, message: error.message)
        }
        var hasher = SHA256Digest.Streaming()
        var size = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        do {
            while true {
                let count = read(descriptor, chunk.baseAddress, chunk.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw AuditError.unreadable(path: path, reason: InputFile.describe(errno: errno))
                }
                if count == 0 { break }
                try inflater.inflate(UnsafeRawBufferPointer(rebasing: chunk[0..<count])) { piece throws(InputError) in
                    size += piece.count
                    guard size <= limit else {
                        throw .tooLarge(path: path, what: "its content is at least", size: size, limit: limit, option: "--max-input-bytes")
                    }
                    hasher.update(UnsafeRawBufferPointer(piece))
                    body(piece)
                }
            }
            try inflater.finish()
        } catch let error as AuditError {
            throw error
        } catch let InputError.tooLarge(_, what, size, limit, option) {
            throw .storage(path: path, message: "archive object too large: \(what) \(InputLimits.describe(size)), more than the limit of \(InputLimits.describe(limit)) (\(option))")
        } catch let failure as GzipInflater.Failure {
            throw .storage(path: path, message: "corrupt archive object: \(failure.message)")
        } catch {
            throw .storage(path: path, message: "corrupt archive object: \(error)")
        }
        return ObjectScan(sha256: hasher.finalize(), size: size)
    }

    /// The uncompressed bytes of the object named `sha256`, re-hashed; nil when the archive lacks it.
    ///
    /// - Parameters:
    ///   - limits: `maxInputBytes` bounds the decompressed size.
    ///   - input: the recorded input the object stands for, named in errors.
    /// - Throws: `AuditError.invalidDigest` for a name that is not a digest,
    ///   `AuditError.objectAltered` when the content does not hash to the name, and
    ///   `AuditError.storage` for a symlink, a non-regular file or a bad gzip stream.
    public func object(_ sha256: String, limits: InputLimits = InputLimits(), input: String? = nil) throws(AuditError) -> Data? {
        let url = try objectURL(sha256)
        do throws(AuditError) {
            try checkObjectsFolder()
            guard let descriptor = try openRegular(url) else { return nil }
            defer { close(descriptor) }
            var data = Data()
            let scan = try scanObject(descriptor: descriptor, path: url.path, limit: limits.maxInputBytes) { data.append($0) }
            guard scan.sha256 == sha256 else { throw AuditError.objectAltered(path: url.path, input: input, actual: scan.sha256) }
            return data
        } catch {
            guard case let .storage(path, message) = error, let input else { throw error }
            throw .storage(path: path, message: message + " (the archived copy of input '\(input)')")
        }
    }

    /// What is wrong with the object file called `name`, or nil when it is sound: a digest
    /// name, a regular file, one complete gzip member whose content hashes to the name.
    func inspectObject(named name: String, limit: Int) -> String? {
        guard SHA256Digest.isValid(name) else { return "not an object name: expected 64 lowercase hexadecimal digits" }
        let url = objects.appendingPathComponent(name)
        do {
            guard let descriptor = try openRegular(url) else { return "no such object" }
            defer { close(descriptor) }
            let scan = try scanObject(descriptor: descriptor, path: url.path, limit: limit) { _ in }
            return scan.sha256 == name ? nil : "content hashes to \(scan.sha256), not its name"
        } catch {
            return error.diagnostics.map(\.message).joined(separator: "; ")
        }
    }
}
