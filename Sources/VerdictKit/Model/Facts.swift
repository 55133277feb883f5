/// Everything the inputs said, normalized: what rules evaluate.
///
/// Each input kind contributes one part; a part is nil when no input of that kind was given,
/// which is how a rule tells "no findings" from "no scan" (`on_missing`).
public struct Facts: Sendable {
    /// Findings from SARIF inputs; nil when no SARIF input was given.
    public var findings: FindingSet?
    /// Findings from the baseline scan (`--baseline-sarif`); nil without one.
    public var baselineFindings: FindingSet?
    /// k6 results (`--k6`), one per file; nil when no k6 input was given.
    public var load: [LoadMetrics]?
    /// k6 results of the baseline run (`--baseline-k6`); nil without one.
    public var baselineLoad: [LoadMetrics]?
    /// The inputs the facts were read from, in canonical order.
    public var inputs: [InputDescriptor]

    public init(findings: FindingSet? = nil, baselineFindings: FindingSet? = nil, inputs: [InputDescriptor] = []) {
        self.findings = findings
        self.baselineFindings = baselineFindings
        self.inputs = inputs
    }
}
