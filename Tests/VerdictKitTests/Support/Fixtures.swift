import Foundation
@testable import VerdictKit

/// Paths to the files under `Tests/Fixtures`, and helpers to load them.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // Support
        .deletingLastPathComponent() // VerdictKitTests
        .deletingLastPathComponent() // Tests
        .appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// The shared corpus next to the repository, when this checkout has it.
    static let sharedCorpus: URL? = {
        let url = root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    static func input(_ relative: String) throws -> InputFile {
        try InputFile.read(path: path(relative))
    }

    static func input(text: String, path: String = "test.sarif") throws -> InputFile {
        try InputFile(path: path, raw: Data(text.utf8))
    }

    /// Writes `bytes` to a new file of the temporary directory and returns its path; the
    /// caller removes it (`defer { try? FileManager.default.removeItem(atPath: path) }`).
    static func temporaryFile(_ bytes: Data, suffix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-test-\(UUID().uuidString)\(suffix)").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A fixed evaluation time, so tests do not depend on the day they run.
    static let now = Timestamp.parse("2026-11-21T12:00:00Z")!

    static func policy(_ text: String, path: String = "policy.yaml", now: Date = Fixtures.now) throws -> Policy {
        try PolicyLoader(now: now).load(text: text, path: path)
    }

    /// The problems a policy text has, or [] when it loads.
    static func policyProblems(_ text: String, now: Date = Fixtures.now) -> [String] {
        do {
            _ = try policy(text, now: now)
            return []
        } catch {
            return ((error as? PolicyError)?.diagnostics ?? []).map { diagnostic in
                let position = diagnostic.position.map { "\($0.line):\($0.column): " } ?? ""
                return position + diagnostic.message
            }
        }
    }
}
