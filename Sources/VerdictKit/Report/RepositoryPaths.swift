import Foundation

/// Turns the places scanners write (`file:///home/runner/work/app/app/src/a%20b.js`,
/// `./src/a.js`, `/src/a.js` from inside a container) into the repository-relative paths
/// GitHub annotations and GitLab Code Quality need (`src/a b.js`): they attach nothing to a
/// path they cannot find in the repository.
///
/// A `file:` URI loses its scheme and authority; percent escapes are decoded; `.` segments,
/// empty segments and `x/..` pairs go (lexically, never through the file system); an absolute
/// path under one of `roots` (the longest that matches) becomes relative to it. A relative
/// path that climbs out of the repository (`../x`) and an absolute path under no root are
/// returned normalised but otherwise as they are, so nothing is pointed at the wrong file.
public struct RepositoryPaths: Sendable, Equatable {
    /// Absolute directories a scanner saw the repository as, normalised, longest first.
    public private(set) var roots: [String]

    /// - Parameter roots: absolute directories; relative ones and `/` itself are ignored.
    public init(roots: [String] = []) {
        let normalised = roots.map { Self.normalise(Self.decodedPath($0) ?? $0) }.filter { $0.hasPrefix("/") && $0 != "/" }
        self.roots = Array(Set(normalised)).sorted { ($0.count, $0) > ($1.count, $1) }
    }

    /// The repository-relative form of `uri`, or `uri` normalised when it has none.
    public func relative(_ uri: String) -> String {
        let path = Self.normalise(Self.decodedPath(uri) ?? uri)
        guard path.hasPrefix("/") else { return path }
        for root in roots where path.hasPrefix(root + "/") {
            return String(path.dropFirst(root.count + 1))
        }
        return path
    }

    /// The repository-relative form of `uri` read against `base` (a SARIF `uriBaseId`'s URI):
    /// used when `base` + `uri` lies under a root; otherwise `uri` alone is taken (Trivy names
    /// `file:///` as the base of an image's paths, which are no paths of the repository).
    public func relative(_ uri: String, base: String?) -> String {
        let plain = relative(uri)
        guard let base, !plain.hasPrefix("/"), !Self.hasScheme(uri) else { return plain }
        let joined = relative(SARIFBaseURI.join(base, uri))
        guard !joined.hasPrefix("/"), joined != "..", !joined.hasPrefix("../") else { return plain }
        return joined
    }

    /// `scheme:` before any `/` (RFC 3986): an absolute URI, which no base applies to.
    static func hasScheme(_ uri: String) -> Bool {
        guard let colon = uri.firstIndex(of: ":"), colon != uri.startIndex else { return false }
        return uri[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
            && uri[..<colon].first?.isLetter == true
    }

    /// The path of a `file:` URI or a relative reference, percent-decoded; nil when an escape
    /// is malformed (the text is then taken literally).
    static func decodedPath(_ uri: String) -> String? {
        var text = Substring(uri)
        if text.lowercased().hasPrefix("file:") {
            text = text.dropFirst(5)
            if text.hasPrefix("//") {
                // file://host/path: the authority (usually empty or localhost) is not part of the path.
                text = text.dropFirst(2)
                text = text.firstIndex(of: "/").map { text[$0...] } ?? ""
            }
        }
        return String(text).removingPercentEncoding
    }

    /// `.` and empty segments removed, `segment/..` pairs resolved; a leading `/` kept.
    static func normalise(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if let last = segments.last, last != ".." { segments.removeLast() } else if !isAbsolute { segments.append(segment) }
            default: segments.append(segment)
            }
        }
        return (isAbsolute ? "/" : "") + segments.joined(separator: "/")
    }
}
