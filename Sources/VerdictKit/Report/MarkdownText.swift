/// Makes text from inputs and policies inert in GitHub-flavoured markdown.
///
/// Finding messages are written by whoever controls the scanned code. In a PR comment they
/// must not close a `<details>`, open HTML, form a link, break a table or @mention a team.
/// So every character markdown or HTML gives meaning to is escaped, line breaks become spaces
/// (a table row is one line), and `@` gets a zero-width space so no mention is formed.
/// Escaped text is never placed at the start of a line, so list and heading markers
/// (`-`, `+`, `1.`, `=`) need no escape.
public enum MarkdownText {
    /// `text` escaped for use in a paragraph or a table cell, cut to `limit` characters first.
    public static func escape(_ text: String, limit: Int? = nil) -> String {
        var source = Substring(text)
        var wasCut = false
        if let limit, text.count > limit {
            source = text.prefix(limit)
            wasCut = true
        }
        var output = ""
        output.reserveCapacity(source.utf8.count + 8)
        for character in source {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "(", ")", "#", "!", "|", "~", "{", "}", "$":
                output.append("\\")
                output.append(character)
            case "<": output.append("&lt;")
            case ">": output.append("&gt;")
            case "&": output.append("&amp;")
            case "\"": output.append("&quot;")
            case "@": output.append("@&#8203;")
            case "\n", "\r", "\r\n", "\t": output.append(" ")
            default:
                if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                    continue
                }
                output.append(character)
            }
        }
        if wasCut { output.append("…") }
        return output
    }
}
