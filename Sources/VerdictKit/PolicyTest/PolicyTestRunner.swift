import Foundation

/// Runs policy test cases (`verdict test DIR`), as `opa test` and `conftest verify` do: each
/// case evaluates its policy on its inputs at its time and compares the outcomes.
public struct PolicyTestRunner: Sendable {
    public var jqRunner: any JQRunner

    public init(jqRunner: any JQRunner = ProcessJQRunner()) {
        self.jqRunner = jqRunner
    }

    /// How one case ended.
    public enum Verdict: Sendable, Equatable {
        case passed
        /// The policy concluded otherwise: one line per difference.
        case failed([String])
        /// The case could not be run (bad case file, invalid policy, unreadable input).
        case unusable(String)
    }

    public struct CaseResult: Sendable {
        public var name: String
        public var verdict: Verdict

        /// The line `verdict test` prints for the case.
        public var line: String {
            switch verdict {
            case .passed: "PASS \(name)"
            case let .failed(differences): "FAIL \(name): " + differences.joined(separator: "; ")
            case let .unusable(reason): "ERROR \(name): \(reason)"
            }
        }
    }

    /// The cases under `directory`: YAML files, and folders holding `case.yaml`, by path; other
    /// folders are searched in turn. A directory that is itself a folder case is one case.
    public static func discover(_ directory: String) -> [(path: String, name: String)] {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory + "/" + PolicyTestCase.folderFile) {
            return [(directory + "/" + PolicyTestCase.folderFile, (directory as NSString).lastPathComponent)]
        }
        var cases: [(path: String, name: String)] = []
        func walk(_ relative: String) {
            let full = relative.isEmpty ? directory : directory + "/" + relative
            let names = ((try? manager.contentsOfDirectory(atPath: full)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for name in names {
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: directory + "/" + child, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    let caseFile = directory + "/" + child + "/" + PolicyTestCase.folderFile
                    if manager.fileExists(atPath: caseFile) { cases.append((caseFile, child)) } else { walk(child) }
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    cases.append((directory + "/" + child, child))
                }
            }
        }
        walk("")
        return cases
    }

    /// Loads and runs the case at `path`.
    public func run(path: String, name: String) -> CaseResult {
        do {
            return run(try PolicyTestCase.load(path: path, name: name))
        } catch {
            return CaseResult(name: name, verdict: .unusable(error.renderedDiagnostics))
        }
    }

    public func run(_ testCase: PolicyTestCase) -> CaseResult {
        let request = DecisionRequest(
            policy: .file(testCase.policyPath), inputs: testCase.inputs, now: testCase.now, context: testCase.context,
            options: EvaluationOptions(sourceRoot: testCase.sourceRoot))
        do {
            let made = try DecisionPipeline(jqRunner: jqRunner).decide(request)
            return CaseResult(name: testCase.name, verdict: Self.compare(testCase, made.decision))
        } catch {
            return CaseResult(name: testCase.name, verdict: .unusable(error.renderedDiagnostics))
        }
    }

    static func compare(_ testCase: PolicyTestCase, _ decision: Decision) -> Verdict {
        var differences: [String] = []
        for (id, expected) in testCase.expectedRules {
            guard let result = decision.results.first(where: { $0.ruleID == id }) else {
                let known = decision.results.map(\.ruleID)
                var text = "rule '\(id)' is not in the policy"
                if let suggestion = NearestWord.find(id, among: known) { text += " (did you mean '\(suggestion)'?)" }
                differences.append(text)
                continue
            }
            if result.outcome != expected {
                // One line per case: a message's line break would start a forged line.
                differences.append("rule '\(id)' expected \(expected.rawValue), got \(result.outcome.rawValue) (\(LogText.singleLine(result.message)))")
            }
        }
        if decision.outcome != testCase.expectedOutcome {
            differences.append("outcome expected \(testCase.expectedOutcome.rawValue), got \(decision.outcome.rawValue)")
        }
        return differences.isEmpty ? .passed : .failed(differences)
    }

    /// `N passed, N failed`: the closing line CI tools read. Unusable cases count as failed.
    public static func summary(_ results: [CaseResult]) -> String {
        let passed = results.filter { $0.verdict == .passed }.count
        return "\(passed) passed, \(results.count - passed) failed"
    }

    /// 0 when every case passed, 2 when one could not be run, else 1.
    public static func exitStatus(_ results: [CaseResult]) -> ExitStatus {
        if results.contains(where: { if case .unusable = $0.verdict { return true } else { return false } }) { return .couldNotJudge }
        return results.allSatisfy { $0.verdict == .passed } ? .pass : .fail
    }
}
