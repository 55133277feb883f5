/// One line of a k6 JSON stream, parsed completely: the path for `Metric` lines and for any
/// line the scanner's fast path does not recognise (other key orders, white space, escapes).
enum K6Line {
    case metric(name: String, type: LoadMetricType, contains: LoadMetricContents, thresholds: [String])
    case point(name: String, nameOffset: Int, time: Int64, value: Double, tags: [String: String])

    /// What is wrong with a line, at a byte offset within it.
    struct Problem: Error {
        var offset: Int
        var message: String
    }

    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(Problem) -> K6Line {
        var cursor = JSONCursor(bytes: line)
        func fail(_ error: JSONSyntaxError) -> Problem {
            Problem(offset: error.position.offset, message: error.message)
        }
        do {
            guard try cursor.peekKind() == .object else {
                throw cursor.error(expected: "a JSON object (a k6 Metric or Point line)")
            }
            var type: String?
            var metric: String?
            var metricOffset = 0
            var dataOffset: Int?
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                switch key {
                case "type": type = try cursor.readOptionalString()
                case "metric":
                    cursor.skipWhitespace()
                    metricOffset = cursor.offset + 1
                    metric = try cursor.readOptionalString()
                case "data":
                    cursor.skipWhitespace()
                    dataOffset = cursor.offset
                    try cursor.skipValue()
                default: try cursor.skipValue()
                }
            }
            try cursor.expectEnd()
            guard let type, type == "Metric" || type == "Point" else {
                throw Problem(offset: 0, message: "expected a k6 metrics line with \"type\": \"Metric\" or \"Point\", found \(type.map { "type '\($0)'" } ?? "no type") (is this k6 --log-format json output?)")
            }
            guard let dataOffset else { throw Problem(offset: 0, message: "expected 'data' in a \(type) line") }
            var data = JSONCursor(bytes: line, offset: dataOffset)
            guard try data.peekKind() == .object else { throw data.error(expected: "an object in 'data'") }
            if type == "Metric" { return try metricLine(&data) }
            guard let metric, !metric.isEmpty else { throw Problem(offset: 0, message: "expected the metric's name in 'metric' of a Point line") }
            return try pointLine(&data, metric: metric, metricOffset: metricOffset)
        } catch let error as Problem {
            throw error
        } catch let error as JSONSyntaxError {
            throw fail(error)
        } catch {
            throw Problem(offset: 0, message: "\(error)")
        }
    }

    static func metricLine(_ data: inout JSONCursor) throws -> K6Line {
        var name: String?
        var type: String?
        var typeOffset = 0
        var contains: String?
        var thresholds: [String] = []
        try data.enterObject()
        while let key = try data.nextKey() {
            switch key {
            case "name": name = try data.readOptionalString()
            case "type":
                data.skipWhitespace()
                typeOffset = data.offset
                type = try data.readOptionalString()
            case "contains": contains = try data.readOptionalString()
            case "thresholds" where try data.peekKind() == .array:
                try data.enterArray()
                while try data.nextElement() { thresholds.append(try data.readString()) }
            default: try data.skipValue()
            }
        }
        guard let name, !name.isEmpty else { throw Problem(offset: 0, message: "expected the metric's 'name' in a Metric line") }
        guard let metricType = type.flatMap(LoadMetricType.init(rawValue:)) else {
            throw Problem(offset: typeOffset, message: "unknown metric type \(type.map { "'\($0)'" } ?? "(none)") for '\(name)'; expected one of counter, gauge, rate, trend")
        }
        return .metric(name: name, type: metricType, contains: contains.flatMap(LoadMetricContents.init(rawValue:)) ?? .default, thresholds: thresholds)
    }

    static func pointLine(_ data: inout JSONCursor, metric: String, metricOffset: Int) throws -> K6Line {
        var time: Int64?
        var value: Double?
        var tags: [String: String] = [:]
        let objectOffset = data.offset
        try data.enterObject()
        while let key = try data.nextKey() {
            switch key {
            case "time":
                data.skipWhitespace()
                let start = data.offset
                let text = try data.readString()
                var copy = Array(text.utf8)
                guard let parsed = copy.withUnsafeMutableBufferPointer({ RFC3339Nanos.parse(UnsafeBufferPointer($0), 0, $0.count) }) else {
                    throw Problem(offset: start, message: "expected an RFC 3339 time from 1678 to 2261 in 'time', found '\(text)'")
                }
                time = parsed
            case "value":
                data.skipWhitespace()
                guard try data.peekKind() == .number else {
                    throw data.error(expected: "a number in 'value'")
                }
                value = try data.readDouble()
            case "tags":
                if try data.peekKind() == .null { try data.skipValue(); continue }
                guard try data.peekKind() == .object else { throw data.error(expected: "an object or null in 'tags'") }
                try data.enterObject()
                while let tag = try data.nextKey() {
                    if let text = try data.readScalarText() { tags[tag] = text }
                }
            default: try data.skipValue()
            }
        }
        guard let time else { throw Problem(offset: objectOffset, message: "expected 'time' in the data of a Point line") }
        guard let value else { throw Problem(offset: objectOffset, message: "expected 'value' in the data of a Point line") }
        return .point(name: metric, nameOffset: metricOffset, time: time, value: value, tags: tags)
    }
}

/// Whether a Point's flat `tags` object has every wanted tag, compared on the raw bytes
/// (decoded only when a key or value holds an escape).
enum TagMatcher {
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ wanted: [(key: [UInt8], value: [UInt8])]) -> Bool {
        var found = 0
        var index = start
        guard index < end, bytes[index] == UInt8(ascii: "{") else { return false }  // null tags match nothing
        index += 1
        while index < end {
            guard bytes[index] == UInt8(ascii: "\"") else { return false }
            guard let key = string(bytes, index, end) else { return false }
            index = key.next
            guard index < end, bytes[index] == UInt8(ascii: ":"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "\"") else { return false }
            guard let value = string(bytes, index + 1, end) else { return false }
            index = value.next
            for filter in wanted where equal(bytes, key.range, key.escaped, filter.key) {
                guard equal(bytes, value.range, value.escaped, filter.value) else { return false }
                found += 1
            }
            guard index < end else { return false }
            if bytes[index] == UInt8(ascii: "}") { return found == wanted.count }
            guard bytes[index] == UInt8(ascii: ",") else { return false }
            index += 1
        }
        return false
    }

    /// The raw content range of the string whose opening quote is at `quote`, and the index after it.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ quote: Int, _ end: Int) -> (range: Range<Int>, escaped: Bool, next: Int)? {
        var index = quote + 1
        var escaped = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return (quote + 1..<index, escaped, index + 1) }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 2
                continue
            }
            index += 1
        }
        return nil
    }

    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ escaped: Bool, _ wanted: [UInt8]) -> Bool {
        if !escaped {
            guard range.count == wanted.count else { return false }
            for (offset, byte) in wanted.enumerated() where bytes[range.lowerBound + offset] != byte { return false }
            return true
        }
        // Decode the JSON string (with its quotes) and compare.
        var cursor = JSONCursor(bytes: bytes, offset: range.lowerBound - 1)
        guard let text = try? cursor.readString() else { return false }
        return Array(text.utf8) == wanted
    }
}
