import Foundation
import Testing
@testable import VerdictKit

@Suite struct UnifiedDiffReaderTests {
    func read(_ text: String) throws -> UnifiedDiff {
        try UnifiedDiffReader.read(Fixtures.input(text: text, path: "change.diff"))
    }

    @Test func fixtureAddedLines() throws {
        let diff = try UnifiedDiffReader.read(Fixtures.input("patch/change.diff"))
        #expect(diff.addedLines == [
            "src/app/calc.py": [2, 3, 4, 5, 6, 9, 14, 15],
            "src/app/util.py": [4, 5, 7, 8],
            "docs/readme.md": [2],
        ])
    }

    @Test func removedLinesThatLookLikeHeadersStayInTheirHunk() throws {
        let diff = try read("--- a/x.sql\n+++ b/x.sql\n@@ -1,2 +1,2 @@\n--- old comment\n+-- new comment\n keep\n")
        #expect(diff.addedLines == ["x.sql": [1]])
    }

    @Test func plainDiffAndQuotedPaths() throws {
        let plain = try read("--- x.c\t2026-01-01\n+++ x.c\t2026-01-02\n@@ -1 +1,2 @@\n a\n+b\n")
        #expect(plain.addedLines == ["x.c": [2]])
        let quoted = try read("diff --git \"a/caf\\303\\251.py\" \"b/caf\\303\\251.py\"\n--- \"a/caf\\303\\251.py\"\n+++ \"b/caf\\303\\251.py\"\n@@ -0,0 +1 @@\n+x\n")
        #expect(quoted.addedLines == ["café.py": [1]])
    }

    @Test func pathsAreNormalisedLikeReportPaths() throws {
        // Issue 13: '.', '..', backslashes and escapes in a diff path would miss the report's file.
        let text = "diff --git a/x b/x\nrename from old.c\nrename to lib/./old/../y.c\n--- a/x\n+++ b/build/../src\\\\x%2Ec\n@@ -0,0 +1 @@\n+a\n"
        let diff = try UnifiedDiffReader.read(Fixtures.input(text: text, path: "c.diff"))
        #expect(diff.paths == ["src/x.c"])
    }

    @Test func emptyDiffHasNoLines() throws {
        #expect(try read("").addedLines.isEmpty)
    }

    @Test func badDiffsNameTheLine() {
        #expect(throws: InputError.malformed(path: "change.diff", position: TextPosition(line: 3, column: 1), message: "expected a hunk header '@@ -<start>[,<count>] +<start>[,<count>] @@', found '@@ -x +1 @@'")) {
            try read("--- a/x\n+++ b/x\n@@ -x +1 @@\n")
        }
        #expect(throws: InputError.self) { try read("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n") }
        #expect(throws: InputError.self) { try read("hello\nworld\n") }
    }

    @Test func detectionSkipsAnInternalSubset() throws {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE report [ <!ENTITY a \"b\"> ]>\n<report name=\"x\"/>"
        #expect(try InputLoader.detect(Fixtures.input(text: text, path: "j.xml")) == .jacoco)
    }
}
