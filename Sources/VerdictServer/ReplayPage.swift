/// The outcome of "Replay now", shown at the top of the decision's page.
enum ReplayPage {
    static func section(_ report: ReplayReport) -> String {
        let headline = switch report {
        case .identical: "✓ Replay: identical"
        case .different: "✗ Replay: different"
        case .inputsMissingOrAltered: "✗ Replay: inputs missing or altered"
        case .failed: "✗ Replay: could not replay"
        case .timedOut: "? Replay: timed out"
        case .busy: "? Replay: server busy"
        }
        return "<section class=\"replay\"><h2>\(headline)</h2><ul>"
            + report.details.map { "<li><code>\(HTML.escape($0))</code></li>" }.joined()
            + "</ul></section>\n"
    }
}
