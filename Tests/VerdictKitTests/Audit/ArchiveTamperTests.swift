import Foundation
import Testing
@testable import VerdictKit

/// An archive written by someone the auditor does not trust: every way of changing an object
/// is caught when it is read, stored over, or verified.
@Suite struct ArchiveTamperTests {
    static let content = Data("the bytes a decision judged\n".utf8)
    static var hash: String { SHA256Digest.hex(of: content) }

    static func archive() throws -> (Archive, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)")
        let archive = Archive(path: root.path)
        try archive.store(content)
        return (archive, root.appendingPathComponent("objects/\(hash)"))
    }

    struct Tamper: CustomTestStringConvertible, Sendable {
        var id: String
        /// Changes the object file at the given URL.
        var apply: @Sendable (URL) throws -> Void
        /// What `verify` and a read say, in part.
        var expected: String
        var testDescription: String { id }
    }

    static let tampers: [Tamper] = [
        Tamper(id: "swapped content", apply: { url in
            try Gzip.compress(Data("other bytes".utf8)).write(to: url)
        }, expected: "content hashes to \(SHA256Digest.hex(of: Data("other bytes".utf8))), not its name"),
        Tamper(id: "bytes appended after the member", apply: { url in
            try (try Data(contentsOf: url) + Data("trailing".utf8)).write(to: url)
        }, expected: "8 byte(s) follow the end of the gzip member"),
        Tamper(id: "a second gzip member", apply: { url in
            try (try Data(contentsOf: url) + Gzip.compress(Data("more".utf8))).write(to: url)
        }, expected: "follow the end of the gzip member"),
        Tamper(id: "zero padding after the member", apply: { url in
            try (try Data(contentsOf: url) + Data(count: 16)).write(to: url)
        }, expected: "16 byte(s) follow the end of the gzip member"),
        Tamper(id: "truncated", apply: { url in
            let data = try Data(contentsOf: url)
            try data.prefix(data.count - 4).write(to: url)
        }, expected: "cut short"),
        Tamper(id: "a symlink out of the archive", apply: { url in
            try FileManager.default.removeItem(at: url)
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/zero")
        }, expected: "archive entry is a symbolic link"),
        Tamper(id: "a FIFO", apply: { url in
            try FileManager.default.removeItem(at: url)
            #expect(mkfifo(url.path, 0o600) == 0)
        }, expected: "archive entry is not a regular file"),
    ]

    @Test(arguments: tampers)
    func verifyReadAndStoreCatchATamperedObject(_ tamper: Tamper) throws {
        let (archive, url) = try Self.archive()
        try tamper.apply(url)

        let problems = try archive.verify().problems
        #expect(problems.count == 1)
        #expect(problems.first?.path == url.path)
        #expect(problems.first?.message.contains(tamper.expected) == true, "\(problems)")

        let error = try #require(throws: AuditError.self) { try archive.object(Self.hash, input: "scan.sarif") }
        #expect(error.renderedDiagnostics.contains(tamper.expected), "\(error.renderedDiagnostics)")
        #expect(error.renderedDiagnostics.contains("the archived copy of input 'scan.sarif'"))

        // Storing the same content again re-hashes the object there and replaces the bad one.
        let stored = try archive.storeChecked(Self.content)
        #expect(stored.replaced?.contains(tamper.expected) == true)
        #expect(try archive.verify().problems.isEmpty)
        #expect(try archive.object(Self.hash) == Self.content)
    }

    @Test func aSoundObjectIsKeptAndReadBack() throws {
        let (archive, _) = try Self.archive()
        #expect(try archive.storeChecked(Self.content) == Archive.Stored(sha256: Self.hash, replaced: nil))
        #expect(try archive.object(Self.hash) == Self.content)
        #expect(try archive.object(String(repeating: "0", count: 64)) == nil)
    }

    @Test(arguments: [
        "", "../../etc/passwd", String(repeating: "a", count: 63), String(repeating: "a", count: 65),
        String(repeating: "A", count: 64), String(repeating: "g", count: 64), "../" + String(repeating: "a", count: 61),
        String(repeating: "a", count: 63) + "/",
    ])
    func aNameThatIsNotA64HexDigestIsRefused(_ name: String) throws {
        let (archive, _) = try Self.archive()
        #expect(!SHA256Digest.isValid(name))
        let error = try #require(throws: AuditError.self) { try archive.object(name) }
        #expect(error == .invalidDigest(path: archive.root.path, digest: name))
    }

    @Test func aPlantedFileWithAnotherNameIsReported() throws {
        let (archive, url) = try Self.archive()
        try Data("x".utf8).write(to: url.deletingLastPathComponent().appendingPathComponent("planted"))
        let problems = try archive.verify().problems
        #expect(problems.map(\.message) == ["not an object name: expected 64 lowercase hexadecimal digits"])
    }

    @Test func decompressionStopsAtTheInputLimit() throws {
        let big = Data(count: 1 << 20)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)")
        let archive = Archive(path: root.path)
        let hash = try archive.store(big)
        let error = try #require(throws: AuditError.self) { try archive.object(hash, limits: InputLimits(maxInputBytes: 1000)) }
        #expect(error.renderedDiagnostics.contains("archive object too large"))
        #expect(try archive.verify(limits: InputLimits(maxInputBytes: 1000)).problems.count == 1)
        #expect(try archive.object(hash) == big)
    }

    @Test func anEditedRecordIsReported() throws {
        let (archive, _) = try Self.archive()
        let path = try archive.storeDecision("{}\n", evaluatedAt: Fixtures.now)
        try Data("{\"x\": 1}\n".utf8).write(to: URL(fileURLWithPath: path))
        let problems = try archive.verify().problems
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix("record hashes to ") == true)
    }
}
