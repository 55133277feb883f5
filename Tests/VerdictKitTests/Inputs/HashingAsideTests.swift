import Foundation
import Testing
@testable import VerdictKit

/// A mapped SARIF log or JSON plan is parsed while another core hashes it and checks its UTF-8
/// (`InputLoader.readHashingAside`): the result and every error must be the plain path's.
@Suite struct HashingAsideTests {
    /// A SARIF log just over the mapping threshold: one critical finding whose message is
    /// `filler` long, with `inject` placed inside that message.
    static func sarif(inject: [UInt8] = []) -> [UInt8] {
        let filler = String(repeating: "x", count: InputFile.mappingThreshold + 4096)
        let head = #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Trivy", "rules": [{"id": "CVE-1", "properties": {"tags": ["CRITICAL"]}}]}}, "results": [{"ruleId": "CVE-1", "level": "error", "message": {"text": "Package: openssl\nInstalled Version: 1.0\n"#
        let tail = #""}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "Dockerfile"}, "region": {"startLine": 3}}}]}]}]}"#
        return Array(head.utf8) + Array(filler.utf8) + inject + Array(tail.utf8)
    }

    static func write(_ bytes: [UInt8], suffix: String = ".sarif") throws -> String {
        try Fixtures.temporaryFile(Data(bytes), suffix: suffix)
    }

    /// The plain path: hash, check, then read.
    static func plain(_ request: InputRequest) -> Result<LoadedInput, InputError> {
        Result { () throws(InputError) in try InputLoader.read(InputFile.read(path: request.path), as: request) }
    }

    static func aside(_ request: InputRequest) -> Result<(LoadedInput, InputFile)?, InputError> {
        Result { () throws(InputError) in
            let (raw, isMapped) = try InputFile.readBytes(path: request.path, limits: InputLimits())
            #expect(isMapped)
            return try InputLoader.readHashingAside(raw, isMapped: isMapped, as: request)
        }
    }

    @Test func aMappedLogReadsAsThePlainPathReadsIt() throws {
        let bytes = Self.sarif()
        let path = try Self.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let request = InputRequest(path: path)
        let read = try #require(try Self.aside(request).get())
        let plain = try Self.plain(request).get()
        #expect(read.0.descriptor == plain.descriptor)
        #expect(read.0.descriptor.sha256 == SHA256Digest.hex(of: Data(bytes)))
        #expect(read.1.sha256 == plain.descriptor.sha256)
        #expect(read.1.utf8Validity == .valid)
        guard case let .findings(findings) = read.0.content, case let .findings(expected) = plain.content else {
            Issue.record("not read as findings")
            return
        }
        #expect(findings == expected)
        #expect(findings.findings.map(\.level) == [.critical])
    }

    @Test func invalidUTF8IsReportedAsThePlainPathReportsIt() throws {
        let path = try Self.write(Self.sarif(inject: [0xFF]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let request = InputRequest(path: path)
        guard case let .failure(error) = Self.aside(request), case let .failure(expected) = Self.plain(request) else {
            Issue.record("invalid UTF-8 was read")
            return
        }
        #expect(error == expected)
        #expect(error.diagnostics.map(\.description).joined().contains("invalid UTF-8"))
    }

    @Test func invalidUTF8AfterAByteOrderMarkIsReportedWhereThePlainPathReportsIt() throws {
        let path = try Self.write([0xEF, 0xBB, 0xBF] + Self.sarif(inject: [0xC0, 0x80]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let request = InputRequest(path: path)
        guard case let .failure(error) = Self.aside(request) else {
            Issue.record("invalid UTF-8 after a byte order mark was read")
            return
        }
        #expect(error == Self.plain(request).failureValue)
        guard case let .malformed(_, position?, _) = error else {
            Issue.record("expected a position, got \(error)")
            return
        }
        // Offsets count in the text, after the mark: where the byte sits in the log without it.
        let injected = try #require(Self.sarif(inject: [0xC0, 0x80]).firstIndex(of: 0xC0))
        #expect(position.offset == injected)
    }

    @Test func anAlteredInputIsRefusedBeforeItsOwnErrors() throws {
        let path = try Self.write(Self.sarif(inject: [0xFF]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let request = InputRequest(path: path, expectedSHA256: String(repeating: "0", count: 64))
        guard case let .failure(error) = Self.aside(request) else {
            Issue.record("an altered input was read")
            return
        }
        #expect(error == Self.plain(request).failureValue)
        guard case .altered = error else {
            Issue.record("expected .altered, got \(error)")
            return
        }
    }

    @Test func plansAndCoverageReadAsThePlainPathReadsThem() throws {
        var plan = #"{"format_version": "1.2", "terraform_version": "1.9.0", "resource_changes": [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "change": {"actions": ["delete"]}}], "padding": ""#
        plan += String(repeating: "p", count: InputFile.mappingThreshold) + #""}"#
        var text = "Terraform will perform the following actions:\n\n"
        var lcov = ""
        var count = 0
        while text.utf8.count < InputFile.mappingThreshold + 4096 || lcov.utf8.count < InputFile.mappingThreshold + 4096 {
            count += 1
            text += "  # aws_subnet.private[\(count)] will be destroyed\n  - resource \"aws_subnet\" \"private\" {\n      - id = \"subnet-\(count)\" -> null\n    }\n\n"
            lcov += "SF:src/file\(count).c\nDA:1,\(count % 2)\nDA:2,1\nend_of_record\n"
        }
        text += "Plan: 0 to add, 0 to change, \(count) to destroy.\n"
        for (content, kind, suffix) in [(plan, InputKind.terraformPlan, ".json"), (text, .terraformPlan, ".txt"), (lcov, .lcov, ".info")] {
            let path = try Self.write(Array(content.utf8), suffix: suffix)
            defer { try? FileManager.default.removeItem(atPath: path) }
            for forced in [kind, nil] {
                let request = InputRequest(path: path, forcedKind: forced)
                let read = try #require(try Self.aside(request).get(), "\(suffix) is read aside")
                let plain = try Self.plain(request).get()
                #expect(read.0.descriptor == plain.descriptor)
                switch (read.0.content, plain.content) {
                case let (.terraformPlan(aside), .terraformPlan(expected)):
                    #expect(aside.changes == expected.changes)
                    #expect(aside.changes.count == (suffix == ".json" ? 1 : count))
                case let (.coverage(aside), .coverage(expected)):
                    #expect(aside.files == expected.files)
                    #expect(aside.files.count == count)
                default: Issue.record("\(suffix) read as another kind")
                }
            }
        }
    }

    @Test func bytesInMemoryAreLeftToThePlainPath() throws {
        let small = Self.sarif().suffix(from: InputFile.mappingThreshold)
        #expect(try InputLoader.readHashingAside(Data(small), isMapped: false, as: InputRequest(path: "in-memory.sarif")) == nil)
    }

    @Test func utf16IsLeftToThePlainPath() throws {
        let text = String(decoding: Self.sarif(), as: UTF8.self)
        let path = try Self.write([0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Self.aside(InputRequest(path: path)).get() == nil)
    }
}

extension Result {
    var failureValue: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
