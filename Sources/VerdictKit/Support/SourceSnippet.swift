/// Shows a line of a text with a caret under a column, the way compilers point at errors.
enum SourceSnippet {
    /// The 1-based `line` of `text` and a caret line, or nil when the line does not exist.
    static func make(text: String, line: Int, column: Int) -> String? {
        guard line >= 1 else { return nil }
        var current = 1
        for candidate in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == line {
                var shown = String(candidate)
                if shown.hasSuffix("\r") { shown.removeLast() }
                if shown.count > 200 { shown = String(shown.prefix(200)) + "…" }
                // The line is quoted into a CI log: no control character or workflow command.
                shown = LogText.neutralised(shown)
                let indent = String(repeating: " ", count: max(0, min(column - 1, shown.count)))
                return "    " + shown + "\n    " + indent + "^"
            }
            current += 1
        }
        return nil
    }
}
