import Foundation

/// One input named on the command line.
public struct InputRequest: Sendable, Equatable {
    public var path: String
    /// The kind forced by a flag (`--sarif FILE`); nil to detect it from the content.
    public var forcedKind: InputKind?
    public var role: InputDescriptor.Role
    /// How coverage readers map paths (ignored by other kinds).
    public var coverage: CoverageReadOptions
    /// The SHA-256 the bytes must have (a replay's recorded hash): other bytes are refused
    /// before they are read. nil for a first reading.
    public var expectedSHA256: String?

    public init(
        path: String, forcedKind: InputKind? = nil, role: InputDescriptor.Role = .subject,
        coverage: CoverageReadOptions = CoverageReadOptions(), expectedSHA256: String? = nil
    ) {
        self.path = path
        self.forcedKind = forcedKind
        self.role = role
        self.coverage = coverage
        self.expectedSHA256 = expectedSHA256
    }
}

/// Every input that could not be read; all are reported, not just the first.
public struct InputLoadError: DiagnosticError, Sendable {
    public var errors: [InputError]
    public var diagnostics: [Diagnostic] { errors.flatMap(\.diagnostics) }
}

/// Reads inputs, detects their kinds and turns them into `Facts`.
///
/// The result does not depend on the order the inputs were given in: inputs are listed in
/// canonical order and merged in that order.
public enum InputLoader {
    /// - Parameter selection: what to keep of k6 point streams (`LoadSelection.needed(by:)`);
    ///   nil keeps every metric.
    public static func load(_ requests: [InputRequest], selection: LoadSelection? = nil, limits: InputLimits = InputLimits()) throws(InputLoadError) -> Facts {
        try loadKeepingFiles(requests, selection: selection, limits: limits).facts
    }

    /// Like `load`, also returning the files read whole, for an archive to store (a k6 point
    /// stream is read in chunks and not kept).
    /// - Parameters:
    ///   - limits: how big an input may be (`--max-input-bytes`); checked before reading.
    ///   - willRead: called before each input is read (the CLI's memory guard names it).
    public static func loadKeepingFiles(
        _ requests: [InputRequest], selection: LoadSelection? = nil, limits: InputLimits = InputLimits(),
        willRead: (InputRequest) -> Void = { _ in }
    ) throws(InputLoadError) -> (facts: Facts, files: [InputFile]) {
        var errors: [InputError] = []
        if requests.filter({ $0.path == "-" }).count > 1 {
            errors.append(.unreadable(path: "-", reason: "standard input can be named only once"))
        }
        var loaded: [LoadedInput] = []
        var files: [InputFile?] = Array(repeating: nil, count: requests.count)
        var failures: [(index: Int, error: InputError)] = []
        var diffs: [UnifiedDiff] = []
        let readable = errors.isEmpty ? readingOrder(requests) : []
        for index in readable {
            let request = prepared(requests[index], among: requests, diffs: diffs)
            willRead(request)
            do {
                let (input, file) = try load(request, selection: selection, limits: limits)
                loaded.append(input)
                if case let .diff(diff) = input.content { diffs.append(diff) }
                files[index] = file
            } catch {
                failures.append((index, error))
            }
        }
        errors += failures.sorted { $0.index < $1.index }.map(\.error)
        guard errors.isEmpty else { throw InputLoadError(errors: errors) }
        loaded.sort { InputDescriptor.canonicalOrder($0.descriptor, $1.descriptor) }
        return (Facts.assembling(loaded), files.compactMap { $0 })
    }

    /// The order inputs are read in: diffs named as such (`--diff`) first, so that the
    /// coverage reader knows which files need per-line data; the rest as given.
    public static func readingOrder(_ requests: [InputRequest]) -> [Int] {
        let diffs = requests.indices.filter { requests[$0].forcedKind == .diff }
        return diffs + requests.indices.filter { requests[$0].forcedKind != .diff }
    }

    /// `request` as it is read once `diffs` (every diff named as such) are read: the only
    /// coverage input of its role keeps per-line data just for the files they touch.
    public static func prepared(_ request: InputRequest, among requests: [InputRequest], diffs: [UnifiedDiff]) -> InputRequest {
        guard request.coverage.lineDetail == .everyFile, CoverageLineDetail.applies(to: request, among: requests) else { return request }
        var request = request
        request.coverage.lineDetail = .filesMatching(diffPaths: diffs.flatMap(\.paths))
        return request
    }

    static func load(_ request: InputRequest, selection: LoadSelection?, limits: InputLimits = InputLimits()) throws(InputError) -> (LoadedInput, InputFile?) {
        // A k6 point stream can be gigabytes: stream it rather than read it whole.
        if request.path != "-", request.forcedKind == nil || request.forcedKind == .k6,
           let prefix = K6StreamReader.prefix(of: request.path),
           prefix.withUnsafeBufferPointer(K6StreamReader.isStream) {
            let input = try K6StreamReader.load(request, selection: selection, limits: limits)
            try checkExpectedHash(request, actual: input.descriptor.sha256)
            return (input, nil)
        }
        let (raw, isMapped) = try InputFile.readBytes(path: request.path, limits: limits)
        if let read = try readHashingAside(raw, isMapped: isMapped, as: request, selection: selection, limits: limits) { return read }
        let file = try InputFile.assemble(path: request.path, raw: raw, isMapped: isMapped)
        return (try read(file, as: request, selection: selection, limits: limits), file)
    }

    /// A mapped input (SARIF, a plan, coverage), parsed while another core hashes it and checks
    /// its UTF-8 (`PendingDigest`); nil for UTF-16 text and for the kinds that stream or are
    /// small (k6, diffs), which take the plain path.
    ///
    /// Errors come out in the plain path's order (an altered input, invalid UTF-8, then the
    /// reader's own), so the outcome is the same; on a 2-core runner the hash is off the
    /// critical path. A reader may therefore see bytes the UTF-8 check (or a replay's hash)
    /// then refuses: every reader used here takes any bytes and returns or throws, never traps
    /// (the JSON readers validate every byte, libxml2 refuses bad encodings, and the lcov and
    /// plan-text scanners work on bytes: `ReadersOnInvalidUTF8Tests`).
    static func readHashingAside(
        _ raw: Data, isMapped: Bool, as request: InputRequest, selection: LoadSelection? = nil, limits: InputLimits = InputLimits()
    ) throws(InputError) -> (LoadedInput, InputFile)? {
        // Only a file's own read-only mapping may have its pages dropped (on ordinary memory
        // that would zero them); UTF-16 is converted into a copy. Both take the plain path.
        guard isMapped, case .utf8 = InputFile.encoding(of: raw) else { return nil }
        // The hash is filled in once known; nothing reads it before.
        var file = try InputFile(path: request.path, raw: raw, sha256: "")
        file.isMapped = true
        let kind: InputKind
        if let forced = request.forcedKind {
            kind = forced
        } else if let detected = try? detect(file) {
            kind = detected
        } else {
            return nil
        }
        switch kind {
        case .sarif, .terraformPlan, .lcov, .jacoco, .cobertura: break
        case .k6, .diff: return nil
        }
        let digest = PendingDigest(of: raw)
        let parsed = Result { () throws(InputError) in try content(of: file, kind: kind, request: request, selection: selection, limits: limits) }
        let (sha256, validity) = digest.wait()
        file.sha256 = sha256
        file.adoptUTF8Validity(ofRaw: validity)
        InputFile.releasePages(of: raw, upTo: raw.count)
        try checkExpectedHash(request, actual: sha256)
        try UTF8Check.validate(file, kind: kind)
        let descriptor = InputDescriptor(kind: kind, role: request.role, path: file.path, size: file.size, sha256: sha256)
        return (LoadedInput(descriptor: descriptor, content: try parsed.get()), file)
    }

    /// Refuses bytes other than the ones a record names (a replay reading from a path).
    static func checkExpectedHash(_ request: InputRequest, actual: String) throws(InputError) {
        if let expected = request.expectedSHA256, expected != actual {
            throw .altered(path: request.path, expected: expected, actual: actual)
        }
    }

    /// Reads an input whose bytes are already at hand (a replay takes them from an archive).
    public static func read(_ file: InputFile, as request: InputRequest, selection: LoadSelection? = nil, limits: InputLimits = InputLimits()) throws(InputError) -> LoadedInput {
        try checkExpectedHash(request, actual: file.sha256)
        let kind: InputKind
        if let forced = request.forcedKind { kind = forced } else { kind = try detect(file) }
        try UTF8Check.validate(file, kind: kind)
        let descriptor = InputDescriptor(kind: kind, role: request.role, path: file.path, size: file.size, sha256: file.sha256)
        return LoadedInput(descriptor: descriptor, content: try content(of: file, kind: kind, request: request, selection: selection, limits: limits))
    }

    /// The model of `file` read as `kind`.
    static func content(
        of file: InputFile, kind: InputKind, request: InputRequest, selection: LoadSelection? = nil, limits: InputLimits = InputLimits()
    ) throws(InputError) -> InputContent {
        switch kind {
        case .sarif: .findings(try SARIFReader.read(file))
        case .terraformPlan: .terraformPlan(try TerraformPlanReader.read(file))
        case .k6: .load(try K6Reader.read(file, selection: selection, limits: limits))
        case .lcov, .jacoco, .cobertura: .coverage(try CoverageInput.read(file, kind: kind, options: request.coverage))
        case .diff: .diff(try UnifiedDiffReader.read(file))
        }
    }

    static func detect(_ file: InputFile) throws(InputError) -> InputKind {
        let detected = file.text.prefix(InputKind.sniffLength).withUnsafeBytes { raw in
            InputKind.detect(raw.bindMemory(to: UInt8.self))
        }
        if let detected { return detected }
        throw .unrecognized(path: file.path, found: describeStart(of: file.text))
    }

    /// The first few characters of a file, for "cannot tell what kind of input this is".
    static func describeStart(of data: Data) -> String {
        guard !data.isEmpty else { return "an empty file" }
        let head = String(decoding: data.prefix(40), as: UTF8.self)
        let firstLine = head.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = firstLine.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "white space" : "'\(trimmed.prefix(30))'"
    }
}
