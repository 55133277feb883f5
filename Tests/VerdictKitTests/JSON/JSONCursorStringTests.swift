import Foundation
import Testing
@testable import VerdictKit

/// The cursor passes plain string content eight bytes at a time. Whatever a string's special
/// byte is (quote, escape, control, multi-byte UTF-8, invalid UTF-8) and wherever it falls in
/// a word, reading, skipping and erroring must be exactly what a byte-by-byte reader does.
@Suite struct JSONCursorStringTests {
    /// Raw JSON string contents (between the quotes) and the value they decode to.
    static let specials: [(json: [UInt8], value: String)] = [
        (Array(#"\""#.utf8), "\""),
        (Array(#"\\"#.utf8), "\\"),
        (Array(#"\n"#.utf8), "\n"),
        (Array(#"\u00e9"#.utf8), "é"),
        (Array(#"\ud83d\ude00"#.utf8), "😀"),
        (Array("é".utf8), "é"),
        (Array("€".utf8), "€"),
        (Array("😀".utf8), "😀"),
        (Array("\u{7F}".utf8), "\u{7F}"),
    ]

    static func document(_ content: [UInt8]) -> [UInt8] {
        [UInt8(ascii: "\"")] + content + [UInt8(ascii: "\""), UInt8(ascii: " ")]
    }

    static func read(_ document: [UInt8]) throws(JSONSyntaxError) -> (String, Int) {
        try document.withUnsafeBufferPointer { bytes throws(JSONSyntaxError) in
            var cursor = JSONCursor(bytes: bytes)
            let text = try cursor.readString()
            return (text, cursor.offset)
        }
    }

    static func skip(_ document: [UInt8]) throws(JSONSyntaxError) -> Int {
        try document.withUnsafeBufferPointer { bytes throws(JSONSyntaxError) in
            var cursor = JSONCursor(bytes: bytes)
            try cursor.skipValue()
            return cursor.offset
        }
    }

    @Test func everySpecialByteIsFoundAtEveryPositionOfAWord() throws {
        for special in Self.specials {
            for before in 0..<20 {
                for after in [0, 1, 7, 8, 9] {
                    let content = Array(repeating: UInt8(ascii: "a"), count: before) + special.json + Array(repeating: UInt8(ascii: "b"), count: after)
                    let document = Self.document(content)
                    let expected = String(repeating: "a", count: before) + special.value + String(repeating: "b", count: after)
                    let (text, end) = try Self.read(document)
                    #expect(text == expected, "special \(special.value) after \(before) bytes")
                    #expect(end == document.count - 1)
                    #expect(try Self.skip(document) == document.count - 1)
                    let reference = try JSONSerialization.jsonObject(with: Data(document), options: .fragmentsAllowed) as? String
                    #expect(reference == expected)
                }
            }
        }
    }

    @Test func twoEscapesInARowAndRunsBetweenThemDecodeInOrder() throws {
        let content = Array(#"abcdefghij\"\\klmnopqrstu\u0041\nvwxyz€end"#.utf8)
        let (text, _) = try Self.read(Self.document(content))
        #expect(text == "abcdefghij\"\\klmnopqrstuA\nvwxyz€end")
    }

    @Test func aControlCharacterIsRefusedAtEveryPositionWithItsColumn() {
        for before in 0..<20 {
            let content = Array(repeating: UInt8(ascii: "a"), count: before) + [0x01] + Array("tail".utf8)
            let document = Self.document(content)
            for action in ["read", "skip"] {
                do {
                    if action == "read" { _ = try Self.read(document) } else { _ = try Self.skip(document) }
                    Issue.record("\(action) accepted a raw control character after \(before) bytes")
                } catch {
                    #expect(error.message.contains("control character"), "\(action): \(error.message)")
                    #expect(error.position.column == before + 2, "\(action) after \(before) bytes")
                }
            }
        }
    }

    @Test func invalidUTF8IsRefusedAtEveryPosition() {
        for before in 0..<20 {
            for bad: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80]] {
                let document = Self.document(Array(repeating: UInt8(ascii: "a"), count: before) + bad + Array("tail".utf8))
                #expect(throws: JSONSyntaxError.self) { _ = try Self.read(document) }
                #expect(throws: JSONSyntaxError.self) { _ = try Self.skip(document) }
            }
        }
    }

    @Test func anUnterminatedStringIsRefusedWhateverItsLength() {
        for length in 0..<20 {
            let document = [UInt8(ascii: "\"")] + Array(repeating: UInt8(ascii: "a"), count: length)
            #expect(throws: JSONSyntaxError.self) { _ = try Self.read(document) }
            #expect(throws: JSONSyntaxError.self) { _ = try Self.skip(document) }
        }
    }
}
