import Foundation
import Testing
@testable import VerdictKit

@Suite struct CoverageRuleTests {
    static let twoFiles = """
        SF:src/core/a.c
        DA:1,1
        DA:2,1
        DA:3,1
        DA:4,0
        BRDA:1,0,0,1
        BRDA:1,0,1,0
        FN:1,f
        FNDA:1,f
        end_of_record
        SF:src/gen/generated/b.c
        DA:1,0
        DA:2,0
        DA:3,1
        DA:4,1
        end_of_record

        """

    func facts(_ lcov: String = twoFiles, baseline: String? = nil, diff: String? = nil) throws -> Facts {
        var loaded = [LoadedInput(
            descriptor: InputDescriptor(kind: .lcov, role: .subject, path: "lcov.info", size: lcov.utf8.count, sha256: ""),
            content: .coverage(try LCOVReader.read(Fixtures.input(text: lcov, path: "lcov.info"))))]
        if let baseline {
            loaded.append(LoadedInput(
                descriptor: InputDescriptor(kind: .lcov, role: .baseline, path: "base.info", size: 0, sha256: ""),
                content: .coverage(try LCOVReader.read(Fixtures.input(text: baseline, path: "base.info")))))
        }
        if let diff {
            loaded.append(LoadedInput(
                descriptor: InputDescriptor(kind: .diff, role: .change, path: "change.diff", size: 0, sha256: ""),
                content: .diff(try UnifiedDiffReader.read(Fixtures.input(text: diff, path: "change.diff")))))
        }
        return Facts.assembling(loaded)
    }

    func evaluate(_ rule: String, _ facts: Facts) throws -> RuleResult {
        let policy = try Fixtures.policy("version: 1\nrules:\n  - id: coverage\n    kind: coverage\n" + rule)
        return Evaluator(policy: policy, now: Fixtures.now).evaluate(facts).results[0]
    }

    func evidence(_ result: RuleResult) throws -> CoverageEvidence {
        guard case let .coverage(evidence) = result.details else { throw CancellationError() }
        return evidence
    }

    @Test func totalsPassAndFail() throws {
        // 5 of 8 lines = 62.5 %.
        #expect(try evaluate("    line: 62.5\n", facts()).outcome == .pass)
        let failed = try evaluate("    line: 62.51\n", facts())
        #expect(failed.outcome == .fail)
        #expect(failed.message == "lines 62.50% below 62.51%")
        #expect(try evaluate("    line: 70\n    warn_only: true\n", facts()).outcome == .warn)
        #expect(try evaluate("    line: 50\n    branch: 50\n    function: 100\n", facts()).outcome == .pass)
    }

    @Test func excludeLeavesFilesOut() throws {
        let result = try evaluate("    line: 75\n    exclude: [\"**/generated/**\"]\n", facts())
        #expect(result.outcome == .pass)
        #expect(try evidence(result).excludedFileCount == 1)
    }

    @Test func noDataIsAnErrorUnlessAllowed() throws {
        let noBranches = "SF:a.c\nDA:1,1\nend_of_record\n"
        let result = try evaluate("    line: 50\n    branch: 50\n", facts(noBranches))
        #expect(result.outcome == .error)
        #expect(result.message.contains("no branch data"))
        #expect(try evaluate("    line: 50\n    branch: 50\n    allow_empty: true\n", facts(noBranches)).outcome == .pass)
        let excludedAll = try evaluate("    line: 50\n    exclude: [\"**\"]\n", facts())
        #expect(excludedAll.outcome == .error)
    }

    @Test func pathsFirstMatchingGlobWins() throws {
        let result = try evaluate("""
                paths:
                  - glob: "src/core/**"
                    line: 75
                  - glob: "src/**"
                    line: 60

            """, facts())
        let paths = try evidence(result).paths
        #expect(paths.map(\.fileCount) == [1, 1])
        #expect(paths[0].checks[0].status == .passed)
        #expect(paths[1].checks[0].status == .failed)
        #expect(result.outcome == .fail)
    }

    @Test func perFileCountsOnlyInstrumentedFiles() throws {
        let result = try evaluate("    per_file: { line: 60 }\n", facts())
        #expect(try evidence(result).fileFailures.map(\.path) == ["src/gen/generated/b.c"])
        #expect(result.outcome == .fail)
    }

    @Test func ratchetComparesWithTheBaseline() throws {
        let baseline = "SF:src/core/a.c\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,1\nend_of_record\nSF:src/gen/generated/b.c\nDA:1,0\nDA:2,0\nDA:3,1\nDA:4,1\nend_of_record\n"
        // Baseline 75 %, now 62.5 %: a drop of 12.5 points.
        let result = try evaluate("    ratchet: { max_drop: 0.5 }\n", facts(baseline: baseline))
        #expect(result.outcome == .fail)
        let comparison = try #require(try evidence(result).baseline)
        #expect(comparison.lineDelta == -12.5)
        #expect(comparison.files.first?.path == "src/core/a.c")
        #expect(try evaluate("    ratchet: { max_drop: 12.5 }\n", facts(baseline: baseline)).outcome == .pass)
        let withoutBaseline = try evaluate("    line: 10\n    ratchet: { max_drop: 0.5 }\n", facts())
        #expect(try evidence(withoutBaseline).notes == ["ratchet not checked: no --baseline-coverage was given"])
    }

    /// The fixture in Tests/Fixtures/patch, checked with diff-cover 11.0.1:
    /// `diff-cover coverage.info --diff-file change.diff --total-percent-float` prints
    /// "src/app/calc.py (42.9%): Missing lines 3-4,14-15", "src/app/util.py (33.3%): Missing
    /// lines 4,7", "Total: 10 lines", "Missing: 6 lines", "Coverage: 40.0%".
    @Test func patchCoverageEqualsDiffCover() throws {
        let lcov = try String(contentsOfFile: Fixtures.path("patch/coverage.info"), encoding: .utf8)
        let diff = try String(contentsOfFile: Fixtures.path("patch/change.diff"), encoding: .utf8)
        let result = try evaluate("    patch: { line: 40 }\n", facts(lcov, diff: diff))
        let patch = try #require(try evidence(result).patch)
        #expect(patch.lines == CoverageCount(covered: 4, total: 10))
        #expect(patch.uncovered.map(\.description) == ["src/app/calc.py:3-4", "src/app/calc.py:14-15", "src/app/util.py:4", "src/app/util.py:7"])
        #expect(patch.filesInReport == 2)
        #expect(patch.filesNotInReport == 1)
        #expect(result.outcome == .pass)
        #expect(try evaluate("    patch: { line: 40.01 }\n", facts(lcov, diff: diff)).outcome == .fail)
    }

    @Test func patchWithoutInstrumentedLinesPasses() throws {
        let diff = "--- a/docs/x.md\n+++ b/docs/x.md\n@@ -0,0 +1 @@\n+hello\n"
        let result = try evaluate("    patch: { line: 90 }\n", facts(diff: diff))
        #expect(result.outcome == .pass)
        #expect(result.message == "lines 62.50%; patch: no instrumented changed line")
    }

    @Test func policyProblemsAreReported() {
        let problems = Fixtures.policyProblems("""
            version: 1
            rules:
              - id: c
                kind: coverage
                line: 120
                per_file: { lines: 50 }
                ratchet: { max_drop: -1 }
                allow_empty: yes

            """)
        #expect(problems.contains("5:11: line must be a percentage from 0 to 100, found 120"))
        #expect(problems.contains("6:17: unknown key 'lines' in 'per_file' of rule 'c'; did you mean 'line'?"))
        #expect(problems.contains { $0.contains("ratchet.max_drop must be at least 0") })
        #expect(problems.contains { $0.contains("allow_empty must be true or false") })
        #expect(Fixtures.policyProblems("version: 1\nrules:\n  - id: c\n    kind: coverage\n").first?.contains("sets no target") == true)
    }

    @Test func missingInputFollowsOnMissing() throws {
        let policy = try Fixtures.policy("version: 1\nrules:\n  - id: c\n    kind: coverage\n    line: 80\n")
        let result = Evaluator(policy: policy, now: Fixtures.now).evaluate(Facts()).results[0]
        #expect(result.outcome == .error)
        #expect(result.message == "no coverage (lcov, JaCoCo or Cobertura) input was given (on_missing: error)")
    }

    @Test func reportAndRecordAreDeterministic() throws {
        let lcov = try String(contentsOfFile: Fixtures.path("patch/coverage.info"), encoding: .utf8)
        let diff = try String(contentsOfFile: Fixtures.path("patch/change.diff"), encoding: .utf8)
        let policy = try Fixtures.policy("version: 1\nrules:\n  - id: coverage\n    kind: coverage\n    line: 50\n    patch: { line: 80 }\n")
        let decision = Evaluator(policy: policy, now: Fixtures.now).evaluate(try facts(lcov, diff: diff))
        let markdown = MarkdownReport().render(decision)
        #expect(markdown.contains("| lines | 10 / 22 | 45.45% | ❌ 50% | — |"))
        #expect(markdown.contains("- src/app/calc.py:3-4"))
        #expect(markdown.contains("**Patch coverage**: 40.00% (4 of 10 instrumented changed lines ran) · target 80% ❌"))
        let record = DecisionRecord.render(decision)
        #expect(record.contains("\"uncovered\": [\n"))
        #expect(record == DecisionRecord.render(Evaluator(policy: policy, now: Fixtures.now).evaluate(try facts(lcov, diff: diff))))
    }
}
