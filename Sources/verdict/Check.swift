import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Judge inputs against a policy: print a summary, write reports, exit 0/1/2.",
            discussion: """
                Each input's kind is detected from its content (SARIF: a JSON object with "version": "2.1.0" \
                and "runs"; k6: a summary's "metrics", or NDJSON Metric/Point lines, plain or gzip); --sarif \
                and --k6 force it. `-` reads standard input.

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

        @Option(name: .customLong("baseline-sarif"), help: ArgumentHelp("A baseline scan (e.g. the main branch's): findings on it are reported apart, and ignored by rules with new_only (repeatable).", valueName: "file"))
        var baselineSARIF: [String] = []

        @Option(name: .customLong("k6"), help: ArgumentHelp("k6 results without detection: a --summary-export file, handleSummary JSON, the machine-readable summary, or an --out json stream (plain or .gz).", valueName: "file"))
        var k6Inputs: [String] = []

        @Option(name: .customLong("baseline-k6"), help: ArgumentHelp("k6 results of the baseline run (e.g. main's last run), for the load rule's regression bounds and the report's baseline column.", valueName: "file"))
        var baselineK6: [String] = []

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

            let requests = inputs.map { InputRequest(path: $0) }
                + sarifInputs.map { InputRequest(path: $0, forcedKind: .sarif) }
                + baselineSARIF.map { InputRequest(path: $0, forcedKind: .sarif, role: .baseline) }
                + k6Inputs.map { InputRequest(path: $0, forcedKind: .k6) }
                + baselineK6.map { InputRequest(path: $0, forcedKind: .k6, role: .baseline) }
            let facts: Facts
            do {
                facts = try InputLoader.load(requests, selection: LoadSelection.needed(by: loadedPolicy))
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

        func loadPolicy(now: Date) throws(PolicyError) -> Policy {
            let loader = PolicyLoader(now: now)
            if let policy { return try loader.load(path: policy) }
            if FileManager.default.fileExists(atPath: ".verdict.yaml") { return try loader.load(path: ".verdict.yaml") }
            return try loader.load(text: DefaultPolicy.text, path: DefaultPolicy.path)
        }
    }
}

extension ExitStatus.Threshold: ExpressibleByArgument {}
