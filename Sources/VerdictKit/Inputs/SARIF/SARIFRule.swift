/// What Verdict keeps of a SARIF `reportingDescriptor` (a rule): only what classifies results.
struct SARIFRule: Sendable {
    var id: String?
    /// The first severity word in `properties.tags` (Trivy writes `[kind, "security", "HIGH"]`).
    var tagLevel: Severity?
    /// `properties["security-severity"]`, a CVSS score written as a string or a number.
    var securitySeverity: Double?
    /// `defaultConfiguration.level`: the level of results that give none.
    var defaultLevel: SARIFLevel?
    /// Package fields from `help.text`, for old Trivy templates whose results carry no package.
    var helpPackage: PackageFields?
}

/// SARIF's `level` property (§3.27.10).
enum SARIFLevel: String, Sendable {
    case none, note, warning, error

    /// The severity a level implies when nothing more precise is known.
    var severity: Severity? {
        switch self {
        case .error: .high
        case .warning: .medium
        case .note: .low
        case .none: nil
        }
    }
}
