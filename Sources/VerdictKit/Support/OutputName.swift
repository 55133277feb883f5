/// A rule id as the name of a CI output (`rule_<id>` in `$GITHUB_OUTPUT`, a JUnit test name).
///
/// GitHub output names hold letters, digits, `_` and `-`, and GitHub expressions compare them
/// case-insensitively (`steps.gate.outputs.rule_Vulns` is `rule_vulns`). Two rule ids with one
/// `collisionKey` would write one output twice, the last one winning: the policy loader refuses
/// them.
public enum OutputName {
    /// `id` with anything but ASCII letters, digits, `_` and `-` replaced by `_`.
    public static func sanitised(_ id: String) -> String {
        String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
    }

    /// What two ids must not share: the sanitised name, lowercased.
    public static func collisionKey(_ id: String) -> String {
        sanitised(id).lowercased()
    }
}
