/// The policy used when `check` is given none and `./.verdict.yaml` does not exist.
///
/// Compiled into the binary so that Verdict works without any file next to it. The text is
/// the same as `policies/default.yaml`, byte for byte (a test checks it).
public enum DefaultPolicy {
    public static let path = "<built-in default>"

    public static let text = #"""
# Verdict's built-in default policy.
#
# Used when `verdict check` is given no --policy and there is no ./.verdict.yaml.
# `verdict policy show-default` prints this text; copy it as a starting point.
version: 1
name: default
rules:
  # Vulnerabilities and misconfigurations from SARIF scanners (Trivy, CodeQL, Semgrep, ...).
  - id: vulnerabilities
    kind: severity
    block: [critical, high]   # any critical or high finding fails the gate
    warn: [medium]            # medium findings warn; low and unknown are counted, not gated
    on_missing: error         # no SARIF given: could not judge (exit 2), never a silent pass

"""#
}
