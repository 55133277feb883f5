import Foundation
import Testing
@testable import VerdictKit

/// Every input a fuzz target crashed on (`Tests/Fixtures/hostile/fuzz/TARGET/`), replayed through
/// the reader it crashed: each must now be read or refused with an `InputError`, never crash.
/// `scripts/fuzz.sh regress` replays the same files through the sanitizer build.
@Suite struct FuzzRegressionTests {
    static let directory = Fixtures.root.appendingPathComponent("hostile/fuzz")

    static var files: [String] {
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return targets.sorted().flatMap { target in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(target).path)) ?? [])
                .sorted().map { "\(target)/\($0)" }
        }
    }

    @Test(arguments: files)
    func aCrashFoundByFuzzingIsNowAnError(_ relative: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(relative))
        let target = String(relative.prefix { $0 != "/" })
        do {
            let file = try InputFile(path: relative, raw: data)
            switch target {
            case "k6-stream": _ = try K6StreamReader.read(file, selection: nil)
            case "k6-summary": _ = try K6SummaryReader.read(file)
            case "tfplan-text": _ = try PlanTextReader.read(file)
            case "tfplan-json": _ = try PlanJSONReader.read(file)
            case "policy": _ = try PolicyLoader(now: Fixtures.now).load(text: String(decoding: data, as: UTF8.self), path: relative)
            default:
                let kind = try #require(InputKind(rawValue: target))
                _ = try InputLoader.read(file, as: InputRequest(path: relative, forcedKind: kind))
            }
        } catch is InputError {
        } catch is PolicyError {
        }
    }

    /// k6 times far from now overflowed the nanosecond clock (found by the k6-stream target).
    @Test func aK6TimeOutsideTheNanosecondRangeIsRefused() throws {
        let file = try Fixtures.input("hostile/fuzz/k6-stream/year-1010-time-overflow.ndjson")
        let error = try #require(throws: InputError.self) { try K6StreamReader.read(file, selection: nil) }
        #expect(error.diagnostics.map(\.description) == [
            "\(file.path):3:62: error: expected an RFC 3339 time from 1678 to 2261 in 'time', found '1010-02-20T01:51:30.117239+02:00'",
        ])
    }

    /// LF/LH counts added past Int.max (found by the lcov target), and an LF value with
    /// trailing garbage that was read as its first number.
    @Test func lcovSummaryCountsAreWholeNumbersThatDoNotOverflow() throws {
        let overflow = try Fixtures.input("hostile/fuzz/lcov/lf-sum-overflow.info")
        let error = try #require(throws: InputError.self) { try LCOVReader.read(overflow) }
        #expect(error.diagnostics.map(\.description) == ["\(overflow.path):50:1: error: the LF counts for 'src/a.c' add up past 9223372036854775807"])
        let garbage = try Fixtures.input("hostile/fuzz/lcov/lf-not-a-number.info")
        let refused = try #require(throws: InputError.self) { try LCOVReader.read(garbage) }
        #expect(refused.diagnostics.map(\.description) == ["\(garbage.path):3:4: error: LF value must be a whole number, found '2,0,2,2ilities'"])
    }
}
