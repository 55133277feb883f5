import Foundation

/// Re-evaluates a recorded decision from its recorded inputs, policy texts and time.
public struct Replay: Sendable {
    public var record: RecordedDecision
    /// Where inputs are found by hash: a directory or a PostgreSQL archive (`ArchiveLocation`).
    public var archive: (any ArchiveStore)?
    /// Where relative input paths are found: the directory `check` ran in (default: the current one).
    public var baseDirectory: String?
    /// How jq rules run their queries (see `Evaluator.jqRunner`).
    public var jqRunner: any JQRunner
    /// How big an input may be, read from its path or decompressed from the archive (`--max-input-bytes`).
    public var limits: InputLimits
    /// Called before each input is read (the CLI names it if memory runs out).
    public var willRead: @Sendable (InputRequest) -> Void
    /// Take inputs from the archive only, never from the paths the record names (`verdict serve`).
    public var archiveOnly = false

    public init(record: RecordedDecision, archive: (any ArchiveStore)? = nil, baseDirectory: String? = nil, jqRunner: any JQRunner = ProcessJQRunner(),
                limits: InputLimits = InputLimits(), archiveOnly: Bool = false, willRead: @escaping @Sendable (InputRequest) -> Void = { _ in }) {
        self.record = record
        self.archiveOnly = archiveOnly
        self.archive = archive
        self.baseDirectory = baseDirectory
        self.jqRunner = jqRunner
        self.limits = limits
        self.willRead = willRead
    }

    /// A rule whose replayed outcome or message differs from the recorded one.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        public var ruleID: String
        public var recorded: RecordedDecision.Rule?
        public var replayed: RecordedDecision.Rule?

        public var description: String {
            func show(_ rule: RecordedDecision.Rule?) -> String {
                rule.map { "\($0.outcome.rawValue) (\($0.message))" } ?? "absent"
            }
            return "rule \(ruleID): recorded \(show(recorded)), replayed \(show(replayed))"
        }
    }

    public struct Result: Sendable {
        public var decision: Decision
        /// Rule by rule, in recorded order then new rules; empty when the replay is identical.
        public var differences: [Difference]
        /// Notes about how inputs were found (an input taken from the archive because the file at its path changed).
        public var notes: [String]

        public var isIdentical: Bool { differences.isEmpty }
    }

    /// The request `check` made, rebuilt from the record alone: the recorded policy texts,
    /// inputs (each bound to its recorded hash), time, context and options.
    public var request: DecisionRequest {
        var options = record.options
        options.jacocoFilesFound = record.options.jacocoFilesFound
        return DecisionRequest(
            policy: .recorded(record.policySources),
            inputs: record.inputs.map { InputRequest(path: $0.path, forcedKind: $0.kind, role: $0.role, expectedSHA256: $0.sha256) },
            now: record.evaluatedAt,
            context: record.context.map { (key: $0.0, value: $0.1) },
            options: options,
            locator: RecordedInputLocator(record: record, archive: archive, baseDirectory: baseDirectory, limits: limits, archiveOnly: archiveOnly),
            willRead: willRead)
    }

    /// Replays under the recorded policy, or under `policy` for a what-if, through the same
    /// pipeline as `check`.
    ///
    /// - Throws: `PipelineError` when the recorded policy no longer loads or an input is
    ///   missing, altered or no longer reads.
    public func run(policy override: Policy? = nil) throws(PipelineError) -> Result {
        let request = request
        let pipeline = DecisionPipeline(jqRunner: jqRunner)
        let gathered: DecisionPipeline.Gathered
        if let override {
            gathered = try pipeline.gather(request, policy: override, keep: .whatThePolicyJudges)
        } else {
            gathered = try pipeline.gather(request, keep: .whatThePolicyJudges)
        }
        let decision = pipeline.evaluate(gathered, request: request)
        let notes = (request.locator as? RecordedInputLocator)?.notes.list ?? []
        return Result(decision: decision, differences: Self.compare(record.rules, decision.results), notes: notes)
    }

    /// The policy exactly as recorded: the stored texts, never the files on disk today.
    public func recordedPolicy() throws(PolicyError) -> Policy {
        try DecisionPipeline().loadPolicy(.recorded(record.policySources), now: record.evaluatedAt)
    }

    static func compare(_ recorded: [RecordedDecision.Rule], _ replayed: [RuleResult]) -> [Difference] {
        let now = replayed.map { RecordedDecision.Rule(id: $0.ruleID, kind: $0.kind, outcome: $0.outcome, message: $0.message) }
        var differences: [Difference] = []
        for rule in recorded {
            let match = now.first { $0.id == rule.id }
            if match?.outcome != rule.outcome || match?.message != rule.message {
                differences.append(Difference(ruleID: rule.id, recorded: rule, replayed: match))
            }
        }
        for rule in now where !recorded.contains(where: { $0.id == rule.id }) {
            differences.append(Difference(ruleID: rule.id, recorded: nil, replayed: rule))
        }
        return differences
    }
}
