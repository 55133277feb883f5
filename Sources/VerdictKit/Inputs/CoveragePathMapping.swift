/// How report paths become repository paths, so that per-path rules, diffs and people use
/// the same names.
///
/// Every path (report paths, source directories, the source root; diff paths in
/// `UnifiedDiffReader`) goes through `LexicalPath.normalize` first: `file://` unwrapped,
/// `%XX` decoded, backslashes as slashes, `.` and `..` resolved.
///
/// - lcov `SF:` paths: an absolute path under `sourceRoot` is made relative to it
///   (`--source-root`, or the policy's `source_root`).
/// - JaCoCo: `package/sourcefile` joined under the first of `jacocoSourceDirs`
///   whose file exists below `sourceRoot` (or the working directory); when none exists, the
///   first directory named for the file's language (`kotlin` for `.kt`), else the first one.
/// - Cobertura: `filename` joined to each `<source>` in order: a relative source gives a
///   relative path at once; an absolute one counts when it lies under `sourceRoot`; otherwise
///   `filename` as written (what pycobertura and diff-cover show).
public struct CoveragePathMapping: Sendable, Equatable {
    public static let defaultJaCoCoSourceDirs = ["src/main/java", "src/main/kotlin"]

    /// The repository root as the reports name it (absolute, usually), without a trailing slash.
    public var sourceRoot: String?
    public var jacocoSourceDirs: [String]
    /// Whether a relative repository path exists (JaCoCo's choice of source dir); injected
    /// so readers stay free of file-system access in tests.
    public var fileExists: @Sendable (String) -> Bool

    public init(sourceRoot: String? = nil, jacocoSourceDirs: [String] = CoveragePathMapping.defaultJaCoCoSourceDirs, fileExists: @escaping @Sendable (String) -> Bool = { _ in false }) {
        self.sourceRoot = sourceRoot.map(Self.normalize).map { $0.hasSuffix("/") && $0.count > 1 ? String($0.dropLast()) : $0 }
        self.jacocoSourceDirs = jacocoSourceDirs.map(Self.normalize)
        self.fileExists = fileExists
    }

    public static func == (lhs: CoveragePathMapping, rhs: CoveragePathMapping) -> Bool {
        lhs.sourceRoot == rhs.sourceRoot && lhs.jacocoSourceDirs == rhs.jacocoSourceDirs
    }

    /// One spelling per file: see `LexicalPath.normalize`.
    static func normalize(_ path: String) -> String {
        LexicalPath.normalize(path)
    }

    /// `path` relative to the source root when it lies under it; nil otherwise.
    func underRoot(_ path: String) -> String? {
        guard let root = sourceRoot, !root.isEmpty else { return nil }
        if root == "/" { return path.hasPrefix("/") ? String(path.dropFirst()) : nil }
        let prefix = root + "/"
        if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        // Windows paths differ in drive-letter case between tools.
        if path.count > prefix.count, path.lowercased().hasPrefix(prefix.lowercased()), prefix.dropFirst().hasPrefix(":") {
            return String(path.dropFirst(prefix.count))
        }
        return nil
    }

    /// An lcov `SF:` value as a repository path.
    public func lcovPath(_ reported: String) -> String {
        let path = Self.normalize(Blanks.trimming(reported))
        return underRoot(path) ?? path
    }

    /// A JaCoCo source file (`package` in VM notation, "" for the default package).
    public func jacocoPath(package: String, sourceFile: String) -> String {
        let relative = Self.normalize(package.isEmpty ? sourceFile : package + "/" + sourceFile)
        guard !jacocoSourceDirs.isEmpty else { return relative }
        let candidates = jacocoSourceDirs.map { $0.isEmpty || $0 == "." ? relative : Self.normalize($0 + "/" + relative) }
        let base = sourceRoot.map { $0 + "/" } ?? ""
        if let existing = candidates.first(where: { fileExists(base + $0) }) { return existing }
        let isKotlin = sourceFile.hasSuffix(".kt") || sourceFile.hasSuffix(".kts")
        if let index = jacocoSourceDirs.firstIndex(where: { $0.contains("kotlin") == isKotlin }) {
            return candidates[index]
        }
        return candidates[0]
    }

    /// A Cobertura class `filename` resolved against the report's `<source>` entries.
    public func coberturaPath(_ filename: String, sources: [String]) -> String {
        let name = Self.normalize(filename)
        if name.hasPrefix("/") || name.dropFirst().hasPrefix(":/") { return underRoot(name) ?? name }
        for source in sources {
            let trimmed = Self.normalize(source.trimmingCharacters(in: .whitespacesAndNewlines))
            guard !trimmed.isEmpty, !trimmed.hasPrefix("-") else { continue }
            if trimmed == "." { return name }
            let joined = Self.normalize(trimmed + "/" + name)
            let isAbsolute = trimmed.hasPrefix("/") || trimmed.dropFirst().hasPrefix(":/")
            if !isAbsolute { return joined }
            if let relative = underRoot(joined) { return relative }
        }
        return name
    }
}

/// Options readers of coverage formats take.
public struct CoverageReadOptions: Sendable, Equatable {
    public var paths: CoveragePathMapping
    /// Which libxml2 interface XML readers use; SAX2 unless a benchmark asks otherwise.
    public var xmlInterface: XMLInterface
    /// Which files keep per-line data (lcov): every file unless the loader, knowing the
    /// diff, asks for fewer.
    public var lineDetail: CoverageLineDetail = .everyFile

    public enum XMLInterface: String, Sendable, CaseIterable {
        case sax2 = "sax2"
        case textReader = "text-reader"
    }

    public init(paths: CoveragePathMapping = CoveragePathMapping(), xmlInterface: XMLInterface = .sax2) {
        self.paths = paths
        self.xmlInterface = xmlInterface
    }
}
