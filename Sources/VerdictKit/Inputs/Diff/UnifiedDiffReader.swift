import Foundation

/// Reads a unified diff (`git diff base...head`, or `diff -u`) into the lines it adds.
///
/// Like diff-cover: the added (`+`) lines of each hunk, numbered in the new file; the new
/// path comes from `+++` (without git's `b/` prefix, unquoted) or, for a pure rename, from
/// `rename to`; deleted files (`+++ /dev/null`) add nothing. Hunks are followed by their
/// counts, so a removed line that starts with `--` is not taken for a file header. Paths are
/// normalised as report paths are (`LexicalPath`). One
/// difference from diff-cover: `\ No newline at end of file` does not advance the line number.
public enum UnifiedDiffReader {
    public static func read(_ file: InputFile) throws(InputError) -> UnifiedDiff {
        let text = String(decoding: file.text, as: UTF8.self)
        var added: [String: [Int]] = [:]
        var currentPath: String?
        var newLine = 0
        var remainingOld = 0
        var remainingNew = 0
        var sawDiff = false
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if remainingOld > 0 || remainingNew > 0 {
                switch line.first {
                case "+":
                    guard remainingNew > 0 else { throw malformed(file, lineNumber, "the hunk has more added lines than its header says") }
                    if let currentPath { added[currentPath, default: []].append(newLine) }
                    newLine += 1
                    remainingNew -= 1
                case "-":
                    guard remainingOld > 0 else { throw malformed(file, lineNumber, "the hunk has more removed lines than its header says") }
                    remainingOld -= 1
                case " ", nil:
                    newLine += 1
                    remainingOld = max(remainingOld - 1, 0)
                    remainingNew = max(remainingNew - 1, 0)
                case "\\":
                    break
                default:
                    throw malformed(file, lineNumber, "expected a hunk line starting with '+', '-' or ' ' (\(remainingOld) removed and \(remainingNew) added lines still due), found '\(line.prefix(40))'")
                }
                continue
            }
            if line.hasPrefix("\\") { continue }
            if line.hasPrefix("diff --git ") || line.hasPrefix("diff ") {
                sawDiff = true
                currentPath = nil
            } else if line.hasPrefix("rename to ") {
                currentPath = CoveragePathMapping.normalize(Self.unquote(String(line.dropFirst("rename to ".count))))
            } else if line.hasPrefix("+++ ") {
                sawDiff = true
                var target = String(line.dropFirst(4))
                if let tab = target.firstIndex(of: "\t") { target = String(target[..<tab]) }
                target = Self.unquote(target)
                if target == "/dev/null" {
                    currentPath = nil
                } else {
                    if target.hasPrefix("b/") { target.removeFirst(2) }
                    currentPath = CoveragePathMapping.normalize(target)
                }
            } else if line.hasPrefix("@@") {
                guard sawDiff, let header = Self.hunkHeader(line) else {
                    throw malformed(file, lineNumber, "expected a hunk header '@@ -<start>[,<count>] +<start>[,<count>] @@', found '\(line.prefix(60))'")
                }
                newLine = header.newStart
                remainingOld = header.oldCount
                remainingNew = header.newCount
            }
        }
        if !sawDiff, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw malformed(file, 1, "expected a unified diff ('diff --git …' or '--- a/…' and '+++ b/…' headers), found '\(text.prefix(40).split(separator: "\n").first ?? "")'")
        }
        if remainingOld > 0 || remainingNew > 0 {
            throw malformed(file, lineNumber, "the diff ends inside a hunk (\(remainingOld) removed and \(remainingNew) added lines still due); is it truncated?")
        }
        return UnifiedDiff(addedLines: added.mapValues { Array(Set($0)).sorted() })
    }

    /// `@@ -a[,b] +c[,d] @@ …` → (c, b, d).
    static func hunkHeader(_ line: Substring) -> (newStart: Int, oldCount: Int, newCount: Int)? {
        let parts = line.split(separator: " ")
        guard parts.count >= 3, parts[0] == "@@", parts[1].hasPrefix("-"), parts[2].hasPrefix("+") else { return nil }
        func range(_ text: Substring) -> (Int, Int)? {
            let fields = text.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard let start = Int(fields[0]), start >= 0 else { return nil }
            if fields.count == 1 { return (start, 1) }
            guard fields.count == 2, let count = Int(fields[1]), count >= 0 else { return nil }
            return (start, count)
        }
        guard let old = range(parts[1]), let new = range(parts[2]) else { return nil }
        return (new.0, old.1, new.1)
    }

    /// Git quotes paths with special characters C-style: `"b/caf\303\251.py"`.
    static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        var bytes: [UInt8] = []
        let inner = Array(text.utf8.dropFirst().dropLast())
        var index = 0
        while index < inner.count {
            let byte = inner[index]
            if byte == UInt8(ascii: "\\"), index + 1 < inner.count {
                let next = inner[index + 1]
                if next >= 0x30, next <= 0x37, index + 3 < inner.count {
                    let octal = inner[(index + 1)...(index + 3)].reduce(0) { $0 * 8 + Int($1 &- 0x30) }
                    bytes.append(UInt8(truncatingIfNeeded: octal))
                    index += 4
                    continue
                }
                let escaped: UInt8 = switch next {
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "t"): 0x09
                default: next
                }
                bytes.append(escaped)
                index += 2
                continue
            }
            bytes.append(byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func malformed(_ file: InputFile, _ line: Int, _ message: String) -> InputError {
        .malformed(path: file.path, position: TextPosition(line: line, column: 1), message: message)
    }
}
