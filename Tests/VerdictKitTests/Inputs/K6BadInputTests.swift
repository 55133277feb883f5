import Foundation
import Testing
@testable import VerdictKit

/// Broken k6 streams: each is refused with the file and line (exit 2), never read as fewer points.
@Suite struct K6BadInputTests {
    static let corpus = Fixtures.path("k6-ndjson/k6-2025-thresholds-submetrics-in-metric-lines.ndjson")

    static func lines() throws -> [String] {
        try String(contentsOfFile: corpus, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func error(_ text: String, name: String) throws -> InputError? {
        let path = try TemporaryFiles.write(Data(text.utf8), name: name)
        do {
            _ = try InputLoader.load([InputRequest(path: path)], selection: nil)
            return nil
        } catch {
            return error.errors.first
        }
    }

    static func malformed(_ error: InputError?) -> (line: Int?, message: String) {
        guard case let .malformed(_, position, message)? = error else { return (nil, "\(String(describing: error))") }
        return (position?.line, message)
    }

    @Test func aPointForAnUndeclaredMetric() throws {
        // Line 3 declares http_req_duration; without it the Point on line 4 becomes line 3.
        let text = try Self.lines().enumerated().filter { $0.offset != 2 }.map(\.element).joined(separator: "\n") + "\n"
        let (line, message) = Self.malformed(try Self.error(text, name: "undeclared.ndjson"))
        #expect(line == 3)
        #expect(message == "a Point for metric 'http_req_duration', which no earlier Metric line declares")
    }

    @Test(arguments: [#""fast""#, "null", "true", "{}"])
    func aNonNumericValue(_ replacement: String) throws {
        var lines = try Self.lines()
        let index = try #require(lines.firstIndex { $0.hasPrefix(#"{"metric":"http_req_waiting","type":"Point""#) })
        lines[index] = lines[index].replacing(#/"value":[0-9.]+/#, with: "\"value\":\(replacement)")
        let (line, message) = Self.malformed(try Self.error(lines.joined(separator: "\n") + "\n", name: "value.ndjson"))
        #expect(line == index + 1)
        #expect(message.hasPrefix("expected a number in 'value'"), "\(message)")
    }

    @Test func aLineCutShortInTheMiddle() throws {
        var lines = try Self.lines()
        lines[5] = String(lines[5].prefix(100))
        let (line, message) = Self.malformed(try Self.error(lines.joined(separator: "\n") + "\n", name: "middle.ndjson"))
        #expect(line == 6)
        #expect(message.contains("expected"), "\(message)")
    }

    @Test func aTruncatedLastLineIsRecordedForTheRule() throws {
        let text = try String(contentsOfFile: Self.corpus, encoding: .utf8)
        let path = try TemporaryFiles.write(Data(text.utf8.dropLast(40)), name: "killed.ndjson")
        let metrics = try #require(try InputLoader.load([InputRequest(path: path)]).load?.first)
        let truncated = try #require(metrics.truncatedLine)
        #expect(truncated.line == 425)
        #expect(truncated.message.hasPrefix("\(path):425: the last line ends before its JSON does"))
        #expect(metrics.pointCount == 405)  // 406 points, the last one cut
    }

    @Test func aLastLineWithoutALineBreakButCompleteCounts() throws {
        let text = try String(contentsOfFile: Self.corpus, encoding: .utf8)
        let path = try TemporaryFiles.write(Data(text.utf8.dropLast(1)), name: "no-final-newline.ndjson")
        let metrics = try #require(try InputLoader.load([InputRequest(path: path)]).load?.first)
        #expect(metrics.truncatedLine == nil)
        #expect(metrics.pointCount == 406)
    }

    @Test func aGzipStreamCutShort() throws {
        let gzipped = try Data(contentsOf: URL(fileURLWithPath: try TemporaryFiles.gzip(Self.corpus)))
        let path = try TemporaryFiles.write(gzipped.prefix(gzipped.count / 2), name: "cut.ndjson.gz")
        guard case let .malformed(errorPath, position, message)? = try Self.errorAt(path) else {
            Issue.record("a cut gzip stream must be refused")
            return
        }
        #expect(errorPath == path)
        #expect(position != nil)
        #expect(message.contains("the gzip stream is cut short"))
    }

    @Test func gzipGarbage() throws {
        let path = try TemporaryFiles.write(Data([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, 0x01, 0x02, 0x03]), name: "garbage.gz")
        guard case let .malformed(_, _, message)? = try Self.errorAt(path) else {
            Issue.record("garbage must be refused")
            return
        }
        #expect(message.contains("gzip"))
    }

    static func errorAt(_ path: String) throws -> InputError? {
        do {
            _ = try InputLoader.load([InputRequest(path: path)])
            return nil
        } catch {
            return error.errors.first
        }
    }

    @Test func aJSONLogIsNotAMetricsStream() throws {
        let log = #"{"level":"error","msg":"boom","time":"2025-01-01T00:00:00Z"}"# + "\n" + #"{"level":"info","msg":"x","time":"2025-01-01T00:00:01Z"}"# + "\n"
        let path = try TemporaryFiles.write(Data(log.utf8), name: "log.json")
        do {
            _ = try InputLoader.load([InputRequest(path: path, forcedKind: .k6)])
            Issue.record("a log must be refused")
        } catch {
            #expect(error.renderedDiagnostics.contains("not a k6 summary"), "\(error.renderedDiagnostics)")
        }
    }

    @Test func standardInputIsReadInMemoryWithTheSameScanner() throws {
        let file = try InputFile(path: "-", raw: try Data(contentsOf: URL(fileURLWithPath: Self.corpus)))
        let metrics = try K6Reader.read(file, selection: nil)
        #expect(metrics.source == .stream)
        #expect(metrics.pointCount == 406)
    }
}
