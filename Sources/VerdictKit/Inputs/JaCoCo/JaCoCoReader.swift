import Foundation

/// Reads JaCoCo XML reports (`jacoco.xml`, `jacocoTestReport.xml`, `report-aggregate`).
///
/// Per `<sourcefile>`: its `<line nr mi ci mb cb>` elements give the lines (a line is covered
/// when `ci` > 0, as JaCoCo's LINE counter counts it) and the branches (`mb` + `cb`, `cb`
/// covered); its METHOD counter gives the functions. `mi`, `ci`, `mb` and `cb` default to 0
/// as `report.dtd` says (gcovr's JaCoCo writer leaves them out); a line without instructions
/// (`mi` = `ci` = 0) is not an instrumented line, as JaCoCo's LINE counter has it (status
/// EMPTY), and its branches still count. Groups (multi-module reports) are walked
/// like packages. The report-level counters (direct children of `<report>`) are compared with
/// the per-file sums, and a disagreement becomes a note. Streamed; the DOCTYPE's
/// `report.dtd` is neither fetched nor required.
public enum JaCoCoReader {
    public static func read(_ file: InputFile, options: CoverageReadOptions = CoverageReadOptions()) throws(InputError) -> CoverageReport {
        let handler = JaCoCoHandler(path: file.path, paths: options.paths, lineDetail: options.lineDetail)
        do throws(XMLStreamError) {
            try XMLStreamReader.read(file.text, path: file.path, handler: handler, interface: options.xmlInterface == .sax2 ? .sax2 : .textReader,
                                       pageReleaser: file.pageReleaser)
        } catch {
            throw .malformed(path: file.path, position: error.position, message: error.message)
        }
        if handler.reducedPathRepeated {
            // A source file reduced to totals shares its path with another (a multi-module
            // report): totals cannot be merged exactly, so read again keeping every file's lines.
            var everyFile = options
            everyFile.lineDetail = .everyFile
            return try read(file, options: everyFile)
        }
        return try handler.report()
    }
}

final class JaCoCoHandler: XMLStreamHandler {
    enum Element: UInt8 {
        case other, report, group, package, sourcefile, line, counter
    }

    /// What changes on every element, kept behind a pointer: mutating a class's stored
    /// properties costs a dynamic exclusivity check each time, which shows at 100 MB/s.
    struct State {
        var stack: [Element] = []
        var lines: [UInt32] = []
        var branches = CoverageCount()
        var functions = CoverageCount()
        /// The source file's own LINE counter.
        var statedLines = CoverageCount()
    }

    static let counterTypes = ["INSTRUCTION", "BRANCH", "LINE", "COMPLEXITY", "METHOD", "CLASS"]

    let path: String
    let paths: CoveragePathMapping
    let state: UnsafeMutablePointer<State>
    var failure: XMLStreamError?
    var sawRoot = false

    var packageName = ""
    var sourceName = ""
    var files: [CoverageFile] = []
    var reportCounters: [String: CoverageCount] = [:]
    /// Source files whose LINE counter has lines while no `<line>` has an instruction.
    var counterOnlyFiles: [String] = []
    /// Which files keep their per-line states; the others are reduced to their totals as soon
    /// as their `<sourcefile>` ends (4 bytes a line no longer held to the end).
    let matcher: CoverageLineDetail.Matcher
    /// Paths of the files read so far, while some are reduced: a repeat means a re-read.
    var pathsSeen: Set<String> = []
    var reducedPathRepeated = false

    init(path: String, paths: CoveragePathMapping, lineDetail: CoverageLineDetail = .everyFile) {
        matcher = lineDetail.matcher()
        self.path = path
        self.paths = paths
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    func startElement(_ name: XMLBytes, _ attributes: XMLAttributes, at reader: XMLStreamReader) {
        let parent = state.pointee.stack.last ?? .other
        if parent == .sourcefile, name == "line" {
            return line(attributes, at: reader)
        }
        guard sawRoot else {
            sawRoot = true
            guard name == "report" else {
                return reader.fail("expected a JaCoCo report (root element <report>), found <\(name.string)>")
            }
            state.pointee.stack.append(.report)
            return
        }
        if name == "counter" {
            state.pointee.stack.append(.counter)
            guard parent == .report || parent == .sourcefile else { return }
            counter(attributes, parent: parent, at: reader)
        } else if name == "sourcefile" {
            guard parent == .package else { return state.pointee.stack.append(.other) }
            guard let sourceFile = attributes["name"], sourceFile.count > 0 else { return reader.fail("<sourcefile> needs a 'name'") }
            sourceName = sourceFile.string
            state.pointee.lines.removeAll(keepingCapacity: true)
            state.pointee.branches = CoverageCount()
            state.pointee.functions = CoverageCount()
            state.pointee.statedLines = CoverageCount()
            state.pointee.stack.append(.sourcefile)
        } else if name == "package" {
            packageName = attributes["name"]?.string ?? ""
            state.pointee.stack.append(.package)
        } else if name == "group" {
            state.pointee.stack.append(.group)
        } else {
            state.pointee.stack.append(.other)
        }
    }

    /// `<line nr mi ci mb cb>`: the attributes are read in one pass; absent counts are 0
    /// (`report.dtd`), present ones must be whole numbers.
    @inline(__always)
    func line(_ attributes: XMLAttributes, at reader: XMLStreamReader) {
        var number = -1, mi = 0, ci = 0, mb = 0, cb = 0
        for pair in attributes.pairs where pair.name.count == 2 {
            let value = pair.value.integer ?? -1
            switch (pair.name[0], pair.name[1]) {
            case (UInt8(ascii: "n"), UInt8(ascii: "r")): number = value
            case (UInt8(ascii: "m"), UInt8(ascii: "i")): mi = value
            case (UInt8(ascii: "c"), UInt8(ascii: "i")): ci = value
            case (UInt8(ascii: "m"), UInt8(ascii: "b")): mb = value
            case (UInt8(ascii: "c"), UInt8(ascii: "b")): cb = value
            default: break
            }
        }
        guard number >= 1, number <= CoverageFile.maximumLine else {
            return reader.fail("<line> needs a line number 'nr' of at least 1, found \(Self.describe(attributes["nr"]))")
        }
        guard mi >= 0, ci >= 0, mb >= 0, cb >= 0 else {
            return reader.fail("<line nr=\"\(number)\"> has an attribute mi, ci, mb or cb that is not a whole number")
        }
        if mi > 0 || ci > 0 {
            let covered = ci > 0
            state.pointee.lines.append(CoverageFile.pack(line: number, executed: covered, covered: covered))
        }
        state.pointee.branches.covered += cb
        state.pointee.branches.total += mb + cb
        state.pointee.stack.append(.line)
    }

    func counter(_ attributes: XMLAttributes, parent: Element, at reader: XMLStreamReader) {
        guard let typeBytes = attributes["type"] else { return reader.fail("<counter> needs a 'type'") }
        let type = typeBytes.string
        guard Self.counterTypes.contains(type) else {
            return reader.fail("unknown counter type '\(type)'; expected one of \(Self.counterTypes.joined(separator: ", "))")
        }
        guard let missed = attributes["missed"]?.integer, let covered = attributes["covered"]?.integer else {
            return reader.fail("<counter type=\"\(type)\"> needs whole-number attributes 'missed' and 'covered'")
        }
        let count = CoverageCount(covered: covered, total: missed + covered)
        if parent == .report {
            reportCounters[type] = count
        } else if type == "METHOD" {
            state.pointee.functions = count
        } else if type == "LINE" {
            state.pointee.statedLines = count
        }
    }

    func endElement(_ name: XMLBytes, at reader: XMLStreamReader) {
        guard let element = state.pointee.stack.popLast() else { return }
        if element == .sourcefile {
            var states = state.pointee.lines
            CoverageFile.normalize(&states)
            var file = CoverageFile(
                path: paths.jacocoPath(package: packageName, sourceFile: sourceName), lineStates: states,
                branches: state.pointee.branches, functions: state.pointee.functions)
            if states.isEmpty, state.pointee.statedLines.total > 0 { counterOnlyFiles.append(file.path) }
            if !matcher.everyFile {
                if !pathsSeen.insert(file.path).inserted { reducedPathRepeated = true }
                if !matcher.keepsLines(of: file.path) {
                    file = CoverageFile(path: file.path, lineTotals: file.lines, branches: file.branches, functions: file.functions)
                }
            }
            files.append(file)
        }
    }

    func characters(_ text: XMLBytes, at reader: XMLStreamReader) {}

    static func describe(_ value: XMLBytes?) -> String {
        value.map { "'\($0.string)'" } ?? "none"
    }

    func report() throws(InputError) -> CoverageReport {
        guard sawRoot else {
            throw .malformed(path: path, position: nil, message: "expected a JaCoCo report (root element <report>), found no element")
        }
        var report = CoverageReport(files: files, sourceRoot: paths.sourceRoot)
        let totals = report.totals
        var differences: [String] = []
        if !reportCounters.isEmpty || !files.isEmpty {
            for (type, measure) in [("LINE", totals.lines), ("BRANCH", totals.branches), ("METHOD", totals.functions)] {
                let stated = reportCounters[type] ?? CoverageCount()
                if stated != measure {
                    differences.append("\(type) \(stated.covered)/\(stated.total) vs \(measure.covered)/\(measure.total)")
                }
            }
        }
        if !counterOnlyFiles.isEmpty {
            let shown = counterOnlyFiles.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (counterOnlyFiles.count > 3 ? " and \(counterOnlyFiles.count - 3) more" : "")
            report.notes.append("\(counterOnlyFiles.count) source file\(counterOnlyFiles.count == 1 ? "" : "s") (\(shown)) give\(counterOnlyFiles.count == 1 ? "s" : "") lines only in a LINE counter: no <line> has instruction counts (mi, ci), as gcovr's JaCoCo writer does, so no line of it is known to be covered or missed; use the writer's Cobertura or lcov output for line coverage")
        }
        if !differences.isEmpty {
            report.notes.append("the report-level counters disagree with the sum of its source files (\(differences.joined(separator: ", "))); totals use the source files")
        }
        return report
    }
}
