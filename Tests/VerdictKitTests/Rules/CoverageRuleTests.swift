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
        // src/core/a.c is in the report, but line 9 is not instrumented (a comment, say).
        let diff = "--- a/src/core/a.c\n+++ b/src/core/a.c\n@@ -8,0 +9 @@\n+// hello\n"
        let result = try evaluate("    patch: { line: 90 }\n", facts(diff: diff))
        #expect(result.outcome == .pass)
        #expect(result.message == "lines 62.50%; patch: no instrumented changed line")
    }

    @Test func patchWhosePathsMeetNoReportPathCannotBeJudged() throws {
        // Issue 13: a change to files none of which the report has proves nothing, even under
        // allow_empty; the message shows both path shapes.
        let diff = "--- a/docs/x.md\n+++ b/docs/x.md\n@@ -0,0 +1 @@\n+hello\n"
        for rule in ["    patch: { line: 90 }\n", "    patch: { line: 90 }\n    allow_empty: true\n"] {
            let result = try evaluate(rule, facts(diff: diff))
            #expect(result.outcome == .error)
            #expect(result.message.hasPrefix("cannot judge: patch: none of the 1 changed file is in the coverage report"))
            #expect(result.message.contains("diff paths: 'docs/x.md'; report paths: 'src/core/a.c', 'src/gen/generated/b.c'"))
        }
        // Without a patch target the diff is information only.
        #expect(try evaluate("    line: 50\n", facts(diff: diff)).outcome == .pass)
        // An empty report is the 'no line data' error, not this one.
    }

    @Test func patchMatchesAbsoluteReportPathsBySuffix() throws {
        // The README's sample pair without --source-root: 3 of the 6 added lines ran.
        let lcov = try String(contentsOfFile: Fixtures.path("../../samples/coverage-fails.info"), encoding: .utf8)
        let diff = try String(contentsOfFile: Fixtures.path("../../samples/coverage-change.diff"), encoding: .utf8)
        let result = try evaluate("    patch: { line: 80 }\n", facts(lcov, diff: diff))
        let patch = try #require(try evidence(result).patch)
        #expect(patch.lines == CoverageCount(covered: 3, total: 6))
        #expect(patch.uncovered.first?.path == "src/payments/refund.ts")
        #expect(result.outcome == .fail)
        // Minimal: the report one directory deeper; the diff path one directory longer.
        let report = "SF:/ci/repo/src/x.c\nDA:1,1\nDA:2,0\nend_of_record\nSF:lib/y.c\nDA:1,0\nend_of_record\n"
        let change = "--- a/src/x.c\n+++ b/src/x.c\n@@ -0,0 +1,2 @@\n+a\n+b\n--- a/app/lib/y.c\n+++ b/app/lib/y.c\n@@ -0,0 +1 @@\n+c\n"
        let matched = try #require(try evidence(evaluate("    patch: { line: 10 }\n", facts(report, diff: change))).patch)
        #expect(matched.lines == CoverageCount(covered: 1, total: 3))
        #expect(matched.uncovered.map(\.description) == ["app/lib/y.c:1", "src/x.c:2"])
    }

    @Test func anAmbiguousSuffixIsNotMatched() throws {
        let report = "SF:/ci/a/src/x.c\nDA:1,1\nend_of_record\nSF:/ci/b/src/x.c\nDA:1,0\nend_of_record\nSF:/ci/a/y.c\nDA:1,1\nend_of_record\n"
        let change = "--- a/src/x.c\n+++ b/src/x.c\n@@ -0,0 +1 @@\n+a\n--- a/y.c\n+++ b/y.c\n@@ -0,0 +1 @@\n+b\n"
        let result = try evaluate("    patch: { line: 100 }\n", facts(report, diff: change))
        let evidence = try evidence(result)
        #expect(evidence.patch?.lines == CoverageCount(covered: 1, total: 1))
        #expect(evidence.patch?.filesNotInReport == 1)
        #expect(evidence.notes.contains("patch: changed file 'src/x.c' not matched: its path and 2 report paths end alike ('/ci/a/src/x.c', '/ci/b/src/x.c'); give --source-root"))
        // Only the ambiguous file changed: nothing meets, so the rule cannot judge.
        let only = "--- a/src/x.c\n+++ b/src/x.c\n@@ -0,0 +1 @@\n+a\n"
        #expect(try evaluate("    patch: { line: 100 }\n", facts(report, diff: only)).outcome == .error)
    }

    @Test func suffixesAreNotMatchedUnderASourceRoot() throws {
        let report = try LCOVReader.read(Fixtures.input(text: "SF:/elsewhere/src/x.c\nDA:1,1\nend_of_record\n", path: "l.info"), paths: CoveragePathMapping(sourceRoot: "/ci/repo"))
        let diff = try UnifiedDiffReader.read(Fixtures.input(text: "--- a/src/x.c\n+++ b/src/x.c\n@@ -0,0 +1 @@\n+a\n", path: "c.diff"))
        let rule = CoverageRule(id: "c", patchLine: 50)
        let result = rule.evaluate(Facts.assembling([
            LoadedInput(descriptor: InputDescriptor(kind: .lcov, role: .subject, path: "l.info", size: 0, sha256: ""), content: .coverage(report)),
            LoadedInput(descriptor: InputDescriptor(kind: .diff, role: .change, path: "c.diff", size: 0, sha256: ""), content: .diff(diff)),
        ]), in: EvaluationContext(now: Fixtures.now, waivers: [], jqRunner: InProcessJQRunner()))
        #expect(result.outcome == .error)
        #expect(result.message.contains("is the source root '/ci/repo' the repository root as the report names it?"))
    }

    @Test(arguments: [
        ("SF:build/../src/critical/x.c", "src/critical/x.c"),
        ("SF:./build/./../src//critical/x.c", "src/critical/x.c"),
        ("SF:src\\critical\\x.c", "src/critical/x.c"),
        ("SF:file:///ci/repo/src/critical/x.c", "src/critical/x.c"),
        ("SF:file://localhost/ci/repo/src/critical/x.c", "src/critical/x.c"),
        ("SF:/ci/repo/src/%63ritical/x.c", "src/critical/x.c"),
        ("SF:/ci/repo/build/%2E%2E/src/critical/x.c", "src/critical/x.c"),
        ("SF:/ci/other/../repo/src/critical/x.c", "src/critical/x.c"),
    ])
    func reportPathsAreNormalisedBeforeMatching(_ sf: String, _ expected: String) throws {
        // Issue 13: each spelling escaped 'paths', 'exclude' and patch coverage.
        let lcov = "\(sf)\nDA:1,0\nDA:2,0\nend_of_record\nSF:src/ok.c\nDA:1,1\nend_of_record\n"
        let report = try LCOVReader.read(Fixtures.input(text: lcov, path: "l.info"), paths: CoveragePathMapping(sourceRoot: "/ci/repo/"))
        #expect(report.files.map(\.path) == [expected, "src/ok.c"])
        let change = "--- a/src/./critical/x.c\n+++ b/src/tmp/../critical/x.c\n@@ -0,0 +1 @@\n+a\n"
        let diff = try UnifiedDiffReader.read(Fixtures.input(text: change, path: "c.diff"))
        #expect(diff.paths == ["src/critical/x.c"])
        let facts = Facts.assembling([
            LoadedInput(descriptor: InputDescriptor(kind: .lcov, role: .subject, path: "l.info", size: 0, sha256: ""), content: .coverage(report)),
            LoadedInput(descriptor: InputDescriptor(kind: .diff, role: .change, path: "c.diff", size: 0, sha256: ""), content: .diff(diff)),
        ])
        #expect(try evaluate("    paths: [{ glob: \"src/critical/**\", line: 50 }]\n", facts).outcome == .fail)
        #expect(try evaluate("    line: 50\n", facts).outcome == .fail)
        #expect(try evaluate("    line: 100\n    exclude: [\"src/critical/**\"]\n", facts).outcome == .pass)
        #expect(try evaluate("    patch: { line: 50 }\n", facts).outcome == .fail)
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
