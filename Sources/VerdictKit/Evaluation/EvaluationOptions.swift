/// Choices besides the policy that change a decision, kept in the record so that a replay
/// makes the same ones without being told (`options` in `verdict.decision/v1`).
public struct EvaluationOptions: Sendable, Equatable {
    public var failOn: ExitStatus.Threshold
    /// `--source-root`: the repository root as coverage reports name it. nil: the policy's
    /// `source_root` (itself part of the recorded policy).
    public var sourceRoot: String?
    /// `--jacoco-source-dir`, in order; empty: `CoveragePathMapping.defaultJaCoCoSourceDirs`.
    public var jacocoSourceDirs: [String]
    /// The candidate source files that existed when JaCoCo package paths were placed under a
    /// source directory. The check looked at the checkout; a replay, which may have no
    /// checkout, answers from this list and so places every file where the check did.
    public var jacocoFilesFound: [String]
    /// `--strict` or `settings.unused_inputs: error`: an input no rule reads cannot be judged.
    public var strict: Bool
    /// `--max-input-bytes`: a bigger input cannot be judged.
    public var maxInputBytes: Int

    public init(
        failOn: ExitStatus.Threshold = .fail, sourceRoot: String? = nil, jacocoSourceDirs: [String] = [],
        jacocoFilesFound: [String] = [], strict: Bool = false, maxInputBytes: Int = InputLimits.defaultMaxInputBytes
    ) {
        self.failOn = failOn
        self.sourceRoot = sourceRoot
        self.jacocoSourceDirs = jacocoSourceDirs
        self.jacocoFilesFound = jacocoFilesFound
        self.strict = strict
        self.maxInputBytes = maxInputBytes
    }

    /// The source root coverage readers use: the option, else the first coverage rule's.
    public func effectiveSourceRoot(policy: Policy) -> String? {
        sourceRoot ?? policy.rules.lazy.compactMap { ($0 as? CoverageRule)?.sourceRoot }.first
    }
}
