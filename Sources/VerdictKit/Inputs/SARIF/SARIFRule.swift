import Foundation

/// What Verdict keeps of a SARIF `reportingDescriptor` (a rule): only what classifies results.
struct SARIFRule: Sendable {
    var id: String?
    /// The first severity word in `properties.tags` (Trivy writes `[kind, "security", "HIGH"]`).
    var tagLevel: Severity?
    /// `properties["security-severity"]`, a CVSS score written as a string or a number.
    var securitySeverity: SecuritySeverity?
    /// `defaultConfiguration.level`: the level of results that give none.
    var defaultLevel: SARIFLevel?
    /// Where the string of `help.text` starts in the log. Old Trivy templates name a result's
    /// package only there; it is decoded when a result whose own messages name no package
    /// needs it (`SARIFReader.Parser.helpPackage`), as Trivy's help texts are long and most
    /// results never need them.
    var helpTextOffset: Int?

    /// The level the rule's own metadata implies, for choosing between rules that share an id.
    var severityHint: Severity? {
        tagLevel ?? securitySeverity?.severity ?? defaultLevel?.severity
    }
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

/// A `security-severity` property as written: a CVSS score, or text that is not one.
enum SecuritySeverity: Sendable, Equatable {
    /// A score from 0.0 to 10.0.
    case score(Double)
    /// Anything else (`"high"`, `"7,5"`, `11`, an object), with where it was written.
    case unreadable(text: String, offset: Int)

    /// Reads a score written as a string or a number, ignoring surrounding white space.
    static func parse(_ text: String, offset: Int) -> SecuritySeverity {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let isNumeral = !trimmed.isEmpty && trimmed.allSatisfy { $0.isASCII && ($0.isNumber || ".eE+-".contains($0)) }
        guard isNumeral, let score = Double(trimmed), score.isFinite, (0...10).contains(score) else {
            return .unreadable(text: text, offset: offset)
        }
        return .score(score)
    }

    /// The level it sets: nil for a score of 0 (no severity: the SARIF level decides),
    /// `unknown` for one that cannot be read (never a guessed medium).
    var severity: Severity? {
        switch self {
        case let .score(score): Severity(cvssScore: score)
        case .unreadable: .unknown
        }
    }
}
