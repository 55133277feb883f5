/// Reads any k6 results file held in memory: a point stream (plain or gzip) or a summary.
enum K6Reader {
    static func read(_ file: InputFile, selection: LoadSelection?, limits: InputLimits = InputLimits()) throws(InputError) -> LoadMetrics {
        let isStream = file.text.prefix(64 * 1024).withUnsafeBytes { K6StreamReader.isStream($0.bindMemory(to: UInt8.self)) }
        if isStream { return try K6StreamReader.read(file, selection: selection, limits: limits) }
        return try K6SummaryReader.read(file)
    }

    /// Whether a JSON document's first bytes look like a k6 summary: a `metrics` key beside
    /// one of the keys only k6 summaries have. Key order is random (Go maps), so this looks
    /// for the keys anywhere in the prefix.
    static func looksLikeSummary(_ head: String) -> Bool {
        guard head.hasPrefix("{"), head.contains("\"metrics\"") else { return false }
        let markers = ["\"root_group\"", "\"testRunDurationMs\"", "\"summaryTrendStats\"", "\"k6Version\"",
                       "\"http_req_duration\"", "\"iterations\"", "\"iteration_duration\"", "\"vus_max\"", "\"checks\""]
        return markers.contains { head.contains($0) }
    }
}
