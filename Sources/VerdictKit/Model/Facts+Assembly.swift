extension Facts {
    /// Combines loaded inputs (already in canonical order) into facts, merging inputs of the same
    /// model and role: several SARIF files become one finding set.
    public static func assembling(_ loaded: [LoadedInput]) -> Facts {
        var facts = Facts(inputs: loaded.map(\.descriptor))
        var findings: [FindingSet] = []
        var baselineFindings: [FindingSet] = []
        for input in loaded {
            switch (input.content, input.descriptor.role) {
            case let (.findings(set), .subject): findings.append(set)
            case let (.findings(set), .baseline): baselineFindings.append(set)
            case let (.terraformPlan(plan), _): facts.terraformPlans.append(plan)
            case let (.load(metrics), .subject): facts.load = (facts.load ?? []) + [metrics]
            case let (.load(metrics), .baseline): facts.baselineLoad = (facts.baselineLoad ?? []) + [metrics]
            }
        }
        if !findings.isEmpty { facts.findings = FindingSet.merging(findings) }
        if !baselineFindings.isEmpty { facts.baselineFindings = FindingSet.merging(baselineFindings) }
        return facts
    }
}
