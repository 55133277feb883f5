import Foundation

/// Everything that decides a decision, as one value: which policy, which inputs read how, at
/// what time, about what.
///
/// A field here is also a field of the decision record (see `EvaluationOptions`), so that a
/// replay rebuilds the same request from the record alone.
public struct DecisionRequest: Sendable {
    public var policy: PolicyChoice
    /// The inputs as named, with forced kinds and roles; coverage path mapping is filled in by
    /// the pipeline from `options` and the policy.
    public var inputs: [InputRequest]
    /// The evaluation time (`--now`), already truncated to whole seconds.
    public var now: Date
    /// The `--context` values, sorted by key.
    public var context: [(key: String, value: String)]
    public var options: EvaluationOptions
    /// Which libxml2 interface XML readers use (benchmarks only; never changes a number).
    public var xmlInterface: CoverageReadOptions.XMLInterface
    /// Where input bytes come from: nil reads each input from its path (streaming what can be
    /// streamed); a replay supplies the recorded bytes, checked against their hashes.
    public var locator: (any InputLocator)?
    /// Called before each input is read (the CLI's memory guard names the input).
    public var willRead: @Sendable (InputRequest) -> Void

    public init(
        policy: PolicyChoice, inputs: [InputRequest], now: Date, context: [(key: String, value: String)] = [],
        options: EvaluationOptions = EvaluationOptions(), xmlInterface: CoverageReadOptions.XMLInterface = .sax2,
        locator: (any InputLocator)? = nil, willRead: @escaping @Sendable (InputRequest) -> Void = { _ in }
    ) {
        self.policy = policy
        self.inputs = inputs
        self.now = now
        self.context = context
        self.options = options
        self.xmlInterface = xmlInterface
        self.locator = locator
        self.willRead = willRead
    }
}

/// Supplies an input's bytes when they do not come from its path: a replay takes them from
/// the recorded path or the archive and proves they are the recorded bytes.
public protocol InputLocator: Sendable {
    /// The bytes of `request`, with `path` set to the recorded path.
    ///
    /// - Throws: a `DiagnosticError` naming the input when it is missing, altered or too big.
    func file(for request: InputRequest) throws -> InputFile

    /// Whether JaCoCo's choice of source directory may look at the file system (false in a
    /// replay: the files found at check time are recorded in the options).
    var probesFileSystem: Bool { get }
}
