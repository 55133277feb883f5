/// `kind: coverage` — gates on line, branch and function coverage: totals, per-path targets,
/// every file, the change's own lines (patch) and the drop against a baseline (ratchet).
///
/// Files matching `exclude` are left out of everything (totals, paths, per-file, patch,
/// baseline). Percentages are compared unrounded. A target whose scope has nothing
/// instrumented cannot be judged: an error, unless `allow_empty: true` (then it is skipped).
/// A patch with no instrumented changed line passes, as diff-cover does. Without a source
/// root, diff paths match report paths by unambiguous path-component suffix; when the change
/// adds lines to files but none of them is in a non-empty report, `patch` cannot be judged.
///
/// ```yaml
/// - id: coverage
///   kind: coverage
///   line: 80
///   per_file: { line: 50 }
///   paths: [{ glob: "src/critical/**", line: 100 }]
///   ratchet: { max_drop: 0.5 }
///   patch: { line: 80 }
/// ```
public struct CoverageRule: ParsableRule {
    public static let kind = "coverage"
    public static let summary = "Fails when line, branch or function coverage is below its target in total, per path, per file, on the changed lines, or dropped against a baseline."
    public static let inputDescription = "coverage (lcov, JaCoCo or Cobertura)"
    static let keys = ["line", "branch", "function", "per_file", "paths", "exclude", "ratchet", "patch", "warn_only", "allow_empty", "source_root"]
    static let measureKeys = CoverageMeasure.allCases.map(\.rawValue)
    /// Files listed as least covered.
    static let leastCoveredCount = 20
    /// Files listed with their change against the baseline.
    static let baselineFileCount = 10

    public var id: String
    public var onMissing: MissingInputAction
    public var targets: CoverageTargets
    public var perFile: CoverageTargets
    public var paths: [(glob: Glob, targets: CoverageTargets)]
    public var exclude: [Glob]
    /// `ratchet.max_drop`, in points of total line coverage.
    public var maxDrop: Double?
    /// `patch.line`.
    public var patchLine: Double?
    public var warnOnly: Bool
    public var allowEmpty: Bool
    /// The repository root as reports name it; `--source-root` overrides it.
    public var sourceRoot: String?

    public init(
        id: String, onMissing: MissingInputAction = .error, targets: CoverageTargets = CoverageTargets(),
        perFile: CoverageTargets = CoverageTargets(), paths: [(glob: Glob, targets: CoverageTargets)] = [],
        exclude: [Glob] = [], maxDrop: Double? = nil, patchLine: Double? = nil, warnOnly: Bool = false,
        allowEmpty: Bool = false, sourceRoot: String? = nil
    ) {
        self.id = id
        self.onMissing = onMissing
        self.targets = targets
        self.perFile = perFile
        self.paths = paths
        self.exclude = exclude
        self.maxDrop = maxDrop
        self.patchLine = patchLine
        self.warnOnly = warnOnly
        self.allowEmpty = allowEmpty
        self.sourceRoot = sourceRoot
    }

    public func hasInput(in facts: Facts) -> Bool { facts.coverage != nil }

    public func reads(_ input: InputDescriptor) -> Bool { [.lcov, .jacoco, .cobertura, .diff].contains(input.kind) }

    // MARK: Parsing

    static func parse(id: String, onMissing: MissingInputAction, mapping: KeyedMapping) -> CoverageRule? {
        let reader = mapping.reader
        let before = reader.problems.count
        let targets = measureTargets(mapping, context: "")
        var perFile = CoverageTargets()
        if let node = mapping["per_file"], let perFileMapping = reader.mapping(node, "'per_file' of rule '\(id)'", allowed: measureKeys) {
            perFile = measureTargets(perFileMapping, context: "per_file.")
        }
        var paths: [(glob: Glob, targets: CoverageTargets)] = []
        if let node = mapping["paths"], let items = reader.list(node, "paths") {
            for item in items {
                guard let entry = reader.mapping(item, "an entry of 'paths' of rule '\(id)'", allowed: ["glob"] + measureKeys) else { continue }
                let glob = entry.required("glob").flatMap { reader.nonEmptyString($0, "paths.glob") }
                let entryTargets = measureTargets(entry, context: "paths.")
                if entryTargets.isEmpty, entry["glob"] != nil {
                    reader.problem("an entry of 'paths' needs a target: line, branch or function", at: entry.mark)
                }
                if let glob { paths.append((Glob(glob), entryTargets)) }
            }
        }
        let exclude = mapping["exclude"].flatMap { reader.stringList($0, "exclude") }?.map { Glob($0) } ?? []
        var maxDrop: Double?
        if let node = mapping["ratchet"], let ratchet = reader.mapping(node, "'ratchet' of rule '\(id)'", allowed: ["max_drop"]) {
            if let value = ratchet.required("max_drop").flatMap({ reader.number($0, "ratchet.max_drop") }) {
                if value < 0 { reader.problem("ratchet.max_drop must be at least 0, found \(number(value))", at: ratchet["max_drop"]?.mark ?? ratchet.mark) }
                maxDrop = value
            }
        }
        var patchLine: Double?
        if let node = mapping["patch"], let patch = reader.mapping(node, "'patch' of rule '\(id)'", allowed: ["line"]) {
            if let lineNode = patch.required("line") { patchLine = percentage(lineNode, "patch.line", reader: reader) }
        }
        let warnOnly = mapping["warn_only"].flatMap { reader.bool($0, "warn_only") } ?? false
        let allowEmpty = mapping["allow_empty"].flatMap { reader.bool($0, "allow_empty") } ?? false
        let sourceRoot = mapping["source_root"].flatMap { reader.nonEmptyString($0, "source_root") }
        if targets.isEmpty, perFile.isEmpty, paths.isEmpty, maxDrop == nil, patchLine == nil, reader.problems.count == before {
            reader.problem("rule '\(id)' of kind coverage sets no target; expected at least one of line, branch, function, per_file, paths, ratchet, patch", at: mapping.mark)
        }
        guard reader.problems.count == before else { return nil }
        return CoverageRule(
            id: id, onMissing: onMissing, targets: targets, perFile: perFile, paths: paths, exclude: exclude,
            maxDrop: maxDrop, patchLine: patchLine, warnOnly: warnOnly, allowEmpty: allowEmpty, sourceRoot: sourceRoot)
    }

    static func measureTargets(_ mapping: KeyedMapping, context: String) -> CoverageTargets {
        let reader = mapping.reader
        return CoverageTargets(
            line: mapping["line"].flatMap { percentage($0, context + "line", reader: reader) },
            branch: mapping["branch"].flatMap { percentage($0, context + "branch", reader: reader) },
            function: mapping["function"].flatMap { percentage($0, context + "function", reader: reader) })
    }

    static func percentage(_ node: YAMLNode, _ what: String, reader: PolicyReader) -> Double? {
        guard let value = reader.number(node, "\(what) (a percentage)") else { return nil }
        guard value >= 0, value <= 100 else {
            reader.problem("\(what) must be a percentage from 0 to 100, found \(number(value))", at: node.mark)
            return nil
        }
        return value
    }

    // MARK: Evaluation

    func isExcluded(_ path: String) -> Bool {
        exclude.contains { $0.matches(path) }
    }

    public func evaluate(_ facts: Facts, in context: EvaluationContext) -> RuleResult {
        let report = facts.coverage ?? CoverageReport(files: [])
        let evidence = judge(report, baseline: facts.baselineCoverage, diff: facts.diff)
        let failed = !evidence.checks.allSatisfy { $0.status != .failed }
            || evidence.paths.contains { $0.checks.contains { $0.status == .failed } }
            || !evidence.fileFailures.isEmpty
            || evidence.patch?.passed == false
            || evidence.baseline?.passed == false
        let outcome: Outcome
        if !evidence.noData.isEmpty && (!allowEmpty || evidence.patch?.cannotJudge != nil) {
            outcome = .error
        } else if failed {
            outcome = warnOnly ? .warn : .fail
        } else {
            outcome = .pass
        }
        return RuleResult(ruleID: id, kind: Self.kind, outcome: outcome, message: message(evidence), details: .coverage(evidence))
    }

    func judge(_ report: CoverageReport, baseline: CoverageReport?, diff: UnifiedDiff?) -> CoverageEvidence {
        let files = report.files.filter { !isExcluded($0.path) }
        var totals = CoverageTotals()
        for file in files { totals += file.totals }
        var evidence = CoverageEvidence(targets: targets, perFileTargets: perFile, totals: totals, allowEmpty: allowEmpty, warnOnly: warnOnly)
        evidence.fileCount = files.count
        evidence.excludedFileCount = report.files.count - files.count
        evidence.notes = report.notes

        for measure in CoverageMeasure.allCases {
            guard let target = targets[measure] else { continue }
            let check = CoverageCheck(measure: measure, count: totals[measure], target: target)
            if check.status == .noData { evidence.noData.append("no \(measure.rawValue) data: nothing instrumented in the report\(files.isEmpty && !report.files.isEmpty ? " after 'exclude'" : "") for the '\(measure.rawValue)' target") }
            evidence.checks.append(check)
        }
        if targets.line == nil, totals.lines.total == 0, !allowEmpty {
            evidence.noData.append("no line data: the coverage report has no instrumented line\(report.files.isEmpty ? "" : " (after 'exclude')")")
        }

        evidence.paths = pathResults(files, evidence: &evidence)
        evidence.fileFailures = perFileFailures(files)
        evidence.leastCovered = files.filter { $0.lines.total > 0 }
            .sorted { (Self.order($0.lines), $0.path) < (Self.order($1.lines), $1.path) }
            .prefix(Self.leastCoveredCount)
            .map { CoverageFileResult(path: $0.path, totals: $0.totals) }
        if let baseline {
            evidence.baseline = compare(files, with: baseline, totals: totals)
        } else if maxDrop != nil {
            evidence.notes.append("ratchet not checked: no --baseline-coverage was given")
        }
        if let diff {
            let patch = patch(files, diff: diff, sourceRoot: report.sourceRoot)
            if let reason = patch.cannotJudge { evidence.noData.append(reason) }
            evidence.notes += patch.notes
            evidence.patch = patch
        } else if patchLine != nil {
            evidence.notes.append("patch coverage not checked: no --diff was given")
        }
        return evidence
    }

    /// Sort key: lowest coverage first, then the most missed lines.
    static func order(_ count: CoverageCount) -> Double {
        (count.percent ?? 100) * 1e9 - Double(count.missed)
    }

    func pathResults(_ files: [CoverageFile], evidence: inout CoverageEvidence) -> [CoveragePathResult] {
        guard !paths.isEmpty else { return [] }
        var totals = Array(repeating: CoverageTotals(), count: paths.count)
        var counts = Array(repeating: 0, count: paths.count)
        for file in files {
            guard let index = paths.firstIndex(where: { $0.glob.matches(file.path) }) else { continue }
            totals[index] += file.totals
            counts[index] += 1
        }
        return paths.indices.map { index in
            let entry = paths[index]
            let checks = CoverageMeasure.allCases.compactMap { measure -> CoverageCheck? in
                guard let target = entry.targets[measure] else { return nil }
                let check = CoverageCheck(measure: measure, count: totals[index][measure], target: target)
                if check.status == .noData {
                    evidence.noData.append("no \(measure.rawValue) data for paths glob '\(entry.glob.pattern)' (\(counts[index]) file\(counts[index] == 1 ? "" : "s") matched first)")
                }
                return check
            }
            return CoveragePathResult(glob: entry.glob.pattern, targets: entry.targets, fileCount: counts[index], totals: totals[index], checks: checks)
        }
    }

    func perFileFailures(_ files: [CoverageFile]) -> [CoverageFileResult] {
        guard !perFile.isEmpty else { return [] }
        var failures: [CoverageFileResult] = []
        for file in files {
            let fileTotals = file.totals
            let failed = CoverageMeasure.allCases.compactMap { measure -> CoverageCheck? in
                guard let target = perFile[measure] else { return nil }
                let check = CoverageCheck(measure: measure, count: fileTotals[measure], target: target)
                return check.status == .failed ? check : nil
            }
            if !failed.isEmpty { failures.append(CoverageFileResult(path: file.path, totals: fileTotals, failed: failed)) }
        }
        return failures.sorted { (Self.order($0.totals.lines), $0.path) < (Self.order($1.totals.lines), $1.path) }
    }

    func compare(_ files: [CoverageFile], with baseline: CoverageReport, totals: CoverageTotals) -> CoverageBaselineComparison {
        let baseFiles = baseline.files.filter { !isExcluded($0.path) }
        var baseTotals = CoverageTotals()
        for file in baseFiles { baseTotals += file.totals }
        func delta(_ after: CoverageCount, _ before: CoverageCount) -> Double? {
            guard let now = after.percent, let then = before.percent else { return nil }
            return now - then
        }
        let lineDelta = delta(totals.lines, baseTotals.lines)
        var passed: Bool?
        if let maxDrop, let lineDelta { passed = -lineDelta <= maxDrop }
        var byPath: [String: (before: CoverageCount?, after: CoverageCount?)] = [:]
        for file in baseFiles where file.lines.total > 0 { byPath[file.path, default: (nil, nil)].before = file.lines }
        for file in files where file.lines.total > 0 { byPath[file.path, default: (nil, nil)].after = file.lines }
        let changed = byPath.compactMap { path, pair -> CoverageBaselineComparison.FileDelta? in
            let change = pair.after.flatMap { after in pair.before.flatMap { delta(after, $0) } }
            if let change, change == 0 { return nil }
            return CoverageBaselineComparison.FileDelta(path: path, before: pair.before, after: pair.after, delta: change)
        }
        // Largest change first; files only on one side after those that changed.
        let sorted = changed.sorted { lhs, rhs in
            let left = lhs.delta.map(abs) ?? -1
            let right = rhs.delta.map(abs) ?? -1
            return left != right ? left > right : lhs.path < rhs.path
        }
        return CoverageBaselineComparison(
            totals: baseTotals, lineDelta: lineDelta, branchDelta: delta(totals.branches, baseTotals.branches),
            functionDelta: delta(totals.functions, baseTotals.functions), maxDrop: maxDrop, passed: passed,
            files: Array(sorted.prefix(Self.baselineFileCount)))
    }

    func message(_ evidence: CoverageEvidence) -> String {
        var parts: [String] = []
        if !evidence.noData.isEmpty, !allowEmpty || evidence.patch?.cannotJudge != nil {
            return "cannot judge: " + evidence.noData.joined(separator: "; ")
        }
        for check in evidence.checks {
            parts.append(Self.describe(check, scope: check.measure.plural))
        }
        if evidence.checks.isEmpty, let percent = evidence.totals.lines.percent {
            parts.append("lines \(CoverageCount.format(percent))")
        }
        let failedPaths = evidence.paths.flatMap { path in path.checks.filter { $0.status == .failed }.map { (path.glob, $0) } }
        if !failedPaths.isEmpty {
            parts.append(failedPaths.map { Self.describe($1, scope: "'\($0)' \($1.measure.plural)") }.joined(separator: ", "))
        } else if !evidence.paths.isEmpty {
            parts.append("\(evidence.paths.count) path target\(evidence.paths.count == 1 ? "" : "s") met")
        }
        if !evidence.fileFailures.isEmpty {
            parts.append("\(evidence.fileFailures.count) file\(evidence.fileFailures.count == 1 ? "" : "s") below per_file targets")
        }
        if let patch = evidence.patch {
            if let percent = patch.lines.percent {
                var text = "patch \(CoverageCount.format(percent)) (\(patch.lines.covered)/\(patch.lines.total) lines)"
                if let target = patch.target { text += patch.passed == true ? ", target \(Self.number(target))%" : " below \(Self.number(target))%" }
                parts.append(text)
            } else {
                parts.append("patch: no instrumented changed line")
            }
        }
        if let baseline = evidence.baseline, let delta = baseline.lineDelta {
            var text = "line delta \(Self.signed(delta)) points"
            if let maxDrop = baseline.maxDrop { text += baseline.passed == false ? " (drop above max_drop \(Self.number(maxDrop)))" : " (max_drop \(Self.number(maxDrop)))" }
            parts.append(text)
        }
        return parts.joined(separator: "; ")
    }

    static func describe(_ check: CoverageCheck, scope: String) -> String {
        switch check.status {
        case .passed: "\(scope) \(check.count.percentText) (target \(number(check.target))%)"
        case .failed: "\(scope) \(check.count.percentText) below \(number(check.target))%"
        case .noData: "\(scope): no data (target \(number(check.target))%)"
        }
    }

    /// A policy number as written: `80`, `85.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `+1.25` / `-0.50`: points with two decimals and a sign.
    static func signed(_ value: Double) -> String {
        let text = CoverageCount.format(abs(value)).dropLast()
        return (value < 0 && text != "0.00" ? "-" : "+") + text
    }
}
