import Foundation

/// The keys of the objects a `JSONCursor` has open, to refuse a key written twice in one object.
///
/// RFC 8259 leaves the meaning of a repeated key to the reader, and readers disagree (most keep
/// the last copy, a streaming reader sees both): an input that says two things must not be
/// judged on whichever one Verdict happens to read. Keys are kept as byte ranges, compared in
/// place; an object with many keys gets a hash set, so a hostile object with a million keys
/// costs linear time.
struct JSONKeyTracker {
    /// A key as written: the offsets of its quotes, and whether it has escapes to decode
    /// before comparing (`"r\u0075ns"` is `"runs"`).
    struct Key {
        var start: Int
        var end: Int
        var escaped: Bool
    }

    struct Frame {
        var depth: Int
        var firstKey: Int
        var decoded: Set<String>?
    }

    /// Objects with more keys than this are checked through a hash set.
    static let linearLimit = 16

    private var keys: [Key] = []
    private var frames: [Frame] = []

    mutating func reset() {
        keys.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
    }

    /// An object opens at `depth`: any frame as deep or deeper was left without its `}` read.
    mutating func open(depth: Int) {
        close(depth: depth)
        frames.append(Frame(depth: depth, firstKey: keys.count))
    }

    /// The object at `depth` is closed.
    mutating func close(depth: Int) {
        while let last = frames.last, last.depth >= depth {
            keys.removeSubrange(last.firstKey...)
            frames.removeLast()
        }
    }

    /// Records a key of the object at `depth`; returns the earlier copy if the object has one.
    mutating func insert(_ key: Key, depth: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Key? {
        if frames.last?.depth != depth { open(depth: depth) }
        let frame = frames.count - 1
        let first = frames[frame].firstKey
        if frames[frame].decoded != nil {
            let text = Self.text(of: key, in: bytes)
            if frames[frame].decoded?.insert(text).inserted == false {
                return keys[first...].first { Self.text(of: $0, in: bytes) == text }
            }
        } else {
            var index = first
            while index < keys.count {
                if Self.equal(keys[index], key, in: bytes) { return keys[index] }
                index += 1
            }
            if keys.count - first >= Self.linearLimit {
                frames[frame].decoded = Set(keys[first...].map { Self.text(of: $0, in: bytes) } + [Self.text(of: key, in: bytes)])
            }
        }
        keys.append(key)
        return nil
    }

    static func equal(_ lhs: Key, _ rhs: Key, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if lhs.escaped || rhs.escaped { return text(of: lhs, in: bytes) == text(of: rhs, in: bytes) }
        let length = lhs.end - lhs.start
        guard length == rhs.end - rhs.start, let base = bytes.baseAddress else { return false }
        return memcmp(base + lhs.start, base + rhs.start, length) == 0
    }

    /// The key's text, escapes decoded.
    static func text(of key: Key, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        if key.escaped {
            var cursor = JSONCursor(bytes: bytes, offset: key.start)
            if let text = try? cursor.readString() { return text }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[(key.start + 1)..<key.end]), as: UTF8.self)
    }
}
