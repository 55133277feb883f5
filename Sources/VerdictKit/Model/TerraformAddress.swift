/// A resource instance address split into its parts:
/// `module.net["eu west"].data.aws_subnets.all[0]` → module `module.net["eu west"]`, mode data,
/// type `aws_subnets`, name `all`, index `0`.
///
/// Keys are kept as written, quotes included, so a `for_each` key may hold spaces, dots and
/// brackets (`aws_s3_bucket.b["logs [old].x"]`) without being split.
struct TerraformAddress: Sendable, Equatable {
    var moduleAddress: String?
    var mode: PlanChange.Mode
    var type: String
    var name: String
    var index: String?

    /// Parses `text`; nil when it is not a resource instance address.
    init?(_ text: String) {
        var utf8 = Array(text.utf8)
        var steps: [Step] = []
        let parsed: TerraformAddress? = utf8.withUnsafeMutableBufferPointer { buffer in
            Self.parse(UnsafeBufferPointer(buffer), 0, buffer.count, steps: &steps)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    private init(moduleAddress: String?, mode: PlanChange.Mode, type: String, name: String, index: String?) {
        self.moduleAddress = moduleAddress
        self.mode = mode
        self.type = type
        self.name = name
        self.index = index
    }

    /// One `name` or `name[key]` step of an address, as byte ranges.
    struct Step {
        var name: Range<Int>
        /// The key inside the brackets, brackets excluded.
        var key: Range<Int>?
        /// The whole step, brackets included.
        var whole: Range<Int>
    }

    /// Parses the address in `bytes[start..<end]`; `steps` is scratch space a caller reading
    /// many addresses passes again and again, so that parsing allocates only the parts.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, steps: inout [Step]) -> TerraformAddress? {
        steps.removeAll(keepingCapacity: true)
        var index = start
        while index < end {
            let nameStart = index
            while index < end, bytes[index] != UInt8(ascii: "."), bytes[index] != UInt8(ascii: "[") { index += 1 }
            guard index > nameStart else { return nil }
            var step = Step(name: nameStart..<index, key: nil, whole: nameStart..<index)
            if index < end, bytes[index] == UInt8(ascii: "[") {
                guard let close = closingBracket(bytes, index, end) else { return nil }
                step.key = (index + 1)..<close
                index = close + 1
                step.whole = nameStart..<index
            }
            steps.append(step)
            if index < end {
                guard bytes[index] == UInt8(ascii: ".") else { return nil }
                index += 1
                guard index < end else { return nil }
            }
        }
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func isWord(_ range: Range<Int>, _ word: StaticString) -> Bool {
            range.count == word.utf8CodeUnitCount && zip(range, 0..<range.count).allSatisfy { bytes[$0] == word.utf8Start[$1] }
        }
        var position = 0
        var moduleEnd: Int?
        while steps.count - position > 2, isWord(steps[position].name, "module"), steps[position].key == nil {
            moduleEnd = steps[position + 1].whole.upperBound
            position += 2
        }
        var mode = PlanChange.Mode.managed
        if steps.count - position == 3, isWord(steps[position].name, "data"), steps[position].key == nil {
            mode = .data
            position += 1
        }
        guard steps.count - position == 2, steps[position].key == nil else { return nil }
        let type = steps[position]
        let name = steps[position + 1]
        return TerraformAddress(
            moduleAddress: moduleEnd.map { text(start..<$0) },
            mode: mode, type: text(type.name), name: text(name.name), index: name.key.map(text))
    }

    /// The index of the `]` closing the `[` at `open`, skipping quoted keys with escapes.
    static func closingBracket(_ bytes: UnsafeBufferPointer<UInt8>, _ open: Int, _ end: Int) -> Int? {
        var index = open + 1
        guard index < end else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { break }
                index += 1
            }
            index += 1
            guard index < end, bytes[index] == UInt8(ascii: "]") else { return nil }
            return index
        }
        while index < end, bytes[index] != UInt8(ascii: "]") {
            guard bytes[index] != UInt8(ascii: " ") else { return nil }
            index += 1
        }
        return index < end ? index : nil
    }

    /// Where the address that starts at `start` ends: the first space outside a bracketed key.
    static func end(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") { return index }
            if byte == UInt8(ascii: "["), let close = closingBracket(bytes, index, end) {
                index = close + 1
                continue
            }
            index += 1
        }
        return end
    }

    /// A JSON `index` value written as in an address: `0`, or a key quoted with `"` and `\` escaped.
    static func keyText(string: String) -> String {
        var text = "\""
        for character in string {
            switch character {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            default: text.append(character)
            }
        }
        return text + "\""
    }

    /// An address with every instance key removed: `module.net["eu"].aws_subnet.a[0]` → `module.net.aws_subnet.a`.
    static func withoutKeys(_ address: String) -> String {
        var utf8 = Array(address.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer in
            let bytes = UnsafeBufferPointer(buffer)
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "["), let close = closingBracket(bytes, index, bytes.count) {
                    index = close + 1
                    continue
                }
                output.append(bytes[index])
                index += 1
            }
            return String(decoding: output, as: UTF8.self)
        }
    }
}
