import Foundation
import Testing

/// An archive tampered with between `check --archive` and an audit: `replay`, `check --archive`
/// and `archive verify` each catch a swapped, planted or appended object, and a record whose
/// digest or path points anywhere but a regular file or an archive object is refused.
@Suite struct ArchiveTamperCLITests {
    let now = "--now=2026-11-21T12:00:00Z"
    /// sha256sum samples/trivy-fails.sarif
    static let scanHash = "909fffd2cc4175f3278349923674f855bb7cc2eba01e92a5567a466955b99f2b"

    /// A decision archived with its input, then the input moved away: only the archive has it.
    func archived() throws -> (directory: URL, object: URL) {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        let check = try VerdictProcess.run(["check", "scan.sarif", now, "--record", "d.json", "--archive", "archive"], in: directory)
        #expect(check.status == 1, "\(check.stderr)")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("scan.sarif"))
        return (directory, directory.appendingPathComponent("archive/objects/\(Self.scanHash)"))
    }

    enum Tamper: String, CaseIterable, Sendable {
        case swapped, planted, appended

        /// Swapped: other gzip'd bytes under the name. Planted: a symlink to a file outside the
        /// archive. Appended: a second gzip member after the genuine one.
        func apply(to object: URL, in directory: URL) throws {
            switch self {
            case .swapped:
                try gzip(Data("{\"version\": \"2.1.0\", \"runs\": []}".utf8)).write(to: object)
            case .planted:
                let outside = directory.appendingPathComponent("outside.gz")
                try gzip(Data("{\"version\": \"2.1.0\", \"runs\": []}".utf8)).write(to: outside)
                try FileManager.default.removeItem(at: object)
                try FileManager.default.createSymbolicLink(atPath: object.path, withDestinationPath: outside.path)
            case .appended:
                try (try Data(contentsOf: object) + gzip(Data(" ".utf8))).write(to: object)
            }
        }

        func gzip(_ data: Data) throws -> Data {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/gzip")
            process.arguments = ["-n", "-c"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(data)
            try input.fileHandleForWriting.close()
            let result = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return result
        }
    }

    @Test(arguments: Tamper.allCases)
    func replayRefusesATamperedObjectNamingTheInput(_ tamper: Tamper) throws {
        let (directory, object) = try archived()
        #expect(try VerdictProcess.run(["replay", "d.json", "--archive", "archive"], in: directory).status == 0)
        try tamper.apply(to: object, in: directory)
        let replay = try VerdictProcess.run(["replay", "d.json", "--archive", "archive"], in: directory)
        #expect(replay.status == 2)
        #expect(replay.stdout.isEmpty)
        #expect(replay.stderr.contains("archive/objects/\(Self.scanHash): error: "), "\(replay.stderr)")
        #expect(replay.stderr.contains("input 'scan.sarif'"), "\(replay.stderr)")
    }

    @Test(arguments: Tamper.allCases)
    func archiveVerifyReportsATamperedObject(_ tamper: Tamper) throws {
        let (directory, object) = try archived()
        try tamper.apply(to: object, in: directory)
        let verify = try VerdictProcess.run(["archive", "verify", "archive"], in: directory)
        #expect(verify.status == 1)
        #expect(verify.stdout.hasPrefix("bad: \(object.path): "), "\(verify.stdout)")
        #expect(verify.stdout.hasSuffix("archive: 3 files checked, 1 bad\n"))
    }

    @Test(arguments: Tamper.allCases)
    func checkArchiveReplacesATamperedObjectAndSaysSo(_ tamper: Tamper) throws {
        let (directory, object) = try archived()
        try tamper.apply(to: object, in: directory)
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        let check = try VerdictProcess.run(["check", "scan.sarif", now, "--archive", "archive", "--quiet"], in: directory)
        #expect(check.status == 1)
        #expect(check.stderr.contains("archive/objects/\(Self.scanHash): warning: replaced an archive object that did not hold its content"), "\(check.stderr)")
        #expect(try VerdictProcess.run(["archive", "verify", "archive"], in: directory).status == 0)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("scan.sarif"))
        #expect(try VerdictProcess.run(["replay", "d.json", "--archive", "archive"], in: directory).status == 0)
    }

    @Test(arguments: ["../../../etc/passwd", String(Self.scanHash.uppercased()), String(Self.scanHash.dropLast())])
    func aRecordedDigestThatIsNot64LowercaseHexIsRefused(_ digest: String) throws {
        let (directory, _) = try archived()
        let record = directory.appendingPathComponent("d.json")
        let text = try String(contentsOf: record, encoding: .utf8)
        try text.replacingOccurrences(of: "\"sha256\": \"\(Self.scanHash)\"", with: "\"sha256\": \"\(digest)\"")
            .write(to: record, atomically: true, encoding: .utf8)
        let replay = try VerdictProcess.run(["replay", "d.json", "--archive", "archive"], in: directory)
        #expect(replay.status == 2)
        #expect(replay.stderr.contains("d.json: error: '\(digest)' is not a sha256 digest: expected 64 lowercase hexadecimal digits"), "\(replay.stderr)")
    }

    @Test func aRecordNamingADeviceIsRefusedNotRead() throws {
        let (directory, _) = try archived()
        let record = directory.appendingPathComponent("d.json")
        let text = try String(contentsOf: record, encoding: .utf8)
        try text.replacingOccurrences(of: "\"path\": \"scan.sarif\"", with: "\"path\": \"/dev/zero\"")
            .write(to: record, atomically: true, encoding: .utf8)
        let replay = try VerdictProcess.run(["replay", "d.json"], in: directory)
        #expect(replay.status == 2)
        #expect(replay.stderr.contains("/dev/zero: error: cannot read: not a regular file"), "\(replay.stderr)")
    }

    @Test func theRecordItselfIsReadWithinTheLimit() throws {
        let replay = try VerdictProcess.run(["replay", "/dev/zero", "--max-input-bytes", "1MB"])
        #expect(replay.status == 2)
        #expect(replay.stderr.hasPrefix("/dev/zero: error: not a usable decision record: input too large"), "\(replay.stderr)")
    }

    @Test func anArchivedObjectLargerThanTheLimitIsRefused() throws {
        let (directory, _) = try archived()
        let replay = try VerdictProcess.run(["replay", "d.json", "--archive", "archive", "--max-input-bytes", "20KB"], in: directory)
        #expect(replay.status == 2)
        // The record (8 KB) fits; the archived scan (45331 bytes, samples/trivy-fails.sarif) does not.
        #expect(replay.stderr.contains("archive object too large"), "\(replay.stderr)")
    }
}
