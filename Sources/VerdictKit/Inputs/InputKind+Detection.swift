/// Detection by content: the one place that tells an input's kind from its first bytes.
extension InputKind {
    /// How many leading bytes detection looks at: enough for any producer's header.
    static let sniffLength = 64 * 1024

    /// The kind of a document, judged from its first bytes (already decoded to UTF-8, BOM removed);
    /// nil when no reader recognises it.
    ///
    /// Detection is a cheap look at the start; the chosen reader then checks the whole document
    /// and rejects it with a precise error if the guess was wrong.
    public static func detect(_ prefix: UnsafeBufferPointer<UInt8>) -> InputKind? {
        var start = 0
        while start < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[start]) { start += 1 }
        guard start < prefix.count else { return nil }
        if prefix.count >= 2, prefix[0] == 0x1F, prefix[1] == 0x8B { return .k6 }  // gzip: only k6 streams are
        let head = String(decoding: UnsafeBufferPointer(rebasing: prefix[start..<min(prefix.count, start + sniffLength)]), as: UTF8.self)
        if head.hasPrefix("{") {
            // SARIF: a top-level "runs" array and the 2.1.0 version (or its schema), in either order.
            let mentionsSARIFSchema = head.range(of: "sarif", options: .caseInsensitive) != nil
            let hasRuns = head.contains("\"runs\"")
            let hasVersion = head.range(of: #""version"\s*:\s*"2\.1\.0""#, options: .regularExpression) != nil
            if hasRuns && (hasVersion || mentionsSARIFSchema) { return .sarif }
            if hasVersion && mentionsSARIFSchema { return .sarif }
            if K6StreamReader.isStream(UnsafeBufferPointer(rebasing: prefix[start...])) || K6Reader.looksLikeSummary(head) { return .k6 }
        }
        if isTerraformPlan(head) { return .terraformPlan }
        if let coverage = detectCoverage(head) { return coverage }
        return nil
    }

    /// lcov: the first record is `TN:` or `SF:` (comments and blank lines may come first).
    /// XML: the root element's name, after the declaration, comments and DOCTYPE:
    /// `<report>` is JaCoCo, `<coverage>` is Cobertura.
    static func detectCoverage(_ head: String) -> InputKind? {
        if head.hasPrefix("<") {
            var rest = Substring(head)
            while true {
                rest = rest.drop { $0.isWhitespace }
                if rest.hasPrefix("<?") {
                    guard let end = rest.range(of: "?>") else { return nil }
                    rest = rest[end.upperBound...]
                } else if rest.hasPrefix("<!DOCTYPE") || rest.hasPrefix("<!doctype") {
                    // An internal subset `[ … ]` may hold '>' characters of its own.
                    let bracket = rest.firstIndex(of: "[")
                    let close = rest.firstIndex(of: ">")
                    if let bracket, let close, bracket < close {
                        guard let subsetEnd = rest[bracket...].firstIndex(of: "]"),
                              let end = rest[subsetEnd...].firstIndex(of: ">") else { return nil }
                        rest = rest[rest.index(after: end)...]
                    } else {
                        guard let close else { return nil }
                        rest = rest[rest.index(after: close)...]
                    }
                } else if rest.hasPrefix("<!--") {
                    guard let end = rest.range(of: "-->") else { return nil }
                    rest = rest[end.upperBound...]
                } else {
                    break
                }
            }
            if rest.hasPrefix("<report") { return .jacoco }
            if rest.hasPrefix("<coverage") { return .cobertura }
            return nil
        }
        for line in head.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            return trimmed.hasPrefix("TN:") || trimmed.hasPrefix("SF:") ? .lcov : nil
        }
        return nil
    }

    /// A plan's JSON has `format_version` with `resource_changes`, `planned_values` or
    /// `terraform_version` (HCP's redacted plan, with `plan_format_version`, is recognised too, so
    /// that its reader can refuse it by name); a plan's text has one of the sentences every
    /// Terraform and OpenTofu version prints around a plan.
    static func isTerraformPlan(_ head: String) -> Bool {
        if head.hasPrefix("{") {
            let keys = ["\"resource_changes\"", "\"planned_values\"", "\"terraform_version\"", "\"output_changes\"", "\"prior_state\""]
            return (head.contains("\"format_version\"") || head.contains("\"plan_format_version\"")) && keys.contains(where: head.contains)
        }
        let markers = [
            "Terraform used the selected providers", "OpenTofu used the selected providers",
            "Terraform will perform the following actions", "OpenTofu will perform the following actions",
            "An execution plan has been generated", "Objects have changed outside of ",
            "\nPlan: ", "\nNo changes. ", "Changes to Outputs:", ": Refreshing state...",
            "Terraform will invoke the following action", "Refreshing Terraform state in-memory",
        ]
        if head.hasPrefix("Plan: ") || head.hasPrefix("No changes. ") { return true }
        if markers.contains(where: head.contains) { return true }
        // `terraform plan` that failed before planning: its version banner, then `Error:`.
        return head.hasPrefix("Terraform v") && head.contains("\nError: ")
    }
}
