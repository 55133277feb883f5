import Testing
@testable import VerdictKit

@Suite struct LibraryVersionsTests {
    @Test func theJQReleaseIsToldByItsBuiltins() {
        #expect(LibraryVersions.jqVersion { _ in true }.hasPrefix("1.7 or later"))
        #expect(LibraryVersions.jqVersion { $0 == "builtins" }.hasPrefix("1.6 "))
        #expect(LibraryVersions.jqVersion { _ in false }.hasPrefix("1.5 or earlier"))
        #expect(LibraryVersions.libjq.hasPrefix("1."))
    }
}
