import ArgumentParser
import VerdictKit

extension VerdictCommand.PolicyCommand {
    struct FromFlags: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "from-flags",
            abstract: "Print the policy that check's --block, --warn, --min-line, --min-branch, --min-patch-line and --max-risk generate.",
            discussion: "The text is exactly what `check` loads and records for the same flags: `verdict policy from-flags --block critical,high > .verdict.yaml` turns a flag-built gate into a policy file.")

        @OptionGroup var gate: GateOptions

        func run() throws {
            guard let policy = try gate.generated() else {
                throw ValidationError("give at least one of --block, --warn, --min-line, --min-branch, --min-patch-line, --max-risk")
            }
            Standard.output(policy.text)
        }
    }
}
