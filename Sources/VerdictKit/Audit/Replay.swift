import Foundation

/// Re-evaluates a recorded decision from its recorded inputs, policy texts and time.
public struct Replay: Sendable {
    public var record: RecordedDecision
    public var archive: Archive?
    /// Where relative input paths are found: the directory `check` ran in (default: the current one).
    public var baseDirectory: String?
    /// How jq rules run their queries (see `Evaluator.jqRunner`).
    public var jqRunner: any JQRunner
    /// How big an input may be, read from its path or decompressed from the archive (`--max-input-bytes`).
    public var limits: InputLimits
    /// Called before each input is read (the CLI names it if memory runs out).
    public var willRead: @Sendable (InputDescriptor) -> Void

    public init(record: RecordedDecision, archive: Archive? = nil, baseDirectory: String? = nil, jqRunner: any JQRunner = ProcessJQRunner(),
                limits: InputLimits = InputLimits(), willRead: @escaping @Sendable (InputDescriptor) -> Void = { _ in }) {
        self.record = record
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

    /// Replays under the recorded policy, or under `policy` for a what-if.
    ///
    /// - Throws: `AuditError` when an input is missing or altered, `PolicyError` when the
    ///   recorded policy no longer loads, `InputLoadError` when an input no longer reads.
    public func run(policy override: Policy? = nil) throws -> Result {
        var notes: [String] = []
        let loaded = try record.inputs.map { descriptor in try locate(descriptor, notes: &notes) }
        var facts = Facts.assembling(loaded.sorted { InputDescriptor.canonicalOrder($0.descriptor, $1.descriptor) })
        facts.context = record.context.map { (key: $0.0, value: $0.1) }
        let policy = try override ?? recordedPolicy()
        let decision = Evaluator(policy: policy, now: record.evaluatedAt, options: record.options, jqRunner: jqRunner).evaluate(facts)
        return Result(decision: decision, differences: Self.compare(record.rules, decision.results), notes: notes)
    }

    /// The policy exactly as recorded: the stored texts, never the files on disk today.
    public func recordedPolicy() throws(PolicyError) -> Policy {
        let texts = Dictionary(record.policySources.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        let loader = PolicyLoader(now: record.evaluatedAt) { path in
            guard let text = texts[path] else { throw PolicyError(path: path, message: "the record does not hold this extended policy") }
            return text
        }
        let main = record.policySources[0]
        return try loader.load(text: main.text, path: main.path)
    }

    /// Finds an input by its recorded path, else in the archive by hash; re-hashes the bytes
    /// either way before anything judges them.
    ///
    /// Only a regular file is read from a path (a record naming `/dev/zero`, a FIFO or a socket
    /// falls back to the archive, or is refused), within `limits`. An archived copy is
    /// decompressed within the same limit and must hash to its name.
    func locate(_ descriptor: InputDescriptor, notes: inout [String]) throws -> LoadedInput {
        guard SHA256Digest.isValid(descriptor.sha256) else { throw AuditError.invalidDigest(path: record.path, digest: descriptor.sha256) }
        willRead(descriptor)
        var altered: String?
        var notRegular = false
        let location = resolve(descriptor.path)
        var status = stat()
        if descriptor.path != "-", stat(location, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFREG {
                var file = try InputFile.read(path: location, limits: limits)
                file.path = descriptor.path
                if file.sha256 == descriptor.sha256 { return try read(file, descriptor) }
                altered = file.sha256
            } else {
                notRegular = true
            }
        }
        if let archive, let bytes = try archive.object(descriptor.sha256, limits: limits, input: descriptor.path) {
            if let altered {
                notes.append("\(descriptor.path): the file at this path changed (sha256 \(altered)); using the archived original")
            }
            let file = try InputFile(path: descriptor.path, raw: bytes)
            guard file.sha256 == descriptor.sha256 else {
                throw AuditError.inputAltered(path: descriptor.path, recorded: descriptor.sha256, actual: file.sha256)
            }
            return try read(file, descriptor)
        }
        if let altered { throw AuditError.inputAltered(path: descriptor.path, recorded: descriptor.sha256, actual: altered) }
        if notRegular {
            throw AuditError.unreadable(path: descriptor.path, reason: "not a regular file (a device, FIFO or socket); replay reads inputs only from regular files or the archive")
        }
        throw AuditError.inputMissing(path: descriptor.path, sha256: descriptor.sha256)
    }

    func resolve(_ path: String) -> String {
        guard let baseDirectory, !path.hasPrefix("/") else { return path }
        return baseDirectory + "/" + path
    }

    func read(_ file: InputFile, _ descriptor: InputDescriptor) throws -> LoadedInput {
        try InputLoader.read(file, as: InputRequest(path: descriptor.path, forcedKind: descriptor.kind, role: descriptor.role))
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
