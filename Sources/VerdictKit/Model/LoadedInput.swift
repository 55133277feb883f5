/// One input after its reader ran: where it came from, and its normalized content.
public struct LoadedInput: Sendable {
    public var descriptor: InputDescriptor
    public var content: InputContent

    public init(descriptor: InputDescriptor, content: InputContent) {
        self.descriptor = descriptor
        self.content = content
    }
}

/// The normalized model a reader produces, one case per model (not per format: lcov, JaCoCo
/// and Cobertura all produce coverage).
public enum InputContent: Sendable {
    case findings(FindingSet)
    case terraformPlan(TerraformPlan)
    /// k6 load-test results.
    case load(LoadMetrics)
    /// Coverage from lcov, JaCoCo or Cobertura.
    case coverage(CoverageReport)
    /// The change under review (`--diff`).
    case diff(UnifiedDiff)
}
