import Foundation
import Testing
@testable import VerdictKit

/// `extends:` may come from a pull request: it reads only regular files in the policy's folder
/// or repository, and never quotes a file that is not a policy.
@Suite struct PolicyExtendsBoundaryTests {
    static let rules = "rules: [{id: v, kind: severity, block: [high]}]\n"

    /// A scratch layout: `outside/` holding `repo/` (with `.git`) holding `policies/`.
    struct Layout {
        let outside: URL
        var repository: URL { outside.appendingPathComponent("repo") }
        var policies: URL { repository.appendingPathComponent("policies") }

        init() throws {
            outside = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-extends-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: outside.appendingPathComponent("repo/.git"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: outside.appendingPathComponent("repo/policies"), withIntermediateDirectories: true)
        }

        func write(_ relative: String, _ text: String) throws {
            try text.write(to: outside.appendingPathComponent(relative), atomically: true, encoding: .utf8)
        }

        /// Loads `repo/policies/main.yaml`, which extends `target`; the diagnostics, or [] when it loads.
        func problems(extending target: String) throws -> [Diagnostic] {
            try write("repo/policies/main.yaml", "version: 1\nextends: \(target)\n" + PolicyExtendsBoundaryTests.rules)
            do {
                _ = try PolicyLoader(now: Fixtures.now).load(path: policies.appendingPathComponent("main.yaml").path)
                return []
            } catch {
                return error.diagnostics
            }
        }
    }

    static let secret = "hunter2-secret-value"

    @Test func aFileInTheRepositoryOutsideThePolicyFolderLoads() throws {
        let layout = try Layout()
        try layout.write("repo/base.yaml", "version: 1\n" + Self.rules)
        #expect(try layout.problems(extending: "../base.yaml") == [])
    }

    @Test func procAndDevicesAreRefused() throws {
        let layout = try Layout()
        for target in ["/proc/self/environ", "/dev/zero", "../../../../../../../../proc/self/environ"] {
            let problems = try layout.problems(extending: target)
            #expect(problems.count == 1, "\(target)")
            #expect(problems.first?.message.hasSuffix("is in a system folder (/proc, /sys, /dev)") == true, "\(problems)")
            #expect(problems.first.map { [$0.position?.line, $0.position?.column] } == [2, 10])
        }
    }

    @Test func aFileOutsideTheRepositoryIsRefusedWithoutBeingRead() throws {
        let layout = try Layout()
        try layout.write("secret.yaml", "version: 1\n# \(Self.secret)\n" + Self.rules)
        let problems = try layout.problems(extending: "../../secret.yaml")
        #expect(problems.map(\.message) == [
            "extended policy '\(layout.outside.path)/secret.yaml' is outside the folder of the file naming it and outside its repository (symlinks are followed to decide)",
        ])
        #expect(!problems.description.contains(Self.secret))
    }

    @Test func aSymlinkLeadingOutIsRefused() throws {
        let layout = try Layout()
        try layout.write("secret.yaml", "version: 1\n" + Self.rules)
        try FileManager.default.createSymbolicLink(
            atPath: layout.policies.appendingPathComponent("base.yaml").path, withDestinationPath: layout.outside.appendingPathComponent("secret.yaml").path)
        let problems = try layout.problems(extending: "base.yaml")
        #expect(problems.first?.message.contains("is outside the folder") == true, "\(problems)")
    }

    @Test func aDirectoryAndAFIFOAreRefused() throws {
        let layout = try Layout()
        try FileManager.default.createDirectory(at: layout.policies.appendingPathComponent("folder.yaml"), withIntermediateDirectories: true)
        #expect(try layout.problems(extending: "folder.yaml").first?.message.hasSuffix("is not a regular file but a directory") == true)
        #expect(mkfifo(layout.policies.appendingPathComponent("pipe.yaml").path, 0o600) == 0)
        #expect(try layout.problems(extending: "pipe.yaml").first?.message.hasSuffix("is not a regular file but a FIFO") == true)
    }

    @Test func aHugeFileIsRefusedBeforeBeingRead() throws {
        let layout = try Layout()
        let path = layout.policies.appendingPathComponent("huge.yaml").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(FileBoundary.maxBytes + 1)) // sparse: nothing written
        try handle.close()
        #expect(try layout.problems(extending: "huge.yaml").first?.message.hasSuffix("is 8388609 bytes, more than the 8388608 a policy may have") == true)
    }

    /// A key, a token file or a YAML secrets file in the repository: named, never quoted.
    @Test(arguments: [
        "TOKEN=\(secret)\n",
        "-----BEGIN PRIVATE KEY-----\n\(secret)\n-----END PRIVATE KEY-----\n",
        "password: \(secret)\n",
        "[\(secret)\n",
        "\(secret)",
    ])
    func aFileThatIsNotAPolicyIsNamedNotQuoted(content: String) throws {
        let layout = try Layout()
        try layout.write("repo/.env", content)
        let problems = try layout.problems(extending: "../.env")
        #expect(problems.count == 1)
        #expect(problems.first?.path == layout.policies.path + "/../.env" || problems.first?.path == layout.repository.path + "/.env")
        #expect(problems.first?.message == PolicyLoader.notAPolicy)
        #expect(problems.first?.snippet == nil)
        #expect(!problems.description.contains(Self.secret))
    }

    @Test func aRecordsStoredTextsAreNotConfined() throws {
        // Replays read a record's texts, not the disk: no boundary applies to them.
        let loader = PolicyLoader(now: Fixtures.now) { path in
            guard path == "/elsewhere/base.yaml" else { throw PolicyError(path: path, message: "missing") }
            return "version: 1\n" + Self.rules
        }
        #expect(!loader.confinesExtends)
        _ = try loader.load(text: "version: 1\nextends: /elsewhere/base.yaml\n", path: "main.yaml")
    }
}
