import Foundation
import Testing
@testable import VerdictKit

/// `Blanks` replaces `trimmingCharacters(in: .whitespaces)` in the readers: it must trim
/// exactly the same scalars, or a path, tag or number would read differently.
@Suite struct BlanksTests {
    @Test func blanksAreExactlyFoundationsWhitespacesOverEveryScalar() {
        var differences: [String] = []
        for value in UInt32(0)..<0x11_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let foundation = CharacterSet.whitespaces.contains(scalar)
            if foundation != Blanks.isBlank(scalar) { differences.append(String(value, radix: 16)) }
        }
        #expect(differences.isEmpty)
    }

    @Test func trimmingRemovesBlanksAtBothEndsOnly() {
        for text in ["", " ", "\t x \u{3000}", "\u{A0}HIGH\u{200B}", "a b", " \n x \n ", "\u{2028}x"] {
            #expect(Blanks.trimming(text) == text.trimmingCharacters(in: .whitespaces), "\(text.unicodeScalars.map(\.value))")
            #expect(Blanks.trimming(Substring(text)) == text.trimmingCharacters(in: .whitespaces))
        }
    }
}
