import Foundation

/// Finding a decision record by the hash the ledger keeps (`record_sha256`).
extension Archive {
    /// The record files under `decisions/` by the SHA-256 in their names (`<time>-<sha256>.json`);
    /// names of any other shape are left out.
    public func recordNames() -> [String: String] {
        var names: [String: String] = [:]
        for name in list(decisions) where name.hasSuffix(".json") {
            guard let digest = name.dropLast(".json".count).split(separator: "-").last.map(String.init), SHA256Digest.isValid(digest) else { continue }
            names[digest] = name
        }
        return names
    }

    /// The bytes of the record file `name` under `decisions/`, read only when it is a regular
    /// file (no symlink, no FIFO) no bigger than `limits.maxInputBytes`, and only when they hash
    /// to `sha256`.
    ///
    /// - Returns: nil when there is no such file.
    /// - Throws: `AuditError.objectAltered` when the bytes hash to something else; `storage` or
    ///   `unreadable` when the entry is not a readable regular file or is too big.
    public func record(named name: String, sha256: String, limits: InputLimits = InputLimits()) throws(AuditError) -> Data? {
        guard !name.contains("/"), name != "..", name != "." else { throw .storage(path: name, message: "not a record name") }
        let url = decisions.appendingPathComponent(name)
        guard let descriptor = try openRegular(url) else { return nil }
        defer { close(descriptor) }
        var bytes = Data()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = read(descriptor, chunk.baseAddress, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: url.path, reason: InputFile.describe(errno: errno))
            }
            if count == 0 { break }
            guard bytes.count + count <= limits.maxInputBytes else {
                throw .storage(path: url.path, message: "record larger than \(InputLimits.describe(limits.maxInputBytes)) (--max-input-bytes)")
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        }
        let actual = SHA256Digest.hex(of: bytes)
        guard actual == sha256 else { throw .objectAltered(path: url.path, input: nil, actual: actual) }
        return bytes
    }
}
