import Foundation
import VerdictKit

/// The secret `--token-file` holds: what API clients send as `Authorization: Bearer …` and what
/// the sign-in form asks for.
///
/// Read the way ssh reads a private key: a file that group or others can read is refused, since
/// the token may already have leaked. Never printed, never put in a cookie (a session gets its
/// own random value), only compared in constant time.
public struct BearerToken: Sendable {
    /// Shorter tokens can be guessed despite the back-off.
    public static let minimumLength = 16
    /// A token file is a line, not a document.
    static let maximumFileBytes = 4096

    let value: String

    /// A token given directly (tests); `read(path:)` is what the command uses.
    public init(_ value: String) {
        self.value = value
    }

    /// The file's first line, without surrounding white space.
    ///
    /// - Throws: `ServeError` when the file is not a readable regular file, can be read by group
    ///   or others, or holds fewer than `minimumLength` characters.
    public static func read(path: String) throws(ServeError) -> BearerToken {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .tokenUnreadable(path: path, reason: (error as NSError).localizedFailureReason ?? "no such file or not accessible")
        }
        // Not following a symbolic link: its target's permissions are what would matter, and
        // a link is one more thing an attacker could re-point.
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw .tokenUnreadable(path: path, reason: "not a regular file")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else { throw .tokenExposed(path: path, mode: mode & 0o777) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .tokenUnreadable(path: path, reason: "permission denied") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumFileBytes + 1)) ?? Data()
        guard data.count <= maximumFileBytes else { throw .tokenUnreadable(path: path, reason: "larger than \(maximumFileBytes) bytes; a token file holds one line") }
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let token = line.trimmingCharacters(in: .whitespaces)
        guard token.count >= minimumLength else { throw .tokenTooShort(path: path, length: token.count) }
        return BearerToken(token)
    }

    /// Whether `candidate` is the token, in time that does not depend on where they differ.
    func matches(_ candidate: String) -> Bool {
        ConstantTime.equal(candidate, value)
    }
}
