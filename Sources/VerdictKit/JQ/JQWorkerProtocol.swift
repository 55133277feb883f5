/// The bytes a `ProcessJQRunner` and its worker process exchange.
///
/// Request (the worker's standard input): one header line
/// `verdict-jq/2 FACTS_BYTES QUERY_COUNT MEMORY_BYTES CPU_SECONDS`, the facts document, then
/// for each query one line `PRELUDE_BYTES BODY_BYTES MAX_RESULTS MAX_BYTES CPU_SECONDS`, its
/// prelude (the sandbox's definitions) and its body (the rule's query).
/// The document is sent and parsed once for all the queries of a check; the header's CPU
/// seconds are the whole run's backstop, each query's its own. Response (its standard output),
/// for each query in order: one line per value — `P` (false or null), `T` (true),
/// `M LEVEL TEXT` (LEVEL `warn`, `fail` or `-`), `X TEXT` (not an accepted value) — then `D`
/// when the query ended, or `F TEXT` when it failed. Texts are JSON strings, so a line never
/// holds a line break.
enum JQWorkerProtocol {
    static let magic = "verdict-jq/2"

    /// The request's first line.
    struct Header: Equatable {
        var factsBytes: Int
        var queryCount: Int
        var memoryBytes: Int
        var cpuSeconds: Int
    }

    /// One query of a request, with the limits the worker applies to it.
    struct Query: Equatable {
        var prelude: String
        var body: String
        var maxResults: Int
        var maxBytes: Int
        var cpuSeconds: Int
    }

    /// A whole request, parsed.
    struct Request: Equatable {
        var header: Header
        var facts: String
        var queries: [Query]
    }

    /// The CPU seconds backstop for a query: its wall-clock budget rounded up, plus one.
    static func cpuSeconds(_ budget: JQBudget) -> Int {
        Int(max(budget.timeout, 0).rounded(.up)) + 1
    }

    static func request(facts: String, queries: some Collection<JQQuery>) -> [UInt8] {
        let memory = queries.map(\.budget.memoryBytes).max() ?? 0
        let cpu = queries.reduce(1) { $0 + cpuSeconds($1.budget) }
        var bytes = Array("\(magic) \(facts.utf8.count) \(queries.count) \(memory) \(cpu)\n".utf8)
        bytes.append(contentsOf: facts.utf8)
        for query in queries {
            let budget = query.budget
            bytes.append(contentsOf: "\(query.prelude.utf8.count) \(query.body.utf8.count) \(budget.maxResults) \(budget.maxBytes) \(cpuSeconds(budget))\n".utf8)
            bytes.append(contentsOf: query.prelude.utf8)
            bytes.append(contentsOf: query.body.utf8)
        }
        return bytes
    }

    /// Splits a request into its header, facts and queries; nil when it is malformed.
    static func parse(_ bytes: [UInt8]) -> Request? {
        var position = 0
        guard let numbers = headerNumbers(in: bytes, from: &position, magic: magic, count: 4) else { return nil }
        let header = Header(factsBytes: numbers[0], queryCount: numbers[1], memoryBytes: numbers[2], cpuSeconds: numbers[3])
        guard bytes.count - position >= header.factsBytes else { return nil }
        let facts = String(decoding: bytes[position..<(position + header.factsBytes)], as: UTF8.self)
        position += header.factsBytes
        var queries: [Query] = []
        for _ in 0..<header.queryCount {
            guard let numbers = headerNumbers(in: bytes, from: &position, magic: nil, count: 5),
                  bytes.count - position >= numbers[0], bytes.count - position - numbers[0] >= numbers[1] else { return nil }
            let prelude = String(decoding: bytes[position..<(position + numbers[0])], as: UTF8.self)
            position += numbers[0]
            let body = String(decoding: bytes[position..<(position + numbers[1])], as: UTF8.self)
            position += numbers[1]
            queries.append(Query(prelude: prelude, body: body, maxResults: numbers[2], maxBytes: numbers[3], cpuSeconds: numbers[4]))
        }
        guard position == bytes.count else { return nil }
        return Request(header: header, facts: facts, queries: queries)
    }

    /// The non-negative numbers of one header line (after `magic`, when given), moving
    /// `position` past its line break; nil when the line is not exactly that.
    private static func headerNumbers(in bytes: [UInt8], from position: inout Int, magic: String?, count: Int) -> [Int]? {
        guard let newline = bytes[position...].firstIndex(of: 0x0A) else { return nil }
        var words = String(decoding: bytes[position..<newline], as: UTF8.self).split(separator: " ", omittingEmptySubsequences: false)
        if let magic {
            guard words.first.map(String.init) == magic else { return nil }
            words.removeFirst()
        }
        let numbers = words.compactMap { Int($0) }
        guard words.count == count, numbers.count == count, numbers.allSatisfy({ $0 >= 0 }) else { return nil }
        position = newline + 1
        return numbers
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
