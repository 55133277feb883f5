/// Everything the inputs said, normalized: what rules evaluate.
///
/// Each input kind contributes one part; a part is nil when no input of that kind was given,
/// which is how a rule tells "no findings" from "no scan" (`on_missing`).
public struct Facts: Sendable {
    /// Findings from SARIF inputs; nil when no SARIF input was given.
    public var findings: FindingSet?
    /// Findings from the baseline scan (`--baseline-sarif`); nil without one.
    public var baselineFindings: FindingSet?
    /// Coverage from lcov, JaCoCo and Cobertura inputs, merged; nil when none was given.
    public var coverage: CoverageReport?
    /// Coverage of the baseline (`--baseline-coverage`); nil without one.
    public var baselineCoverage: CoverageReport?
    /// The change under review (`--diff`); nil without one.
    public var diff: UnifiedDiff?
    /// The inputs the facts were read from, in canonical order.
    public var inputs: [InputDescriptor]

    public init(findings: FindingSet? = nil, baselineFindings: FindingSet? = nil, inputs: [InputDescriptor] = []) {
        self.findings = findings
        self.baselineFindings = baselineFindings
        self.inputs = inputs
    }
}
