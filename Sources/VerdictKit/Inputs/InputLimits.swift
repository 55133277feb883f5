import Foundation

/// How much of an input Verdict agrees to read: the bounds that keep a hostile or runaway
/// input from exhausting memory or time.
///
/// Every bound is checked before the bytes it guards are allocated: a regular file's size
/// before it is read, standard input and other streams while they are read, and a gzip
/// stream's decompressed size while it is inflated. An input over a bound is an error that
/// names the file and both sizes (exit 2), never a silently shorter input.
public struct InputLimits: Sendable, Equatable {
    /// The most bytes one input may have: on disk, on standard input, or decompressed (a
    /// gzipped k6 stream). `--max-input-bytes`; 4 GiB by default.
    public var maxInputBytes: Int
    /// The longest line a line-oriented stream (a k6 point stream) may hold; a line is buffered
    /// whole, so this bounds that buffer. k6 writes lines of a few hundred bytes.
    public var maxLineBytes: Int

    public static let defaultMaxInputBytes = 4 << 30
    public static let defaultMaxLineBytes = 64 << 20

    public init(maxInputBytes: Int = InputLimits.defaultMaxInputBytes, maxLineBytes: Int = InputLimits.defaultMaxLineBytes) {
        self.maxInputBytes = maxInputBytes
        self.maxLineBytes = maxLineBytes
    }

    /// A byte count as people write it: `500MB`, `4GB`, `64KiB`, `1024` (suffixes are powers of
    /// 1024: KB = KiB); nil when `text` is not one.
    public static func parseByteCount(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let suffix = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).uppercased()
        let multipliers: [String: Int] = [
            "": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "KIB": 1 << 10, "M": 1 << 20, "MB": 1 << 20, "MIB": 1 << 20,
            "G": 1 << 30, "GB": 1 << 30, "GIB": 1 << 30, "T": 1 << 40, "TB": 1 << 40, "TIB": 1 << 40,
        ]
        guard let multiplier = multipliers[suffix] else { return nil }
        let (value, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow || value <= 0 ? nil : value
    }

    /// A byte count for messages: `4 GiB (4294967296 bytes)`, `812 bytes`.
    public static func describe(_ bytes: Int) -> String {
        let units: [(String, Int)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (name, size) in units where bytes >= size {
            let value = Double(bytes) / Double(size)
            let shown = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
            return "\(shown) \(name) (\(bytes) bytes)"
        }
        return "\(bytes) byte\(bytes == 1 ? "" : "s")"
    }
}
