import Foundation

/// What a policy's jq query may not do, and the program a query runs as.
///
/// A query reads the facts document and nothing else: not the environment, files, standard
/// input or the module path, and it writes nowhere but its results. Three layers enforce it:
///
/// 1. `check` refuses, when the policy loads, every use of a forbidden builtin, variable or
///    module directive outside string literals and comments, with its place in the query.
/// 2. `program` puts the query behind one line of definitions that shadow the same builtins
///    with errors (and bind `$ENV` to null), so a use the scan missed still fails; and since
///    jq takes `import`/`include` only before any definition, a module directive cannot even
///    compile. `now` is the evaluation time (`--now`), so replays give the same answer. jq 1.7's
///    builtins that libjq 1.6 lacks or treats differently are defined there too (`JQCompatibility`).
/// 3. The runner gives libjq no library path and, in the CLI, runs the query in a child
///    process with an empty environment and its standard error captured.
public enum JQSandbox {
    /// A use of something a query may not use.
    public struct Refusal: Error, Sendable, Equatable {
        /// Byte offset in the query.
        public var offset: Int
        public var message: String
    }

    /// Builtins a query may not call, and why.
    static let forbiddenFunctions: [(name: String, arity: Int, reason: String)] = [
        ("env", 0, "it reads the environment"),
        ("input", 0, "it reads standard input"),
        ("inputs", 0, "it reads standard input"),
        ("input_filename", 0, "it reads the input file's name"),
        ("input_line_number", 0, "it reads standard input"),
        ("debug", 0, "it writes to standard error"),
        ("stderr", 0, "it writes to standard error"),
        ("modulemeta", 0, "it reads module files"),
        ("get_search_list", 0, "it reads the module search path"),
        ("localtime", 0, "it depends on the machine's time zone; use gmtime"),
        ("strflocaltime", 1, "it depends on the machine's time zone; use strftime"),
    ]

    /// Variables a query may not read.
    static let forbiddenVariables: [String: String] = [
        "ENV": "it reads the environment",
        "__prog_args": "it reads the command line",
        "__loc__": "it reads the program's source location",
    ]

    /// Module directives: they load jq modules or JSON data files.
    static let forbiddenKeywords: [String: String] = [
        "import": "it loads modules or data files",
        "include": "it loads module files",
    ]

    /// The first forbidden use in `query`; nil when there is none.
    public static func check(_ query: String) -> Refusal? {
        var scanner = JQTokenScanner(query)
        return scanner.firstRefusal()
    }

    /// Whether `query` keeps to itself when put between parentheses in a larger program: every
    /// bracket it opens it closes, in order, and it closes none it did not open; its strings
    /// end; no comment holds a backslash (jq 1.7 continues a comment past the line's end after
    /// one). Only such queries are compiled together (`JQRule.checkCompilation`), so one query
    /// cannot end its parentheses early and take over another's branch.
    static func isSelfContained(_ query: String) -> Bool {
        var scanner = JQTokenScanner(query)
        return scanner.firstRefusal() == nil && scanner.isClosed
    }

    /// The program a rule's query runs as: the sandbox's definitions, on the same line as the
    /// query's first line so that jq's line numbers stay the query's.
    ///
    /// - Parameter now: what `now` returns: the evaluation time, not the system clock.
    public static func program(_ query: String, now: Date) -> String {
        prelude(now: now) + query
    }

    /// The sandbox's definitions that `program` puts before a query (they end with
    /// `null as $ENV | `): the same for every query of one evaluation, which lets the worker
    /// compile all of them as one program.
    public static func prelude(now: Date) -> String {
        // libjq 1.6 treats `error(null)` (and `null | error`) as `empty`: the query would stop
        // without a word, and `try` would not even catch it. Raise it with a message instead,
        // so that it makes the rule an error as `error("…")` does (jq 1.7 does the same).
        var prefix = "def _verdict_raise($m): error($m); "
            + "def error($m): if $m == null then _verdict_raise(\(JSONValue.string(nullErrorMessage).compact())) else _verdict_raise($m) end; "
            + "def error: error(.); "
        for function in forbiddenFunctions {
            let parameters = function.arity == 0 ? "" : "(" + (1...function.arity).map { "$_\($0)" }.joined(separator: "; ") + ")"
            let message = "'\(function.name)' is not allowed in a policy query: \(function.reason)"
            prefix += "def \(function.name)\(parameters): error(\(JSONValue.string(message).compact())); "
        }
        prefix += "def now: \(JSONValue.format(now.timeIntervalSince1970)); "
        prefix += JQCompatibility.definitions + " "
        prefix += "null as $ENV | "
        return prefix
    }

    /// What `error(null)` raises.
    static let nullErrorMessage = "error(null): the query raised an error without a message"

    static func refusal(function name: String, at offset: Int) -> Refusal? {
        guard let entry = forbiddenFunctions.first(where: { $0.name == name }) else { return nil }
        return Refusal(offset: offset, message: "'\(name)' is not allowed in a policy query: \(entry.reason)")
    }
}

/// Reads a jq query's tokens far enough to tell code from string literals and comments, and
/// a call of a builtin from a field (`.env`), an object key (`{env: 1}`) or a definition's name.
struct JQTokenScanner {
    private let bytes: [UInt8]
    private var index = 0
    /// Open brackets: `(`, `[`, `{`, and `i` for a string interpolation `\(…)`.
    private var brackets: [UInt8] = []
    /// Interpolations open inside strings: at each, return to the string on its closing `)`.
    private var inString = false
    private var previous: Token = .start
    /// A closing bracket that closed none or another kind, or a backslash in a comment.
    private var mismatched = false

    /// After a whole scan: every bracket and string closed, and nothing mismatched.
    var isClosed: Bool { !mismatched && brackets.isEmpty && !inString && index >= bytes.count }

    private enum Token: Equatable {
        case start
        case punctuation(UInt8)
        case word(String)
        case other
    }

    init(_ query: String) {
        bytes = Array(query.utf8)
    }

    mutating func firstRefusal() -> JQSandbox.Refusal? {
        while index < bytes.count {
            if inString {
                scanString()
                continue
            }
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            case UInt8(ascii: "#"):
                skipComment()
            case UInt8(ascii: "\""):
                inString = true
                index += 1
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                brackets.append(byte)
                previous = .punctuation(byte)
                index += 1
            case UInt8(ascii: ")"):
                index += 1
                if brackets.last == UInt8(ascii: "i") {
                    brackets.removeLast()
                    inString = true
                } else {
                    if brackets.last != UInt8(ascii: "(") { mismatched = true }
                    if !brackets.isEmpty { brackets.removeLast() }
                    previous = .punctuation(byte)
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if brackets.last != (byte == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")) { mismatched = true }
                if !brackets.isEmpty { brackets.removeLast() }
                previous = .punctuation(byte)
                index += 1
            case UInt8(ascii: "."):
                index += 1
                if index < bytes.count, Self.isWordStart(bytes[index]) {
                    _ = readWord()  // a field: `.env`
                    previous = .other
                } else {
                    previous = .punctuation(byte)
                }
            case UInt8(ascii: "@"):
                index += 1
                _ = readWord()  // a format: `@base64`
                previous = .other
            case UInt8(ascii: "$"):
                let start = index
                index += 1
                skipSpaceAndComments()
                let name = readWord()
                if let reason = JQSandbox.forbiddenVariables[name] {
                    return JQSandbox.Refusal(offset: start, message: "'$\(name)' is not allowed in a policy query: \(reason)")
                }
                previous = .other
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                while index < bytes.count, Self.isWordByte(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
                previous = .other
            default:
                if Self.isWordStart(byte) {
                    let start = index
                    let word = readWord()
                    if let refusal = judge(word, at: start) { return refusal }
                    previous = .word(word)
                } else {
                    previous = .punctuation(byte)
                    index += 1
                }
            }
        }
        return nil
    }

    private func judge(_ word: String, at offset: Int) -> JQSandbox.Refusal? {
        let isKey = brackets.last == UInt8(ascii: "{") && (previous == .punctuation(UInt8(ascii: "{")) || previous == .punctuation(UInt8(ascii: ",")))
        let isDefinition = previous == .word("def")
        if isKey || isDefinition { return nil }
        if let reason = JQSandbox.forbiddenKeywords[word] {
            return JQSandbox.Refusal(offset: offset, message: "'\(word)' is not allowed in a policy query: \(reason)")
        }
        return JQSandbox.refusal(function: word, at: offset)
    }

    private mutating func scanString() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "(") {
                    index += 2
                    brackets.append(UInt8(ascii: "i"))
                    inString = false
                    previous = .punctuation(UInt8(ascii: "("))
                    return
                }
                index += 2
            } else if byte == UInt8(ascii: "\"") {
                index += 1
                inString = false
                previous = .other
                return
            } else {
                index += 1
            }
        }
    }

    private mutating func skipComment() {
        while index < bytes.count, bytes[index] != 0x0A {
            if bytes[index] == UInt8(ascii: "\\") { mismatched = true }
            index += 1
        }
    }

    private mutating func skipSpaceAndComments() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            case UInt8(ascii: "#"): skipComment()
            default: return
            }
        }
    }

    /// A name, with module separators (`a::b`).
    private mutating func readWord() -> String {
        let start = index
        while index < bytes.count {
            if Self.isWordByte(bytes[index]) {
                index += 1
            } else if bytes[index] == UInt8(ascii: ":"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: ":"), Self.isWordStart(bytes[index + 2]) {
                index += 2
            } else {
                break
            }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func isWordStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        isWordStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
