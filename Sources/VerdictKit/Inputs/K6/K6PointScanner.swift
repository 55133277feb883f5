import Foundation

/// Scans the lines of a `k6 run --out json` stream once, keeping only what a selection needs.
///
/// Lines are not JSON-decoded: k6 writes every `Point` line in one of two fixed layouts
/// (`{"metric":"NAME","type":"Point","data":{"time":"…","value":…,"tags":{…}}}` since 2021,
/// `{"type":"Point","data":{…},"metric":"NAME"}` before), so the scanner reads the metric name
/// at its known place and, for the metrics it keeps, the time, value and tags right after it.
/// A line in any other layout, and every `Metric` line, goes through the full JSON parser.
/// Bytes arrive in chunks of any size; a line split between chunks is carried over.
final class K6PointScanner {
    let path: String
    /// Whether lines come out of a gzip stream, for messages.
    let decompressed: Bool
    let selection: LoadSelection?

    private(set) var lineNumber = 0
    private(set) var pointCount = 0
    private var pending: [UInt8] = []
    private var names = NameTable()
    private var metrics: [MetricState] = []
    private var sinks: [SinkAccumulator] = []
    private var declaredThresholds: [(metric: String, source: String)] = []
    private var firstTime = Int64.max
    private var lastTime = Int64.min
    private var truncated: TruncatedLine?

    /// The longest line buffered whole; a longer one is refused rather than grown without end
    /// (a gzip bomb of zeros is one endless line).
    let maxLineBytes: Int

    init(path: String, selection: LoadSelection?, decompressed: Bool, maxLineBytes: Int = InputLimits.defaultMaxLineBytes) {
        self.path = path
        self.selection = selection
        self.decompressed = decompressed
        self.maxLineBytes = maxLineBytes
    }

    /// Bytes of a line begun but not yet ended, carried to the next chunk.
    var pendingCount: Int { pending.count }

    /// Adds the start of a line to the carried-over bytes, refusing a line past `maxLineBytes`.
    private func carry(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
        guard pending.count + bytes.count <= maxLineBytes else {
            throw .malformed(
                path: path, position: TextPosition(line: lineNumber + 1, column: 1),
                message: "line \(lineNumber + 1)\(decompressed ? " of the decompressed stream" : "") is longer than \(InputLimits.describe(maxLineBytes)) without a line break; k6 writes one short JSON object per line (not k6 output, or corrupt)")
        }
        pending.append(contentsOf: bytes)
    }

    /// A declared metric, and the sinks of the selectors on it that are kept.
    struct MetricState {
        var name: String
        var type: LoadMetricType
        var contains: LoadMetricContents
        /// The sink of the metric without tag filters, when kept.
        var plainSink: Int?
        /// Sub-metrics kept: their tag filters and sinks.
        var filtered: [(tags: [(key: [UInt8], value: [UInt8])], sink: Int, selector: MetricSelector)]
        var isKept: Bool { plainSink != nil || !filtered.isEmpty }
    }

    // MARK: Feeding

    /// Scans the complete lines in `chunk`, carrying a partial last line to the next call.
    func consume(_ chunk: UnsafeBufferPointer<UInt8>) throws(InputError) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var start = 0
        if !pending.isEmpty {
            guard let newline = memchr(base, 0x0A, chunk.count) else {
                try carry(chunk)
                return
            }
            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            try carry(UnsafeBufferPointer(rebasing: chunk[0..<end]))
            let line = pending
            pending.removeAll(keepingCapacity: true)
            try line.withUnsafeBufferPointer { buffer throws(InputError) in try scanLine(buffer, 0, buffer.count) }
            start = end + 1
        }
        while start < chunk.count {
            guard let newline = memchr(base + start, 0x0A, chunk.count - start) else {
                try carry(UnsafeBufferPointer(rebasing: chunk[start...]))
                return
            }
            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            try scanLine(chunk, start, end)
            start = end + 1
        }
    }

    /// Scans a last line without a line break: a complete line counts; one cut short is
    /// recorded as truncated (a killed k6 run) for the rule to judge.
    func finish() throws(InputError) -> LoadMetrics {
        if !pending.isEmpty {
            let line = pending
            pending = []
            try line.withUnsafeBufferPointer { buffer throws(InputError) in
                let number = lineNumber + 1
                do throws(JSONSyntaxError) {
                    var cursor = JSONCursor(bytes: buffer)
                    try cursor.skipValue()
                    try cursor.expectEnd()
                } catch where error.found == "the end of the file" {
                    lineNumber = number
                    truncated = TruncatedLine(
                        line: number,
                        message: "\(path):\(number): the last line ends before its JSON does (\(buffer.count) bytes; a k6 run killed while writing?)")
                    return
                } catch {}
                try scanLine(buffer, 0, buffer.count)
            }
        }
        return result()
    }

    // MARK: Lines

    private static let newPointPrefix: StaticString = #"{"metric":""#
    private static let newPointMiddle: StaticString = #"","type":"Point","data":{"time":""#
    private static let oldPointPrefix: StaticString = #"{"type":"Point","data":{"time":""#
    private static let oldPointSuffix: StaticString = #","metric":""#

    private func scanLine(_ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ rawEnd: Int) throws(InputError) {
        lineNumber += 1
        var end = rawEnd
        if end > lineStart, bytes[end - 1] == 0x0D { end -= 1 }
        var start = lineStart
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        guard start < end else { return }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }

        // A line cut short (or two writes run together) does not end in '}': the parser says where.
        if bytes[end - 1] != UInt8(ascii: "}") {
            return try generic(bytes, lineStart: lineStart, start: start, end: end)
        } else if Self.matches(bytes, start, end, Self.newPointPrefix) {
            let nameStart = start + Self.newPointPrefix.utf8CodeUnitCount
            if let nameEnd = Self.closingQuote(bytes, nameStart, end),
               Self.matches(bytes, nameEnd, end, Self.newPointMiddle) {
                let timeStart = nameEnd + Self.newPointMiddle.utf8CodeUnitCount
                if try point(bytes, lineStart: lineStart, name: nameStart..<nameEnd, timeStart: timeStart, end: end) { return }
            }
        } else if Self.matches(bytes, start, end, Self.oldPointPrefix) {
            // The metric name is at the end: `,"metric":"NAME"}`.
            let close = end - 1
            if close > start + 1, bytes[close] == UInt8(ascii: "}"), bytes[close - 1] == UInt8(ascii: "\"") {
                let nameEnd = close - 1
                var nameStart = nameEnd
                while nameStart > start, bytes[nameStart - 1] != UInt8(ascii: "\""), bytes[nameStart - 1] != UInt8(ascii: "\\") { nameStart -= 1 }
                let suffixLength = Self.oldPointSuffix.utf8CodeUnitCount
                if nameStart - suffixLength > start, Self.matches(bytes, nameStart - suffixLength, end, Self.oldPointSuffix) {
                    let timeStart = start + Self.oldPointPrefix.utf8CodeUnitCount
                    if try point(bytes, lineStart: lineStart, name: nameStart..<nameEnd, timeStart: timeStart, end: end) { return }
                }
            }
        }
        try generic(bytes, lineStart: lineStart, start: start, end: end)
    }

    /// A Point in k6's layout. Returns false when the layout differs, for the generic parser.
    private func point(
        _ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, name: Range<Int>, timeStart: Int, end: Int
    ) throws(InputError) -> Bool {
        guard let index = names.find(bytes, name) else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[name]), as: UTF8.self)
            throw problem(at: name.lowerBound - lineStart, "a Point for metric '\(text)', which no earlier Metric line declares")
        }
        guard let timeEnd = Self.closingQuote(bytes, timeStart, end) else { return false }
        guard let time = RFC3339Nanos.parse(bytes, timeStart, timeEnd) else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[timeStart..<timeEnd]), as: UTF8.self)
            throw problem(at: timeStart - lineStart, "expected an RFC 3339 time from 1678 to 2261 in 'time', found '\(text)'")
        }
        var cursor = timeEnd + 1
        guard Self.matches(bytes, cursor, end, #","value":"#) else { return false }
        cursor += 9
        guard cursor < end, bytes[cursor] == UInt8(ascii: "-") || (bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39) else {
            throw problem(at: cursor - lineStart, "expected a number in 'value', found \(Self.excerpt(bytes, cursor, end))")
        }
        pointCount += 1
        if time < firstTime { firstTime = time }
        if time > lastTime { lastTime = time }
        let metric = metrics[index]
        guard metric.isKept else { return true }

        guard let (value, valueEnd) = FastDecimal.parse(bytes, cursor, end) else {
            throw problem(at: cursor - lineStart, "expected a number in 'value', found \(Self.excerpt(bytes, cursor, end))")
        }
        if let sink = metric.plainSink { sinks[sink].add(value) }
        if !metric.filtered.isEmpty {
            guard Self.matches(bytes, valueEnd, end, #","tags":"#) else { return false }
            let tagsStart = valueEnd + 8
            for filter in metric.filtered where TagMatcher.matches(bytes, tagsStart, end, filter.tags) {
                sinks[filter.sink].add(value)
            }
        }
        return true
    }

    /// Any line the fast path does not recognise: parsed completely.
    private func generic(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, start: Int, end: Int) throws(InputError) {
        let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
        let parsed: K6Line
        do {
            parsed = try K6Line.parse(line)
        } catch {
            throw problem(at: start - lineStart + error.offset, error.message)
        }
        switch parsed {
        case let .metric(name, type, contains, thresholds):
            declare(name: name, type: type, contains: contains, thresholds: thresholds)
        case let .point(name, nameOffset, time, value, tags):
            guard let index = names.find(name) else {
                throw problem(at: start - lineStart + nameOffset, "a Point for metric '\(name)', which no earlier Metric line declares")
            }
            pointCount += 1
            if time < firstTime { firstTime = time }
            if time > lastTime { lastTime = time }
            let metric = metrics[index]
            if let sink = metric.plainSink { sinks[sink].add(value) }
            for filter in metric.filtered where filter.selector.tags.allSatisfy({ tags[$0.key] == $0.value }) {
                sinks[filter.sink].add(value)
            }
        }
    }

    private func declare(name: String, type: LoadMetricType, contains: LoadMetricContents, thresholds: [String]) {
        guard names.find(name) == nil else { return }
        for source in thresholds { declaredThresholds.append((name, source)) }
        var state = MetricState(name: name, type: type, contains: contains, plainSink: nil, filtered: [])
        let wanted: [MetricSelector]
        if let selection {
            var chosen = selection.selectors.filter { $0.name == name }
            if selection.includeDeclaredThresholds, !thresholds.isEmpty { chosen.insert(MetricSelector(name: name)) }
            if selection.includeEveryMetric { chosen.insert(MetricSelector(name: name)) }
            wanted = chosen.sorted { $0.description < $1.description }
        } else {
            wanted = [MetricSelector(name: name)]
        }
        for selector in wanted {
            sinks.append(SinkAccumulator(type: type))
            if selector.isSubmetric {
                let tags = selector.tags.map { (key: Array($0.key.utf8), value: Array($0.value.utf8)) }
                state.filtered.append((tags, sinks.count - 1, selector))
            } else {
                state.plainSink = sinks.count - 1
            }
        }
        metrics.append(state)
        names.insert(Array(name.utf8), index: metrics.count - 1)
    }

    // MARK: Result

    private func result() -> LoadMetrics {
        var result = LoadMetrics(source: .stream, path: path)
        result.lineCount = lineNumber
        result.pointCount = pointCount
        result.truncatedLine = truncated
        result.declaredThresholds = declaredThresholds
        if lastTime > firstTime {
            // k6 divides a Counter's count by the test run's duration (`CounterSink.Format(t)`
            // with the execution's elapsed time). A stream does not record that duration; the
            // closest it holds is the span from its earliest to its latest point — k6 samples
            // `vus` from the first second, so the span starts at the test's start, and ends
            // at its last sample, short of k6's figure by the time spent tearing down.
            // Exact in Int64 for any real run; only times centuries apart overflow it.
            let (span, overflow) = lastTime.subtractingReportingOverflow(firstTime)
            result.duration = overflow ? (Double(lastTime) - Double(firstTime)) / 1e9 : Double(span) / 1e9
            result.durationOrigin = "span from the first to the last point's time"
        }
        for metric in metrics {
            if let sink = metric.plainSink {
                result.metrics[MetricSelector(name: metric.name)] = LoadMetric(
                    name: metric.name, type: metric.type, contains: metric.contains, data: .sink(sinks[sink].finish()))
            }
            for filter in metric.filtered {
                result.metrics[filter.selector] = LoadMetric(
                    name: filter.selector.description, type: metric.type, contains: metric.contains, data: .sink(sinks[filter.sink].finish()))
            }
        }
        return result
    }

    // MARK: Helpers

    private func problem(at column: Int, _ message: String) -> InputError {
        let where_ = decompressed ? " (of the decompressed stream)" : ""
        return .malformed(path: path, position: TextPosition(line: lineNumber, column: column + 1), message: message + where_)
    }

    @inline(__always)
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard at + length <= end, let base = bytes.baseAddress else { return false }
        return memcmp(base + at, literal.utf8Start, length) == 0
    }

    /// The index of the `"` closing a string without escapes that starts at `start`; nil if
    /// the string has an escape (left to the generic parser) or does not close on the line.
    @inline(__always)
    static func closingQuote(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return index }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int) -> String {
        guard at < end else { return "the end of the line" }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<min(end, at + 20)]), as: UTF8.self)
        return "'\(text)'"
    }
}

/// The running state of one k6 sink (`metrics/sink.go`).
struct SinkAccumulator {
    let type: LoadMetricType
    var values: [Double] = []
    var sum = 0.0
    var count = 0
    var nonZero = 0
    var last = 0.0
    var min = Double.infinity
    var max = -Double.infinity

    init(type: LoadMetricType) { self.type = type }

    @inline(__always)
    mutating func add(_ value: Double) {
        count += 1
        switch type {
        case .trend:
            values.append(value)
            sum += value
        case .counter:
            sum += value
        case .rate:
            if value != 0 { nonZero += 1 }
        case .gauge:
            last = value
            if value < min { min = value }
            if value > max { max = value }
        }
    }

    mutating func finish() -> LoadSink {
        switch type {
        case .trend:
            let kept = values
            values = []
            return .trend(TrendSamples(values: kept, sum: sum))
        case .counter: return .counter(sum: sum, count: count)
        case .rate: return .rate(nonZero: nonZero, total: count)
        case .gauge: return .gauge(last: last, min: count > 0 ? min : 0, max: count > 0 ? max : 0, count: count)
        }
    }
}

/// Metric names to indexes, looked up by the bytes of a line without making a String.
struct NameTable {
    private var slots: [(hash: UInt64, name: [UInt8], index: Int)?] = Array(repeating: nil, count: 64)
    private var count = 0

    static let emptyHash: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<count { hash = (hash ^ UInt64(base[i])) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    func find(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let start = base + range.lowerBound
        let length = range.count
        let hash = Self.hash(start, length)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while let entry = slots[slot] {
            if entry.hash == hash, entry.name.count == length,
               entry.name.withUnsafeBufferPointer({ $0.baseAddress.map { memcmp($0, start, length) == 0 } ?? (length == 0) }) {
                return entry.index
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    func find(_ name: String) -> Int? {
        var name = name
        return name.withUTF8 { find($0, 0..<$0.count) }
    }

    mutating func insert(_ name: [UInt8], index: Int) {
        if (count + 1) * 2 > slots.count {
            let old = slots.compactMap { $0 }
            slots = Array(repeating: nil, count: slots.count * 2)
            count = 0
            for entry in old { insert(entry.name, index: entry.index) }
        }
        let hash = name.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { Self.hash($0, buffer.count) } ?? Self.emptyHash }
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] != nil { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = (hash, name, index)
        count += 1
    }
}
