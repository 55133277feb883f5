import Foundation
import Testing
@testable import VerdictKit

/// The byte writer behind `serialized()` and `compact()`: exact bytes for a known document, and
/// any string read back unchanged while nothing a CI log would act on appears raw.
@Suite struct JSONTextWriterTests {
    static let document: JSONValue = .object([
        ("schema", .string("verdict.facts/v1")),
        ("empty", .array([])),
        ("none", .object([])),
        ("list", .array([.int(-3), .double(0.25), .double(2), .bool(true), .null])),
        ("text", .string("a \"q\" \\ b\n\t\u{1B}\u{85}\u{202E}##[x]")),
    ])

    @Test func indentedOutputIsByteForByteTheDocumentedForm() {
        #expect(Self.document.serialized() == #"""
            {
              "schema": "verdict.facts/v1",
              "empty": [],
              "none": {},
              "list": [
                -3,
                0.25,
                2,
                true,
                null
              ],
              "text": "a \"q\" \\ b\n\t\u001b\u0085\u202e#\u0023[x]"
            }

            """#)
    }

    @Test func compactOutputIsOneLine() {
        #expect(Self.document.compact() == #"{"schema":"verdict.facts/v1","empty":[],"none":{},"list":[-3,0.25,2,true,null],"text":"a \"q\" \\ b\n\t\u001b\u0085\u202e#\u0023[x]"}"#)
    }

    @Test func everyStringReadsBackUnchangedAndPrintsNoRawControl() throws {
        let pieces = Self.pieces
        for first in pieces {
            for second in pieces {
                let value = "x" + first + second + "y"
                let text = JSONValue.array([.string(value)]).compact()
                let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
                #expect(decoded == [value])
                #expect(!text.unicodeScalars.contains { $0.value < 0x20 || LogText.isEscaped($0) })
                #expect(!text.contains("##["))
                for indented in [JSONValue.object([(value, .string(value))]).serialized(), text] {
                    #expect(LogText.neutralised(indented) == indented, "printed without LogText's pass, so it must change nothing")
                }
                #expect(text == "[" + Self.reference(value) + "]", "\(value.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }

    @Test func aStreamedDocumentIsTheSerializedOneInChunksOfAboutAMegabyte() {
        let big = JSONValue.object([("items", .array((0..<40_000).map { index in
            .object([("id", .int(index)), ("text", .string("finding \(index): \"quoted\"\n" + String(repeating: "x", count: index % 50)))])
        }))])
        for compact in [false, true] {
            var chunks: [[UInt8]] = []
            big.write(compact: compact) { chunks.append(Array($0)) }
            #expect(chunks.count > 2)
            #expect(chunks.dropLast().allSatisfy { $0.count >= JSONTextWriter.flushSize && $0.count < JSONTextWriter.flushSize + 4096 })
            let expected = compact ? big.compact() + "\n" : big.serialized()
            #expect(String(decoding: chunks.joined(), as: UTF8.self) == expected)
        }
    }

    static let pieces = [
        "plain", "é", "€", "😀", "\u{A0}", "\u{600}", "\u{2000}", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}",
        "\u{80}", "\u{9B}", "\u{9F}", "\u{61C}", "\u{200E}", "\u{2028}", "\u{202E}", "\u{2066}", "\u{2069}", "##[", "#", "[", "::", "::error::x",
    ]

    /// The escaping rules applied scalar by scalar: what the byte writer must produce.
    static func reference(_ value: String) -> String {
        var output = "\""
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || LogText.isEscaped(scalar),
                 "#" where index > 0 && scalars[index - 1] == "#" && index + 1 < scalars.count && scalars[index + 1] == "[":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
