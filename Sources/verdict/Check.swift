import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Judge inputs against a policy: print a summary, write reports, exit 0/1/2.",
            discussion: """
                Each input's kind is detected from its content (SARIF: a JSON object with "version": "2.1.0" \
                and "runs"; lcov: a first record TN: or SF:; JaCoCo: XML rooted at <report>; Cobertura: XML \
                rooted at <coverage>); --sarif, --lcov, --jacoco and --cobertura force it. `-` reads standard input.

                The policy is --policy FILE, else ./.verdict.yaml when present, else the built-in default \
                (`verdict policy show-default`). It is validated completely before any input is read.

                Exit status: 0 pass (warnings allowed), 1 a blocking rule failed (or a warning with \
                --fail-on warn), 2 could not judge.
                """
        )

        @Argument(help: ArgumentHelp("Input files, kind detected from content; '-' for standard input.", valueName: "input"))
        var inputs: [String] = []

        @Option(name: .customLong("sarif"), help: ArgumentHelp("A SARIF input, without detection (repeatable).", valueName: "file"))
        var sarifInputs: [String] = []

        @Option(name: .customLong("lcov"), help: ArgumentHelp("An lcov tracefile, without detection (repeatable).", valueName: "file"))
        var lcovInputs: [String] = []

        @Option(name: .customLong("jacoco"), help: ArgumentHelp("A JaCoCo XML report, without detection (repeatable).", valueName: "file"))
        var jacocoInputs: [String] = []

        @Option(name: .customLong("cobertura"), help: ArgumentHelp("A Cobertura XML report, without detection (repeatable).", valueName: "file"))
        var coberturaInputs: [String] = []

        @Option(name: .customLong("baseline-coverage"), help: ArgumentHelp("The baseline's coverage report (lcov, JaCoCo or Cobertura, detected): coverage rules show the deltas and apply ratchet.max_drop (repeatable).", valueName: "file"))
        var baselineCoverage: [String] = []

        @Option(name: .customLong("diff"), help: ArgumentHelp("The change under review as a unified diff (git diff base...head): coverage rules compute patch coverage of its added lines.", valueName: "file"))
        var diff: String?

        @Option(name: .customLong("source-root"), help: ArgumentHelp("The repository root as coverage reports name it: absolute report paths under it become relative (default: the policy's source_root).", valueName: "dir"))
        var sourceRoot: String?

        @Option(name: .customLong("jacoco-source-dir"), help: ArgumentHelp("A source directory JaCoCo package paths are joined under, tried in order (repeatable; default: src/main/java, src/main/kotlin).", valueName: "dir"))
        var jacocoSourceDirs: [String] = []

        @Option(name: .customLong("xml-interface"), help: ArgumentHelp("libxml2 interface for XML inputs: sax2 or text-reader (for benchmarks).", visibility: .hidden))
        var xmlInterface: CoverageReadOptions.XMLInterface = .sax2

        @Option(name: .customLong("baseline-sarif"), help: ArgumentHelp("A baseline scan (e.g. the main branch's): findings on it are reported apart, and ignored by rules with new_only (repeatable).", valueName: "file"))
        var baselineSARIF: [String] = []

        @Option(help: ArgumentHelp("The policy file (default: ./.verdict.yaml, else the built-in default).", valueName: "file"))
        var policy: String?

        @Option(help: ArgumentHelp("Write the markdown report to this file ('-' for standard output).", valueName: "file"))
        var markdown: String?

        @Option(help: ArgumentHelp("Write the decision record (JSON, verdict.decision/v1) to this file ('-' for standard output).", valueName: "file"))
        var record: String?

        @Option(help: ArgumentHelp("The evaluation time, RFC 3339 (e.g. 2026-11-21T12:00:00Z); default: the system clock.", valueName: "time"))
        var now: String?

        @Option(name: .customLong("fail-on"), help: ArgumentHelp("The least outcome that exits 1: fail (default) or warn.", valueName: "outcome"))
        var failOn: ExitStatus.Threshold = .fail

        @Flag(help: "Print only the outcome line.")
        var quiet = false

        func validate() throws {
            if now != nil, evaluationTime == nil {
                throw ValidationError("invalid --now '\(now ?? "")'; expected an RFC 3339 time such as 2026-11-21T12:00:00Z")
            }
            if markdown == "-" && record == "-" {
                throw ValidationError("--markdown and --record cannot both write to standard output")
            }
        }

        var evaluationTime: Date? {
            guard let now else { return Timestamp.truncated(Date()) }
            return Timestamp.parse(now).map(Timestamp.truncated)
        }

        func run() throws {
            let time = evaluationTime ?? Timestamp.truncated(Date())
            let loadedPolicy: Policy
            do {
                loadedPolicy = try loadPolicy(now: time)
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }

            let coverage = coverageOptions(policy: loadedPolicy)
            let requests = inputs.map { InputRequest(path: $0, coverage: coverage) }
                + sarifInputs.map { InputRequest(path: $0, forcedKind: .sarif) }
                + baselineSARIF.map { InputRequest(path: $0, forcedKind: .sarif, role: .baseline) }
                + lcovInputs.map { InputRequest(path: $0, forcedKind: .lcov, coverage: coverage) }
                + jacocoInputs.map { InputRequest(path: $0, forcedKind: .jacoco, coverage: coverage) }
                + coberturaInputs.map { InputRequest(path: $0, forcedKind: .cobertura, coverage: coverage) }
                + baselineCoverage.map { InputRequest(path: $0, role: .baseline, coverage: coverage) }
                + (diff.map { [InputRequest(path: $0, forcedKind: .diff, role: .change)] } ?? [])
            let facts: Facts
            do {
                facts = try InputLoader.load(requests)
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }

            let decision = Evaluator(policy: loadedPolicy, now: time, options: EvaluationOptions(failOn: failOn)).evaluate(facts)
            do {
                if let markdown { try Standard.write(MarkdownReport().render(decision), to: markdown) }
                if let record { try Standard.write(DecisionRecord.render(decision), to: record) }
            } catch {
                Standard.error("verdict: error: cannot write output: \(error.localizedDescription)")
                throw VerdictExit(status: .couldNotJudge)
            }

            let summary = quiet ? TextSummary.outcomeLine(decision) + "\n" : TextSummary.render(decision)
            // Keep standard output clean for a report written there.
            if markdown == "-" || record == "-" { Standard.error(summary) } else { Standard.output(summary) }
            throw VerdictExit(status: decision.exitStatus)
        }

        /// Path mapping for coverage readers: `--source-root`, else the first coverage rule's `source_root`.
        func coverageOptions(policy: Policy) -> CoverageReadOptions {
            let root = sourceRoot ?? policy.rules.lazy.compactMap { ($0 as? CoverageRule)?.sourceRoot }.first
            let base = root.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
            let mapping = CoveragePathMapping(
                sourceRoot: root,
                jacocoSourceDirs: jacocoSourceDirs.isEmpty ? CoveragePathMapping.defaultJaCoCoSourceDirs : jacocoSourceDirs,
                fileExists: { FileManager.default.fileExists(atPath: base + $0) })
            return CoverageReadOptions(paths: mapping, xmlInterface: xmlInterface)
        }

        func loadPolicy(now: Date) throws(PolicyError) -> Policy {
            let loader = PolicyLoader(now: now)
            if let policy { return try loader.load(path: policy) }
            if FileManager.default.fileExists(atPath: ".verdict.yaml") { return try loader.load(path: ".verdict.yaml") }
            return try loader.load(text: DefaultPolicy.text, path: DefaultPolicy.path)
        }
    }
}

extension ExitStatus.Threshold: ExpressibleByArgument {}
extension CoverageReadOptions.XMLInterface: ExpressibleByArgument {}
