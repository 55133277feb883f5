import Foundation

/// Finds a recorded input's bytes for a replay: at its recorded path when the file there still
/// has the recorded hash, else in the archive by hash. Bytes that match neither are refused.
struct RecordedInputLocator: InputLocator {
    var record: RecordedDecision
    var archive: (any ArchiveStore)?
    /// Where relative input paths are found: the directory `check` ran in.
    var baseDirectory: String?
    /// How big an input may be, from its path or decompressed from the archive.
    var limits: InputLimits
    /// Read inputs from the archive only, never from a path (a server must not read files a record names).
    var archiveOnly = false
    /// What a person should know about where inputs were found.
    let notes = ReplayNotes()

    /// JaCoCo source files are placed as the record says, never by today's checkout.
    var probesFileSystem: Bool { false }

    func file(for request: InputRequest) throws -> InputFile {
        guard let expected = request.expectedSHA256, SHA256Digest.isValid(expected) else {
            throw AuditError.invalidDigest(path: record.path, digest: request.expectedSHA256 ?? "")
        }
        var altered: String?
        var notRegular = false
        let location = resolve(request.path)
        var status = stat()
        if !archiveOnly, request.path != "-", stat(location, &status) == 0 {
            // Only a regular file is read from a path: a record naming /dev/zero, a FIFO or a
            // socket falls back to the archive, or is refused.
            if status.st_mode & S_IFMT == S_IFREG {
                var file = try InputFile.read(path: location, limits: limits)
                file.path = request.path
                if file.sha256 == expected { return file }
                altered = file.sha256
            } else {
                notRegular = true
            }
        }
        if let archive, let bytes = try archive.object(expected, limits: limits, input: request.path) {
            let file = try InputFile(path: request.path, raw: bytes)
            guard file.sha256 == expected else {
                throw AuditError.inputAltered(path: request.path, recorded: expected, actual: file.sha256)
            }
            if let altered {
                notes.add("\(request.path): the file at this path changed (sha256 \(altered)); using the archived original")
            }
            return file
        }
        if let altered { throw AuditError.inputAltered(path: request.path, recorded: expected, actual: altered) }
        if notRegular {
            throw AuditError.unreadable(path: request.path, reason: "not a regular file (a device, FIFO or socket); replay reads inputs only from regular files or the archive")
        }
        throw AuditError.inputMissing(path: request.path, sha256: expected)
    }

    func resolve(_ path: String) -> String {
        guard let baseDirectory, !path.hasPrefix("/") else { return path }
        return baseDirectory + "/" + path
    }
}

/// Notes collected while inputs are located (shared by reference: the locator is a value).
final class ReplayNotes: @unchecked Sendable {
    private let lock = NSLock()
    private var notes: [String] = []

    func add(_ note: String) {
        lock.lock()
        notes.append(note)
        lock.unlock()
    }

    var list: [String] {
        lock.lock()
        defer { lock.unlock() }
        return notes
    }
}
