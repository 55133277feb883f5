import Foundation
import Testing
@testable import VerdictKit

/// Every plan of the corpus (copied to Tests/Fixtures/tfplan-text and tfplan-json) read with
/// the numbers written down. Source of every number: the corpus PROVENANCE.md files, computed
/// by independent python3 scripts from the same bytes ("Plan line=[…]" and "resource headers[…]"
/// for text; "actions[…]", "derived Terraform summary", "resource_drift", "output_changes" for JSON).
/// Output counts of text plans (not in PROVENANCE) come from a python3 count of lines matching
/// `^  [+~-] [A-Za-z_"]` under "Changes to Outputs:", after stripping SGR codes and CRs.
@Suite struct TerraformCorpusTests {
    struct TextCase: CustomTestStringConvertible, Sendable {
        var file: String
        /// The plan's own summary line; nil when the file has none.
        var summary: PlanCounts?
        /// Resource headers by action (PROVENANCE "resource headers"); moved- or import-only headers are no-op.
        var actions: [PlanAction: Int]
        var drift = 0
        var outputs = 0
        var errored = false
        var testDescription: String { file }
    }

    static func counts(_ add: Int, _ change: Int, _ destroy: Int, import toImport: Int = 0) -> PlanCounts {
        PlanCounts(toImport: toImport, toAdd: add, toChange: change, toDestroy: destroy)
    }

    static let textCases: [TextCase] = [
        TextCase(file: "real-95-creates-12-data-reads.txt", summary: counts(95, 0, 0), actions: [.create: 95, .read: 12], outputs: 20),
        // Plan line then "│ Error:" diagnostics: read completely, marked errored.
        TextCase(file: "real-ansi-colored-plan-then-errors.txt", summary: counts(45, 0, 0), actions: [.create: 45], outputs: 9, errored: true),
        TextCase(file: "real-ansi-interleaved-plan-line-small.txt", summary: counts(4, 0, 0), actions: [.create: 4], outputs: 9),
        TextCase(file: "real-crlf-34-creates.txt", summary: counts(34, 0, 0), actions: [.create: 34], outputs: 12),
        TextCase(file: "real-crlf-drift-tf1.0-wording-misnamed-json.txt", summary: counts(0, 1, 0), actions: [.update: 1], drift: 1),
        TextCase(file: "real-plan-then-errors-windows-paths.txt", summary: counts(45, 0, 0), actions: [.create: 45], outputs: 9, errored: true),
        TextCase(file: "real-tf012-014-era-execution-plan-generated.txt", summary: counts(40, 0, 0), actions: [.create: 40]),
        TextCase(file: "real-utf16le-bom-crlf-powershell.txt", summary: counts(11, 0, 0), actions: [.create: 11], outputs: 1),
        TextCase(file: "real-warning-40-creates.txt", summary: counts(40, 0, 0), actions: [.create: 40]),
        TextCase(file: "tf-equiv-data-read-during-apply.txt", summary: counts(3, 0, 0), actions: [.create: 3, .read: 1]),
        TextCase(file: "tf-equiv-destroy-heredoc-nested.txt", summary: counts(0, 0, 1), actions: [.delete: 1]),
        TextCase(file: "tf-equiv-moved-only-zero-plan.txt", summary: counts(0, 0, 0), actions: [.noOp: 1]),
        TextCase(file: "tf-equiv-multiline-heredoc-update.txt", summary: counts(0, 1, 0), actions: [.update: 1]),
        TextCase(file: "tf-equiv-no-changes.txt", summary: nil, actions: [:]),
        TextCase(file: "tf-equiv-objects-changed-outside.txt", summary: counts(0, 2, 0), actions: [.update: 2], drift: 1),
        TextCase(file: "tf-equiv-outputs-only.txt", summary: nil, actions: [:], outputs: 5),
        TextCase(file: "tf-equiv-refresh-only-no-plan-line.txt", summary: nil, actions: [:], drift: 1),
        TextCase(file: "tf-equiv-replace-jsonencode-forces-replacement.txt", summary: counts(1, 0, 1), actions: [.deleteThenCreate: 1]),
        // Terraform 0.11: "  + null_resource.foo" lines, no "#" headers; one 96 KB attribute line.
        TextCase(file: "tfc-0.11.7-96k-long-line.log", summary: counts(1, 0, 0), actions: [.create: 1]),
        TextCase(file: "tfc-0.11.7-legacy-plan.log", summary: counts(1, 0, 0), actions: [.create: 1]),
        TextCase(file: "tfc-action-invoke-no-plan-line.log", summary: nil, actions: [:]),
        // "must be replaced" + moved, "updated in-place" ×2 (one imported, one moved), "has moved to", "will be created".
        TextCase(file: "tfcmt-import-moved-replace-update-wide.txt", summary: counts(2, 2, 1, import: 1),
                 actions: [.deleteThenCreate: 1, .update: 2, .noOp: 1, .create: 1]),
        TextCase(file: "tfcmt-import-only.txt", summary: counts(0, 0, 0, import: 1), actions: [.noOp: 1]),
        TextCase(file: "tfcmt-replace-triggered-by.txt", summary: counts(2, 1, 2), actions: [.deleteThenCreate: 2, .update: 1]),
        TextCase(file: "tofu-equiv-moved-with-drift.txt", summary: counts(0, 2, 0), actions: [.update: 2], drift: 1),
        TextCase(file: "tofu-equiv-replace.txt", summary: counts(1, 0, 1), actions: [.deleteThenCreate: 1]),
    ]

    @Test(arguments: textCases)
    func textPlanCountsEqualItsSummaryLine(_ testCase: TextCase) throws {
        let plan = try TerraformPlanReader.read(Fixtures.input("tfplan-text/\(testCase.file)"))
        #expect(plan.format == .text)
        if let summary = testCase.summary {
            #expect(plan.counts == summary)
            #expect(plan.summaryLine == summary.description)
        } else {
            #expect(plan.summaryLineNumber == nil)
            #expect(plan.counts == PlanCounts())
        }
        let actions = Dictionary(grouping: plan.plannedChanges, by: \.action).mapValues(\.count)
        #expect(actions == testCase.actions)
        #expect(plan.drift.count == testCase.drift)
        #expect(plan.outputs.count == testCase.outputs)
        #expect(plan.errored == testCase.errored)
    }

    struct JSONCase: CustomTestStringConvertible, Sendable {
        var file: String
        /// `resource_changes` by `change.actions` (no-ops included).
        var actions: [PlanAction: Int]
        var summary: PlanCounts
        var drift = 0
        var outputs = 0
        var errored = false
        var testDescription: String { file }
    }

    static let jsonCases: [JSONCase] = [
        JSONCase(file: "real-tf1.0.11-format-0.2-1.3MB.json", actions: [.create: 110, .read: 10], summary: counts(110, 0, 0), outputs: 7),
        JSONCase(file: "real-tf1.12.1-creates.json", actions: [.create: 4], summary: counts(4, 0, 0)),
        JSONCase(file: "real-tf1.14.4-errored-single-line.json", actions: [.create: 25], summary: counts(25, 0, 0), errored: true),
        JSONCase(file: "real-tf1.2.9-single-line-648k-data-reads.json", actions: [.read: 13, .create: 190], summary: counts(190, 0, 0)),
        JSONCase(file: "real-tf1.3.3-drift-checks-outputs.json", actions: [.noOp: 32], summary: counts(0, 0, 0), drift: 1),
        JSONCase(file: "real-tf1.8.5-replace-and-noops.json", actions: [.noOp: 3, .deleteThenCreate: 1], summary: counts(1, 0, 1)),
        JSONCase(file: "tf-equiv-data-read-normalized.json", actions: [.read: 1, .create: 3], summary: counts(3, 0, 0)),
        JSONCase(file: "tf-equiv-noop-not-applyable.json", actions: [.noOp: 1], summary: counts(0, 0, 0)),
        JSONCase(file: "tf-equiv-outputs-only-no-resource-changes.json", actions: [:], summary: counts(0, 0, 0), outputs: 5),
        JSONCase(file: "tf-equiv-resource-drift-relevant-attrs.json", actions: [.update: 2], summary: counts(0, 2, 0), drift: 1),
        JSONCase(file: "tf-showjson-testdata-2019-format-0.1.json", actions: [.update: 1, .delete: 1], summary: counts(0, 1, 1), outputs: 1),
        JSONCase(file: "tf-showjson-testdata-errored.json", actions: [:], summary: counts(0, 0, 0), errored: true),
        JSONCase(file: "tf-showjson-testdata-sensitive.json", actions: [.create: 1], summary: counts(1, 0, 0), outputs: 1),
        JSONCase(file: "tf-summarize-example-tf1.1.4.json", actions: [.create: 7, .noOp: 1], summary: counts(7, 0, 0), drift: 3, outputs: 1),
        JSONCase(file: "tofu-equiv-replace.json", actions: [.deleteThenCreate: 1], summary: counts(1, 0, 1)),
    ]

    @Test(arguments: jsonCases)
    func jsonPlanCountsEqualItsResourceChanges(_ testCase: JSONCase) throws {
        let plan = try TerraformPlanReader.read(Fixtures.input("tfplan-json/\(testCase.file)"))
        #expect(plan.format == .json)
        let actions = Dictionary(grouping: plan.changes, by: \.action).mapValues(\.count)
        #expect(actions == testCase.actions)
        #expect(plan.counts == testCase.summary)
        #expect(plan.drift.count == testCase.drift)
        #expect(plan.outputs.count == testCase.outputs)
        #expect(plan.errored == testCase.errored)
    }

    /// Runs with both documents (PROVENANCE: the same equivalence-test directory).
    static let pairs: [(text: String, json: String)] = [
        ("tf-equiv-data-read-during-apply.txt", "tf-equiv-data-read-normalized.json"),
        ("tf-equiv-no-changes.txt", "tf-equiv-noop-not-applyable.json"),
        ("tf-equiv-objects-changed-outside.txt", "tf-equiv-resource-drift-relevant-attrs.json"),
        ("tf-equiv-outputs-only.txt", "tf-equiv-outputs-only-no-resource-changes.json"),
        ("tofu-equiv-replace.txt", "tofu-equiv-replace.json"),
    ]

    @Test(arguments: pairs.indices)
    func textAndJSONOfOneRunGiveTheSameChanges(_ index: Int) throws {
        let pair = Self.pairs[index]
        let text = try TerraformPlanReader.read(Fixtures.input("tfplan-text/\(pair.text)"))
        let json = try TerraformPlanReader.read(Fixtures.input("tfplan-json/\(pair.json)"))
        struct Key: Hashable { var address: String; var action: PlanAction }
        let textChanges = Set(text.plannedChanges.map { Key(address: $0.address, action: $0.action) })
        let jsonChanges = Set(json.plannedChanges.map { Key(address: $0.address, action: $0.action) })
        #expect(textChanges == jsonChanges)
        #expect(Set(text.drift.map(\.address)) == Set(json.drift.map(\.address)))
        #expect(Set(text.outputs.map(\.name)) == Set(json.outputs.map(\.name)))
        #expect(text.counts == json.counts)
    }

    @Test func everySharedCorpusFileHasACase() throws {
        guard let corpus = Fixtures.sharedCorpus else { return }
        for (folder, known) in [("tfplan-text", Set(Self.textCases.map(\.file))), ("tfplan-json", Set(Self.jsonCases.map(\.file)))] {
            let files = try FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(folder).path)
                .filter { $0 != "PROVENANCE.md" && !$0.hasPrefix("MALFORMED") && !$0.hasPrefix("NOT-") && !$0.contains("error-only") }
            #expect(Set(files).subtracting(known).isEmpty, "new \(folder) corpus files need expected counts")
        }
    }

    @Test(arguments: [
        ("tfplan-text/MALFORMED-binary-planfile-zip-named-txt.txt", "binary planfile"),
        ("tfplan-text/tfc-0.11.7-error-only.log", "terraform plan failed and the file holds no plan"),
        ("tfplan-json/NOT-SHOWJSON-hcp-redacted-plan-format.json", "HCP Terraform's redacted plan"),
    ])
    func rejectsWhatIsNotAPlan(_ file: String, _ expected: String) throws {
        do {
            _ = try TerraformPlanReader.read(Fixtures.input(file))
            Issue.record("\(file) was accepted")
        } catch {
            #expect(rendered(error).contains(expected), "\(rendered(error))")
        }
    }

    @Test func errorOnlyOutputNamesItsLine() throws {
        do {
            _ = try TerraformPlanReader.read(Fixtures.input("tfplan-text/tfc-0.11.7-error-only.log"))
            Issue.record("accepted")
        } catch {
            #expect(rendered(error).contains("tfc-0.11.7-error-only.log:6:1: error:"))
        }
    }

    @Test func notesAndForcedReplacementsAreRead() throws {
        let plan = try TerraformPlanReader.read(Fixtures.input("tfplan-text/tfcmt-import-moved-replace-update-wide.txt"))
        let issue = try #require(plan.changes.first { $0.address == "github_issue.test-2" })
        #expect(issue.previousAddress == "github_issue.test")
        #expect(issue.forcedReplacement == ["repository"])
        #expect(issue.policyActions == [.replace, .move])
        let imported = try #require(plan.changes.first { $0.address == "github_repository.tfcmt" })
        #expect(imported.importID == "tfcmt")
        #expect(imported.policyActions == [.update, .import])
        let moved = try #require(plan.changes.first { $0.address == "null_resource.bar" })
        #expect(moved.previousAddress == "null_resource.foo")
        #expect(moved.policyActions == [.move])

        let json = try TerraformPlanReader.read(Fixtures.input("tfplan-text/tf-equiv-replace-jsonencode-forces-replacement.txt"))
        #expect(json.changes.first?.forcedReplacement == ["content"])
        let triggered = try TerraformPlanReader.read(Fixtures.input("tfplan-text/tfcmt-replace-triggered-by.txt"))
        #expect(triggered.changes.map(\.reason) == ["replace_because_cannot_update", "replace_by_triggers", nil])
    }

    @Test func detectionRecognisesEveryPlanAndNothingElse() throws {
        for folder in ["tfplan-text", "tfplan-json"] {
            let directory = Fixtures.path(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file != "PROVENANCE.md" {
                let input = try InputFile.read(path: directory + "/" + file)
                let kind = input.text.prefix(InputKind.sniffLength).withUnsafeBytes { InputKind.detect($0.bindMemory(to: UInt8.self)) }
                #expect(kind == (file.hasPrefix("MALFORMED") ? nil : .terraformPlan), "\(file)")
            }
        }
        let sarif = try InputFile.read(path: Fixtures.path("sarif/corpus/trivy-0.50.0-config-terraform-misconfig.sarif"))
        let kind = sarif.text.prefix(InputKind.sniffLength).withUnsafeBytes { InputKind.detect($0.bindMemory(to: UInt8.self)) }
        #expect(kind == .sarif)
    }
}

/// The diagnostics of a thrown error as the CLI prints them.
func rendered(_ error: any Error) -> String {
    (error as? any DiagnosticError)?.renderedDiagnostics ?? "\(error)"
}
