/// The formats Verdict reads, and how each is recognised from its content.
public enum InputKind: String, Sendable, CaseIterable, Codable {
    /// SARIF 2.1.0, from Trivy or any other scanner.
    case sarif
    /// A Terraform or OpenTofu plan: `terraform plan` text or `terraform show -json` JSON.
    case terraformPlan = "tfplan"
    /// k6 results: a summary (summary-export, handleSummary, machine-readable) or a point stream.
    case k6
    /// An lcov tracefile (`lcov.info`).
    case lcov
    /// A JaCoCo XML report.
    case jacoco
    /// A Cobertura XML report (coverage.py, Istanbul, gcovr, coverlet …).
    case cobertura
    /// A unified diff (`git diff base...head`), given with `--diff`; never detected.
    case diff

    /// How a person names the kind in messages.
    public var displayName: String {
        switch self {
        case .sarif: "SARIF"
        case .terraformPlan: "Terraform plan"
        case .k6: "k6 results"
        case .lcov: "lcov"
        case .jacoco: "JaCoCo"
        case .cobertura: "Cobertura"
        case .diff: "unified diff"
        }
    }
}

extension InputKind {
    /// The kinds detection can recognise (a diff is only ever named with `--diff`).
    static var detectable: [InputKind] { allCases.filter { $0 != .diff } }

    /// What an "expected …" message says of the kind.
    var expectation: String {
        switch self {
        case .sarif: "SARIF 2.1.0"
        case .terraformPlan: "a Terraform plan"
        case .k6: "k6 results"
        case .lcov: "an lcov tracefile"
        case .jacoco: "JaCoCo XML"
        case .cobertura: "Cobertura XML"
        case .diff: "a unified diff"
        }
    }
}
