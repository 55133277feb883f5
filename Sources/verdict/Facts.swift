import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct FactsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "facts",
            abstract: "Print the normalized facts a jq rule reads (JSON, verdict.facts/v1).",
            discussion: """
                Inputs are named as for `check`. A finding's `waived` and a plan change's `level` depend \
                on the policy (its waivers and its first risk rule), chosen as `check` chooses it: \
                --policy FILE, else ./.verdict.yaml or ./.verdict.yml when present, else the built-in default.

                Exit status: 0 printed, 2 an input or the policy could not be read.
                """
        )

        @OptionGroup var input: InputOptions

        @OptionGroup var policyOptions: PolicyOptions

        @Flag(help: "Print the document on one line.")
        var compact = false

        func run() throws {
            let request = input.request(policy: policyOptions)
            let gathered: DecisionPipeline.Gathered
            do {
                // Every metric of a k6 stream: the document shows all of them.
                gathered = try DecisionPipeline().gather(request, keep: .everything)
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            let document = FactsDocument.value(of: gathered.facts, policy: gathered.policy, now: request.now)
            Standard.output(json: document, compact: compact)
        }
    }
}
