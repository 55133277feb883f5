import ArgumentParser
import VerdictKit

/// Flags that gate without a policy file (`check --block critical,high --min-line 80`): they
/// generate a policy's text (`GeneratedPolicy`), which the pipeline loads like any file.
struct GateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Generate a severity rule: findings at these levels fail (comma-separated: critical,high,medium,low,unknown; any case). Not with --policy.", valueName: "levels"))
    var block: String?

    @Option(help: ArgumentHelp("Generate a severity rule: findings at these levels warn. Not with --policy.", valueName: "levels"))
    var warn: String?

    @Option(name: .customLong("min-line"), help: ArgumentHelp("Generate a coverage rule: total line coverage at least this percentage. Not with --policy.", valueName: "percent"))
    var minLine: String?

    @Option(name: .customLong("min-branch"), help: ArgumentHelp("Generate a coverage rule: total branch coverage at least this percentage. Not with --policy.", valueName: "percent"))
    var minBranch: String?

    @Option(name: .customLong("min-patch-line"), help: ArgumentHelp("Generate a coverage rule: line coverage of the change's added lines (--diff) at least this percentage. Not with --policy.", valueName: "percent"))
    var minPatchLine: String?

    @Option(name: .customLong("max-risk"), help: ArgumentHelp("Generate a risk rule for Terraform plans: the highest plan risk that passes (none, low, medium, high); deletes and replaces are high, updates medium, other changes low. Not with --policy.", valueName: "level"))
    var maxRisk: String?

    /// The flags given, as the policy they generate; nil when none was given.
    ///
    /// - Throws: `ValidationError` (a usage error) for a value that cannot make a policy.
    func generated() throws -> GeneratedPolicy? {
        let policy: GeneratedPolicy
        do {
            policy = try GeneratedPolicy(
                block: block, warn: warn, minLine: minLine, minBranch: minBranch, minPatchLine: minPatchLine, maxRisk: maxRisk)
        } catch {
            throw ValidationError(error.message)
        }
        return policy.isEmpty ? nil : policy
    }

    func validate() throws {
        _ = try generated()
    }

    /// The policy choice these flags make, if any.
    func choice() throws -> PolicyChoice? {
        try generated().map { .text($0.text, path: GeneratedPolicy.path) }
    }
}

extension GateOptions {
    /// Cross-option checks for `check`: the flags replace a policy file, so both at once is a
    /// usage error; a patch target without the change to measure it on could never fail.
    func validate(with policy: PolicyOptions, diff: String?) throws {
        guard let generated = try generated() else { return }
        if let file = policy.policy {
            throw ValidationError("--policy '\(file)' cannot be combined with \(generated.givenFlags); put the rules in the policy file (verdict policy from-flags prints them)")
        }
        if generated.minPatchLine != nil, diff == nil {
            throw ValidationError("--min-patch-line needs --diff FILE (the change whose added lines it measures)")
        }
    }
}

extension GeneratedPolicy {
    /// The flags given, named for a message: `--block, --min-line`.
    var givenFlags: String {
        arguments.filter { $0.hasPrefix("--") }.joined(separator: ", ")
    }
}
