import Foundation

/// Reads JaCoCo XML reports (`jacoco.xml`, `jacocoTestReport.xml`, `report-aggregate`).
///
/// Per `<sourcefile>`: its `<line nr mi ci mb cb>` elements give the lines (a line is covered
/// when `ci` > 0, as JaCoCo's LINE counter counts it) and the branches (`mb` + `cb`, `cb`
/// covered); its METHOD counter gives the functions. Groups (multi-module reports) are walked
/// like packages. The report-level counters (direct children of `<report>`) are compared with
/// the per-file sums, and a disagreement becomes a note. Streamed; the DOCTYPE's
/// `report.dtd` is neither fetched nor required.
public enum JaCoCoReader {
    public static func read(_ file: InputFile, options: CoverageReadOptions = CoverageReadOptions()) throws(InputError) -> CoverageReport {
        let handler = JaCoCoHandler(path: file.path, paths: options.paths)
        try XMLStreamReader.read(file.text, path: file.path, handler: handler, interface: options.xmlInterface == .sax2 ? .sax2 : .textReader)
        return try handler.report()
    }
}

final class JaCoCoHandler: XMLStreamHandler {
    enum Element: UInt8 {
        case other, report, group, package, sourcefile, line, counter
    }

    static let counterTypes = ["INSTRUCTION", "BRANCH", "LINE", "COMPLEXITY", "METHOD", "CLASS"]

    let path: String
    let paths: CoveragePathMapping
    var failure: InputError?
    var stack: [Element] = []
    var sawRoot = false

    var packageName = ""
    var sourceName = ""
    var lines: [UInt32] = []
    var branches = CoverageCount()
    var functions = CoverageCount()
    var files: [CoverageFile] = []
    var reportCounters: [String: CoverageCount] = [:]

    init(path: String, paths: CoveragePathMapping) {
        self.path = path
        self.paths = paths
    }

    func startElement(_ name: XMLBytes, _ attributes: XMLAttributes, at reader: XMLStreamReader) {
        guard sawRoot else {
            sawRoot = true
            guard name == "report" else {
                return reader.fail("expected a JaCoCo report (root element <report>), found <\(name.string)>")
            }
            stack.append(.report)
            return
        }
        let parent = stack.last ?? .other
        if name == "line" {
            guard parent == .sourcefile else { return stack.append(.other) }
            guard let number = attributes["nr"]?.integer, number >= 1, number <= CoverageFile.maximumLine else {
                return reader.fail("<line> needs a line number 'nr' of at least 1, found \(Self.describe(attributes["nr"]))")
            }
            let values = (attributes["mi"]?.integer, attributes["ci"]?.integer, attributes["mb"]?.integer, attributes["cb"]?.integer)
            guard let ci = values.1, let mb = values.2, let cb = values.3, values.0 != nil else {
                return reader.fail("<line nr=\"\(number)\"> needs whole-number attributes mi, ci, mb and cb")
            }
            let covered = ci > 0
            lines.append(CoverageFile.pack(line: number, executed: covered, covered: covered))
            branches += CoverageCount(covered: cb, total: mb + cb)
            stack.append(.line)
        } else if name == "counter" {
            stack.append(.counter)
            guard parent == .report || parent == .sourcefile else { return }
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
                functions = count
            }
        } else if name == "sourcefile" {
            guard parent == .package else { return stack.append(.other) }
            guard let sourceFile = attributes["name"], sourceFile.count > 0 else { return reader.fail("<sourcefile> needs a 'name'") }
            sourceName = sourceFile.string
            lines.removeAll(keepingCapacity: true)
            branches = CoverageCount()
            functions = CoverageCount()
            stack.append(.sourcefile)
        } else if name == "package" {
            packageName = attributes["name"]?.string ?? ""
            stack.append(.package)
        } else if name == "group" {
            stack.append(.group)
        } else {
            stack.append(.other)
        }
    }

    func endElement(_ name: XMLBytes, at reader: XMLStreamReader) {
        guard let element = stack.popLast() else { return }
        if element == .sourcefile {
            var states = lines
            CoverageFile.normalize(&states)
            files.append(CoverageFile(
                path: paths.jacocoPath(package: packageName, sourceFile: sourceName), lineStates: states,
                branches: branches, functions: functions))
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
        var report = CoverageReport(files: files)
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
        if !differences.isEmpty {
            report.notes.append("the report-level counters disagree with the sum of its source files (\(differences.joined(separator: ", "))); totals use the source files")
        }
        return report
    }
}
