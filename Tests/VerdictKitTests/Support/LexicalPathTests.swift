import Testing
@testable import VerdictKit

@Suite struct LexicalPathTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: String
        var testDescription: String { "'\(input)'" }
    }

    static let cases: [Case] = [
        Case(input: "src/x.c", expected: "src/x.c"),
        Case(input: "./src/./x.c", expected: "src/x.c"),
        Case(input: "build/../src/x.c", expected: "src/x.c"),
        Case(input: "a/b/../../src//x.c/", expected: "src/x.c"),
        Case(input: "../src/x.c", expected: "../src/x.c"),
        Case(input: "a/../../x.c", expected: "../x.c"),
        Case(input: "/../../etc/x.c", expected: "/etc/x.c"),
        Case(input: "/home/ci/build/../src/x.c", expected: "/home/ci/src/x.c"),
        Case(input: "src\\sub\\..\\x.c", expected: "src/x.c"),
        Case(input: "C:\\repo\\..\\..\\src\\x.c", expected: "C:/src/x.c"),
        Case(input: "file:///home/ci/src/x.c", expected: "/home/ci/src/x.c"),
        Case(input: "FILE://localhost/home/ci/src/x.c", expected: "/home/ci/src/x.c"),
        Case(input: "file:///C:/repo/src/x.c", expected: "C:/repo/src/x.c"),
        Case(input: "file:/home/ci/x.c", expected: "/home/ci/x.c"),
        Case(input: "src/%63ritical/x%20y.c", expected: "src/critical/x y.c"),
        Case(input: "src/%2e%2e/%2E%2E/x.c", expected: "../x.c"),
        Case(input: "src/%252e%252e/x.c", expected: "src/%2e%2e/x.c"),
        Case(input: "src/100%/x.c", expected: "src/100%/x.c"),
        Case(input: "src/a%0Ab.c", expected: "src/a%0Ab.c"),
        Case(input: "src/a%FF.c", expected: "src/a%FF.c"),
        Case(input: "a/..", expected: "."),
        Case(input: "/", expected: "/"),
        Case(input: "", expected: ""),
    ]

    @Test(arguments: cases)
    func normalizes(_ testCase: Case) {
        #expect(LexicalPath.normalize(testCase.input) == testCase.expected)
    }

    @Test func everyCoverageFormatsPathsAreNormalised() {
        let mapping = CoveragePathMapping(sourceRoot: "file:///ci/repo/build/..", jacocoSourceDirs: ["./src\\main\\java"])
        #expect(mapping.sourceRoot == "/ci/repo")
        #expect(mapping.lcovPath("/ci/repo/build/../src/x.c") == "src/x.c")
        #expect(mapping.coberturaPath("../src/x.py", sources: ["build"]) == "src/x.py")
        #expect(mapping.coberturaPath("x.py", sources: ["/ci/repo/build/../src"]) == "src/x.py")
        #expect(mapping.coberturaPath("/ci/repo/./src/%78.py", sources: []) == "src/x.py")
        #expect(mapping.jacocoPath(package: "com/acme/../acme", sourceFile: "A.java") == "src/main/java/com/acme/A.java")
    }

    @Test(arguments: cases)
    func isIdempotent(_ testCase: Case) {
        // Escapes decode once: a second pass may decode what the first produced, so only
        // paths without '%' are checked.
        guard !testCase.expected.contains("%") else { return }
        #expect(LexicalPath.normalize(testCase.expected) == testCase.expected)
    }
}
