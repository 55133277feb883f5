/// The step outputs as a GitLab dotenv report (`artifacts:reports:dotenv`), so later jobs can
/// branch on `$outcome`, `$exit_code`, `$risk`, `$approval_required` and `$rule_<id>`.
///
/// GitLab rejects the whole file, and so every variable in it, when one key has a character
/// other than `[A-Za-z0-9_]`, when a value spans lines, or when the file passes its limits. So:
/// keys keep ASCII letters, digits and `_`, anything else becomes `_`; two rule ids that would
/// give one key are an error rather than one silently shadowing the other; values are single
/// tokens (outcomes, numbers, `true`/`false`); and past GitLab's smallest default limits
/// (`variableLimit` variables, `byteLimit` bytes) the `rule_<id>` lines are left out, all of
/// them, so the four summary variables always arrive.
public enum GitLabDotenv {
    /// GitLab's smallest default number of variables in one dotenv report (self-managed
    /// instances before 16.x, and gitlab.com's oldest plans).
    public static let variableLimit = 20
    /// GitLab's default size limit of a dotenv report, in bytes.
    public static let byteLimit = 5 * 1024

    /// Two rule ids that map to one dotenv key.
    public struct KeyCollision: Error, Equatable, CustomStringConvertible {
        public var key: String
        public var ruleIDs: [String]

        public var description: String {
            "rule ids \(ruleIDs.map { "'\($0)'" }.joined(separator: " and ")) both become the dotenv key '\(key)'; rename one of them"
        }
    }

    /// The rendered report and whether the per-rule lines had to be left out.
    public struct Rendered: Equatable, Sendable {
        public var text: String
        public var omittedRuleCount: Int
    }

    /// The dotenv text for `decision`.
    ///
    /// - Throws: `KeyCollision` when two rule ids give the same key.
    public static func render(_ decision: Decision) throws(KeyCollision) -> Rendered {
        let summary: [(String, String)] = [
            ("outcome", decision.outcome.rawValue),
            ("exit_code", String(decision.exitStatus.rawValue)),
            ("risk", decision.risk?.rawValue ?? RiskLevel.none.rawValue),
            ("approval_required", String(decision.approvalRequired)),
        ]
        var rules: [(String, String)] = []
        var owners: [String: String] = [:]
        for result in decision.results {
            let key = "rule_" + keyPart(result.ruleID)
            if let other = owners[key], other != result.ruleID {
                throw KeyCollision(key: key, ruleIDs: [other, result.ruleID])
            }
            owners[key] = result.ruleID
            rules.append((key, result.outcome.rawValue))
        }
        let all = (summary + rules).map(line).joined()
        if summary.count + rules.count <= variableLimit, all.utf8.count <= byteLimit {
            return Rendered(text: all, omittedRuleCount: 0)
        }
        return Rendered(text: summary.map(line).joined(), omittedRuleCount: rules.count)
    }

    /// A rule id as the part of a key GitLab accepts: ASCII letters, digits and `_`.
    static func keyPart(_ id: String) -> String {
        String(id.unicodeScalars.map { scalar -> Character in
            let isKeyCharacter = scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "_")
            return isKeyCharacter ? Character(scalar) : "_"
        })
    }

    /// `KEY=value`, the value reduced to one line of printable characters (it always is one
    /// already: outcomes, numbers and booleans).
    static func line(_ pair: (String, String)) -> String {
        let value = String(pair.1.unicodeScalars.map { $0.properties.generalCategory == .control ? "_" : Character($0) })
        return "\(pair.0)=\(value)\n"
    }
}
