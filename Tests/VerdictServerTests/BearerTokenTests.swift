import Foundation
import Testing
import VerdictKit
@testable import VerdictServer

/// `--token-file` is read the way ssh reads a key: private, non-empty, one line.
@Suite struct BearerTokenTests {
    static func file(_ text: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func aPrivateFilesFirstLineIsTheToken() throws {
        let token = try BearerToken.read(path: try Self.file("  0123456789abcdef0123 \nignored\n", mode: 0o600))
        #expect(token.matches("0123456789abcdef0123"))
        #expect(!token.matches("0123456789abcdef012"))
        #expect(try BearerToken.read(path: try Self.file("0123456789abcdef", mode: 0o400)).matches("0123456789abcdef"))
    }

    @Test(arguments: [0o640, 0o604, 0o644, 0o660])
    func aFileOthersCanReadIsRefused(mode: Int) throws {
        let path = try Self.file("0123456789abcdef0123", mode: mode)
        #expect(throws: ServeError.tokenExposed(path: path, mode: mode)) { try BearerToken.read(path: path) }
        #expect(ServeError.tokenExposed(path: path, mode: mode).diagnostics[0].message.contains("chmod 600"))
    }

    @Test(arguments: [("", 0), ("\n\n", 0), ("   \n", 0), ("short-token", 11)] as [(String, Int)])
    func anEmptyOrShortTokenIsRefused(text: String, length: Int) throws {
        let path = try Self.file(text, mode: 0o600)
        #expect(throws: ServeError.tokenTooShort(path: path, length: length)) { try BearerToken.read(path: path) }
    }

    @Test func aMissingFileOrADirectoryIsRefused() throws {
        #expect(throws: ServeError.self) { try BearerToken.read(path: "/nonexistent/token") }
        #expect(throws: ServeError.tokenUnreadable(path: "/tmp", reason: "not a regular file")) { try BearerToken.read(path: "/tmp") }
    }

    @Test func aSymbolicLinkIsRefused() throws {
        let target = try Self.file("0123456789abcdef0123", mode: 0o600)
        let link = target + ".link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: ServeError.tokenUnreadable(path: link, reason: "not a regular file")) { try BearerToken.read(path: link) }
    }

    @Test(arguments: [("abc", "abc", true), ("abc", "abd", false), ("abc", "ab", false), ("", "", true), ("a", "", false)] as [(String, String, Bool)])
    func tokensCompareWhole(a: String, b: String, equal: Bool) {
        #expect(ConstantTime.equal(a, b) == equal)
    }
}
