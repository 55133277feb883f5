import ArgumentParser
import Foundation
import VerdictKit

/// The policy and the evaluation time: shared by every command that makes or shows a
/// decision, so they resolve both the same way.
struct PolicyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The policy file (default: ./.verdict.yaml or ./.verdict.yml, else the built-in default).", valueName: "file"), completion: .file())
    var policy: String?

    @Option(help: ArgumentHelp("The evaluation time, RFC 3339 (e.g. 2026-11-21T12:00:00Z); default: the system clock.", valueName: "time"))
    var now: String?

    func validate() throws {
        if let now, Timestamp.parse(now) == nil {
            throw ValidationError("invalid --now '\(now)'; expected an RFC 3339 time such as 2026-11-21T12:00:00Z")
        }
    }

    /// `--now`, else the system clock, truncated to whole seconds as records keep it.
    var evaluationTime: Date {
        Timestamp.truncated(now.flatMap(Timestamp.parse) ?? Date())
    }

    /// `--policy FILE`, else the discovered one in the working directory.
    var choice: PolicyChoice {
        policy.map(PolicyChoice.file) ?? .discover(directory: ".")
    }
}
