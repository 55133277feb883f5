import ArgumentParser
import Foundation
import VerdictKit

/// The inputs a command judges, and what is said about them: shared by `check`, `facts` and
/// `test`, so every command reads inputs the same way.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Input files, kind detected from content; '-' for standard input.", valueName: "input"), completion: .file())
    var inputs: [String] = []

    @Option(name: .customLong("sarif"), help: ArgumentHelp("A SARIF input, without detection (repeatable).", valueName: "file"), completion: .file())
    var sarifInputs: [String] = []

    @Option(name: .customLong("tfplan"), help: ArgumentHelp("A Terraform or OpenTofu plan ('terraform plan' text or 'terraform show -json'), without detection (repeatable).", valueName: "file"), completion: .file())
    var terraformPlanInputs: [String] = []

    @Option(name: .customLong("lcov"), help: ArgumentHelp("An lcov tracefile, without detection (repeatable).", valueName: "file"), completion: .file())
    var lcovInputs: [String] = []

    @Option(name: .customLong("jacoco"), help: ArgumentHelp("A JaCoCo XML report, without detection (repeatable).", valueName: "file"), completion: .file())
    var jacocoInputs: [String] = []

    @Option(name: .customLong("cobertura"), help: ArgumentHelp("A Cobertura XML report, without detection (repeatable).", valueName: "file"), completion: .file())
    var coberturaInputs: [String] = []

    @Option(name: .customLong("baseline-coverage"), help: ArgumentHelp("The baseline's coverage report (lcov, JaCoCo or Cobertura, detected): coverage rules show the deltas and apply ratchet.max_drop (repeatable).", valueName: "file"), completion: .file())
    var baselineCoverage: [String] = []

    @Option(name: .customLong("diff"), help: ArgumentHelp("The change under review as a unified diff (git diff base...head): coverage rules compute patch coverage of its added lines.", valueName: "file"), completion: .file())
    var diff: String?

    @Option(name: .customLong("source-root"), help: ArgumentHelp("The repository root as coverage reports name it: absolute report paths under it become relative (default: the policy's source_root).", valueName: "dir"), completion: .directory)
    var sourceRoot: String?

    @Option(name: .customLong("jacoco-source-dir"), help: ArgumentHelp("A source directory JaCoCo package paths are joined under, tried in order (repeatable; default: src/main/java, src/main/kotlin).", valueName: "dir"), completion: .directory)
    var jacocoSourceDirs: [String] = []

    @Option(name: .customLong("xml-interface"), help: ArgumentHelp("libxml2 interface for XML inputs: sax2 or text-reader (for benchmarks).", visibility: .hidden))
    var xmlInterface: CoverageReadOptions.XMLInterface = .sax2

    @Option(name: .customLong("baseline-sarif"), help: ArgumentHelp("A baseline scan (e.g. the main branch's): findings on it are reported apart, and ignored by rules with new_only (repeatable).", valueName: "file"), completion: .file())
    var baselineSARIF: [String] = []

    @Option(name: .customLong("k6"), help: ArgumentHelp("k6 results without detection: a --summary-export file, handleSummary JSON, the machine-readable summary, or an --out json stream (plain or .gz).", valueName: "file"), completion: .file())
    var k6Inputs: [String] = []

    @Option(name: .customLong("baseline-k6"), help: ArgumentHelp("k6 results of the baseline run (e.g. main's last run), for the load rule's regression bounds and the report's baseline column.", valueName: "file"), completion: .file())
    var baselineK6: [String] = []

    @Option(name: .customLong("context"), help: ArgumentHelp("What is being judged, as key=value (repository, ref, commit, …), recorded with the decision (repeatable).", valueName: "key=value"))
    var contextValues: [String] = []

    func validate() throws {
        for value in contextValues where Self.contextPair(value) == nil {
            throw ValidationError("invalid --context '\(value)'; expected key=value")
        }
    }

    static func contextPair(_ text: String) -> (key: String, value: String)? {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// The `--context` values, sorted by key; a later value for the same key wins, as on most command lines.
    var context: [(key: String, value: String)] {
        var values: [String: String] = [:]
        for pair in contextValues.compactMap(Self.contextPair) { values[pair.key] = pair.value }
        return values.map { (key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }

    /// Every input named, with its forced kind and role (coverage path mapping is the
    /// pipeline's to fill in, from `readingOptions` and the policy).
    var requests: [InputRequest] {
        inputs.map { InputRequest(path: $0) }
            + sarifInputs.map { InputRequest(path: $0, forcedKind: .sarif) }
            + terraformPlanInputs.map { InputRequest(path: $0, forcedKind: .terraformPlan) }
            + baselineSARIF.map { InputRequest(path: $0, forcedKind: .sarif, role: .baseline) }
            + k6Inputs.map { InputRequest(path: $0, forcedKind: .k6) }
            + baselineK6.map { InputRequest(path: $0, forcedKind: .k6, role: .baseline) }
            + lcovInputs.map { InputRequest(path: $0, forcedKind: .lcov) }
            + jacocoInputs.map { InputRequest(path: $0, forcedKind: .jacoco) }
            + coberturaInputs.map { InputRequest(path: $0, forcedKind: .cobertura) }
            + baselineCoverage.map { InputRequest(path: $0, role: .baseline) }
            + (diff.map { [InputRequest(path: $0, forcedKind: .diff, role: .change)] } ?? [])
    }

    /// The reading choices the record keeps: the source root and JaCoCo source directories.
    func readingOptions(into options: EvaluationOptions) -> EvaluationOptions {
        var options = options
        options.sourceRoot = sourceRoot
        options.jacocoSourceDirs = jacocoSourceDirs
        return options
    }

    /// The request for a decision on these inputs under `policy` at its time.
    func request(policy: PolicyOptions, options: EvaluationOptions = EvaluationOptions(), willRead: @escaping @Sendable (InputRequest) -> Void = { _ in }) -> DecisionRequest {
        DecisionRequest(
            policy: policy.choice, inputs: requests, now: policy.evaluationTime, context: context,
            options: readingOptions(into: options), xmlInterface: xmlInterface, willRead: willRead)
    }
}

extension CoverageReadOptions.XMLInterface: ExpressibleByArgument {}
