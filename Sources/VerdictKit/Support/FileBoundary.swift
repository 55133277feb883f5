import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folders from which a file named *inside* a policy or a test case may be read.
///
/// A policy can come from a pull request, and its `extends:` (or a test case's `policy:` and
/// `inputs:`) names a file that Verdict then reads and may quote in an error. Left open, that
/// reads `/proc/self/environ`, the signing key or `../../etc/passwd` into the CI log. So such a
/// path must lead, once every symlink is resolved, to a regular file inside the folder of the
/// file that names it (the anchor) or inside its repository (the nearest ancestor holding
/// `.git`); never into `/proc`, `/sys` or `/dev`.
///
/// The file named on the command line is trusted (the pipeline chose it); only the paths
/// written inside it are checked.
public struct FileBoundary: Sendable, Equatable {
    /// The allowed folders, as real paths (symlinks resolved), the anchor's folder first.
    public let roots: [String]

    /// The largest file `read` accepts: a policy is a few KB; a named multi-GB file (a disk
    /// image in the repository) must not be loaded into memory to find it is not one.
    public static let maxBytes = 8 * 1024 * 1024

    /// Folders a named file may never be in, whatever the roots: kernel and device views.
    static let systemFolders = ["/proc", "/sys", "/dev"]

    /// The boundary of the paths written in the file at `anchor`.
    public init(anchoredAt anchor: String) {
        let absolute = anchor.hasPrefix("/") ? anchor : FileManager.default.currentDirectoryPath + "/" + anchor
        let folder = (absolute as NSString).deletingLastPathComponent
        guard let real = Self.realPath(folder.isEmpty ? "/" : folder) else {
            roots = []
            return
        }
        var roots = [real]
        var current = real
        while true {
            if FileManager.default.fileExists(atPath: (current == "/" ? "" : current) + "/.git") {
                if current != real { roots.append(current) }
                break
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        self.roots = roots
    }

    /// Why a path is refused, in words that name no content of the file.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case missing
        case outside
        case systemFolder
        case notRegular(String)
        case tooLarge(Int)

        public var description: String {
            switch self {
            case .missing: "does not exist"
            case .outside: "is outside the folder of the file naming it and outside its repository (symlinks are followed to decide)"
            case .systemFolder: "is in a system folder (/proc, /sys, /dev)"
            case let .notRegular(kind): "is not a regular file but \(kind)"
            case let .tooLarge(size): "is \(size) bytes, more than the \(FileBoundary.maxBytes) a policy may have"
            }
        }
    }

    /// The real path of `path` when it may be read, else why not.
    public func check(_ path: String) -> Result<String, Refusal> {
        guard let real = Self.realPath(path) else { return .failure(.missing) }
        for folder in Self.systemFolders where real == folder || real.hasPrefix(folder + "/") {
            return .failure(.systemFolder)
        }
        guard roots.contains(where: { Self.contains($0, real) }) else { return .failure(.outside) }
        var info = stat()
        guard lstat(real, &info) == 0 else { return .failure(.missing) }
        if let kind = Self.kindName(info.st_mode) { return .failure(.notRegular(kind)) }
        return .success(real)
    }

    /// Reads the file at `path` after `check`, opening the resolved path without following a
    /// link and without blocking on a FIFO swapped in meanwhile, and checking the opened file.
    public func read(_ path: String) throws -> Data {
        let real: String
        switch check(path) {
        case let .success(value): real = value
        case let .failure(refusal): throw refusal
        }
        let fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Refusal.missing }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Refusal.missing }
        if let kind = Self.kindName(info.st_mode) { throw Refusal.notRegular(kind) }
        guard Int(info.st_size) <= Self.maxBytes else { throw Refusal.tooLarge(Int(info.st_size)) }
        return try handle.read(upToCount: Self.maxBytes + 1) ?? Data()
    }

    static func contains(_ root: String, _ path: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    /// nil for a regular file, else what it is.
    static func kindName(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symlink"
        default: "a special file"
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
