import Foundation

/// A content-addressed store of everything a decision depended on.
///
/// Layout: `objects/<sha256>` holds each input and policy text gzip-compressed, named by the
/// SHA-256 of the uncompressed bytes (so a file used by many decisions is stored once);
/// `decisions/<time>-<record sha256>.json` holds each record. Every write goes to a temporary
/// name, is fsync'd, then renamed: a crash leaves no half-written object under a final name.
///
/// The archive is not trusted: an object is re-hashed whenever it is read or stored over, and
/// reading never leaves `objects/` (see `Archive+Objects.swift`).
public struct Archive: Sendable {
    public var root: URL
    /// The directory as the user wrote it, for messages: an absolute path would print the
    /// runner's workspace into reports and logs that only need the name given.
    public var givenPath: String

    public init(path: String) {
        self.root = URL(fileURLWithPath: path)
        self.givenPath = path
    }

    var objects: URL { root.appendingPathComponent("objects") }
    var decisions: URL { root.appendingPathComponent("decisions") }
    var scratch: URL { root.appendingPathComponent("tmp") }

    /// What storing one object did.
    public struct Stored: Sendable, Equatable {
        public var sha256: String
        /// Why a file already under this name was replaced (it did not hold these bytes), or nil.
        public var replaced: String?
    }

    /// Stores `bytes` under their SHA-256 unless a sound copy is already there; returns the hash.
    @discardableResult
    public func store(_ bytes: Data) throws(AuditError) -> String {
        try storeChecked(bytes).sha256
    }

    /// Stores `bytes` under their SHA-256. A file already under that name is re-hashed first and
    /// kept only when it is one gzip member of exactly these bytes; anything else (swapped
    /// content, appended bytes, a symlink, a FIFO) is replaced, and `replaced` says why.
    public func storeChecked(_ bytes: Data) throws(AuditError) -> Stored {
        let hash = SHA256Digest.hex(of: bytes)
        let target = objects.appendingPathComponent(hash)
        try checkObjectsFolder()
        var status = stat()
        var replaced: String?
        if lstat(target.path, &status) == 0 {
            guard let problem = inspectObject(named: hash, limit: bytes.count) else { return Stored(sha256: hash) }
            replaced = problem
        }
        let compressed: Data
        do {
            compressed = try Gzip.compress(bytes)
        } catch {
            throw .storage(path: root.path, message: "cannot compress an object: \(error)")
        }
        try writeAtomically(compressed, to: target)
        return Stored(sha256: hash, replaced: replaced)
    }

    /// Stores the file at `path`, checking that it still has the hash it was judged with.
    @discardableResult
    public func storeFile(path: String, sha256: String) throws(AuditError) -> Stored {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: InputFile.describe(error))
        }
        let actual = SHA256Digest.hex(of: bytes)
        guard actual == sha256 else { throw .inputAltered(path: path, recorded: sha256, actual: actual) }
        return try storeChecked(bytes)
    }

    /// Stores a record under `decisions/`; returns its path.
    @discardableResult
    public func storeDecision(_ record: String, evaluatedAt: Date) throws(AuditError) -> String {
        let bytes = Data(record.utf8)
        let stamp = Timestamp.format(evaluatedAt).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        let target = decisions.appendingPathComponent("\(stamp)-\(SHA256Digest.hex(of: bytes)).json")
        try writeAtomically(bytes, to: target)
        return target.path
    }

    /// One problem found by `verify`.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Re-hashes every object and record; returns the bad ones and how many were checked.
    ///
    /// An object is sound when its name is a digest and its file is exactly one complete gzip
    /// member whose content hashes to that name: appended bytes, a second member, a cut stream,
    /// a symlink or any other kind of file is a problem. A record must hash to the digest in its name.
    public func verify(limits: InputLimits = InputLimits()) throws(AuditError) -> (checked: Int, problems: [Problem]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadable(path: root.path, reason: "not an archive directory")
        }
        var problems: [Problem] = []
        var checked = 0
        do {
            try checkObjectsFolder()
        } catch {
            problems.append(Problem(path: objects.path, message: error.diagnostics.map(\.message).joined(separator: "; ")))
        }
        for name in problems.isEmpty ? list(objects) : [] {
            checked += 1
            if let message = inspectObject(named: name, limit: limits.maxInputBytes) {
                problems.append(Problem(path: objects.appendingPathComponent(name).path, message: message))
            }
        }
        for name in list(decisions) {
            checked += 1
            let url = decisions.appendingPathComponent(name)
            let expected = name.split(separator: "-").last.map { String($0.dropLast(".json".count)) } ?? ""
            do {
                let actual = try hashOfRecord(at: url, limit: limits.maxInputBytes)
                if !SHA256Digest.isValid(expected) || !name.hasSuffix(".json") {
                    problems.append(Problem(path: url.path, message: "not a record name: expected <time>-<64 lowercase hex digits>.json"))
                } else if actual != expected {
                    problems.append(Problem(path: url.path, message: "record hashes to \(actual), not the hash in its name"))
                }
            } catch {
                problems.append(Problem(path: url.path, message: error.diagnostics.map(\.message).joined(separator: "; ")))
            }
        }
        return (checked, problems)
    }

    /// The SHA-256 of a record file, read only when it is a regular file no bigger than `limit`.
    func hashOfRecord(at url: URL, limit: Int) throws(AuditError) -> String {
        guard let descriptor = try openRegular(url) else { throw .unreadable(path: url.path, reason: "no such file") }
        defer { close(descriptor) }
        var hasher = SHA256Digest.Streaming()
        var size = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = read(descriptor, chunk.baseAddress, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: url.path, reason: InputFile.describe(errno: errno))
            }
            if count == 0 { return hasher.finalize() }
            size += count
            guard size <= limit else { throw .storage(path: url.path, message: "record larger than \(InputLimits.describe(limit)) (--max-input-bytes)") }
            hasher.update(UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        }
    }

    func list(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    /// Write to a temporary file, fsync it, rename it into place, fsync the directory.
    func writeAtomically(_ data: Data, to target: URL) throws(AuditError) {
        let directory = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw .storage(path: directory.path, message: "cannot create the archive directory: \(InputFile.describe(error))")
        }
        let temporary = scratch.appendingPathComponent("\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw .storage(path: temporary.path, message: "cannot create a temporary file")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .storage(path: temporary.path, message: "cannot write: \(InputFile.describe(error))")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .storage(path: target.path, message: "cannot move the object into place: \(reason)")
        }
        let descriptor = open(directory.path, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}
