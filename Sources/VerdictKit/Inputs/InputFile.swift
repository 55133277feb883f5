import Crypto
import Foundation

/// The bytes of one input as read from disk or standard input, with their hash.
///
/// The hash is of the bytes exactly as read (before any BOM or UTF-16 handling), so that an
/// auditor can check it with `sha256sum`. `text` is the same content as UTF-8 without a BOM:
/// what readers parse.
public struct InputFile: Sendable {
    public var path: String
    public var size: Int
    public var sha256: String
    /// The bytes exactly as read: what the hash covers and what an archive stores.
    public var raw: Data
    /// The content as UTF-8 without a byte order mark.
    public var text: Data
    /// Whether `text` is a read-only mapping of the file itself: its pages can be dropped
    /// after use and are read again from the file if touched (`releasePages`).
    public var isMapped = false
    /// For a mapped file, whether `text` is valid UTF-8, found in the same pass over its pages
    /// as the hash (`UTF8Check.validate` then needs no pass of its own); nil when not known.
    var utf8Validity: UTF8Validity?

    /// Reads `path` (`-` for standard input), refusing more than `limits.maxInputBytes` bytes.
    ///
    /// A regular file's size is checked before anything is read; standard input, a FIFO or a
    /// device is read to its end and refused as soon as it crosses the limit. Opening a FIFO
    /// waits for a writer, as `cat` does: the input is whatever the writer sends until it closes.
    public static func read(path: String, limits: InputLimits = InputLimits()) throws(InputError) -> InputFile {
        let (raw, isMapped) = try readBytes(path: path, limits: limits)
        return try assemble(path: path, raw: raw, isMapped: isMapped)
    }

    /// The input made of bytes `readBytes` returned: hashed, and for a mapping, UTF-8-checked.
    static func assemble(path: String, raw: Data, isMapped: Bool) throws(InputError) -> InputFile {
        guard isMapped else { return try InputFile(path: path, raw: raw, sha256: SHA256Digest.hex(of: raw)) }
        // A mapping is hashed and UTF-8-checked a stride at a time, dropping the pages behind:
        // resident memory stays one stride, not the file's size, and the pages are read once
        // for both.
        let (sha256, rawValidity) = hashAndCheckReleasingPages(raw)
        var file = try InputFile(path: path, raw: raw, sha256: sha256)
        if file.isOwnMapping {
            // Still the file's own bytes (no UTF-16 conversion): readers may drop the pages
            // they have read, so that reading pays only for the pages it is on.
            file.isMapped = true
            file.adoptUTF8Validity(ofRaw: rawValidity)
            releasePages(of: file.raw, upTo: file.raw.count)
        }
        return file
    }

    /// Whether `text` is `raw` itself, or `raw` after a UTF-8 byte order mark: no UTF-16
    /// conversion made a copy. Told by the encoding, never by lengths: a UTF-16 file's UTF-8
    /// copy can happen to be as long as the file.
    var isOwnMapping: Bool {
        if case .utf8 = Self.encoding(of: raw) { return true }
        return false
    }

    /// Sets `utf8Validity` from the validity of `raw`: the byte order mark is valid UTF-8
    /// itself (so the first invalid byte is never inside it), and the text's first invalid byte
    /// is the raw bytes' one, shifted.
    mutating func adoptUTF8Validity(ofRaw validity: UTF8Validity) {
        let markLength = raw.count - text.count
        switch validity {
        case .valid: utf8Validity = .valid
        case let .invalid(offset): utf8Validity = .invalid(at: offset - markLength)
        }
    }

    /// How many bytes of a mapped file are touched between dropping pages.
    static let pageReleaseStride = 4 << 20
    /// The same for the hash computed beside a reader (`PendingDigest`): its pages are resident
    /// on top of the reader's, so it keeps fewer.
    static let asideReleaseStride = 512 << 10

    /// SHA-256 of a read-only file mapping and whether it is valid UTF-8, in one pass that
    /// releases its pages a stride at a time.
    ///
    /// A character cut by a stride's end is checked again from its first byte with the next
    /// stride; pages are dropped only up to there. Once an invalid byte is found, the rest is
    /// only hashed.
    static func hashAndCheckReleasingPages(_ data: Data, stride: Int = pageReleaseStride) -> (sha256: String, utf8: UTF8Validity) {
        data.withUnsafeBytes { raw in
            var hasher = SHA256Digest.Streaming()
            guard let base = raw.baseAddress else { return (hasher.finalize(), .valid) }
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            var validity: UTF8Validity?
            // Where the UTF-8 check resumes: at most three bytes behind the hash.
            var checked = 0
            var released = 0
            var start = 0
            while start < raw.count {
                let end = min(raw.count, start + stride)
                hasher.update(UnsafeRawBufferPointer(start: base + start, count: end - start))
                if validity == nil {
                    switch UTF8Check.scan(UnsafeBufferPointer(start: bytes + checked, count: end - checked)) {
                    case .valid: checked = end
                    case let .invalid(offset): validity = .invalid(at: checked + offset)
                    case let .incomplete(offset):
                        if end == raw.count { validity = .invalid(at: checked + offset) } else { checked += offset }
                    }
                }
                let releaseEnd = validity == nil ? checked : end
                releasePages(from: base + released, to: base + releaseEnd)
                released = max(released, releaseEnd)
                start = end
            }
            return (hasher.finalize(), validity ?? .valid)
        }
    }

    /// What a streaming reader calls to drop the pages it has passed (`releasePages`): only for
    /// the file's own mapping, nil for bytes in memory, where dropping pages would zero them.
    var pageReleaser: ((UnsafeRawPointer, UnsafeRawPointer) -> Void)? {
        isMapped ? { InputFile.releasePages(from: $0, to: $1) } : nil
    }

    /// Drops the resident pages of a mapped file's bytes before `offset` (`MADV_DONTNEED`).
    ///
    /// Only for read-only private file mappings: their pages come back from the file when
    /// touched again, so this costs memory nothing and correctness nothing. On ordinary memory
    /// it would zero the bytes, which is why `isMapped` guards every use.
    static func releasePages(of data: Data, upTo offset: Int) {
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            releasePages(from: base, to: base + min(offset, raw.count))
        }
    }

    static func releasePages(from start: UnsafeRawPointer, to end: UnsafeRawPointer) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = Int(bitPattern: start) & ~(page - 1)
        let last = Int(bitPattern: end) & ~(page - 1)
        guard last > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
        madvise(pointer, last - first, Int32(MADV_DONTNEED))
    }

    public init(path: String, raw: Data) throws(InputError) {
        try self.init(path: path, raw: raw, sha256: SHA256Digest.hex(of: raw))
    }

    /// `sha256` must be the digest of `raw` (computed by the caller, e.g. releasing pages).
    init(path: String, raw: Data, sha256: String) throws(InputError) {
        self.path = path
        self.size = raw.count
        self.sha256 = sha256
        self.raw = raw
        self.text = try Self.utf8Content(of: raw, path: path)
    }

    /// The bytes of `path`, and whether they are a read-only mapping of the file.
    static func readBytes(path: String, limits: InputLimits) throws(InputError) -> (Data, isMapped: Bool) {
        if path == "-" {
            return (try readToEnd(descriptor: STDIN_FILENO, path: path, limits: limits, what: "standard input sent at least"), false)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: describe(errno: errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: path, reason: describe(errno: errno)) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            throw .unreadable(path: path, reason: "it is a directory")
        case S_IFREG:
            let size = Int(status.st_size)
            guard size <= limits.maxInputBytes else {
                throw .tooLarge(path: path, what: "the file is", size: size, limit: limits.maxInputBytes, option: "--max-input-bytes")
            }
            if size >= mappingThreshold, let mapped = mapped(descriptor: descriptor, count: size) { return (mapped, true) }
            return (try readToEnd(descriptor: descriptor, path: path, limits: limits, what: "the file grew while read to at least", sizeHint: size), false)
        default:
            // A FIFO, a character device (/dev/stdin, /dev/zero) or a socket: no size to check first.
            return (try readToEnd(descriptor: descriptor, path: path, limits: limits, what: "the stream sent at least"), false)
        }
    }

    /// Reads `descriptor` to its end, failing once more than `limits.maxInputBytes` arrived.
    static func readToEnd(descriptor: Int32, path: String, limits: InputLimits, what: String, sizeHint: Int = 0) throws(InputError) -> Data {
        var data = Data()
        data.reserveCapacity(max(sizeHint, 0))
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: describe(errno: errno))
            }
            if count == 0 { return data }
            guard data.count + count <= limits.maxInputBytes else {
                throw .tooLarge(path: path, what: what, size: data.count + count, limit: limits.maxInputBytes, option: "--max-input-bytes")
            }
            data.append(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
        }
    }

    /// Files at least this big are mapped into memory rather than read (a 100 MB plan).
    static let mappingThreshold = 8 * 1024 * 1024

    /// The bytes of a big regular file, mapped read-only (Foundation on Linux reads
    /// `.mappedIfSafe` files into anonymous memory, which costs a page fault per 4 KB and the
    /// file's size again in memory); nil to fall back to reading.
    static func mapped(descriptor: Int32, count: Int) -> Data? {
        guard let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        return Data(bytesNoCopy: address, count: count, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }

    /// What an `open`/`read` failure means, in the words of the messages users see.
    static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES: "permission denied"
        case ELOOP: "too many levels of symbolic links (a symlink loop?)"
        case ENOTDIR: "a component of the path is not a directory"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        switch nsError.code {
        case NSFileReadNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        default: return nsError.localizedDescription
        }
    }

    /// Removes a UTF-8 BOM, converts UTF-16 (with or without BOM) to UTF-8, refuses UTF-32.
    static func utf8Content(of raw: Data, path: String) throws(InputError) -> Data {
        switch encoding(of: raw) {
        case let .utf8(markLength): return raw.dropFirst(markLength)
        case .utf32: throw .unsupportedEncoding(path: path, detail: "the file looks like UTF-32")
        case let .utf16(encoding): return try transcodeUTF16(raw, path: path, encoding: encoding)
        }
    }

    /// How a file's first bytes say its text is encoded.
    enum TextEncodingGuess: Equatable {
        /// UTF-8, after a byte order mark of `markLength` bytes (0 or 3).
        case utf8(markLength: Int)
        case utf16(String.Encoding)
        case utf32
    }

    static func encoding(of raw: Data) -> TextEncodingGuess {
        let head = [UInt8](raw.prefix(4))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8(markLength: 3) }
        let looksUTF32 = head.count == 4 && (
            head == [0xFF, 0xFE, 0, 0] || head == [0, 0, 0xFE, 0xFF]
                || (head[0] == 0 && head[1] == 0 && head[2] == 0) || (head[1] == 0 && head[2] == 0 && head[3] == 0))
        if looksUTF32 { return .utf32 }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return .utf16(.utf16) }
        if head.count >= 2 {
            // RFC 4627's detection: text starting with an ASCII character in UTF-16 has a zero byte beside it.
            if head[0] == 0, head[1] != 0 { return .utf16(.utf16BigEndian) }
            if head[0] != 0, head[1] == 0 { return .utf16(.utf16LittleEndian) }
        }
        return .utf8(markLength: 0)
    }

    static func transcodeUTF16(_ raw: Data, path: String, encoding: String.Encoding) throws(InputError) -> Data {
        guard raw.count % 2 == 0, let text = String(data: raw, encoding: encoding) else {
            throw .unsupportedEncoding(path: path, detail: "the file looks like UTF-16 but is not valid UTF-16")
        }
        var utf8 = Data(text.utf8)
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
        return utf8
    }
}
