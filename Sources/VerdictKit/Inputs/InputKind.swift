/// The formats Verdict reads, and how each is recognised from its content.
public enum InputKind: String, Sendable, CaseIterable, Codable {
    /// SARIF 2.1.0, from Trivy or any other scanner.
    case sarif
    /// k6 results: a summary (summary-export, handleSummary, machine-readable) or a point stream.
    case k6

    /// How a person names the kind in messages.
    public var displayName: String {
        switch self {
        case .sarif: "SARIF"
        case .k6: "k6 results"
        }
    }

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
        return nil
    }
}
