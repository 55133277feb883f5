import Foundation
import Testing
@testable import VerdictKit

/// Detection reads a SARIF header by hand (Foundation's case-insensitive search and regular
/// expressions cost ICU's set-up at every start); it must answer as they did.
@Suite struct SARIFSniffTests {
    static let texts = [
        #"{"version": "2.1.0", "runs": []}"#,
        #"{"version":"2.1.0"}"#,
        "{\"version\"\n\t :\r\n \"2.1.0\", \"runs\": []}",
        #"{"version": "2.1.1", "runs": []}"#,
        #"{"version": 2.1, "$schema": "https://json.schemastore.org/SARIF-2.1.0.json"}"#,
        #"{"$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"}"#,
        #"{"tool": "SaRiF-lint", "version" : "2.1.0" }"#,
        #"{"Version": "2.1.0", "runs": [], "sari": "f"}"#,
        #"{"version": "2.1.0x"}"#,
        #"{"version": :"2.1.0"}"#,
        #"{"versions": "2.1.0", "version""#,
        "",
        "sarif",
        "SARI",
    ]

    @Test(arguments: texts)
    func answersAsFoundationDid(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(InputKind.mentionsSARIF(buffer) == (text.range(of: "sarif", options: .caseInsensitive) != nil), "\(text)")
            #expect(InputKind.hasSARIFVersion(buffer) == (text.range(of: #""version"\s*:\s*"2\.1\.0""#, options: .regularExpression) != nil), "\(text)")
        }
    }
}
