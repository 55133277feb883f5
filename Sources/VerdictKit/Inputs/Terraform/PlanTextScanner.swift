import Foundation

/// The state of one pass over a plan text; see `PlanTextReader`.
struct PlanTextScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let path: String

    /// Where the line being read is: byte range without its line break, and 1-based number.
    var lineStart = 0
    var lineEnd = 0
    var lineNumber = 0

    enum Section {
        /// Refresh lines, intro sentences: before anything that counts.
        case preamble
        /// "Objects have changed outside of Terraform".
        case drift
        /// "Terraform will perform the following actions" and the resource blocks.
        case changes
        /// "Changes to Outputs:".
        case outputs
        /// "Terraform will invoke the following action(s):".
        case invocations
    }

    var section = Section.preamble
    /// Whether "… will perform the following actions:" was seen: legacy 0.11 resource lines may follow.
    var sawPerformLine = false

    /// Where a header's change went.
    enum Target {
        case planned(Int)
        case drift(Int)
        /// Invocations and deferred changes: read, not judged.
        case other
    }

    /// The resource block being read.
    /// Trivial to copy (no reference-counted field), since it is looked at on every line; its
    /// address lives in `blockAddress`, read only for error messages.
    struct Block {
        var target: Target
        var headerLine: Int
        /// False between the header and its `resource "t" "n" {` line.
        var opened = false
        /// A pre-0.12 block: attribute lines `      name: value`, no braces.
        var legacy = false
        /// Byte range of the last attribute name at the block's first level.
        var lastTopName: Range<Int>?
    }

    var block: Block?
    /// Scratch space for `TerraformAddress.parse`.
    var addressSteps: [TerraformAddress.Step] = []
    /// The address of `block`.
    var blockAddress = ""

    var changes: [PlanChange] = []
    var drift: [PlanChange] = []
    var outputs: [OutputChange] = []
    var errors: [PlanError] = []
    var deferred: [String] = []
    var invocations: [String] = []
    var producer: String?
    var sawNoChanges: String?
    /// The sentence Terraform ends a plan without a summary line with: a refresh-only plan's,
    /// or an outputs-only plan's. Without it, drift notes or output changes followed by
    /// nothing are a plan cut off before its resource changes, not a plan without any.
    var sawClosingSentence = false
    var summary: (counts: PlanCounts, invoke: Int?, hasForget: Bool, text: String, line: Int)?
    /// When `bytes` map the file itself, drops the resident pages between two addresses
    /// (`InputFile.pageReleaser`, as the JSON and XML readers take it): the pages behind the
    /// line being read are dropped every `InputFile.pageReleaseStride` bytes, so a large plan
    /// costs a few MiB of its pages, not all of them. A byte read again after (an attribute
    /// name of the open block) comes back from the file.
    var pageReleaser: ((UnsafeRawPointer, UnsafeRawPointer) -> Void)?

    init(bytes: UnsafeBufferPointer<UInt8>, path: String) {
        self.bytes = bytes
        self.path = path
        // Real plans run 500 to 2,000 bytes per resource block.
        changes.reserveCapacity(max(16, bytes.count / 1024))
    }

    // MARK: The line loop

    mutating func run() throws(InputError) {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return }
        var next = 0
        var released = 0
        while next < count {
            if let pageReleaser, next - released >= InputFile.pageReleaseStride {
                pageReleaser(UnsafeRawPointer(base + released), UnsafeRawPointer(base + next))
                released = next
            }
            lineStart = next
            if let found = memchr(base + next, 0x0A, count - next) {
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                lineEnd = newline
                next = newline + 1
            } else {
                lineEnd = count
                next = count
            }
            if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            lineNumber += 1
            try readLine()
        }
    }

    mutating func readLine() throws(InputError) {
        guard lineEnd > lineStart else {
            if block?.legacy == true { block = nil }
            return
        }
        let first = bytes[lineStart]
        let indented = first == UInt8(ascii: " ")
        if indented, let hash = headerHash() {
            try readComment(hashAt: hash)
            return
        }
        if let current = block {
            if !current.opened {
                try readOpener(current)
                return
            }
            if current.legacy {
                if indented, readLegacyAttribute() { return }
                block = nil
            } else if indented {
                readBlockLine()
                return
            } else {
                try blockNotClosed(before: "'\(text(lineStart..<min(lineEnd, lineStart + 40)))'")
            }
        }
        if indented || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            switch section {
            case .outputs: readOutput()
            case .changes where sawPerformLine: try readLegacyResource()
            default: break
            }
            return
        }
        try readTopLevel()
    }

    /// The offset of `#` when the line is `  # …` or ` # …` (a resource header or its note).
    func headerHash() -> Int? {
        var index = lineStart
        while index < lineEnd, index - lineStart < 3, bytes[index] == UInt8(ascii: " ") { index += 1 }
        let indent = index - lineStart
        guard indent == 1 || indent == 2, index + 1 < lineEnd, bytes[index] == UInt8(ascii: "#"),
              bytes[index + 1] == UInt8(ascii: " ") else { return nil }
        return index
    }

    // MARK: Column-0 sentences

    mutating func readTopLevel() throws(InputError) {
        var start = lineStart
        // Diagnostics in boxes: "│ Error: …", "╷", "╵".
        if hasPrefix("\u{2502} ", at: start) { start += 4 }
        if hasPrefix("Error: ", at: start) {
            errors.append(PlanError(message: text(start..<lineEnd), line: lineNumber))
            return
        }
        if start != lineStart { return }
        if hasPrefix("Plan: ", at: start) {
            try readSummary()
        } else if hasPrefix("Note: Objects have changed outside of ", at: start) {
            section = .drift
        } else if hasPrefix("Terraform used the selected providers", at: start) {
            producer = producer ?? "Terraform"
            section = .changes
        } else if hasPrefix("OpenTofu used the selected providers", at: start) {
            producer = producer ?? "OpenTofu"
            section = .changes
        } else if hasPrefix("Terraform will perform the following actions", at: start)
                    || hasPrefix("OpenTofu will perform the following actions", at: start) {
            producer = producer ?? (bytes[start] == UInt8(ascii: "T") ? "Terraform" : "OpenTofu")
            section = .changes
            sawPerformLine = true
        } else if hasPrefix("Terraform planned the following actions, but then encountered a problem", at: start)
                    || hasPrefix("OpenTofu planned the following actions, but then encountered a problem", at: start) {
            section = .changes
            sawPerformLine = true
            errors.append(PlanError(message: text(start..<lineEnd), line: lineNumber))
        } else if hasPrefix("Planning failed.", at: start) {
            errors.append(PlanError(message: text(start..<lineEnd), line: lineNumber))
        } else if hasPrefix("An execution plan has been generated", at: start) {
            producer = producer ?? "Terraform"
            section = .changes
        } else if hasPrefix("Changes to Outputs:", at: start) {
            section = .outputs
        } else if hasPrefix("Terraform will invoke the following action", at: start)
                    || hasPrefix("OpenTofu will invoke the following action", at: start) {
            section = .invocations
        } else if hasPrefix("No changes.", at: start) || hasPrefix("No current changes.", at: start) {
            sawNoChanges = sawNoChanges ?? text(start..<lineEnd)
            section = .preamble
        } else if hasPrefix("This is a refresh-only plan", at: start) {
            sawClosingSentence = true
            section = .preamble
        } else if hasPrefix("Unless you have made equivalent changes", at: start) {
            section = .preamble
        } else if hasPrefix("You can apply this plan to save these new output values", at: start) {
            sawClosingSentence = true
            section = .preamble
        } else if section == .outputs {
            section = .preamble
        }
    }

    /// `Plan: [I to import, ]A to add, C to change, D to destroy[, F to forget].[ Actions: N to invoke.]`
    mutating func readSummary() throws(InputError) {
        let line = text(lineStart..<lineEnd)
        if let previous = summary {
            throw malformed("a second summary line (the first is at line \(previous.line)); give one plan per file")
        }
        if block != nil { try blockNotClosed(before: "the summary line") }
        var counts = PlanCounts()
        var invoke: Int?
        var rest = Substring(line.dropFirst("Plan: ".count))
        var seen: Set<String> = []
        func fail() -> InputError {
            malformed("cannot read the summary line '\(line)'; expected 'Plan: A to add, C to change, D to destroy.'")
        }
        while true {
            let digits = rest.prefix(while: \.isASCII).prefix(while: \.isNumber)
            guard !digits.isEmpty, let number = Int(digits) else { throw fail() }
            rest = rest.dropFirst(digits.count)
            guard rest.hasPrefix(" to ") else { throw fail() }
            rest = rest.dropFirst(4)
            let word = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(word.count)
            guard seen.insert(String(word)).inserted else { throw fail() }
            switch word {
            case "import": counts.toImport = number
            case "add": counts.toAdd = number
            case "change": counts.toChange = number
            case "destroy": counts.toDestroy = number
            case "forget": counts.toForget = number
            case "invoke" where invoke == nil && seen.contains("destroy"): invoke = number
            default: throw fail()
            }
            if rest.hasPrefix(", ") {
                rest = rest.dropFirst(2)
                continue
            }
            guard rest.hasPrefix(".") else { throw fail() }
            rest = rest.dropFirst()
            if rest.hasPrefix(" Actions: ") {
                rest = rest.dropFirst(" Actions: ".count)
                continue
            }
            guard rest.allSatisfy(\.isWhitespace) else { throw fail() }
            break
        }
        guard seen.isSuperset(of: ["add", "change", "destroy"]) else { throw fail() }
        summary = (counts, invoke, seen.contains("forget"), line.trimmingCharacters(in: .whitespaces), lineNumber)
        section = .preamble
    }

    // MARK: Resource headers

    /// A `  # …` line: a resource header, or a note on the one just read.
    mutating func readComment(hashAt hash: Int) throws(InputError) {
        let start = hash + 2
        guard start < lineEnd else { return }
        let first = bytes[start]
        if first == UInt8(ascii: "(") {
            readNote(start)
            return
        }
        if hasPrefix("Warning:", at: start) { return }
        if let current = block {
            if current.legacy {
                block = nil
            } else if current.opened {
                try blockNotClosed(before: "the next resource header")
            } else {
                throw malformed("the header of '\(blockAddress)' at line \(current.headerLine) is not followed by its block; found another header")
            }
        }
        try readHeader(start)
    }

    mutating func readHeader(_ start: Int) throws(InputError) {
        let addressEnd = TerraformAddress.end(bytes, from: start, to: lineEnd)
        let address = text(start..<addressEnd)
        var phraseStart = min(addressEnd + 1, lineEnd)
        var deposed: String?
        if hasPrefix("(deposed object ", at: phraseStart),
           let close = firstIndex(of: UInt8(ascii: ")"), from: phraseStart, to: lineEnd) {
            deposed = text((phraseStart + "(deposed object ".count)..<close)
            phraseStart = min(close + 2, lineEnd)
        }
        guard let phrase = commonPhrase(phraseStart) ?? PlanHeaderPhrase(text(phraseStart..<lineEnd)) else {
            let phraseText = text(phraseStart..<lineEnd)
            throw malformed(
                "unknown resource change wording '\(phraseText)' after '\(address)'; expected one of "
                    + PlanHeaderPhrase.known.map { "'\($0)'" }.joined(separator: ", "))
        }
        switch phrase {
        case .invoked:
            invocations.append(address)
            section = .invocations
            block = Block(target: .other, headerLine: lineNumber)
            blockAddress = address
            return
        case .deferred:
            deferred.append(address)
            block = Block(target: .other, headerLine: lineNumber)
            blockAddress = address
            return
        default: break
        }
        let parsedAddress: String
        var previous: String?
        let parsed: TerraformAddress?
        if case let .movedTo(newAddress) = phrase {
            parsedAddress = newAddress
            previous = address
            parsed = TerraformAddress(newAddress)
        } else {
            parsedAddress = address
            parsed = TerraformAddress.parse(bytes, start, addressEnd, steps: &addressSteps)
        }
        guard let parts = parsed else {
            throw malformed("cannot read the resource address '\(parsedAddress)'; expected [module.NAME.]…[data.]TYPE.NAME[KEY]")
        }
        var change = PlanChange(
            address: parsedAddress, previousAddress: previous, moduleAddress: parts.moduleAddress, mode: parts.mode,
            type: parts.type, name: parts.name, index: parts.index, deposed: deposed, action: .noOp, line: lineNumber)
        let target: Target
        switch phrase {
        case let .planned(action, reason):
            change.action = action
            change.reason = reason
            if section == .drift || section == .preamble { section = .changes }
            changes.append(change)
            target = .planned(changes.count - 1)
        case .movedTo where section == .drift:
            // A refresh-only plan lists moves it recorded among the changes made outside of
            // Terraform: drift, not a planned change (it has no 'Plan:' line).
            drift.append(change)
            target = .drift(drift.count - 1)
        case .movedTo:
            if section == .preamble { section = .changes }
            changes.append(change)
            target = .planned(changes.count - 1)
        case .imported:
            change.importID = ""
            if section == .drift || section == .preamble { section = .changes }
            changes.append(change)
            target = .planned(changes.count - 1)
        case let .drift(action):
            change.action = action
            drift.append(change)
            target = .drift(drift.count - 1)
        case .invoked, .deferred:
            return
        }
        block = Block(target: target, headerLine: lineNumber)
        blockAddress = parsedAddress
    }

    /// The four wordings of nearly every header, compared as bytes (no string is made).
    func commonPhrase(_ start: Int) -> PlanHeaderPhrase? {
        let length = lineEnd - start
        switch length {
        case 15 where hasPrefix("will be created", at: start): return .planned(.create, reason: nil)
        case 24 where hasPrefix("will be updated in-place", at: start): return .planned(.update, reason: nil)
        case 17 where hasPrefix("will be destroyed", at: start): return .planned(.delete, reason: nil)
        case 16 where hasPrefix("must be replaced", at: start): return .planned(.deleteThenCreate, reason: "replace_because_cannot_update")
        default: return nil
        }
    }

    /// `# (moved from OLD)`, `# (imported from "ID")`, `# (because …)` under a header.
    mutating func readNote(_ start: Int) {
        guard let current = block, !current.opened else { return }
        let note = text(start..<lineEnd)
        func update(_ body: (inout PlanChange) -> Void) {
            switch current.target {
            case let .planned(index): body(&changes[index])
            case let .drift(index): body(&drift[index])
            case .other: break
            }
        }
        if note.hasPrefix("(moved from "), note.hasSuffix(")") {
            let old = String(note.dropFirst("(moved from ".count).dropLast())
            update { $0.previousAddress = old }
        } else if note.hasPrefix("(imported from \""), note.hasSuffix("\")") {
            let id = String(note.dropFirst("(imported from \"".count).dropLast(2))
            update { $0.importID = id }
        } else if note == "(will be imported first)" {
            update { $0.importID = "" }
        } else if note.hasPrefix("(because ") || note.hasPrefix("(config ") || note.hasPrefix("(depends on ") {
            update { change in
                if change.reason == nil { change.reason = String(note.dropFirst().dropLast()) }
            }
        }
    }

    /// The `  + resource "type" "name" {` line after a header; its symbol tells `-/+` from `+/-`.
    mutating func readOpener(_ current: Block) throws(InputError) {
        var index = lineStart
        while index < lineEnd, bytes[index] == UInt8(ascii: " ") { index += 1 }
        let symbolStart = index
        while index < lineEnd, Self.isSymbol(bytes[index]) { index += 1 }
        let symbol = text(symbolStart..<index)
        while index < lineEnd, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard hasPrefix("resource \"", at: index) || hasPrefix("data \"", at: index) || hasPrefix("action \"", at: index) else {
            throw malformed(
                "expected the block of '\(blockAddress)' (header at line \(current.headerLine)), such as 'resource \"TYPE\" \"NAME\" {', found '\(text(lineStart..<min(lineEnd, lineStart + 60)))'")
        }
        if symbol == "+/-", case let .planned(changeIndex) = current.target, changes[changeIndex].action == .deleteThenCreate {
            changes[changeIndex].action = .createThenDelete
        }
        var opened = current
        opened.opened = true
        block = endsWith("{}") || !endsWith("{") ? nil : opened
    }

    static func isSymbol(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "<"),
             UInt8(ascii: "="), UInt8(ascii: "."):
            true
        default: false
        }
    }

    // MARK: Inside a block

    /// A line inside a resource block: the closing `    }`, a first-level attribute name, or a
    /// `# forces replacement` mark.
    mutating func readBlockLine() {
        let length = lineEnd - lineStart
        if length == 5, bytes[lineStart + 4] == UInt8(ascii: "}"), bytes[lineStart + 3] == UInt8(ascii: " ") {
            block = nil
            return
        }
        let top = topLevelName()
        if let top { block?.lastTopName = top }
        guard endsWith("# forces replacement") else { return }
        var path: String
        if let top {
            path = text(top)
        } else {
            path = block?.lastTopName.map(text) ?? "(unnamed attribute)"
            if let own = ownName() { path += "." + text(own) }
        }
        addForced(path)
    }

    mutating func addForced(_ attribute: String) {
        guard case let .planned(index)? = block?.target else { return }
        if !changes[index].forcedReplacement.contains(attribute) { changes[index].forcedReplacement.append(attribute) }
    }

    /// The attribute or nested block named on a first-level line (`      ~ name = …`, `        name = …`).
    func topLevelName() -> Range<Int>? {
        let start = lineStart + 8
        guard start < lineEnd, bytes[lineStart + 7] == UInt8(ascii: " "),
              bytes[lineStart] == UInt8(ascii: " "), bytes[lineStart + 3] == UInt8(ascii: " ") else { return nil }
        return name(at: start)
    }

    /// The name on a deeper line (`          ~ volume_size = 8 -> 10 # forces replacement`).
    func ownName() -> Range<Int>? {
        var index = lineStart
        while index < lineEnd, bytes[index] == UInt8(ascii: " ") { index += 1 }
        while index < lineEnd, Self.isSymbol(bytes[index]) { index += 1 }
        while index < lineEnd, bytes[index] == UInt8(ascii: " ") { index += 1 }
        return name(at: index)
    }

    /// An identifier (or a quoted name) at `start`, followed by a space; nil otherwise.
    func name(at start: Int) -> Range<Int>? {
        guard start < lineEnd else { return nil }
        var index = start
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            while index < lineEnd, bytes[index] != UInt8(ascii: "\"") { index += 1 }
            guard index < lineEnd else { return nil }
            return start..<(index + 1)
        }
        while index < lineEnd, Self.isNameByte(bytes[index]) { index += 1 }
        guard index > start, index < lineEnd, bytes[index] == UInt8(ascii: " ") else { return nil }
        return start..<index
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    // MARK: Outputs

    /// `  + name = …` under "Changes to Outputs:".
    mutating func readOutput() {
        guard lineEnd - lineStart > 4, bytes[lineStart] == UInt8(ascii: " "), bytes[lineStart + 1] == UInt8(ascii: " "),
              bytes[lineStart + 3] == UInt8(ascii: " ") else { return }
        let action: String
        switch bytes[lineStart + 2] {
        case UInt8(ascii: "+"): action = "create"
        case UInt8(ascii: "-"): action = "delete"
        case UInt8(ascii: "~"): action = "update"
        default: return
        }
        guard let range = name(at: lineStart + 4) else { return }
        outputs.append(OutputChange(name: text(range), action: action))
    }

    // MARK: Terraform 0.11

    /// `  + aws_instance.web`, `-/+ aws_instance.db (new resource required)`, ` <= data.x.y`.
    mutating func readLegacyResource() throws(InputError) {
        var index = lineStart
        while index < lineEnd, index - lineStart < 2, bytes[index] == UInt8(ascii: " ") { index += 1 }
        let symbolStart = index
        while index < lineEnd, Self.isSymbol(bytes[index]) { index += 1 }
        guard index > symbolStart, index < lineEnd, bytes[index] == UInt8(ascii: " ") else { return }
        let symbol = text(symbolStart..<index)
        let addressStart = index + 1
        let addressEnd = TerraformAddress.end(bytes, from: addressStart, to: lineEnd)
        let action: PlanAction
        switch symbol {
        case "+": action = .create
        case "-": action = .delete
        case "~": action = .update
        case "-/+": action = .deleteThenCreate
        case "+/-": action = .createThenDelete
        case "<=": action = .read
        default: return
        }
        let address = text(addressStart..<addressEnd)
        guard let parts = TerraformAddress(address) else { return }
        let rest = text(addressEnd..<lineEnd)
        changes.append(PlanChange(
            address: address, moduleAddress: parts.moduleAddress, mode: parts.mode, type: parts.type, name: parts.name,
            index: parts.index, deposed: rest.contains("(deposed)") ? "" : nil, action: action,
            reason: rest.contains("(tainted)") ? "replace_because_tainted" : nil, line: lineNumber))
        var legacy = Block(target: .planned(changes.count - 1), headerLine: lineNumber)
        blockAddress = address
        legacy.opened = true
        legacy.legacy = true
        block = legacy
    }

    /// `      ami: "ami-1" => "ami-2" (forces new resource)` under a legacy resource line.
    mutating func readLegacyAttribute() -> Bool {
        guard lineEnd - lineStart > 6, bytes[lineStart + 5] == UInt8(ascii: " ") else { return false }
        if endsWith("(forces new resource)"),
           let colon = firstIndex(of: UInt8(ascii: ":"), from: lineStart, to: lineEnd) {
            addForced(Blanks.trimming(text(lineStart..<colon)))
        }
        return true
    }

    // MARK: The end

    func finish() throws(InputError) -> TerraformPlan {
        if let current = block, !current.legacy {
            let what = current.opened ? "inside the block" : "right after the header"
            throw InputError.malformed(
                path: path, position: TextPosition(line: lineNumber, column: 1, offset: bytes.count),
                message: "the plan ends \(what) of '\(blockAddress)' that starts at line \(current.headerLine); the plan was cut off")
        }
        let counts = PlanCounts(changes)
        var plan = TerraformPlan(
            path: path, format: .text, producer: producer, changes: changes, drift: drift, outputs: outputs,
            errors: errors, deferred: deferred, actionInvocations: invocations)
        if let summary {
            plan.summaryLine = summary.text
            plan.summaryLineNumber = summary.line
            // Terraform's line has no forget count (OpenTofu's does, when there are forgets).
            var expected = summary.counts
            if !summary.hasForget { expected.toForget = counts.toForget }
            if expected != counts {
                throw InputError.malformed(
                    path: path, position: TextPosition(line: summary.line, column: 1),
                    message: "the summary line says '\(summary.text)' but the resource blocks read give '\(counts)'; "
                        + "the plan is incomplete or altered, so it cannot be judged")
            }
            return plan
        }
        if let last = changes.last(where: \.isShown) {
            let shown = changes.lazy.filter(\.isShown).count
            throw InputError.malformed(
                path: path, position: TextPosition(line: lineNumber, column: 1, offset: bytes.count),
                message: "\(shown) resource change\(shown == 1 ? "" : "s") read (the last at line \(last.line ?? 0)) but no summary line 'Plan: …'; the plan was cut off")
        }
        if let sawNoChanges {
            plan.summaryLine = sawNoChanges
            return plan
        }
        if !invocations.isEmpty || !deferred.isEmpty || ((!outputs.isEmpty || !drift.isEmpty) && sawClosingSentence) {
            plan.summaryLine = "No resource changes."
            return plan
        }
        if !outputs.isEmpty || !drift.isEmpty {
            let what = drift.isEmpty ? "output changes" : "changes made outside of Terraform"
            throw InputError.malformed(
                path: path, position: TextPosition(line: lineNumber, column: 1, offset: bytes.count),
                message: "the plan shows \(what) but ends without 'Plan: …', 'No changes.' or the sentence a plan without resource changes ends with ('This is a refresh-only plan…', 'You can apply this plan to save these new output values…'); the plan was cut off")
        }
        if let error = errors.first {
            throw InputError.malformed(
                path: path, position: error.line.map { TextPosition(line: $0, column: 1) },
                message: "terraform plan failed and the file holds no plan: '\(error.message)'")
        }
        throw InputError.malformed(
            path: path, position: nil,
            message: "no plan found; expected the output of 'terraform plan' ('Plan: …', 'No changes.', resource headers such as '  # aws_vpc.main will be created')")
    }

    // MARK: Helpers

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    func hasPrefix(_ literal: StaticString, at start: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard start + length <= lineEnd else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<length where bytes[start + offset] != pointer[offset] { return false }
        return true
    }

    func endsWith(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard lineEnd - lineStart >= length else { return false }
        return hasPrefix(literal, at: lineEnd - length)
    }

    func firstIndex(of byte: UInt8, from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    func malformed(_ message: String) -> InputError {
        .malformed(path: path, position: TextPosition(line: lineNumber, column: 1, offset: lineStart), message: message)
    }

    func blockNotClosed(before what: String) throws(InputError) {
        guard let current = block else { return }
        throw malformed("the block of '\(blockAddress)' that starts at line \(current.headerLine) is not closed before \(what); the plan was cut off or altered")
    }
}
