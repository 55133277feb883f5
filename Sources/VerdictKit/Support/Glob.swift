/// A path pattern: `*` matches within one segment, `**` across segments, `?` one character.
///
/// Matching is on the whole string. `a/**/b` also matches `a/b`. A leading `./` is ignored on
/// both sides, so `usr/lib/**` matches `./usr/lib/x` as a person would expect.
public struct Glob: Sendable, Hashable {
    public let pattern: String
    private let tokens: [Token]
    private let separator: Character

    private enum Token: Hashable {
        case literal(Character)
        /// `*`: any run of characters within one segment.
        case anyInSegment
        /// `**` not followed by a separator: anything at all.
        case anything
        /// `**/`: zero or more whole segments.
        case wholeSegments
        /// `?`: one character other than the separator.
        case oneCharacter
    }

    public init(_ pattern: String, separator: Character = "/") {
        self.pattern = pattern
        self.separator = separator
        let characters = Array(Self.stripDotSlash(pattern))
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "*", index + 1 < characters.count, characters[index + 1] == "*" {
                if index + 2 < characters.count, characters[index + 2] == separator {
                    tokens.append(.wholeSegments)
                    index += 3
                } else {
                    tokens.append(.anything)
                    index += 2
                }
                continue
            }
            switch character {
            case "*": tokens.append(.anyInSegment)
            case "?": tokens.append(.oneCharacter)
            default: tokens.append(.literal(character))
            }
            index += 1
        }
        self.tokens = tokens
    }

    public func matches(_ candidate: String) -> Bool {
        let text = Array(Self.stripDotSlash(candidate))
        // Depth-first over (token, text) states; each state is visited once, so the cost is
        // bounded by pattern length × text length whatever the pattern.
        var stack = [State(token: 0, text: 0)]
        var visited = Set<State>()
        while let state = stack.popLast() {
            guard visited.insert(state).inserted else { continue }
            guard state.token < tokens.count else {
                if state.text == text.count { return true }
                continue
            }
            let next = state.token + 1
            switch tokens[state.token] {
            case let .literal(character):
                if state.text < text.count, text[state.text] == character { stack.append(State(token: next, text: state.text + 1)) }
            case .oneCharacter:
                if state.text < text.count, text[state.text] != separator { stack.append(State(token: next, text: state.text + 1)) }
            case .anyInSegment:
                stack.append(State(token: next, text: state.text))
                if state.text < text.count, text[state.text] != separator { stack.append(State(token: state.token, text: state.text + 1)) }
            case .anything:
                for position in state.text...text.count { stack.append(State(token: next, text: position)) }
            case .wholeSegments:
                stack.append(State(token: next, text: state.text))
                for position in state.text..<text.count where text[position] == separator {
                    stack.append(State(token: next, text: position + 1))
                }
            }
        }
        return false
    }

    private struct State: Hashable {
        let token: Int
        let text: Int
    }

    private static func stripDotSlash(_ text: String) -> Substring {
        var result = Substring(text)
        while result.hasPrefix("./") { result = result.dropFirst(2) }
        return result
    }
}
