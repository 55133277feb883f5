import Foundation
import Testing
@testable import VerdictKit

/// Big inputs are parsed while another core hashes them and checks their UTF-8
/// (`InputLoader.readHashingAside`), so a reader may see invalid UTF-8 before the check refuses
/// it. Every reader used that way must then return or throw, never trap or hang: the check's
/// error is what the user gets. Each real file is corrupted with invalid bytes at seeded places.
@Suite struct ReadersOnInvalidUTF8Tests {
    struct Case: CustomTestStringConvertible, Sendable {
        var fixture: String
        var kind: InputKind
        var testDescription: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "lcov/geninfo-coremqtt-branch-625k.info", kind: .lcov),
        Case(fixture: "lcov/coverlet-dotnet-method-signatures.info", kind: .lcov),
        Case(fixture: "lcov/deno-lh-before-lf.lcov", kind: .lcov),
        Case(fixture: "lcov/cargo-llvm-cov-windows-paths-dup-fns.info", kind: .lcov),
        Case(fixture: "tfplan-text/real-95-creates-12-data-reads.txt", kind: .terraformPlan),
        Case(fixture: "tfplan-text/real-ansi-colored-plan-then-errors.txt", kind: .terraformPlan),
        Case(fixture: "tfplan-text/real-plan-then-errors-windows-paths.txt", kind: .terraformPlan),
    ]

    /// Lone continuation bytes, a cut sequence, an overlong form, a surrogate, a byte never valid.
    static let invalid: [[UInt8]] = [[0x80], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80]]

    @Test(arguments: cases)
    func aReaderGivenInvalidUTF8ReturnsOrThrows(_ testCase: Case) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(testCase.fixture)))
        var generator = SplitMix64(seed: 16)
        var refusedByCheck = 0
        // Fewer rounds for the big tracefile: each one reads 625 KB of branches.
        let rounds = original.count > 300_000 ? 12 : 60
        for round in 0..<rounds {
            var bytes = [UInt8](original)
            for _ in 0..<(1 + round % 4) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                bytes.replaceSubrange(at..<min(bytes.count, at + 1), with: Self.invalid[round % Self.invalid.count])
            }
            let file = try InputFile(path: testCase.fixture, raw: Data(bytes))
            // Whatever the reader makes of it, the UTF-8 check refuses it: that is the outcome.
            _ = try? InputLoader.content(of: file, kind: testCase.kind, request: InputRequest(path: testCase.fixture))
            do {
                try UTF8Check.validate(file, kind: testCase.kind)
            } catch {
                refusedByCheck += 1
            }
        }
        #expect(refusedByCheck == rounds)
    }
}
