/// Everything the inputs said, normalized: what rules evaluate.
///
/// Each input kind contributes one part; a part is nil when no input of that kind was given,
/// which is how a rule tells "no findings" from "no scan" (`on_missing`).
public struct Facts: Sendable {
    /// Findings from SARIF inputs; nil when no SARIF input was given.
    public var findings: FindingSet?
    /// Findings from the baseline scan (`--baseline-sarif`); nil without one.
    public var baselineFindings: FindingSet?
    /// Terraform plans, in canonical input order; empty when none was given.
    public var terraformPlans: [TerraformPlan] = []
    /// k6 results (`--k6`), one per file; nil when no k6 input was given.
    public var load: [LoadMetrics]?
    /// k6 results of the baseline run (`--baseline-k6`); nil without one.
    public var baselineLoad: [LoadMetrics]?
    /// Coverage from lcov, JaCoCo and Cobertura inputs, merged; nil when none was given.
    public var coverage: CoverageReport?
    /// Coverage of the baseline (`--baseline-coverage`); nil without one.
    public var baselineCoverage: CoverageReport?
    /// The change under review (`--diff`); nil without one.
    public var diff: UnifiedDiff?
    /// The inputs the facts were read from, in canonical order.
    public var inputs: [InputDescriptor]
    /// What the caller said about the change being judged (`--context key=value`): repository,
    /// ref, commit … Sorted by key.
    public var context: [(key: String, value: String)]

    public init(findings: FindingSet? = nil, baselineFindings: FindingSet? = nil, inputs: [InputDescriptor] = [],
                context: [(key: String, value: String)] = []) {
        self.findings = findings
        self.baselineFindings = baselineFindings
        self.inputs = inputs
        self.context = context.sorted { $0.key < $1.key }
    }
}
