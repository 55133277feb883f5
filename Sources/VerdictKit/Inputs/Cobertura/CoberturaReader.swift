import Foundation

/// Reads Cobertura XML (coverage.py, Istanbul, gcovr, coverlet, simplecov, grcov, luacov …).
///
/// Totals come from the class-level `<lines>` (method lines only decide whether a method ran),
/// merged per file name and line (the largest `hits` wins), so a file listed in several
/// classes is not double-counted. A line is covered when `hits` > 0, as Cobertura's own
/// summary, coverage.py, gcovr, lcov and JaCoCo count it; a partly covered branch line shows
/// in the branches, not as a missed line (pycobertura alone counts it missed). Branches are the `(covered/total)` of `condition-coverage` on `branch="true"` lines
/// (any case); functions are `<method>`s, covered when one of their lines ran. The root's
/// `line-rate`, `lines-valid`/`lines-covered` and `branches-valid`/`branches-covered` are
/// compared with the lines, and a disagreement becomes a note.
///
/// Memory: with `lineDetail` other than `.everyFile`, a file's lines and branches are reduced
/// to its totals when a class of another file begins, unless a diff touches it. Producers list
/// a file's classes together; when one does not (a reduced file's class comes back), the
/// report is read again keeping every file's lines, so the totals are always exact.
public enum CoberturaReader {
    public static func read(_ file: InputFile, options: CoverageReadOptions = CoverageReadOptions()) throws(InputError) -> CoverageReport {
        let handler = CoberturaHandler(path: file.path, paths: options.paths, lineDetail: options.lineDetail)
        do throws(XMLStreamError) {
            try XMLStreamReader.read(file.text, path: file.path, handler: handler, interface: options.xmlInterface == .sax2 ? .sax2 : .textReader,
                                       pageReleaser: file.pageReleaser)
        } catch {
            throw .malformed(path: file.path, position: error.position, message: error.message)
        }
        if handler.mustReadKeepingLines || handler.reducedFileSharesAPath() {
            var everyFile = options
            everyFile.lineDetail = .everyFile
            return try read(file, options: everyFile)
        }
        return try handler.report(paths: options.paths)
    }
}

final class CoberturaHandler: XMLStreamHandler {
    struct Accumulator {
        var filename: String
        var lines: [UInt32] = []
        /// (line, covered, total) of branch lines.
        var branches: [(line: Int, covered: Int, total: Int)] = []
        var functions = CoverageCount()
        /// Lines and branches counted when the file was reduced; `lines` and `branches` are then empty.
        var reduced: (lines: CoverageCount, branches: CoverageCount)?
    }

    /// What changes on every element, behind a pointer: no dynamic exclusivity checks.
    struct State {
        var accumulators: [Accumulator] = []
        var current: Int?
        var inMethods = false
        var methodHit: Bool?
    }

    let path: String
    let state: UnsafeMutablePointer<State>
    var failure: XMLStreamError?
    var sawRoot = false
    var sources: [String] = []
    var sourceText: [UInt8]?
    var indexByFilename: [String: Int] = [:]
    let paths: CoveragePathMapping
    /// Which files keep their per-line states (see `CoverageLineDetail`).
    let matcher: CoverageLineDetail.Matcher
    /// The file of the class read last: reduced when a class of another file begins.
    var previous: Int?
    /// Whether a file was reduced: its path was mapped with the `<source>`s read so far.
    var reducedAny = false
    /// A reduced file's class came back, or `<source>`s came after a reduction: the totals
    /// would not be exact, so the reader reads the report again keeping every file's lines.
    var mustReadKeepingLines = false
    var stated: (lineRate: Double?, rateTolerance: Double, linesValid: Int?, linesCovered: Int?, branchesValid: Int?, branchesCovered: Int?) = (nil, 0, nil, nil, nil, nil)

    init(path: String, paths: CoveragePathMapping = CoveragePathMapping(), lineDetail: CoverageLineDetail = .everyFile) {
        self.path = path
        self.paths = paths
        matcher = lineDetail.matcher()
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    func startElement(_ name: XMLBytes, _ attributes: XMLAttributes, at reader: XMLStreamReader) {
        if name == "line" {
            guard let index = state.pointee.current else { return }
            return line(attributes, file: index, at: reader)
        }
        guard sawRoot else {
            sawRoot = true
            guard name == "coverage" else {
                return reader.fail("expected a Cobertura report (root element <coverage>), found <\(name.string)>")
            }
            let rateText = attributes["line-rate"]?.string.trimmingCharacters(in: .whitespaces)
            let decimals = rateText.flatMap { text in text.firstIndex(of: ".").map { text[text.index(after: $0)...].count } } ?? 0
            // Producers round the rate (coverage.py to 4 decimals, simplecov to 2): compare within
            // half a unit of the last decimal written, at most 4 (coverlet writes float noise).
            stated = (rateText.flatMap { Double($0) }, 0.5 * Self.power10(-min(decimals, 4)) + 1e-12,
                      attributes["lines-valid"]?.integer, attributes["lines-covered"]?.integer,
                      attributes["branches-valid"]?.integer, attributes["branches-covered"]?.integer)
            return
        }
        if name == "class" {
            guard let filename = attributes["filename"] else { return reader.fail("<class> needs a 'filename'") }
            let key = filename.string
            let index: Int
            if let known = indexByFilename[key] {
                index = known
                if state.pointee.accumulators[known].reduced != nil { mustReadKeepingLines = true }
            } else {
                index = state.pointee.accumulators.count
                indexByFilename[key] = index
                state.pointee.accumulators.append(Accumulator(filename: key))
            }
            if let previous, previous != index { reduce(previous) }
            previous = index
            state.pointee.current = index
        } else if name == "methods" {
            state.pointee.inMethods = true
        } else if name == "method" {
            if state.pointee.inMethods, state.pointee.current != nil { state.pointee.methodHit = false }
        } else if name == "source" {
            sourceText = []
            reader.wantsText = true
        }
    }

    /// Whether a reduced file maps to the same repository path as another file: the report
    /// merges such files, and only their lines merge exactly.
    func reducedFileSharesAPath() -> Bool {
        var reducedPaths: Set<String> = []
        var otherPaths: Set<String> = []
        for accumulator in state.pointee.accumulators {
            let path = paths.coberturaPath(accumulator.filename, sources: sources)
            if reducedPaths.contains(path) { return true }
            if accumulator.reduced != nil {
                if otherPaths.contains(path) { return true }
                reducedPaths.insert(path)
            } else {
                otherPaths.insert(path)
            }
        }
        return false
    }

    /// Replaces a file's lines and branches by their totals, unless every file or a diff keeps them.
    func reduce(_ index: Int) {
        guard !matcher.everyFile, state.pointee.accumulators[index].reduced == nil else { return }
        if matcher.keepsLines(of: paths.coberturaPath(state.pointee.accumulators[index].filename, sources: sources)) { return }
        reducedAny = true
        var states = state.pointee.accumulators[index].lines
        state.pointee.accumulators[index].lines = []
        CoverageFile.normalize(&states)
        let covered = states.lazy.filter { $0 & CoverageFile.coveredBit != 0 }.count
        state.pointee.accumulators[index].reduced = (
            CoverageCount(covered: covered, total: states.count), Self.branchCount(state.pointee.accumulators[index].branches))
        state.pointee.accumulators[index].branches = []
    }

    /// `<line number hits [branch condition-coverage]>`, attributes read in one pass.
    @inline(__always)
    func line(_ attributes: XMLAttributes, file index: Int, at reader: XMLStreamReader) {
        var numberBytes: XMLBytes?
        var hitsBytes: XMLBytes?
        var branchBytes: XMLBytes?
        var conditionBytes: XMLBytes?
        for pair in attributes.pairs {
            switch pair.name.count {
            case 6 where pair.name == "number": numberBytes = pair.value
            case 4 where pair.name == "hits": hitsBytes = pair.value
            case 6 where pair.name == "branch": branchBytes = pair.value
            case 18 where pair.name == "condition-coverage": conditionBytes = pair.value
            default: break
            }
        }
        guard let number = numberBytes?.integer, number >= 1, number <= CoverageFile.maximumLine else {
            return reader.fail("<line> needs a line 'number' of at least 1, found \(numberBytes.map { "'\($0.string)'" } ?? "none")")
        }
        guard let hitsBytes, let hits = Self.hits(hitsBytes) else {
            return reader.fail("<line number=\"\(number)\"> needs a whole-number 'hits', found \(hitsBytes.map { "'\($0.string)'" } ?? "none")")
        }
        if state.pointee.inMethods {
            if state.pointee.methodHit != nil, hits > 0 { state.pointee.methodHit = true }
            return
        }
        state.pointee.accumulators[index].lines.append(CoverageFile.pack(line: number, executed: hits > 0, covered: hits > 0))
        if let branchBytes, let conditionBytes, Self.isTrue(branchBytes), let fraction = Self.fraction(conditionBytes) {
            state.pointee.accumulators[index].branches.append((number, fraction.covered, fraction.total))
        }
    }

    func endElement(_ name: XMLBytes, at reader: XMLStreamReader) {
        if name == "class" {
            state.pointee.current = nil
        } else if name == "methods" {
            state.pointee.inMethods = false
        } else if name == "method" {
            if let hit = state.pointee.methodHit, let index = state.pointee.current {
                state.pointee.accumulators[index].functions += CoverageCount(covered: hit ? 1 : 0, total: 1)
            }
            state.pointee.methodHit = nil
        } else if name == "source" {
            if let text = sourceText { sources.append(String(decoding: text, as: UTF8.self)) }
            if reducedAny { mustReadKeepingLines = true }
            sourceText = nil
            reader.wantsText = false
        }
    }

    func characters(_ text: XMLBytes, at reader: XMLStreamReader) {
        if sourceText != nil { sourceText?.append(contentsOf: text.buffer) }
    }

    static func power10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<abs(exponent) { value = exponent < 0 ? value / 10 : value * 10 }
        return value
    }

    /// `hits`: a whole number; some producers write `1.0`.
    static func hits(_ bytes: XMLBytes) -> Int? {
        if let value = bytes.integer { return value }
        guard let value = Double(Blanks.trimming(bytes.string)), value.isFinite, value >= 0 else { return nil }
        return value > 0 ? max(1, Int(min(value, 1e15))) : 0
    }

    /// `true` in any case (coverlet writes `True`).
    static func isTrue(_ bytes: XMLBytes) -> Bool {
        bytes.count == 4 && bytes[0] | 0x20 == UInt8(ascii: "t") && bytes[1] | 0x20 == UInt8(ascii: "r")
            && bytes[2] | 0x20 == UInt8(ascii: "u") && bytes[3] | 0x20 == UInt8(ascii: "e")
    }

    /// `50% (1/2)` → (1, 2), read in place.
    static func fraction(_ bytes: XMLBytes) -> (covered: Int, total: Int)? {
        var index = 0
        while index < bytes.count, bytes[index] != UInt8(ascii: "(") { index += 1 }
        index += 1
        func number() -> Int? {
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            let start = index
            var value = 0
            while index < bytes.count, bytes[index] &- 0x30 <= 9, value < Int.max / 20 {
                value = value * 10 + Int(bytes[index] &- 0x30)
                index += 1
            }
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            return index > start ? value : nil
        }
        guard index < bytes.count, let covered = number(), index < bytes.count, bytes[index] == UInt8(ascii: "/") else { return nil }
        index += 1
        guard let total = number(), index < bytes.count, bytes[index] == UInt8(ascii: ")"), total >= covered else { return nil }
        return (covered, total)
    }

    /// `50% (1/2)` → (1, 2).
    static func fraction(_ condition: String) -> (covered: Int, total: Int)? {
        guard let open = condition.firstIndex(of: "("), let slash = condition.firstIndex(of: "/"), let close = condition.firstIndex(of: ")"),
              open < slash, slash < close,
              let covered = Int(Blanks.trimming(condition[condition.index(after: open)..<slash])),
              let total = Int(Blanks.trimming(condition[condition.index(after: slash)..<close])),
              covered >= 0, total >= covered else { return nil }
        return (covered, total)
    }

    func report(paths: CoveragePathMapping) throws(InputError) -> CoverageReport {
        guard sawRoot else {
            throw .malformed(path: path, position: nil, message: "expected a Cobertura report (root element <coverage>), found no element")
        }
        var files: [CoverageFile] = []
        var executed = 0
        for accumulator in state.pointee.accumulators {
            let path = paths.coberturaPath(accumulator.filename, sources: sources)
            if let reduced = accumulator.reduced {
                // Covered and executed are the same bit for Cobertura (hits > 0).
                executed += reduced.lines.covered
                files.append(CoverageFile(path: path, lineTotals: reduced.lines, branches: reduced.branches, functions: accumulator.functions))
                continue
            }
            var states = accumulator.lines
            CoverageFile.normalize(&states)
            executed += states.lazy.filter { $0 & CoverageFile.executedBit != 0 }.count
            files.append(CoverageFile(
                path: path, lineStates: states,
                branches: Self.branchCount(accumulator.branches), functions: accumulator.functions))
        }
        var report = CoverageReport(files: files, sourceRoot: paths.sourceRoot)
        let totals = report.totals
        var differences: [String] = []
        let found = files.reduce(0) { $0 + $1.lines.total }
        // Producers round the rate (coverage.py to 4 decimals, simplecov to 2): compare within
        // half a unit of the last decimal written, at most 4 (coverlet writes float noise).
        if let rate = stated.lineRate, found > 0, abs(rate - Double(executed) / Double(found)) > stated.rateTolerance {
            differences.append("line-rate \(rate) vs \(executed)/\(found) lines with hits")
        }
        if let valid = stated.linesValid, valid != found || (stated.linesCovered.map { $0 != executed } ?? false) {
            differences.append("lines-covered/lines-valid \(stated.linesCovered.map(String.init) ?? "?")/\(valid) vs \(executed)/\(found)")
        }
        if let valid = stated.branchesValid, let covered = stated.branchesCovered, valid != totals.branches.total || covered != totals.branches.covered {
            differences.append("branches-covered/branches-valid \(covered)/\(valid) vs \(totals.branches.covered)/\(totals.branches.total) from condition-coverage")
        }
        if !differences.isEmpty {
            report.notes.append("the report's own totals disagree with its lines (\(differences.joined(separator: "; "))); totals use the lines")
        }
        return report
    }

    /// Branch lines merged per line (the larger count wins when a line is listed twice).
    static func branchCount(_ branches: [(line: Int, covered: Int, total: Int)]) -> CoverageCount {
        var byLine: [Int: (covered: Int, total: Int)] = [:]
        for branch in branches {
            let existing = byLine[branch.line] ?? (0, 0)
            byLine[branch.line] = (max(existing.covered, branch.covered), max(existing.total, branch.total))
        }
        return byLine.values.reduce(CoverageCount()) { $0 + CoverageCount(covered: $1.covered, total: $1.total) }
    }
}
