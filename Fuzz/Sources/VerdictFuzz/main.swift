import CFuzzerDriver
import Foundation
@testable import VerdictKit

/// One libFuzzer entry point for every target; `VERDICT_FUZZ_TARGET` picks the code under test
/// (one binary links once, where ten would each link VerdictKit with AddressSanitizer).
///
/// Each target feeds the bytes to one reader exactly as `verdict check` would, and checks
/// the invariants a reader promises: it returns a model or throws `InputError`; it never
/// crashes, traps on overflow or reads out of bounds (AddressSanitizer), or hangs (libFuzzer's
/// -timeout). The markdown target also checks that input text stays inert.
enum FuzzTarget: String, CaseIterable {
    case sarif, lcov, jacoco, cobertura
    case k6Summary = "k6-summary"
    case k6Stream = "k6-stream"
    case tfplanText = "tfplan-text"
    case tfplanJSON = "tfplan-json"
    case policy, markdown

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["VERDICT_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("VERDICT_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")), found '\(name)'\n".utf8))
            exit(2)
        }
        return target
    }()
}

let now = Date(timeIntervalSince1970: 1_795_000_000)
let defaultPolicy = try! PolicyLoader(now: now).load(text: DefaultPolicy.text, path: DefaultPolicy.path)

/// SwiftPM links an executable's `main` to `<module>_main`; this hands control to libFuzzer.
@_cdecl("VerdictFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzzOneInput(UnsafeRawPointer(data), size)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    switch FuzzTarget.selected {
    case .sarif: read(data, as: .sarif)
    case .lcov: read(data, as: .lcov)
    case .jacoco: read(data, as: .jacoco)
    case .cobertura:
        read(data, as: .cobertura)
        // The text reader is the other libxml2 interface the CLI offers.
        var options = CoverageReadOptions()
        options.xmlInterface = .textReader
        if let file = try? InputFile(path: "fuzz", raw: data) { _ = try? CoberturaReader.read(file, options: options) }
    case .k6Summary:
        if let file = try? InputFile(path: "fuzz", raw: data) { _ = try? K6SummaryReader.read(file) }
    case .k6Stream:
        // In memory and through the chunked pipeline, in chunks of odd sizes so that lines and
        // UTF-8 characters are split between chunks.
        if let file = try? InputFile(path: "fuzz", raw: data) { _ = try? K6StreamReader.read(file, selection: nil) }
        streamInChunks(data)
    case .tfplanText:
        if let file = try? InputFile(path: "fuzz", raw: data) { _ = try? PlanTextReader.read(file) }
    case .tfplanJSON:
        if let file = try? InputFile(path: "fuzz", raw: data) { _ = try? PlanJSONReader.read(file) }
    case .policy:
        _ = try? PolicyLoader(now: now, readText: { _ in "version: 1\nrules: []\n" }).load(text: String(decoding: data, as: UTF8.self), path: "fuzz.yaml")
    case .markdown:
        renderFindings(from: data)
    }
    return 0
}

/// Reads `data` as `kind` the way `verdict --<kind>` does: detection skipped, UTF-8 checked.
func read(_ data: Data, as kind: InputKind) {
    guard let file = try? InputFile(path: "fuzz", raw: data) else { return }
    _ = try? InputLoader.read(file, as: InputRequest(path: "fuzz", forcedKind: kind))
}

func streamInChunks(_ data: Data) {
    guard let pipeline = try? K6StreamReader.Pipeline(path: "fuzz", gzip: data.starts(with: [0x1F, 0x8B]), selection: nil,
                                                     limits: InputLimits(maxInputBytes: 1 << 24, maxLineBytes: 1 << 16)) else { return }
    let sizes = [1, 7, 64, 3, 4096]
    var offset = 0
    var index = 0
    let failed: Bool = data.withUnsafeBytes { raw in
        while offset < raw.count {
            let end = min(raw.count, offset + sizes[index % sizes.count])
            do { try pipeline.feed(UnsafeRawBufferPointer(rebasing: raw[offset..<end])) } catch { return true }
            offset = end
            index += 1
        }
        return false
    }
    if !failed { _ = try? pipeline.finish() }
}

/// Findings whose every text field comes from the fuzz input, judged by the default policy and
/// rendered: the report must keep exactly its own markup.
func renderFindings(from data: Data) {
    let fields = data.split(separator: 0x00, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    guard fields.count >= 4 else { return }
    var findings: [Finding] = []
    var index = 0
    while index + 4 <= fields.count, findings.count < 50 {
        let level = Severity.worstFirst[Int(fields[index].utf8.first ?? 0) % Severity.worstFirst.count]
        findings.append(Finding(
            ruleID: fields[index], level: level, tool: "fuzz", message: fields[index + 1],
            location: FindingLocation(uri: fields[index + 2], line: 1), package: fields[index + 3],
            installedVersion: fields[index + 3], fixedVersion: fields[index]))
        index += 4
    }
    let descriptor = InputDescriptor(kind: .sarif, role: .subject, path: fields[1], size: data.count, sha256: String(repeating: "0", count: 64))
    let facts = Facts(findings: FindingSet(findings: findings), inputs: [descriptor])
    let decision = Evaluator(policy: defaultPolicy, now: now).evaluate(facts)
    let report = MarkdownReport().render(decision)
    let ownDetails = decision.results.count
    let opened = report.components(separatedBy: "<details>").count - 1
    let closed = report.components(separatedBy: "</details>").count - 1
    if opened > ownDetails || closed > ownDetails || opened != closed {
        fatalError("input text changed the report's <details> structure: \(opened) opened, \(closed) closed, \(ownDetails) rules")
    }
    for line in report.split(separator: "\n") {
        for raw in ["<img", "<script", "<a ", "](javascript", "<iframe"] where line.lowercased().contains(raw) {
            fatalError("input text came out as markup in the report: '\(raw)' in \(line.prefix(200))")
        }
    }
    _ = DecisionRecord.render(decision)
}
