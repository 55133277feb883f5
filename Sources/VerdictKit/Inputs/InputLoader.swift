import Foundation

/// One input named on the command line.
public struct InputRequest: Sendable, Equatable {
    public var path: String
    /// The kind forced by a flag (`--sarif FILE`); nil to detect it from the content.
    public var forcedKind: InputKind?
    public var role: InputDescriptor.Role
    /// How coverage readers map paths (ignored by other kinds).
    public var coverage: CoverageReadOptions

    public init(path: String, forcedKind: InputKind? = nil, role: InputDescriptor.Role = .subject, coverage: CoverageReadOptions = CoverageReadOptions()) {
        self.path = path
        self.forcedKind = forcedKind
        self.role = role
        self.coverage = coverage
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
    public static func load(_ requests: [InputRequest]) throws(InputLoadError) -> Facts {
        var errors: [InputError] = []
        if requests.filter({ $0.path == "-" }).count > 1 {
            errors.append(.unreadable(path: "-", reason: "standard input can be named only once"))
        }
        var loaded: [LoadedInput] = []
        for request in requests where errors.isEmpty {
            do {
                loaded.append(try load(request))
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw InputLoadError(errors: errors) }
        loaded.sort { InputDescriptor.canonicalOrder($0.descriptor, $1.descriptor) }

        return Facts.assembling(loaded)
    }

    static func load(_ request: InputRequest) throws(InputError) -> LoadedInput {
        let file = try InputFile.read(path: request.path)
        let kind: InputKind
        if let forced = request.forcedKind { kind = forced } else { kind = try detect(file) }
        let descriptor = InputDescriptor(kind: kind, role: request.role, path: request.path, size: file.size, sha256: file.sha256)
        switch kind {
        case .sarif:
            return LoadedInput(descriptor: descriptor, content: .findings(try SARIFReader.read(file)))
        case .lcov, .jacoco, .cobertura:
            return LoadedInput(descriptor: descriptor, content: .coverage(try CoverageInput.read(file, kind: kind, options: request.coverage)))
        case .diff:
            return LoadedInput(descriptor: descriptor, content: .diff(try UnifiedDiffReader.read(file)))
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
