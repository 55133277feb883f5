extension Facts {
    /// Combines loaded inputs (already in canonical order) into facts, merging inputs of the same
    /// model and role: several SARIF files become one finding set.
    public static func assembling(_ loaded: [LoadedInput]) -> Facts {
        var facts = Facts(inputs: loaded.map(\.descriptor))
        var findings: [FindingSet] = []
        var baselineFindings: [FindingSet] = []
        var coverage: [CoverageReport] = []
        var baselineCoverage: [CoverageReport] = []
        for input in loaded {
            switch (input.content, input.descriptor.role) {
            case let (.findings(set), .subject): findings.append(set)
            case let (.findings(set), .baseline): baselineFindings.append(set)
            case let (.terraformPlan(plan), _): facts.terraformPlans.append(plan)
            case let (.load(metrics), .subject): facts.load = (facts.load ?? []) + [metrics]
            case let (.load(metrics), .baseline): facts.baselineLoad = (facts.baselineLoad ?? []) + [metrics]
            case let (.coverage(report), .baseline): baselineCoverage.append(report)
            case let (.coverage(report), _): coverage.append(report)
            case let (.diff(diff), _): facts.diff = UnifiedDiff.merging(facts.diff, diff)
            case (.findings, .change), (.load, .change): break
            }
        }
        if !coverage.isEmpty { facts.coverage = CoverageReport.merging(coverage) }
        if !baselineCoverage.isEmpty { facts.baselineCoverage = CoverageReport.merging(baselineCoverage) }
        if !findings.isEmpty { facts.findings = FindingSet.merging(findings) }
        if !baselineFindings.isEmpty { facts.baselineFindings = FindingSet.merging(baselineFindings) }
        return facts
    }
}
