import Foundation
import Testing
@testable import VerdictKit

/// A mapped input is hashed and UTF-8-checked a stride at a time, dropping the pages behind:
/// the answers must be those of one pass over the whole file.
@Suite struct MappedInputPageReleaseTests {
    /// An lcov file larger than the mapping threshold whose `€` (3 bytes) is cut by the
    /// first stride's end, with `tail` at its end.
    static func write(tail: [UInt8]) throws -> String {
        var bytes = Array("SF:a.c\n".utf8)
        let filler = Array("DA:1,1\n".utf8)
        while bytes.count + filler.count < InputFile.pageReleaseStride - 1 { bytes += filler }
        while bytes.count < InputFile.pageReleaseStride - 1 { bytes.append(UInt8(ascii: "#")) }
        bytes += Array("€\n".utf8)
        while bytes.count < InputFile.mappingThreshold + 4096 { bytes += filler }
        bytes += tail
        return try Fixtures.temporaryFile(Data(bytes), suffix: ".info")
    }

    @Test func aMappedFileHashesAndValidatesAsOnePass() throws {
        let path = try Self.write(tail: Array("end_of_record\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try InputFile.read(path: path)
        #expect(file.isMapped)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(file.sha256 == SHA256Digest.hex(of: bytes))
        #expect(file.utf8Validity == .valid, "checked in the hash's pass, across the cut character")
        try UTF8Check.validate(file, kind: .lcov)
        let report = try LCOVReader.read(file, lineDetail: .filesMatching(diffPaths: []))
        #expect(report.files.map(\.lines) == [CoverageCount(covered: 1, total: 1)])
    }

    @Test func anInvalidByteAfterTheFirstStrideIsFoundWhereItIs() throws {
        let path = try Self.write(tail: [UInt8(ascii: "#"), 0xFF, 0x0A])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try InputFile.read(path: path)
        #expect(file.isMapped)
        let offset = file.text.withUnsafeBytes { UTF8Check.firstInvalidOffset(in: $0.bindMemory(to: UInt8.self)) }
        #expect(offset == file.size - 2)
        #expect(file.utf8Validity == .invalid(at: file.size - 2))
        #expect(throws: InputError.self) { try UTF8Check.validate(file, kind: .lcov) }
    }

    @Test func aCharacterCutByTheEndOfTheFileIsInvalidWhereItStarts() throws {
        let path = try Self.write(tail: [UInt8(ascii: "#"), 0xE2, 0x82])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try InputFile.read(path: path)
        #expect(file.utf8Validity == .invalid(at: file.size - 2))
        #expect(file.utf8Validity == file.text.withUnsafeBytes { raw in
            UTF8Check.firstInvalidOffset(in: raw.bindMemory(to: UInt8.self)).map(UTF8Validity.invalid) ?? .valid
        })
    }

    /// UTF-16 whose UTF-8 copy is exactly as long as the file: the copy is ordinary memory,
    /// whose pages must never be dropped (that would zero them), however the lengths compare.
    @Test func utf16AsLongAsItsUTF8CopyIsNeverTreatedAsAMapping() throws {
        let characters = InputFile.mappingThreshold / 2 + 4096
        // Each CJK character is 2 bytes in UTF-16 and 3 in UTF-8, each ASCII one 2 and 1:
        // with the byte order mark, equal lengths need (characters + 2) / 2 CJK characters.
        let cjk = (characters + 2) / 2
        let text = String(repeating: "漢", count: cjk) + String(repeating: "a", count: characters - cjk)
        let raw = Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!
        #expect(raw.count == text.utf8.count)
        let path = try Fixtures.temporaryFile(raw, suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try InputFile.read(path: path)
        #expect(!file.isMapped)
        #expect(file.utf8Validity == nil)
        #expect(file.text == Data(text.utf8))
        try UTF8Check.validate(file, kind: .sarif)
    }

    @Test func aByteOrderMarkShiftsTheInvalidOffsetIntoTheText() throws {
        let path = try Self.write(tail: [0xC0, 0x0A])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let withMark = try Fixtures.temporaryFile(Data([0xEF, 0xBB, 0xBF] + Data(contentsOf: URL(fileURLWithPath: path))), suffix: ".info")
        defer { try? FileManager.default.removeItem(atPath: withMark) }
        let file = try InputFile.read(path: withMark)
        #expect(file.isMapped)
        #expect(file.text.count == file.size - 3)
        #expect(file.utf8Validity == .invalid(at: file.text.count - 2))
        do {
            try UTF8Check.validate(file, kind: .lcov)
            Issue.record("an invalid byte after a byte order mark passed")
        } catch let InputError.malformed(_, position?, _) {
            #expect(position.offset == file.text.count - 2)
        }
    }
}

/// A plan text large enough to be mapped is scanned dropping the pages behind: the plan must be
/// the one read from the same bytes in memory.
@Suite struct MappedPlanTextPageReleaseTests {
    @Test func aMappedPlanReadsAsTheSameBytesInMemory() throws {
        var text = "Terraform will perform the following actions:\n\n"
        var count = 0
        while text.utf8.count < InputFile.mappingThreshold + InputFile.pageReleaseStride * 2 {
            count += 1
            text += """
                  # aws_subnet.private[\(count)] will be created
                  + resource "aws_subnet" "private" {
                      + cidr_block = "10.0.0.0/24"
                      + id         = (known after apply)
                      + tags       = {
                          + "Name" = "private-\(count)"
                        }
                    }

                """
        }
        text += "Plan: \(count) to add, 0 to change, 0 to destroy.\n"
        let path = try Fixtures.temporaryFile(Data(text.utf8), suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mapped = try InputFile.read(path: path)
        #expect(mapped.isMapped)
        let fromMapping = try PlanTextReader.read(mapped)
        let fromMemory = try PlanTextReader.read(try InputFile(path: path, raw: Data(text.utf8)))
        #expect(fromMapping.changes == fromMemory.changes)
        #expect(fromMapping.changes.count == count)
        #expect(fromMapping.changes.last?.address == "aws_subnet.private[\(count)]")
    }
}
