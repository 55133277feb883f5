import Testing
@testable import VerdictKit

@Suite struct RepositoryPathsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var uri: String
        var expected: String
        var testDescription: String { uri }
    }

    static let paths = RepositoryPaths(roots: ["/home/runner/work/app/app", "/src/", "relative/ignored", "/"])

    @Test(arguments: [
        Case(uri: "src/a.js", expected: "src/a.js"),
        Case(uri: "./src/./a.js", expected: "src/a.js"),
        Case(uri: "src//lib/../a.js", expected: "src/a.js"),
        Case(uri: "file:///home/runner/work/app/app/src/a%20b.js", expected: "src/a b.js"),
        Case(uri: "FILE://localhost/home/runner/work/app/app/src/a.js", expected: "src/a.js"),
        Case(uri: "/home/runner/work/app/app/src/a.js", expected: "src/a.js"),
        Case(uri: "/src/package-lock.json", expected: "package-lock.json"),          // a container's root
        Case(uri: "file:///src/../etc/passwd", expected: "/etc/passwd"),             // climbs out: stays absolute
        Case(uri: "/srcx/a.js", expected: "/srcx/a.js"),                             // a prefix, not a directory
        Case(uri: "../outside/a.js", expected: "../outside/a.js"),
        Case(uri: "src/100%.js", expected: "src/100%.js"),                           // a malformed escape stays literal
        Case(uri: "src/a%2Fb.js", expected: "src/a/b.js"),
    ])
    func mapsScannerPathsToTheRepository(_ test: Case) {
        #expect(Self.paths.relative(test.uri) == test.expected)
    }

    @Test func theLongestRootWins() {
        let paths = RepositoryPaths(roots: ["/work", "/work/repo"])
        #expect(paths.roots == ["/work/repo", "/work"])
        #expect(paths.relative("/work/repo/a.c") == "a.c")
        #expect(paths.relative("/work/other/a.c") == "other/a.c")
    }

    /// SARIF `uriBaseId`: the base counts only when base + uri lands in the repository.
    @Test func aBaseIsUsedOnlyWhenItLeadsIntoTheRepository() {
        let paths = RepositoryPaths(roots: ["/scan"])
        #expect(paths.relative("main.c", base: "file:///scan/src/") == "src/main.c")
        #expect(paths.relative("main.c", base: "file:///scan/src") == "src/main.c")
        // Trivy's image scans: ROOTPATH is file:///, the paths are the image's, kept as written.
        #expect(paths.relative("usr/src/app/package-lock.json", base: "file:///") == "usr/src/app/package-lock.json")
        #expect(paths.relative("../../etc/passwd", base: "file:///scan/src/") == "../../etc/passwd")
        #expect(paths.relative("file:///scan/a.c", base: "file:///elsewhere/") == "a.c")
        #expect(paths.relative("a.c", base: nil) == "a.c")
    }

    @Test func baseURIChainsResolveAndCyclesEnd() {
        let bases = ["SRC": SARIFBaseURI(uri: "src/", parent: "ROOT"), "ROOT": SARIFBaseURI(uri: "file:///repo/", parent: nil),
                     "A": SARIFBaseURI(uri: "a/", parent: "B"), "B": SARIFBaseURI(uri: "b/", parent: "A"),
                     "NOURI": SARIFBaseURI(uri: nil, parent: nil)]
        #expect(SARIFBaseURI.resolve("SRC", in: bases) == "file:///repo/src/")
        #expect(SARIFBaseURI.resolve("ROOT", in: bases) == "file:///repo/")
        #expect(SARIFBaseURI.resolve("A", in: bases) == nil)
        #expect(SARIFBaseURI.resolve("NOURI", in: bases) == nil)
        #expect(SARIFBaseURI.resolve("MISSING", in: bases) == nil)
    }
}
