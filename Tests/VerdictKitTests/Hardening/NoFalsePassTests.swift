import Foundation
import Testing
@testable import VerdictKit

/// No false pass: a failing input, corrupted, must never make the gate pass.
///
/// Each case is a valid input of one kind that fails its policy (exit 1). It is corrupted two
/// ways, and every corrupted copy is judged in-process exactly as `verdict check FILE` judges
/// it (kind detected from content, the policy's selection, the evaluator):
/// - truncated at every 1/16th of its length (0/16, the empty file, included);
/// - 300 copies with 1 to 3 bytes replaced by random bytes, half of them printable ASCII (a
///   seeded generator: the same bytes every run).
///
/// A copy may be refused (exit 2) or still fail (exit 1). It may pass (exit 0) only if it still
/// reads as the same facts (it cannot: the same facts fail), or if every replaced byte was a
/// digit replaced by a digit: that is a different, valid document (`"hits": 0` became
/// `"hits": 8`), which no reader can tell from a real one.
@Suite struct NoFalsePassTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var path: String
        var policy: String
        var testDescription: String { name }
    }

    static let coverage = "version: 1\nrules:\n  - {id: coverage, kind: coverage, line: 99}\n"
    static let load = "version: 1\nrules:\n  - id: load\n    kind: load\n    honor_k6_thresholds: true\n    thresholds:\n      http_req_duration: [\"p(95)<1\"]\n"
    static let risk = "version: 1\nrules:\n  - id: risk\n    kind: risk\n    levels:\n      - level: high\n        when: { actions: [delete, replace] }\n    fail_at: high\n"

    static let loadNoSamples = "version: 1\nrules:\n  - id: load\n    kind: load\n    thresholds:\n      \"http_req_failed{status:>=500}\": [\"rate<0.01\"]\n"
    static let drift = "version: 1\nrules:\n  - {id: drift, kind: drift}\n"

    static let newOnly = "version: 1\nrules:\n  - {id: new, kind: severity, block: [critical, high], new_only: true}\n"
    static let repository = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
    static let cases: [Case] = [
        Case(name: "SARIF", path: repository.appendingPathComponent("samples/trivy-fails.sarif").path, policy: DefaultPolicy.text),
        Case(name: "SARIF (Trivy 0.37 image)", path: Fixtures.path("sarif/corpus/trivy-0.37.3-image-os-lang.sarif"), policy: DefaultPolicy.text),
        Case(name: "SARIF (bandit)", path: Fixtures.path("sarif/corpus/bandit-1.8.6.sarif"), policy: DefaultPolicy.text),
        // Issue 13's fail-opens: each of these passed before it was fixed.
        Case(name: "SARIF (accepted and rejected suppression)", path: Fixtures.path("hostile/sarif-suppression-rejected.sarif"), policy: DefaultPolicy.text),
        Case(name: "SARIF (level none, CRITICAL tag)", path: Fixtures.path("hostile/sarif-level-none-critical-tag.sarif"), policy: DefaultPolicy.text),
        Case(name: "SARIF (baselineState, new_only)", path: Fixtures.path("hostile/sarif-baseline-state.sarif"), policy: newOnly),
        Case(name: "lcov (branches)", path: Fixtures.path("lcov/diffcover-real-cpp.lcov"), policy: coverage),
        Case(name: "lcov", path: repository.appendingPathComponent("samples/coverage-fails.info").path, policy: coverage),
        Case(name: "JaCoCo", path: Fixtures.path("jacoco/maven-jacoco-minesweeper.xml"), policy: coverage),
        Case(name: "Cobertura", path: Fixtures.path("cobertura/coveragepy-7.11.3-space-in-source.xml"), policy: coverage),
        Case(name: "k6 summary", path: Fixtures.path("k6-summary/summary-export-basic.json"), policy: load),
        Case(name: "k6 summary (handleSummary)", path: Fixtures.path("k6-summary/handlesummary-p99-k6-reporter-fixture.json"), policy: load),
        Case(name: "k6 stream", path: repository.appendingPathComponent("samples/k6-stream-fails.ndjson").path, policy: load),
        Case(name: "Terraform text", path: repository.appendingPathComponent("samples/terraform-high-risk.txt").path, policy: risk),
        Case(name: "Terraform JSON", path: Fixtures.path("tfplan-json/tofu-equiv-replace.json"), policy: risk),
        Case(name: "Terraform JSON (1.8 replace and no-ops)", path: Fixtures.path("tfplan-json/real-tf1.8.5-replace-and-noops.json"), policy: risk),
        // Its resource_changes key corrupted once passed as "no changes"; planned_values now
        // proves the changes are missing.
        Case(name: "Terraform JSON (1.0.0, drift without address)", path: Fixtures.path("hostile/tfplan-1.0.0-drift-without-address.json"), policy: risk),
        Case(name: "Terraform text (replace)", path: Fixtures.path("tfplan-text/tofu-equiv-replace.txt"), policy: risk),
        // Issue 13's misreads: each fails once read right.
        Case(name: "k6 summary (sub-metric with no samples)", path: Fixtures.path("hostile/k6-summary-export-rate-no-samples.json"), policy: loadNoSamples),
        Case(name: "Terraform text (refresh-only, a move in the drift)", path: Fixtures.path("hostile/tfplan-refresh-only-moved-drift.txt"), policy: drift),
    ]

    static let seeds = 300

    /// Judges `bytes` as `verdict check` would: the exit status and each rule's outcome and message.
    static func judge(_ bytes: Data, name: String, policy: Policy) -> (status: VerdictKit.ExitStatus, facts: [String]) {
        do {
            let file = try InputFile(path: name, raw: bytes)
            let loaded = try InputLoader.read(file, as: InputRequest(path: name), selection: LoadSelection.needed(by: policy))
            let decision = Evaluator(policy: policy, now: Fixtures.now).evaluate(Facts.assembling([loaded]))
            return (decision.exitStatus, decision.results.map { "\($0.ruleID) \($0.outcome) \($0.message)" })
        } catch {
            return (.couldNotJudge, [])
        }
    }

    @Test(arguments: cases)
    func corruptedFailingInputsNeverPass(_ testCase: Case) throws {
        let policy = try Fixtures.policy(testCase.policy)
        let original = try Data(contentsOf: URL(fileURLWithPath: testCase.path))
        let name = URL(fileURLWithPath: testCase.path).lastPathComponent
        let reference = Self.judge(original, name: name, policy: policy)
        try #require(reference.status == .fail, "the uncorrupted input must fail its policy")

        var statuses: [VerdictKit.ExitStatus: Int] = [:]
        var validChanges = 0
        var falsePasses: [String] = []

        for sixteenth in 0..<16 {
            let cut = original.prefix(original.count * sixteenth / 16)
            let result = Self.judge(cut, name: name, policy: policy)
            statuses[result.status, default: 0] += 1
            if result.status == .pass, result.facts != reference.facts {
                falsePasses.append("truncated to \(sixteenth)/16 (\(cut.count) bytes): \(result.facts)")
            }
        }

        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        for seed in 0..<UInt64(Self.seeds) {
            var generator = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(testCase.name.utf8.count))
            var corrupted = original
            var flips: [(offset: Int, old: UInt8, new: UInt8)] = []
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let offset = Int(generator.next() % UInt64(original.count))
                let old = corrupted[offset]
                // Half the replacements are printable ASCII: random bytes are mostly invalid
                // UTF-8, refused before any reader looks at the structure.
                var new = generator.next() % 2 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : UInt8(0x20 + generator.next() % 95)
                if new == old { new ^= 0x20 }
                corrupted[offset] = new
                flips.append((offset, old, new))
            }
            let result = Self.judge(corrupted, name: name, policy: policy)
            statuses[result.status, default: 0] += 1
            guard result.status == .pass, result.facts != reference.facts else { continue }
            if flips.allSatisfy({ digits.contains($0.old) && digits.contains($0.new) }) {
                validChanges += 1
            } else {
                let described = flips.map { "byte \($0.offset) 0x\(String($0.old, radix: 16)) → 0x\(String($0.new, radix: 16))" }
                falsePasses.append("seed \(seed), \(described.joined(separator: ", ")): \(result.facts)")
            }
        }

        #expect(falsePasses.isEmpty, "\(testCase.name): false passes:\n\(falsePasses.joined(separator: "\n"))")
        print("no-false-pass \(testCase.name): \(16 + Self.seeds) corrupted copies — exit 0: \(statuses[.pass] ?? 0) (digit changes: \(validChanges)), exit 1: \(statuses[.fail] ?? 0), exit 2: \(statuses[.couldNotJudge] ?? 0)")
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64): the same seed gives
/// the same corruptions on every machine.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
