/// The bytes a `ProcessJQRunner` and its worker process exchange.
///
/// Request (the worker's standard input): one header line
/// `verdict-jq/1 PROGRAM_BYTES MAX_RESULTS MAX_BYTES MEMORY_BYTES CPU_SECONDS`, then the
/// program, then the facts document. Response (its standard output): one line per value —
/// `P` (false or null), `T` (true), `M LEVEL TEXT` (LEVEL `warn`, `fail` or `-`), `X TEXT`
/// (not an accepted value) — then `D` when the query ended, or `F TEXT` when it failed.
/// Texts are JSON strings, so a line never holds a line break.
enum JQWorkerProtocol {
    static let magic = "verdict-jq/1"

    struct Header: Equatable {
        var programBytes: Int
        var maxResults: Int
        var maxBytes: Int
        var memoryBytes: Int
        var cpuSeconds: Int
    }

    static func request(_ request: JQRequest) -> [UInt8] {
        let program = Array(request.program.utf8)
        let budget = request.budget
        let cpu = Int(budget.timeout.rounded(.up)) + 1
        let header = "\(magic) \(program.count) \(budget.maxResults) \(budget.maxBytes) \(budget.memoryBytes) \(cpu)\n"
        return Array(header.utf8) + program + Array(request.facts.utf8)
    }

    /// Splits a request into its header, program and facts; nil when it is malformed.
    static func parse(_ bytes: [UInt8]) -> (header: Header, program: String, facts: String)? {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return nil }
        let words = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
        guard words.count == 6, words[0] == magic else { return nil }
        let numbers = words.dropFirst().compactMap { Int($0) }
        guard numbers.count == 5, numbers.allSatisfy({ $0 >= 0 }) else { return nil }
        let header = Header(programBytes: numbers[0], maxResults: numbers[1], maxBytes: numbers[2], memoryBytes: numbers[3], cpuSeconds: numbers[4])
        let programStart = newline + 1
        guard bytes.count - programStart >= header.programBytes else { return nil }
        let programEnd = programStart + header.programBytes
        return (header, String(decoding: bytes[programStart..<programEnd], as: UTF8.self),
                String(decoding: bytes[programEnd...], as: UTF8.self))
    }

    static func line(_ emission: JQEmission) -> String {
        switch emission {
        case .pass: "P"
        case .violated: "T"
        case let .message(text, level): "M \(level?.rawValue ?? "-") \(JSONValue.string(text).compact())"
        case let .invalid(text): "X \(JSONValue.string(text).compact())"
        }
    }

    static func failure(_ message: String) -> String { "F \(JSONValue.string(message).compact())" }

    static let done = "D"

    /// One response line: a value, the end, or a failure.
    enum Line: Equatable {
        case emission(JQEmission)
        case done
        case failed(String)
    }

    static func parseLine(_ line: ArraySlice<UInt8>) -> Line? {
        guard let first = line.first else { return nil }
        let rest = line.dropFirst(2)
        switch first {
        case UInt8(ascii: "P"): return line.count == 1 ? .emission(.pass) : nil
        case UInt8(ascii: "T"): return line.count == 1 ? .emission(.violated) : nil
        case UInt8(ascii: "D"): return line.count == 1 ? .done : nil
        case UInt8(ascii: "X"): return jsonString(rest).map { .emission(.invalid($0)) }
        case UInt8(ascii: "F"): return jsonString(rest).map { .failed($0) }
        case UInt8(ascii: "M"):
            guard let space = rest.firstIndex(of: 0x20) else { return nil }
            let word = String(decoding: rest[..<space], as: UTF8.self)
            let level = JQViolationLevel(rawValue: word)
            guard level != nil || word == "-", let text = jsonString(rest[(space + 1)...]) else { return nil }
            return .emission(.message(text, level: level))
        default: return nil
        }
    }

    static func jsonString(_ bytes: ArraySlice<UInt8>) -> String? {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { buffer -> String? in
            var cursor = JSONCursor(bytes: buffer)
            guard let text = try? cursor.readString(), (try? cursor.expectEnd()) != nil else { return nil }
            return text
        }
    }
}
