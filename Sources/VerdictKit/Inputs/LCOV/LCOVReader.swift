import Foundation

/// Reads lcov tracefiles (`geninfo`, llvm-cov, istanbul, coverage.py, Deno, coverlet …).
///
/// A byte-level scanner over the file (no `String` per line): each line is found with
/// `memchr`, its record type is told by its first bytes and its numbers are parsed in place.
/// Sections for the same `SF:` (several test names, or the same file listed twice) merge the
/// way lcov merges them: hit counts add, so a line is covered if any section covers it;
/// branches are keyed by line, block and branch (`-` plus a count is that count); functions
/// are keyed by name, and lcov 2.x function groups (`FNL`, with their `FNA` aliases: C++
/// constructor variants, template instances) by their start line, so that an alias is not a
/// function of its own (geninfo(1): FNF/FNH count groups). Totals are computed from the `DA`/`BRDA`/`FN*` records, as
/// `lcov --summary` computes them; the file's own `LF`/`LH` are compared and a disagreement is
/// reported as a note. Like lcov, a section without `DA` records contributes nothing.
///
/// Memory: with `lineDetail` other than `.everyFile`, a file's per-line states, branches and
/// functions are reduced to its totals as soon as its last section ends (a first pass over the
/// `SF:` lines counts each file's sections), unless a diff touches it or several `SF:` names
/// map to its path. The totals are the same numbers, counted the same way; only the states
/// of files still waiting for a later section of their own are held (4 bytes a line).
public enum LCOVReader {
    public static func read(_ file: InputFile, paths: CoveragePathMapping = CoveragePathMapping(), lineDetail: CoverageLineDetail = .everyFile) throws(InputError) -> CoverageReport {
        var parser = LCOVParser(path: file.path, paths: paths, lineDetail: lineDetail, releasesPages: file.isMapped)
        let outcome: Result<Void, InputError> = file.text.withUnsafeBytes { raw in
            Result { () throws(InputError) in try parser.parse(raw.bindMemory(to: UInt8.self)) }
        }
        try outcome.get()
        if parser.sectionCountMissed {
            // A section the first pass did not count came after its file was reduced to
            // totals: never merge inexactly, read again keeping every file's lines.
            return try read(file, paths: paths, lineDetail: .everyFile)
        }
        return parser.report(paths: paths)
    }
}

/// The mutable state of one lcov read.
///
/// A struct with mutating methods, not a class: the hot loop then pays no dynamic exclusivity
/// checks or reference counting.
struct LCOVParser {
    struct Branch {
        var line: UInt32
        var block: Int32
        var branch: Int32
        /// 0: never evaluated (`-`), 1: evaluated, not taken, 2: taken.
        var state: UInt8
    }

    struct Accumulator {
        var reportedPath: String
        var lines: [UInt32] = []
        var branches: [Branch] = []
        /// Functions by name or group; names are byte ranges of the file, valid while it is parsed.
        var functions: [FunctionKey: Bool] = [:]
        var sections = 0
        var statedFound: Int?
        var statedHit: Int?
        /// Whether the per-line states stay to the end (every file, or a diff touches it).
        var keepsDetail = true
        /// Sections the first pass counted for this `SF:` name; after the last, the file is
        /// reduced to `totals` unless `keepsDetail`.
        var expectedSections = Int.max
        /// Lines, branches and functions counted when the file was reduced.
        var totals: CoverageTotals?
    }

    let path: String
    let paths: CoveragePathMapping
    let lineDetail: CoverageLineDetail
    let matcher: CoverageLineDetail.Matcher
    /// Whether the input is a read-only file mapping whose read pages may be dropped.
    let releasesPages: Bool
    /// Sections per `SF:` name, and `SF:` names per mapped path (first pass; not with `.everyFile`).
    var sectionCounts: [String: Int] = [:]
    var namesByPath: [String: Int] = [:]
    /// Set when a file reduced to totals got another section (the first pass miscounted).
    var sectionCountMissed = false
    var accumulators: [Accumulator] = []
    var indexByPath: [String: Int] = [:]
    /// Non-numeric block and branch names (lcov 2.x `e0`, `!enable`), numbered -1, -2, …
    var names: [String: Int32] = [:]
    var negativeCounts = 0

    // The open section.
    var current: Int?
    var sectionLines: [UInt32] = []
    var sectionBranches: [Branch] = []
    var sectionSorted = true
    var sectionStart = 0
    var sectionFound: Int?
    var sectionHit: Int?
    /// The open section's `FNL` groups: index → start line.
    var sectionGroups: [Int: Int] = [:]

    init(path: String, paths: CoveragePathMapping = CoveragePathMapping(), lineDetail: CoverageLineDetail = .everyFile, releasesPages: Bool = false) {
        self.path = path
        self.paths = paths
        self.lineDetail = lineDetail
        self.matcher = lineDetail.matcher()
        self.releasesPages = releasesPages
    }

    /// The first pass: how many sections each `SF:` name has, and how many names each mapped
    /// path has. An `SF:` record is a line starting with `SF:`, its name trimmed as `record`
    /// trims lines; the main pass reads the same lines, so the counts are its counts.
    mutating func countSections(_ base: UnsafePointer<UInt8>, count: Int) {
        var position = 0
        var released = 0
        while position < count {
            var end = count
            if let newline = memchr(base + position, 0x0A, count - position) {
                end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            let next = end + 1
            if end - position >= 3, base[position] == UInt8(ascii: "S"), base[position + 1] == UInt8(ascii: "F"), base[position + 2] == UInt8(ascii: ":") {
                while end > position, base[end - 1] == 0x0D || base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
                let name = String(decoding: UnsafeBufferPointer(start: base + position + 3, count: max(0, end - position - 3)), as: UTF8.self)
                sectionCounts[name, default: 0] += 1
            }
            position = next
            if releasesPages, position - released >= Self.releaseStride {
                InputFile.releasePages(from: base + released, to: base + min(position, count))
                released = position
            }
        }
        for name in sectionCounts.keys { namesByPath[paths.lcovPath(name), default: 0] += 1 }
    }

    /// How far the parse runs between dropping the pages it has read (a mapped file).
    static let releaseStride = 4 << 20

    // MARK: Scanning

    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let count = bytes.count
        if lineDetail != .everyFile { countSections(base, count: count) }
        var position = 0
        var lineNumber = 0
        var released = 0
        let maximumLine = CoverageFile.maximumLine
        while position < count {
            lineNumber += 1
            if releasesPages, position - released >= Self.releaseStride {
                InputFile.releasePages(from: base + released, to: base + position)
                released = position
            }
            // Fast path for the most common record, `DA:<line>,<count>\n`, parsed while
            // scanning for the line end; anything else (a checksum, CR, an error) takes the
            // general path below, which re-reads the line from its start.
            if current != nil, count - position > 5, base[position] == UInt8(ascii: "D"), base[position + 1] == UInt8(ascii: "A"),
               base[position + 2] == UInt8(ascii: ":") {
                var cursor = position + 3
                var number = 0
                while cursor < count {
                    let digit = base[cursor] &- 0x30
                    if digit > 9 || number > maximumLine { break }
                    number = number * 10 + Int(digit)
                    cursor += 1
                }
                if number >= 1, number <= maximumLine, cursor < count, base[cursor] == UInt8(ascii: ",") {
                    cursor += 1
                    let digitsStart = cursor
                    var nonZero: UInt8 = 0
                    while cursor < count {
                        let digit = base[cursor] &- 0x30
                        if digit > 9 { break }
                        nonZero |= digit
                        cursor += 1
                    }
                    if cursor > digitsStart, cursor < count, base[cursor] == 0x0A {
                        appendLine(number, executed: nonZero != 0)
                        position = cursor + 1
                        continue
                    }
                }
            }
            let start = position
            var end = count
            if let newline = memchr(base + position, 0x0A, count - position) {
                end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            position = end + 1
            // Carriage returns (Windows) and trailing blanks (`end_of_record ` in real files) go.
            while end > start, base[end - 1] == 0x0D || base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
            let line = Line(base: base, start: start, end: end, number: lineNumber)
            do {
                try record(line)
            } catch {
                throw .malformed(path: path, position: error.position, message: error.message)
            }
        }
        if let current {
            throw .malformed(
                path: path, position: TextPosition(line: lineNumber, column: 1, offset: count), message:
                "the file ends inside the section for '\(accumulators[current].reportedPath)' that starts at line \(sectionStart) (no end_of_record); is the file truncated?")
        }
    }

    @inline(__always)
    mutating func record(_ line: Line) throws(LineError) {
        guard line.start < line.end else { return }
        // The common records are told apart by their first bytes, compared in place.
        let first = line[0]
        let count = line.count
        if first == UInt8(ascii: "D"), count > 3, line[1] == UInt8(ascii: "A"), line[2] == UInt8(ascii: ":") {
            return try lineData(line)
        }
        switch first {
        case UInt8(ascii: "B") where line.hasPrefix("BRDA:"):
            try branchData(line)
        case UInt8(ascii: "S") where line.hasPrefix("SF:"):
            try startSection(line)
        case UInt8(ascii: "e") where line.equals("end_of_record"):
            try endSection(line)
        case UInt8(ascii: "F") where line.hasPrefix("FNDA:"):
            try functionCount(line, skip: 5, hasIndex: false)
        case UInt8(ascii: "F") where line.hasPrefix("FNA:"):
            try functionCount(line, skip: 4, hasIndex: true)
        case UInt8(ascii: "F") where line.hasPrefix("FN:"):
            try function(line)
        case UInt8(ascii: "F") where line.hasPrefix("FNL:"):
            try functionGroup(line)
        case UInt8(ascii: "L") where line.hasPrefix("LF:"):
            sectionFound = try added(sectionFound, try summary(line), line)
        case UInt8(ascii: "L") where line.hasPrefix("LH:"):
            sectionHit = try added(sectionHit, try summary(line), line)
        case UInt8(ascii: "#"):
            return
        default:
            try otherRecord(line)
        }
    }

    /// Records Verdict does not need (TN, FNF, FNH, BRF, BRH, VER, MCDC …), blank lines,
    /// and anything that is not a record at all.
    func otherRecord(_ line: Line) throws(LineError) {
        var index = 0
        while index < line.count, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
        if index == line.count { return }
        var nameLength = 0
        while index + nameLength < line.count {
            let byte = line[index + nameLength]
            let isName = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || (nameLength > 0 && byte >= 0x30 && byte <= 0x39)
            if !isName { break }
            nameLength += 1
        }
        if nameLength > 0, index + nameLength < line.count, line[index + nameLength] == UInt8(ascii: ":") { return }
        throw malformed(line.position(0), "expected an lcov record such as 'DA:<line>,<count>' or 'end_of_record', found '\(line.text(0, limit: 40))'")
    }

    // MARK: Records

    mutating func startSection(_ line: Line) throws(LineError) {
        if let current {
            throw malformed(line.position(0), "'SF:' starts a new section before the section for '\(accumulators[current].reportedPath)' (line \(sectionStart)) has its end_of_record")
        }
        let reported = line.text(3)
        guard !Blanks.trimming(reported).isEmpty else {
            throw malformed(line.position(3), "'SF:' needs a source file path, found nothing")
        }
        let index: Int
        if let existing = indexByPath[reported] {
            index = existing
        } else {
            index = accumulators.count
            var accumulator = Accumulator(reportedPath: reported)
            if lineDetail != .everyFile, let expected = sectionCounts[reported] {
                let mapped = paths.lcovPath(reported)
                accumulator.keepsDetail = matcher.keepsLines(of: mapped) || namesByPath[mapped, default: 0] > 1
                accumulator.expectedSections = expected
            }
            accumulators.append(accumulator)
            indexByPath[reported] = index
        }
        if accumulators[index].totals != nil { sectionCountMissed = true }
        current = index
        sectionStart = line.number
        sectionLines.removeAll(keepingCapacity: true)
        sectionSorted = true
        sectionFound = nil
        sectionHit = nil
        sectionGroups.removeAll()
    }

    mutating func endSection(_ line: Line) throws(LineError) {
        guard let index = current else {
            throw malformed(line.position(0), "'end_of_record' without a section (no 'SF:' before it)")
        }
        if !sectionSorted { CoverageFile.normalize(&sectionLines) }
        let isLast = !accumulators[index].keepsDetail && accumulators[index].sections + 1 >= accumulators[index].expectedSections
        var lineCount: CoverageCount?
        if isLast, accumulators[index].lines.isEmpty {
            // The file's only section: count it in place and keep the buffer for the next.
            lineCount = Self.lineCount(sectionLines)
            sectionLines.removeAll(keepingCapacity: true)
        } else if accumulators[index].lines.isEmpty {
            // Hand the buffer over; the next section gets a fresh one of the same capacity
            // instead of growing from empty.
            accumulators[index].lines = sectionLines
            sectionLines.removeAll(keepingCapacity: true)
        } else {
            accumulators[index].lines = CoverageFile.merge(accumulators[index].lines, sectionLines)
        }
        if accumulators[index].branches.isEmpty {
            accumulators[index].branches = sectionBranches
        } else {
            accumulators[index].branches.append(contentsOf: sectionBranches)
        }
        sectionBranches.removeAll(keepingCapacity: true)
        accumulators[index].sections += 1
        if isLast {
            // Reduced to totals counted exactly as `report` counts them; the states go.
            let accumulator = accumulators[index]
            accumulators[index].totals = CoverageTotals(
                lines: lineCount ?? Self.lineCount(accumulator.lines),
                branches: Self.branchCount(accumulator.branches),
                functions: Self.functionCount(accumulator.functions))
            accumulators[index].lines = []
            accumulators[index].branches = []
            accumulators[index].functions = [:]
        }
        // Stated totals add up over the sections of one file; hostile counts must not overflow.
        if let found = sectionFound {
            let (sum, overflow) = (accumulators[index].statedFound ?? 0).addingReportingOverflow(found)
            guard !overflow else { throw malformed(line.position(0), "the LF counts for '\(accumulators[index].reportedPath)' add up past \(Int.max)") }
            accumulators[index].statedFound = sum
        }
        if let hit = sectionHit {
            let (sum, overflow) = (accumulators[index].statedHit ?? 0).addingReportingOverflow(hit)
            guard !overflow else { throw malformed(line.position(0), "the LH counts for '\(accumulators[index].reportedPath)' add up past \(Int.max)") }
            accumulators[index].statedHit = sum
        }
        current = nil
    }

    @inline(__always)
    mutating func lineData(_ line: Line) throws(LineError) {
        guard current != nil else { throw outsideSection(line, "DA") }
        var cursor = 3
        let number = try line.lineNumber(&cursor, what: "DA line number")
        try line.expectComma(&cursor, after: "the DA line number", fields: "DA:<line>,<count>")
        let executed = try line.count(&cursor, what: "DA count", negatives: &negativeCounts)
        appendLine(number, executed: executed)
    }

    @inline(__always)
    mutating func appendLine(_ number: Int, executed: Bool) {
        let state = UInt32(truncatingIfNeeded: number) << 2 | (executed ? 0b11 : 0)
        if let last = sectionLines.last, last >> 2 >= state >> 2 { sectionSorted = false }
        sectionLines.append(state)
    }

    mutating func branchData(_ line: Line) throws(LineError) {
        guard let index = current else { throw outsideSection(line, "BRDA") }
        var cursor = 5
        let number = try line.lineNumber(&cursor, what: "BRDA line number")
        // <line>,<block>,<branch>,<taken>: the branch may itself hold commas (lcov 2.x
        // expressions), so the block is the first field and taken the last.
        var firstComma = -1, secondComma = -1, lastComma = -1, commaCount = 0
        var scan = cursor
        while scan < line.count {
            if line[scan] == UInt8(ascii: ",") {
                if commaCount == 0 { firstComma = scan } else if commaCount == 1 { secondComma = scan }
                lastComma = scan
                commaCount += 1
            }
            scan += 1
        }
        guard commaCount >= 3, firstComma == cursor else {
            throw malformed(line.position(0), "BRDA needs 4 fields '<line>,<block>,<branch>,<taken>', found \(commaCount + 1): '\(line.text(0, limit: 60))'")
        }
        let block = intern(line, from: firstComma + 1, to: secondComma)
        let branch = intern(line, from: secondComma + 1, to: lastComma)
        var takenCursor = lastComma + 1
        let state: UInt8
        if takenCursor + 1 == line.count, line[takenCursor] == UInt8(ascii: "-") {
            state = 0
        } else {
            state = try line.count(&takenCursor, what: "BRDA taken count ('-' or a whole number)", negatives: &negativeCounts) ? 2 : 1
        }
        _ = index
        sectionBranches.append(Branch(line: UInt32(truncatingIfNeeded: number), block: block, branch: branch, state: state))
    }

    mutating func function(_ line: Line) throws(LineError) {
        guard let index = current else { throw outsideSection(line, "FN") }
        var cursor = 3
        _ = try line.lineNumber(&cursor, what: "FN start line")
        try line.expectComma(&cursor, after: "the FN start line", fields: "FN:<line>[,<end>],<name>")
        // An end line (gcc 9+, lcov 2.x) is a number followed by a comma and a name.
        var probe = cursor
        while probe < line.count, line[probe] >= 0x30, line[probe] <= 0x39 { probe += 1 }
        if probe > cursor, probe + 1 < line.count, line[probe] == UInt8(ascii: ",") { cursor = probe + 1 }
        guard cursor < line.count else { throw malformed(line.position(cursor), "FN needs a function name after the line number") }
        let name = FunctionKey.name(NameKey(line, from: cursor))
        if accumulators[index].functions[name] == nil { accumulators[index].functions[name] = false }
    }

    /// lcov 2.x `FNL:<index>,<start>[,<end>]`: a function group, whose aliases follow as `FNA`.
    mutating func functionGroup(_ line: Line) throws(LineError) {
        guard let index = current else { throw outsideSection(line, "FNL") }
        var cursor = 4
        let group = try line.index(&cursor, what: "FNL index")
        try line.expectComma(&cursor, after: "the FNL index", fields: "FNL:<index>,<start>[,<end>]")
        let start = try line.lineNumber(&cursor, what: "FNL start line")
        sectionGroups[group] = start
        let key = FunctionKey.group(start)
        if accumulators[index].functions[key] == nil { accumulators[index].functions[key] = false }
    }

    /// `FNDA:<count>,<name>` and lcov 2.x `FNA:<index>,<count>,<name>`.
    mutating func functionCount(_ line: Line, skip: Int, hasIndex: Bool) throws(LineError) {
        let record = hasIndex ? "FNA" : "FNDA"
        guard let index = current else { throw outsideSection(line, record) }
        var cursor = skip
        var group: Int?
        if hasIndex {
            group = try line.index(&cursor, what: "FNA index")
            try line.expectComma(&cursor, after: "the FNA index", fields: "FNA:<index>,<count>,<name>")
        }
        let called = try line.count(&cursor, what: hasIndex ? "FNA count" : "FNDA count", negatives: &negativeCounts)
        try line.expectComma(&cursor, after: hasIndex ? "the FNA count" : "the FNDA count", fields: hasIndex ? "FNA:<index>,<count>,<name>" : "FNDA:<count>,<name>")
        guard cursor < line.count else { throw malformed(line.position(cursor), "\(record) needs a function name after the count") }
        // An alias counts for its group (by start line; by index when no FNL declared it).
        let name: FunctionKey = group.map { sectionGroups[$0].map(FunctionKey.group) ?? .undeclaredGroup($0) } ?? .name(NameKey(line, from: cursor))
        if called {
            accumulators[index].functions[name] = true
        } else if accumulators[index].functions[name] == nil {
            accumulators[index].functions[name] = false
        }
    }

    func summary(_ line: Line) throws(LineError) -> Int {
        var cursor = 3
        var ignored = 0
        let start = cursor
        let what = line[1] == UInt8(ascii: "F") ? "LF value" : "LH value"
        _ = try line.count(&cursor, what: what, negatives: &ignored)
        let digits = line.text(start, to: cursor)
        var end = cursor
        while end < line.count, line[end] == 0x20 || line[end] == 0x09 || line[end] == 0x0D { end += 1 }
        guard !digits.isEmpty, end == line.count, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw LineError(position: line.position(start), message: "\(what) must be a whole number, found '\(line.text(start, limit: 20))'")
        }
        // More than 18 digits: larger than any real count, kept large without overflowing.
        return Int(digits.prefix(18)).map { digits.count > 18 ? Int.max / 4 : $0 } ?? Int.max / 4
    }

    /// `total + value`, refusing a sum past `Int.max` (hostile LF/LH counts).
    func added(_ total: Int?, _ value: Int, _ line: Line) throws(LineError) -> Int {
        let (sum, overflow) = (total ?? 0).addingReportingOverflow(value)
        guard !overflow else { throw LineError(position: line.position(0), message: "the \(line.text(0, limit: 2)) counts of this section add up past \(Int.max)") }
        return sum
    }

    // MARK: Helpers

    mutating func intern(_ line: Line, from: Int, to: Int) -> Int32 {
        var value: Int64 = 0
        var numeric = to > from && to - from <= 9
        var index = from
        while numeric, index < to {
            let digit = line[index] &- 0x30
            if digit > 9 { numeric = false } else { value = value * 10 + Int64(digit) }
            index += 1
        }
        if numeric { return Int32(value) }
        let text = line.text(from, to: to)
        if let id = names[text] { return id }
        let id = -Int32(names.count) - 1
        names[text] = id
        return id
    }

    func outsideSection(_ line: Line, _ record: String) -> LineError {
        malformed(line.position(0), "'\(record)' record outside a source file section (no 'SF:' before it)")
    }

    func malformed(_ position: TextPosition, _ message: String) -> LineError {
        LineError(position: position, message: message)
    }

    /// A function name as a byte range of the file being parsed: hashing and comparing bytes
    /// in place saves a `String` per `FN`/`FNDA` record. Only used while the bytes are alive.
    struct NameKey: Hashable {
        let start: UnsafePointer<UInt8>
        let count: Int

        init(_ line: Line, from offset: Int) {
            start = line.base + line.start + offset
            count = line.count - offset
        }

        static func == (lhs: NameKey, rhs: NameKey) -> Bool {
            lhs.count == rhs.count && memcmp(lhs.start, rhs.start, lhs.count) == 0
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(bytes: UnsafeRawBufferPointer(start: start, count: count))
        }
    }

    /// What a function is counted by: its name (`FN`, `FNDA`), or its lcov 2.x group.
    enum FunctionKey: Hashable {
        case name(NameKey)
        /// An `FNL` group, by its start line: sections of several tests merge by location.
        case group(Int)
        /// An `FNA` index no `FNL` of the section declared.
        case undeclaredGroup(Int)
    }

    /// A problem on one line; the parser adds the file's path.
    struct LineError: Error {
        var position: TextPosition
        var message: String
    }

    // MARK: Result

    func report(paths: CoveragePathMapping) -> CoverageReport {
        var files: [CoverageFile] = []
        var empty = 0
        var disagreeing: [(path: String, stated: CoverageCount, counted: CoverageCount)] = []
        for accumulator in accumulators {
            let file: CoverageFile
            if let totals = accumulator.totals {
                guard totals.lines.total > 0 else {
                    empty += 1
                    continue
                }
                file = CoverageFile(path: paths.lcovPath(accumulator.reportedPath), lineTotals: totals.lines, branches: totals.branches, functions: totals.functions)
            } else {
                guard !accumulator.lines.isEmpty else {
                    empty += 1
                    continue
                }
                file = CoverageFile(
                    path: paths.lcovPath(accumulator.reportedPath), lineStates: accumulator.lines,
                    branches: Self.branchCount(accumulator.branches), functions: Self.functionCount(accumulator.functions))
            }
            if accumulator.sections == 1, let found = accumulator.statedFound {
                let stated = CoverageCount(covered: accumulator.statedHit ?? 0, total: found)
                if stated != file.lines { disagreeing.append((file.path, stated, file.lines)) }
            }
            files.append(file)
        }
        var notes: [String] = []
        if !disagreeing.isEmpty {
            let stated = disagreeing.reduce(CoverageCount()) { $0 + $1.stated }
            let counted = disagreeing.reduce(CoverageCount()) { $0 + $1.counted }
            let first = disagreeing.min { $0.path < $1.path }!
            notes.append(
                "\(disagreeing.count) file\(disagreeing.count == 1 ? "'s" : "s'") own LF/LH disagree with their DA records "
                    + "(LF/LH say \(stated.covered)/\(stated.total), DA records give \(counted.covered)/\(counted.total)); "
                    + "totals use the DA records, as lcov --summary does; e.g. '\(first.path)': LF \(first.stated.total) LH \(first.stated.covered), DA \(first.counted.total) lines \(first.counted.covered) hit")
        }
        if empty > 0 {
            notes.append("\(empty) section\(empty == 1 ? "" : "s") without DA records ignored, as lcov does")
        }
        if negativeCounts > 0 {
            notes.append("\(negativeCounts) negative count\(negativeCounts == 1 ? "" : "s") read as 0, as lcov does")
        }
        return CoverageReport(files: files, notes: notes, sourceRoot: paths.sourceRoot)
    }

    /// Instrumented and covered lines of normalized states, as `CoverageFile` counts them.
    static func lineCount(_ states: [UInt32]) -> CoverageCount {
        var covered = 0
        for state in states where state & CoverageFile.coveredBit != 0 { covered += 1 }
        return CoverageCount(covered: covered, total: states.count)
    }

    static func functionCount(_ functions: [FunctionKey: Bool]) -> CoverageCount {
        CoverageCount(covered: functions.values.filter { $0 }.count, total: functions.count)
    }

    /// Branches merged by (line, block, branch): the best state wins (`-` and 0 give 0 hits,
    /// any taken count makes the branch hit), as lcov adds `taken` counts.
    static func branchCount(_ branches: [Branch]) -> CoverageCount {
        guard !branches.isEmpty else { return CoverageCount() }
        let sorted = branches.sorted { ($0.line, $0.block, $0.branch, $0.state) < ($1.line, $1.block, $1.branch, $1.state) }
        var found = 0
        var hit = 0
        var index = 0
        while index < sorted.count {
            var best = sorted[index].state
            var next = index + 1
            while next < sorted.count, sorted[next].line == sorted[index].line, sorted[next].block == sorted[index].block, sorted[next].branch == sorted[index].branch {
                best = max(best, sorted[next].state)
                next += 1
            }
            found += 1
            if best == 2 { hit += 1 }
            index = next
        }
        return CoverageCount(covered: hit, total: found)
    }
}
