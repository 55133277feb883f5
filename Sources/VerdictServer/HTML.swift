/// Building HTML text: every value from a record, a ledger row or a request goes through `escape`.
///
/// Records are attacker-controlled (a finding's message comes from a scanner reading a pull
/// request), so nothing is ever interpolated raw: markup and attribute quotes are escaped, and
/// control characters other than tab and newline are shown as `U+XXXX`.
public enum HTML {
    /// Text safe both between tags and inside a double- or single-quoted attribute.
    public static func escape(_ text: String) -> String {
        // Most texts (ids, hashes, times, names) are printable ASCII with nothing to escape: they
        // are returned as they are, without building a new string scalar by scalar.
        if text.utf8.allSatisfy(isPlainASCII) { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
                    // Controls and bidirectional overrides (which can make text read backwards) are shown, not obeyed.
                    result += "U+" + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// The first `count` characters of `text`; ASCII text (a commit id) is cut by bytes, which
    /// is the same and skips grapheme breaking.
    static func prefix(_ text: String, _ count: Int) -> String {
        if text.utf8.count <= count { return text }
        // CR LF is one character of two bytes, so CR takes the general path.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return String(decoding: text.utf8.prefix(count), as: UTF8.self) }
        return String(text.prefix(count))
    }

    /// A printable ASCII byte that HTML shows as itself: not a control, not `& < > " '`.
    @inline(__always) static func isPlainASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20...0x7E: return byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
            && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
        case UInt8(ascii: "\t"), UInt8(ascii: "\n"): return true
        default: return false
        }
    }

    /// A URL query component: only unreserved characters pass, the rest is percent-encoded.
    public static func queryComponent(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }

    /// A whole page: the shared header and navigation, `body`, and no script.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · Verdict</title>
        <link rel="stylesheet" href="/static/verdict.css">
        </head>
        <body>
        <header><nav><a href="/decisions">Decisions</a> <a href="/ledger">Ledger</a> <a href="/trends">Trends</a></nav></header>
        <main>
        <h1>\(escape(title))</h1>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// A table with a header row; cells are HTML already (escape them first).
    static func table(_ headers: [String], _ rows: [[String]], caption: String? = nil) -> String {
        var html = tableHead(headers, caption: caption)
        for row in rows {
            html += "<tr>"
            for cell in row {
                html += "<td>"
                html += cell
                html += "</td>"
            }
            html += "</tr>"
        }
        return html + tableEnd
    }

    /// A table's start up to its first body row, for pages that write their rows themselves.
    static func tableHead(_ headers: [String], caption: String? = nil) -> String {
        var html = "<table>"
        if let caption { html += "<caption>\(escape(caption))</caption>" }
        html += "<thead><tr>" + headers.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        return html
    }

    /// Closes what `tableHead` opened.
    static let tableEnd = "</tbody></table>\n"

    /// An outcome as a word with a symbol, so it reads without colour.
    static func outcome(_ text: String) -> String {
        switch text {
        case "pass": "<span class=\"outcome pass\">✓ pass</span>"
        case "warn": "<span class=\"outcome warn\">! warn</span>"
        case "fail": "<span class=\"outcome fail\">✗ fail</span>"
        default: "<span class=\"outcome error\">? \(escape(text))</span>"
        }
    }

    /// The stylesheet served at `/static/verdict.css` (CSP allows styles from this origin only).
    static let stylesheet = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
        header { background: #1f2933; padding: .6rem 1rem; }
        header a { color: #fff; margin-right: 1.2rem; text-decoration: none; font-weight: 600; }
        main { padding: 1rem 1.5rem; max-width: 78rem; }
        table { border-collapse: collapse; margin: .5rem 0 1.5rem; width: 100%; }
        th, td { border: 1px solid #c8ccd0; padding: .3rem .5rem; text-align: left; vertical-align: top; }
        th { background: #eef0f2; }
        caption { text-align: left; font-weight: 600; padding: .3rem 0; }
        code, pre, .hash { font-family: ui-monospace, monospace; font-size: .9em; overflow-wrap: anywhere; }
        pre { background: #f5f6f7; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
        .outcome { font-weight: 700; padding: 0 .3rem; border-radius: .2rem; }
        .outcome.pass { color: #0b6b2b; } .outcome.warn { color: #8a5a00; }
        .outcome.fail, .outcome.error { color: #b00020; }
        .headline { font-size: 1.4rem; margin: .5rem 0 1rem; }
        .problem { color: #b00020; font-weight: 600; }
        form.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin-bottom: 1rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .85rem; }
        .pager a { margin-right: 1rem; }
        header form.sign-out { display: inline; float: right; margin: 0; }
        header form.sign-out button { background: none; border: 1px solid #fff; color: #fff; border-radius: .2rem; cursor: pointer; }
        form.sign-in label { display: inline-flex; gap: .5rem; align-items: center; margin-right: .5rem; }
        .downloads a { margin-right: 1.2rem; }
        .note { color: #555; font-size: .9em; }
        svg { max-width: 100%; height: auto; }
        svg text { font-family: system-ui, sans-serif; }
        svg text.on-pattern { paint-order: stroke; stroke: #fff; stroke-width: 3px; font-weight: 700; }
        """
}
