/// Makes text from inputs and policies inert in GitHub-flavoured markdown.
///
/// Finding messages are written by whoever controls the scanned code. In a PR comment they
/// must not close a `<details>`, open HTML, form a link, break a table or @mention a team.
/// So every character markdown or HTML gives meaning to is escaped, line breaks become spaces
/// (a table row is one line), and `@` gets a zero-width space so no mention is formed.
/// Escaped text is never placed at the start of a line, so list and heading markers
/// (`-`, `+`, `1.`, `=`) need no escape.
///
/// GitHub also turns plain text into links and pictures after markdown is parsed, on the text
/// itself, so backslashes do not stop it: bare `https://…` (any `scheme://`), `www.…`, `GH-123`
/// references and `:shortcode:` emoji. Each gets a zero-width space (`&#8203;`) where it would
/// match: `https:&#8203;//`, `www&#8203;.`, `GH&#8203;-123`, `:&#8203;smile:`.
public enum MarkdownText {
    /// A zero-width space: invisible, and it breaks the patterns GitHub links.
    static let breaker = "&#8203;"
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
        let characters = Array(source)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            if let (kept, skip) = autolinkBreak(characters, at: index - 1) {
                output.append(kept)
                output.append(breaker)
                index += skip - 1
                continue
            }
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

    /// When GitHub would autolink or render an emoji from `characters[index...]`: the text to
    /// keep before the breaker (already safe: letters and a colon) and how many characters it
    /// covers.
    static func autolinkBreak(_ characters: [Character], at index: Int) -> (String, Int)? {
        func lower(_ offset: Int) -> Character? {
            index + offset < characters.count ? Character(characters[index + offset].lowercased()) : nil
        }
        let character = characters[index]
        if character == ":" {
            // `scheme://` (http, https, ftp…): break between the colon and the slashes.
            if lower(1) == "/", lower(2) == "/" { return (":", 1) }
            // `:shortcode:` — letters, digits, `_`, `+`, `-` between two colons.
            var end = index + 1
            while end < characters.count, characters[end].isASCII,
                  characters[end].isLetter || characters[end].isNumber || "_+-".contains(characters[end]) {
                end += 1
            }
            if end > index + 1, end < characters.count, characters[end] == ":" { return (":", 1) }
            return nil
        }
        // `www.` where it starts a word.
        if lower(0) == "w", lower(1) == "w", lower(2) == "w", lower(3) == ".", !startsInsideWord(characters, index) {
            return (String(characters[index..<(index + 3)]), 3)
        }
        // `GH-123`.
        if lower(0) == "g", lower(1) == "h", lower(2) == "-", let digit = lower(3), digit.isASCII, digit.isNumber,
           !startsInsideWord(characters, index) {
            return (String(characters[index..<(index + 2)]), 2)
        }
        return nil
    }

    static func startsInsideWord(_ characters: [Character], _ index: Int) -> Bool {
        index > 0 && (characters[index - 1].isLetter || characters[index - 1].isNumber)
    }
}
