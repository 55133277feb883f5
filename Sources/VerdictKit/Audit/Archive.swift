import Foundation

/// A content-addressed store of everything a decision depended on.
///
/// Layout: `objects/<sha256>` holds each input and policy text gzip-compressed, named by the
/// SHA-256 of the uncompressed bytes (so a file used by many decisions is stored once);
/// `decisions/<time>-<record sha256>.json` holds each record. Every write goes to a temporary
/// name, is fsync'd, then renamed: a crash leaves no half-written object under a final name.
public struct Archive: Sendable {
    public var root: URL

    public init(path: String) {
        self.root = URL(fileURLWithPath: path)
    }

    var objects: URL { root.appendingPathComponent("objects") }
    var decisions: URL { root.appendingPathComponent("decisions") }
    var scratch: URL { root.appendingPathComponent("tmp") }

    /// Stores `bytes` under their SHA-256 unless already there; returns the hash.
    @discardableResult
    public func store(_ bytes: Data) throws(AuditError) -> String {
        let hash = SHA256Digest.hex(of: bytes)
        let target = objects.appendingPathComponent(hash)
        if FileManager.default.fileExists(atPath: target.path) { return hash }
        let compressed: Data
        do {
            compressed = try Gzip.compress(bytes)
        } catch {
            throw .storage(path: root.path, message: "cannot compress an object: \(error)")
        }
        try writeAtomically(compressed, to: target)
        return hash
    }

    /// Stores the file at `path`, checking that it still has the hash it was judged with.
    public func storeFile(path: String, sha256: String) throws(AuditError) {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: InputFile.describe(error))
        }
        let actual = SHA256Digest.hex(of: bytes)
        guard actual == sha256 else { throw .inputAltered(path: path, recorded: sha256, actual: actual) }
        try store(bytes)
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

    /// The uncompressed bytes of the object with this hash, or nil when the archive lacks it.
    public func object(_ sha256: String) throws(AuditError) -> Data? {
        let url = objects.appendingPathComponent(sha256)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try Gzip.decompress(Data(contentsOf: url))
        } catch let error as Gzip.Failure {
            throw .storage(path: url.path, message: "corrupt archive object: \(error)")
        } catch {
            throw .unreadable(path: url.path, reason: InputFile.describe(error))
        }
    }

    /// One problem found by `verify`.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Re-hashes every object and record; returns the bad ones and how many were checked.
    public func verify() throws(AuditError) -> (checked: Int, problems: [Problem]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadable(path: root.path, reason: "not an archive directory")
        }
        var problems: [Problem] = []
        var checked = 0
        for name in list(objects) {
            checked += 1
            let url = objects.appendingPathComponent(name)
            do {
                let bytes = try Gzip.decompress(Data(contentsOf: url))
                let actual = SHA256Digest.hex(of: bytes)
                if actual != name { problems.append(Problem(path: url.path, message: "content hashes to \(actual), not its name")) }
            } catch {
                problems.append(Problem(path: url.path, message: "unreadable object: \(error)"))
            }
        }
        for name in list(decisions) {
            checked += 1
            let url = decisions.appendingPathComponent(name)
            let expected = name.split(separator: "-").last.map { String($0.dropLast(".json".count)) } ?? ""
            let actual = (try? Data(contentsOf: url)).map { SHA256Digest.hex(of: $0) } ?? "unreadable"
            if actual != expected { problems.append(Problem(path: url.path, message: "record hashes to \(actual), not the hash in its name")) }
        }
        return (checked, problems)
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
