/// The lines a change adds, per file: what patch coverage looks at.
public struct UnifiedDiff: Sendable, Equatable {
    /// Added line numbers (in the new file), ascending, by repository path.
    public var addedLines: [String: [Int]]

    public init(addedLines: [String: [Int]] = [:]) {
        self.addedLines = addedLines
    }

    /// Paths of changed files that add lines, sorted.
    public var paths: [String] { addedLines.keys.sorted() }

    /// Two diffs as one (the union of their added lines).
    static func merging(_ lhs: UnifiedDiff?, _ rhs: UnifiedDiff) -> UnifiedDiff {
        guard let lhs else { return rhs }
        var merged = lhs.addedLines
        for (path, lines) in rhs.addedLines {
            merged[path] = Array(Set(merged[path, default: []]).union(lines)).sorted()
        }
        return UnifiedDiff(addedLines: merged)
    }
}
