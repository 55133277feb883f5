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
            let sniffed = UnsafeBufferPointer(rebasing: prefix[start..<min(prefix.count, start + sniffLength)])
            let mentionsSARIFSchema = mentionsSARIF(sniffed)
            let hasRuns = head.contains("\"runs\"")
            let hasVersion = hasSARIFVersion(sniffed)
            if hasRuns && (hasVersion || mentionsSARIFSchema) { return .sarif }
            if hasVersion && mentionsSARIFSchema { return .sarif }
            if K6StreamReader.isStream(UnsafeBufferPointer(rebasing: prefix[start...])) || K6Reader.looksLikeSummary(head) { return .k6 }
        }
        if isTerraformPlan(head) { return .terraformPlan }
        if let coverage = detectCoverage(head) { return coverage }
        return nil
    }

    /// Whether `bytes` hold `sarif` in any ASCII case (a `$schema` URL, a tool's name).
    ///
    /// By hand rather than `range(of:options: .caseInsensitive)`: Foundation's comparison sets
    /// up ICU, ~11 million instructions at every start, an eighth of a small `check`.
    static func mentionsSARIF(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let word = Array("sarif".utf8)
        guard bytes.count >= word.count else { return false }
        for start in 0...(bytes.count - word.count) where bytes[start] | 0x20 == word[0] {
            if (1..<word.count).allSatisfy({ bytes[start + $0] | 0x20 == word[$0] }) { return true }
        }
        return false
    }

    /// Whether `bytes` hold `"version"`, white space, `:`, white space, `"2.1.0"` (what the
    /// regular expression `"version"\s*:\s*"2\.1\.0"` found; JSON's white space is ASCII).
    static func hasSARIFVersion(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let key = Array("\"version\"".utf8)
        let value = Array("\"2.1.0\"".utf8)
        func matches(_ literal: [UInt8], at index: Int) -> Bool {
            index + literal.count <= bytes.count && (0..<literal.count).allSatisfy { bytes[index + $0] == literal[$0] }
        }
        func skipSpace(_ index: inout Int) {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(bytes[index]) { index += 1 }
        }
        var start = 0
        while start + key.count <= bytes.count {
            if matches(key, at: start) {
                var index = start + key.count
                skipSpace(&index)
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                    index += 1
                    skipSpace(&index)
                    if matches(value, at: index) { return true }
                }
            }
            start += 1
        }
        return false
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
