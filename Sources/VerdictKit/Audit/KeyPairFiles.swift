import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes and reads the key files of `verdict keygen` without following symlinks.
///
/// A key path in a shared workspace can be a symlink planted by someone else: following it
/// would write the private key where they can read it, or overwrite a file they chose. So both
/// files are created with `O_CREAT | O_EXCL | O_NOFOLLOW` (a link, dangling or not, is never
/// followed), `--force` removes the old entry itself (the link, not its target) first, and the
/// private key is refused when group or others can read it, as ssh refuses one.
public enum KeyPairFiles {
    /// Writes `key` to `path` (mode 0600) and its public key to `path.pub` (mode 0644);
    /// returns the public key's path.
    public static func write(_ key: SigningKey, to path: String, replacing: Bool) throws(AuditError) -> String {
        let publicPath = path + ".pub"
        for file in [path, publicPath] where exists(file) {
            guard replacing else { throw .storage(path: path, message: "a key already exists there; use --force to replace it") }
            guard unlink(file) == 0 else { throw .unreadable(path: file, reason: "cannot remove the old key: \(InputFile.describe(errno: errno))") }
        }
        try create(path, mode: 0o600, text: key.fileText)
        do {
            try create(publicPath, mode: 0o644, text: key.publicKey.fileText)
        } catch {
            unlink(path) // no half pair
            throw error
        }
        return publicPath
    }

    /// The private key file's text, refused when it is not a regular file of this user (or
    /// root) that only its owner can read.
    static func readPrivate(_ path: String) throws(AuditError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .unreadable(path: path, reason: InputFile.describe(errno: errno)) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .invalidKey(path: path, message: "not a regular file")
        }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 {
            throw .invalidKey(path: path, message: "its permissions \(String(mode, radix: 8)) let group or others read it; a private key must be readable by its owner only (chmod 600)")
        }
        if info.st_uid != getuid(), info.st_uid != 0 {
            throw .invalidKey(path: path, message: "it belongs to another user (uid \(info.st_uid))")
        }
        guard let data = try? handle.readToEnd(), let text = String(data: data, encoding: .utf8) else {
            throw .invalidKey(path: path, message: "cannot read it as UTF-8 text")
        }
        return text
    }

    /// Whether anything is at `path`, a dangling symlink included (`lstat`, not `stat`).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func create(_ path: String, mode: mode_t, text: String) throws(AuditError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .unreadable(path: path, reason: "cannot create the key file: \(InputFile.describe(errno: errno))") }
        defer { close(fd) }
        // The umask may have removed bits, never added them; set exactly `mode`.
        fchmod(fd, mode)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: "cannot write the key file: \(InputFile.describe(errno: errno))")
            }
            written += count
        }
    }
}
