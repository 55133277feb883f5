import Foundation

/// The one way a decision is made: policy resolution, reading every input with the options
/// that change how it is read, evaluation, and the decision the writers render.
///
/// `check`, `facts`, `test` and `replay` all call this type; none repeats a step. A second copy
/// of this flow is how `replay` once read coverage without the source root `check` used.
public struct DecisionPipeline: Sendable {
    /// How jq rules run their queries.
    public var jqRunner: any JQRunner

    public init(jqRunner: any JQRunner = ProcessJQRunner()) {
        self.jqRunner = jqRunner
    }

    /// The policy and the facts read for a request, before evaluation.
    public struct Gathered: Sendable {
        public var policy: Policy
        public var facts: Facts
        /// The inputs read whole, for an archive to store (a k6 point stream is read in chunks
        /// and not kept).
        public var files: [InputFile]
        /// The request's options with what reading learnt that a replay needs (JaCoCo files found).
        public var options: EvaluationOptions
    }

    /// A made decision with what it was made from.
    public struct Made: Sendable {
        public var decision: Decision
        public var files: [InputFile]
    }

    /// What a k6 point stream keeps: the samples a decision needs, or every metric (`facts`).
    public enum Keep: Sendable {
        case whatThePolicyJudges
        case everything
    }

    /// Resolves, reads and evaluates.
    ///
    /// - Throws: `PipelineError` when the policy or an input cannot be used: nothing that could
    ///   not be judged becomes a decision.
    public func decide(_ request: DecisionRequest) throws(PipelineError) -> Made {
        let gathered = try gather(request, keep: .whatThePolicyJudges)
        return Made(decision: evaluate(gathered, request: request), files: gathered.files)
    }

    /// Resolves the policy and reads the inputs.
    public func gather(_ request: DecisionRequest, keep: Keep) throws(PipelineError) -> Gathered {
        let policy: Policy
        do {
            policy = try loadPolicy(request.policy, now: request.now)
        } catch {
            throw .policy(error)
        }
        return try gather(request, policy: policy, keep: keep)
    }

    /// Reads the inputs for a policy already loaded (a what-if replay brings its own).
    public func gather(_ request: DecisionRequest, policy: Policy, keep: Keep) throws(PipelineError) -> Gathered {
        let probe = FileProbe(
            recorded: request.options.jacocoFilesFound,
            probesFileSystem: request.locator?.probesFileSystem ?? true)
        let coverage = coverageOptions(request, policy: policy, probe: probe)
        let requests = request.inputs.map { input -> InputRequest in
            var input = input
            input.coverage = coverage
            return input
        }
        let selection = keep == .everything ? nil : LoadSelection.needed(by: policy)
        let limits = InputLimits(maxInputBytes: request.options.maxInputBytes)
        var facts: Facts
        var files: [InputFile] = []
        if let locator = request.locator {
            var loaded: [LoadedInput] = []
            var problems: [(index: Int, diagnostics: [Diagnostic])] = []
            var read: [InputFile?] = Array(repeating: nil, count: requests.count)
            var diffs: [UnifiedDiff] = []
            for index in InputLoader.readingOrder(requests) {
                let input = InputLoader.prepared(requests[index], among: requests, diffs: diffs)
                request.willRead(input)
                do {
                    let file = try locator.file(for: input)
                    let one = try InputLoader.read(file, as: input, selection: selection, limits: limits)
                    if case let .diff(diff) = one.content { diffs.append(diff) }
                    loaded.append(one)
                    read[index] = file
                } catch let error as DiagnosticError {
                    problems.append((index, error.diagnostics))
                } catch {
                    problems.append((index, [Diagnostic(path: input.path, message: "cannot read input: \(error)")]))
                }
            }
            guard problems.isEmpty else { throw .inputs(problems.sorted { $0.index < $1.index }.flatMap(\.diagnostics)) }
            files = read.compactMap { $0 }
            loaded.sort { InputDescriptor.canonicalOrder($0.descriptor, $1.descriptor) }
            facts = Facts.assembling(loaded)
        } else {
            do {
                (facts, files) = try InputLoader.loadKeepingFiles(requests, selection: selection, limits: limits, willRead: request.willRead)
            } catch {
                throw .inputs(error.diagnostics)
            }
        }
        facts.context = request.context
        var options = request.options
        options.jacocoFilesFound = probe.found
        return Gathered(policy: policy, facts: facts, files: files, options: options)
    }

    /// Applies the policy to what was gathered.
    public func evaluate(_ gathered: Gathered, request: DecisionRequest) -> Decision {
        Evaluator(policy: gathered.policy, now: request.now, options: gathered.options, jqRunner: jqRunner).evaluate(gathered.facts)
    }

    /// The policy a choice names, validated completely before any input is read.
    public func loadPolicy(_ choice: PolicyChoice, now: Date) throws(PolicyError) -> Policy {
        switch choice {
        case let .file(path):
            return try PolicyLoader(now: now).load(path: path)
        case let .text(text, path):
            return try PolicyLoader(now: now).load(text: text, path: path)
        case let .discover(directory):
            let prefix = directory.isEmpty || directory == "." ? "" : directory.hasSuffix("/") ? directory : directory + "/"
            let present = PolicyChoice.discoverableNames.filter { FileManager.default.fileExists(atPath: prefix + $0) }
            if present.count > 1 {
                throw PolicyError(path: prefix + present[0], message: "both \(present.joined(separator: " and ")) are present; keep one, or name it with --policy")
            }
            if let name = present.first { return try PolicyLoader(now: now).load(path: prefix + name) }
            return try PolicyLoader(now: now).load(text: DefaultPolicy.text, path: DefaultPolicy.path)
        case let .recorded(sources):
            guard let main = sources.first else { throw PolicyError(path: "record", message: "the record holds no policy text") }
            var texts: [String: String] = [:]
            for source in sources where texts[source.path] == nil { texts[source.path] = source.text }
            let loader = PolicyLoader(now: now) { path in
                guard let text = texts[path] else { throw PolicyError(path: path, message: "the record does not hold this extended policy") }
                return text
            }
            return try loader.load(text: main.text, path: main.path)
        }
    }

    /// Path mapping for coverage readers: the request's source root, else the policy's.
    func coverageOptions(_ request: DecisionRequest, policy: Policy, probe: FileProbe) -> CoverageReadOptions {
        let mapping = CoveragePathMapping(
            sourceRoot: request.options.effectiveSourceRoot(policy: policy),
            jacocoSourceDirs: request.options.jacocoSourceDirs.isEmpty ? CoveragePathMapping.defaultJaCoCoSourceDirs : request.options.jacocoSourceDirs,
            fileExists: { probe.exists($0) })
        return CoverageReadOptions(paths: mapping, xmlInterface: request.xmlInterface)
    }
}

/// Answers "does this repository file exist?" for JaCoCo's choice of source directory, and
/// remembers every yes, so the record can answer the same questions in a replay.
final class FileProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var hits: Set<String>
    private let recorded: Set<String>
    private let probesFileSystem: Bool

    init(recorded: [String], probesFileSystem: Bool) {
        self.recorded = Set(recorded)
        self.probesFileSystem = probesFileSystem
        self.hits = []
    }

    func exists(_ path: String) -> Bool {
        let exists = recorded.contains(path) || (probesFileSystem && FileManager.default.fileExists(atPath: path))
        if exists {
            lock.lock()
            hits.insert(path)
            lock.unlock()
        }
        return exists
    }

    /// Every path found, sorted (deterministic record bytes).
    var found: [String] {
        lock.lock()
        defer { lock.unlock() }
        return hits.sorted()
    }
}
