/// Patch coverage: the change's added lines looked up in the coverage report.
extension CoverageRule {
    /// Executed out of instrumented added lines, as diff-cover computes it.
    ///
    /// A diff path is looked up as written first. When no source root was given, a diff path missing from the report matches the one report path
    /// that ends with it at a path component (`src/x.c` ↔ `/home/ci/repo/src/x.c`), or the
    /// one report path it ends with (`app/src/x.c` ↔ `src/x.c`), as diff-cover does. A match
    /// must be unambiguous both ways; ambiguous ones are not used and are noted. With a patch
    /// target, a change that adds lines to files none of which is in a non-empty report
    /// cannot be judged: the paths on the two sides do not meet.
    func patch(_ files: [CoverageFile], diff: UnifiedDiff, sourceRoot: String?) -> CoveragePatchResult {
        var byPath: [String: CoverageFile] = [:]
        for file in files { byPath[file.path] = file }
        let changed = diff.paths.filter { !isExcluded($0) }
        var notes: [String] = []
        var resolved: [String: CoverageFile] = [:]
        for path in changed { resolved[path] = byPath[path] }
        if sourceRoot == nil {
            let unmatched = changed.filter { resolved[$0] == nil }
            let exact = Set(resolved.values.map(\.path))
            let candidates = files.filter { !exact.contains($0.path) }.map(\.path)
            let matching = Self.suffixMatches(unmatched, candidates: candidates)
            for (diffPath, reportPath) in matching.matches { resolved[diffPath] = byPath[reportPath] }
            for (diffPath, reportPaths) in matching.ambiguous.sorted(by: { $0.key < $1.key }) {
                notes.append("patch: changed file '\(diffPath)' not matched: its path and \(reportPaths.count) report paths end alike (\(Self.quoted(reportPaths, limit: 3))); give --source-root")
            }
        }
        var count = CoverageCount()
        var inReport = 0
        var notInReport = 0
        var uncovered: [CoveragePatchResult.Range] = []
        for path in changed {
            guard let file = resolved[path] else {
                notInReport += 1
                continue
            }
            inReport += 1
            for line in diff.addedLines[path] ?? [] {
                guard let executed = file.executed(line: line) else { continue }
                count.total += 1
                if executed {
                    count.covered += 1
                } else if let last = uncovered.last, last.path == path, last.last == line - 1 {
                    uncovered[uncovered.count - 1].last = line
                } else {
                    uncovered.append(CoveragePatchResult.Range(path: path, first: line, last: line))
                }
            }
        }
        var result = CoveragePatchResult(lines: count, target: patchLine, filesInReport: inReport, filesNotInReport: notInReport, uncovered: uncovered)
        result.notes = notes
        if patchLine != nil, !changed.isEmpty, inReport == 0, !files.isEmpty {
            result.cannotJudge = "patch: none of the \(changed.count) changed file\(changed.count == 1 ? "" : "s") is in the coverage report, so the paths on the two sides do not meet"
                + " (diff paths: \(Self.quoted(changed, limit: 3)); report paths: \(Self.quoted(files.map(\.path), limit: 3)))"
                + (sourceRoot.map { "; is the source root '\($0)' the repository root as the report names it?" } ?? "; give --source-root (or the rule's source_root): the repository root as the report names it")
        }
        return result
    }

    /// Diff paths matched to report paths by path-component suffix, in either direction;
    /// a match is kept only when neither side has another candidate.
    static func suffixMatches(_ diffPaths: [String], candidates: [String]) -> (matches: [String: String], ambiguous: [String: [String]]) {
        var forward: [String: [String]] = [:]
        var backward: [String: [String]] = [:]
        for diffPath in diffPaths {
            for reportPath in candidates where endsAtComponent(reportPath, with: diffPath) || endsAtComponent(diffPath, with: reportPath) {
                forward[diffPath, default: []].append(reportPath)
                backward[reportPath, default: []].append(diffPath)
            }
        }
        var matches: [String: String] = [:]
        var ambiguous: [String: [String]] = [:]
        for (diffPath, reportPaths) in forward {
            if reportPaths.count == 1, backward[reportPaths[0]]?.count == 1 {
                matches[diffPath] = reportPaths[0]
            } else {
                ambiguous[diffPath] = reportPaths.sorted()
            }
        }
        return (matches, ambiguous)
    }

    /// Whether `path` ends with `suffix` at a component boundary (`/a/src/x.c`, `src/x.c`).
    static func endsAtComponent(_ path: String, with suffix: String) -> Bool {
        guard !suffix.isEmpty, suffix != ".", !suffix.hasPrefix("../"), suffix != "..", path.count > suffix.count else { return false }
        return path.hasSuffix("/" + suffix)
    }

    static func quoted(_ paths: [String], limit: Int) -> String {
        let shown = paths.prefix(limit).map { "'\($0)'" }.joined(separator: ", ")
        return paths.count > limit ? shown + " and \(paths.count - limit) more" : shown
    }
}
