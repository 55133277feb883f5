/// Which files a coverage reader keeps per-line data for.
///
/// Per-line data is only asked for by patch coverage, and only for the files a diff touches;
/// every other consumer (totals, per-file rules, the ratchet, the facts document, the record)
/// uses counts. Keeping four bytes per instrumented line of every file made memory grow with
/// the report (3.3× a 100 MB tracefile); keeping them for the touched files only keeps it flat.
public enum CoverageLineDetail: Sendable, Equatable {
    /// Every file keeps its per-line states (a reader called on its own, several reports merged).
    case everyFile
    /// Only files a patch could look up: a report path equal to a diff path or ending with it
    /// at a path component, either way round (patch coverage's suffix matching). Nothing else
    /// needs per-line data, so with no diff no file keeps any.
    case filesMatching(diffPaths: [String])

    /// Whether reading `request` may keep per-line data only for the files a diff touches.
    ///
    /// Totals of the same file from two reports can only be merged with per-line data, so this
    /// holds only for the one input of its role group (subject or baseline) that may be
    /// coverage: an input of undetected kind counts as possible coverage.
    static func applies(to request: InputRequest, among requests: [InputRequest]) -> Bool {
        guard mayBeCoverage(request) else { return false }
        let isBaseline = request.role == .baseline
        return requests.filter { ($0.role == .baseline) == isBaseline && mayBeCoverage($0) }.count == 1
    }

    static func mayBeCoverage(_ request: InputRequest) -> Bool {
        switch request.forcedKind {
        case nil, .lcov?, .jacoco?, .cobertura?: true
        default: false
        }
    }

    /// A test of report paths built once for a read.
    func matcher() -> Matcher {
        switch self {
        case .everyFile: Matcher(everyFile: true, paths: [], suffixes: [])
        case let .filesMatching(diffPaths):
            Matcher(everyFile: false, paths: Set(diffPaths), suffixes: Set(diffPaths.flatMap(Self.componentSuffixes)))
        }
    }

    /// `a/b/c.swift` → `b/c.swift`, `c.swift`: the proper suffixes starting after a `/`.
    static func componentSuffixes(_ path: String) -> [String] {
        var suffixes: [String] = []
        var rest = Substring(path)
        while let slash = rest.firstIndex(of: "/") {
            rest = rest[rest.index(after: slash)...]
            if !rest.isEmpty { suffixes.append(String(rest)) }
        }
        return suffixes
    }

    /// Answers "keep this report path's lines?" in time proportional to its components.
    ///
    /// It keeps a superset of what patch coverage can match (the patch's own rules refuse
    /// some of these matches, e.g. ambiguous ones): keeping too much costs memory only.
    struct Matcher {
        let everyFile: Bool
        let paths: Set<String>
        let suffixes: Set<String>

        func keepsLines(of reportPath: String) -> Bool {
            if everyFile || paths.contains(reportPath) || suffixes.contains(reportPath) { return true }
            return CoverageLineDetail.componentSuffixes(reportPath).contains { paths.contains($0) }
        }
    }
}
