import Foundation
import Testing
@testable import VerdictKit

/// Every lcov file of the corpus (copied to Tests/Fixtures/lcov), with the totals Debian's
/// `lcov --summary` prints (LCOV version 1.16, Debian 12, run as
/// `lcov --summary FILE --rc lcov_branch_coverage=1 --rc lcov_function_coverage=1`).
///
/// Lines and branches equal lcov's on every file. Functions equal lcov's except where lcov 1.16
/// misreads a record (its regex `FN:(\d+),([^,]+)` takes the end line of `FN:<start>,<end>,<name>`
/// for the name, cuts names at their first comma, and ignores lcov 2.x `FNL`/`FNA`); there the
/// case gives lcov 1.16's number and Verdict's, which equals the file's own FNF/FNH or the
/// distinct function names.
@Suite struct LCOVCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var lines: (Int, Int)
        var branches: (Int, Int)
        var functions: (Int, Int)
        /// lcov 1.16's function count where it differs, and why.
        var lcovFunctions: String? = nil
        var notes = 0
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        // lcov: 68.2% (1332 of 1953 lines), 34.0% (122 of 359 functions); LF says 2039.
        Case(file: "cargo-llvm-cov-rust-mangled.info", lines: (1332, 1953), branches: (0, 0), functions: (122, 359), notes: 1),
        // lcov: 82.1% (46 of 56 lines), 24.3% (17 of 70 functions).
        Case(file: "cargo-llvm-cov-windows-paths-dup-fns.info", lines: (46, 56), branches: (0, 0), functions: (17, 70), notes: 1),
        // lcov: 13.9% (186 of 1337), branches 11.3% (67 of 591); functions 54 of 276 because
        // lcov 1.16 cuts .NET signatures at their first comma, merging overloads. FNF/FNH: 329/56.
        Case(file: "coverlet-dotnet-method-signatures.info", lines: (186, 1337), branches: (67, 591), functions: (56, 329), lcovFunctions: "54 of 276"),
        // lcov: 78.2% (4386 of 5609), functions 83.8% (315 of 376), branches 79.2% (728 of 919).
        Case(file: "deno-lh-before-lf.lcov", lines: (4386, 5609), branches: (728, 919), functions: (315, 376)),
        // lcov: 96.4% (27 of 28 lines); functions "no data found" (FNL/FNA); FNF/FNH 5/5.
        Case(file: "diffcover-real-cpp.lcov", lines: (27, 28), branches: (0, 0), functions: (5, 5), lcovFunctions: "no data"),
        // lcov: 100.0% (16 of 16), 5 of 5 functions, 11 of 11 branches.
        Case(file: "diffcover-real-typescript.lcov", lines: (16, 16), branches: (11, 11), functions: (5, 5)),
        // lcov: 50.0% (14055 of 28107), branches 33.0% (2904 of 8808); functions 686 of 3882
        // because `FN:119,165,main` names a function "165" in lcov 1.16. FNF/FNH: 1941/686.
        Case(file: "geninfo-coremqtt-branch-625k.info", lines: (14055, 28107), branches: (2904, 8808), functions: (686, 1941), lcovFunctions: "686 of 3882"),
        // lcov: 52.4% (140 of 267), 41.6% (37 of 89 functions), 13.5% (5 of 37 branches).
        Case(file: "jest-istanbul-anonymous-fns.info", lines: (140, 267), branches: (5, 37), functions: (37, 89)),
        // lcov: 0.0% (0 of 7), branches 0 of 6 (all '-'); functions 0 of 2 (end line read as a name).
        Case(file: "lcovtest-brda-dash-cpp-signature.info", lines: (0, 7), branches: (0, 6), functions: (0, 1), lcovFunctions: "0 of 2"),
        // lcov: 100.0% (1 of 1 line), 100.0% (2 of 2 branches: the duplicated keys merge); functions 1 of 2.
        Case(file: "lcovtest-duplicate-brda-two-tests.info", lines: (1, 1), branches: (2, 2), functions: (1, 1), lcovFunctions: "1 of 2"),
        // lcov: 100.0% (4 of 4 lines: two TN sections merged), 2 of 2 branches; functions no data (FNA).
        Case(file: "lcovtest-fnl-fna-mcdc-two-tn-same-sf.info", lines: (4, 4), branches: (2, 2), functions: (1, 1), lcovFunctions: "no data"),
        // lcov: 7.1% (77 of 1088), 6.8% (23 of 339 functions), 3.2% (24 of 753 branches).
        Case(file: "lcovtest-jacoco2lcov-java-lambda.info", lines: (77, 1088), branches: (24, 753), functions: (23, 339), notes: 1),
        // lcov: 28.6% (2 of 7), branches 42.9% (3 of 7); functions 2 of 7 (end lines read as names).
        Case(file: "lcovtest-mcdc-comments-blanklines.info", lines: (2, 7), branches: (3, 7), functions: (2, 4), lcovFunctions: "2 of 7"),
    ]

    @Test(arguments: cases)
    func totalsEqualLCOVSummary(_ testCase: Case) throws {
        let report = try LCOVReader.read(Fixtures.input("lcov/\(testCase.file)"))
        let totals = report.totals
        #expect(totals.lines == CoverageCount(covered: testCase.lines.0, total: testCase.lines.1))
        #expect(totals.branches == CoverageCount(covered: testCase.branches.0, total: testCase.branches.1))
        #expect(totals.functions == CoverageCount(covered: testCase.functions.0, total: testCase.functions.1))
        #expect(report.notes.count == testCase.notes, "\(report.notes)")
    }

    @Test func everyCorpusFileIsDetectedAsLCOV() throws {
        for testCase in Self.cases {
            let file = try Fixtures.input("lcov/\(testCase.file)")
            #expect(try InputLoader.detect(file) == .lcov, "\(testCase.file)")
        }
    }

    @Test func llvmCovLFDisagreementIsANote() throws {
        let report = try LCOVReader.read(Fixtures.input("lcov/cargo-llvm-cov-rust-mangled.info"))
        #expect(report.notes.first?.contains("totals use the DA records, as lcov --summary does") == true)
    }

    @Test func sourceRootMakesPathsRelative() throws {
        let paths = CoveragePathMapping(sourceRoot: "C:\\Users\\Kaloyan\\Desktop\\Learning\\zero2prod")
        let report = try LCOVReader.read(Fixtures.input("lcov/cargo-llvm-cov-windows-paths-dup-fns.info"), paths: paths)
        #expect(report.files.map(\.path).contains("src/main.rs"))
        #expect(report.files.allSatisfy { !$0.path.contains("\\") && !$0.path.hasPrefix("C:") })
    }
}
