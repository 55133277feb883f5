import Foundation
import VerdictKit

/// The ledger's health: whether the chain verifies, its head and how many rows it holds.
enum LedgerHealthPage {
    static func render(_ verification: Ledger.Verification, verifiedAt: Date, location: String) -> String {
        var body = "<p class=\"headline\">"
        body += verification.isIntact ? "✓ Chain intact" : "✗ Chain broken"
        body += " · \(verification.checked) decision\(verification.checked == 1 ? "" : "s")</p>\n"
        for problem in verification.problems { body += "<p class=\"problem\">⚠ \(HTML.escape(problem))</p>\n" }
        body += HTML.table(["", ""], [
            ["Head (newest row hash)", "<span class=\"hash\">\(HTML.escape(verification.head))</span>"],
            ["Rows checked", String(verification.checked)],
            ["Ledger", "<code>\(HTML.escape(location))</code>"],
            ["Verified at (UTC)", HTML.escape(Timestamp.format(verifiedAt))],
        ])
        body += "<p>The chain is walked again when a decision is appended, and at least every \(ChainVerifications.defaultMaximumAgeSeconds) seconds.</p>\n"
        body += "<p>Keep the head somewhere the ledger's writers cannot change; <code>verdict ledger verify FILE --expect-head HASH</code> "
            + "later proves no row was removed from the end since.</p>\n"
        return HTML.page(title: "Ledger", body: body)
    }
}
