import Foundation
import Testing
@testable import VerdictKit

/// Merging and bad input, on small hand-written tracefiles.
@Suite struct LCOVReaderTests {
    func read(_ text: String) throws -> CoverageReport {
        try LCOVReader.read(Fixtures.input(text: text, path: "lcov.info"))
    }

    func error(_ text: String) -> String? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return (error as? InputError)?.diagnostics.first?.description
        }
    }

    @Test func sectionsForTheSameFileMergeAsLCOVDoes() throws {
        let report = try read("""
            TN:a
            SF:src/x.c
            FN:1,f
            FNDA:0,f
            DA:1,0
            DA:2,3
            BRDA:2,0,0,-
            BRDA:2,0,1,0
            end_of_record
            TN:b
            SF:src/x.c
            FN:1,f
            FNDA:2,f
            DA:1,1
            DA:3,0
            BRDA:2,0,0,1
            BRDA:2,0,1,-
            end_of_record

            """)
        #expect(report.files.count == 1)
        let file = try #require(report.files.first)
        #expect(file.lines == CoverageCount(covered: 2, total: 3))
        #expect(file.branches == CoverageCount(covered: 1, total: 2))
        #expect(file.functions == CoverageCount(covered: 1, total: 1))
        #expect(file.uncoveredLines == [3])
    }

    @Test func windowsLineEndingsAndOutOfOrderDuplicates() throws {
        let report = try read("SF:a.c\r\nDA:5,0\r\nDA:2,1\r\nDA:5,2\r\nDA:2,0\r\nLF:2\r\nLH:2\r\nend_of_record\r\n")
        #expect(report.files.first?.lines == CoverageCount(covered: 2, total: 2))
        #expect(report.notes.isEmpty)
    }

    @Test func checksumsAndCommentsAreAccepted() throws {
        let report = try read("# comment\nTN:\nSF:a.py\nDA:1,1,EGNfA3S4coBe600OZzWIWQ\nDA:2,0\n\nend_of_record\n")
        #expect(report.files.first?.lines == CoverageCount(covered: 1, total: 2))
    }

    @Test func lcov2BranchNamesWithCommas() throws {
        let report = try read("SF:a.c\nDA:10,1\nBRDA:10,e0,!enable,0\nBRDA:10,0,a,b,3\nend_of_record\n")
        #expect(report.files.first?.branches == CoverageCount(covered: 1, total: 2))
    }

    @Test func lcov2FunctionAliasesCountAsOneFunction() throws {
        // geninfo(1): FNF/FNH count function groups (FNL), not their FNA aliases. A C++
        // constructor emitted twice (C1/C2) is one function, hit when either alias ran; the
        // second test's section numbers its groups differently but names the same locations.
        let report = try read("""
            TN:one
            SF:src/a.cpp
            FNL:0,3,5
            FNA:0,0,_ZN1AC1Ev
            FNA:0,2,_ZN1AC2Ev
            FNL:1,10,12
            FNA:1,0,_Z1fv
            FNL:2,20
            FNA:2,0,_Z1gIiEvv
            FNA:2,0,_Z1gIlEvv
            FNF:3
            FNH:1
            DA:3,2
            DA:10,0
            DA:20,0
            end_of_record
            TN:two
            SF:src/a.cpp
            FNL:0,20
            FNA:0,1,_Z1gIlEvv
            FNL:1,10,12
            FNA:1,0,_Z1fv
            DA:20,1
            end_of_record

            """)
        #expect(report.files.first?.functions == CoverageCount(covered: 2, total: 3))
        // An FNA whose index no FNL declared is still one function per index.
        let undeclared = try read("SF:b.c\nFNA:7,0,x\nFNA:7,1,y\nDA:1,1\nend_of_record\n")
        #expect(undeclared.files.first?.functions == CoverageCount(covered: 1, total: 1))
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var expected: String
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "truncated", text: "SF:a.c\nDA:1,1\nDA:2,", expected: "lcov.info:3:6: error: DA count must be a whole number, found ''"),
        BadCase(name: "no end_of_record", text: "SF:a.c\nDA:1,1\n", expected: "lcov.info:2:1: error: the file ends inside the section for 'a.c' that starts at line 1 (no end_of_record); is the file truncated?"),
        BadCase(name: "DA with letters", text: "SF:a.c\nDA:1,abc\nend_of_record\n", expected: "lcov.info:2:6: error: DA count must be a whole number, found 'abc'"),
        BadCase(name: "DA line with letters", text: "SF:a.c\nDA:x1,1\nend_of_record\n", expected: "lcov.info:2:4: error: DA line number must be a whole number, found 'x1'"),
        BadCase(name: "line number 0", text: "SF:a.c\nDA:0,1\nend_of_record\n", expected: "lcov.info:2:4: error: DA line number must be at least 1, found 0"),
        BadCase(name: "BRDA with too few fields", text: "SF:a.c\nBRDA:3,0,1\nend_of_record\n", expected: "lcov.info:2:1: error: BRDA needs 4 fields '<line>,<block>,<branch>,<taken>', found 3: 'BRDA:3,0,1'"),
        BadCase(name: "record outside a section", text: "DA:1,1\n", expected: "lcov.info:1:1: error: 'DA' record outside a source file section (no 'SF:' before it)"),
        BadCase(name: "FNL index with letters", text: "SF:a.c\nFNL:x,1\nend_of_record\n", expected: "lcov.info:2:5: error: FNL index must be a whole number, found 'x'"),
        BadCase(name: "not lcov", text: "SF:a.c\nhello world\nend_of_record\n", expected: "lcov.info:2:1: error: expected an lcov record such as 'DA:<line>,<count>' or 'end_of_record', found 'hello world'"),
    ]

    @Test(arguments: badCases)
    func badInputNamesFileLineAndColumn(_ testCase: BadCase) {
        #expect(error(testCase.text) == testCase.expected)
    }
}
