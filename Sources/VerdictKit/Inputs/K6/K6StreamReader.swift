import Foundation

/// Reads a `k6 run --out json` stream, plain or gzip, from disk in one pass.
///
/// The file is read in chunks that are hashed (the record's SHA-256 is of the bytes on disk),
/// decompressed when they start with gzip's magic bytes, and scanned; nothing holds the whole
/// file, so memory stays at a few buffers plus the samples the policy needs.
enum K6StreamReader {
    static let chunkSize = 4 << 20

    /// Whether the first bytes of a file are a k6 point stream: gzip (k6 compresses `.gz`
    /// outputs; no other input Verdict reads is gzip), or a first line that is a k6 `Metric`
    /// or `Point` object.
    static func isStream(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        if prefix.count >= 2, prefix[0] == 0x1F, prefix[1] == 0x8B { return true }
        var start = 0
        while start < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[start]) { start += 1 }
        guard start < prefix.count, prefix[start] == UInt8(ascii: "{") else { return false }
        var end = start
        while end < prefix.count, prefix[end] != 0x0A { end += 1 }
        let firstLine = String(decoding: UnsafeBufferPointer(rebasing: prefix[start..<end]), as: UTF8.self)
        let compact = firstLine.filter { $0 != " " && $0 != "\t" }
        return compact.contains(#""type":"Metric""#) || compact.contains(#""type":"Point""#)
    }

    /// The first bytes of a regular file, to choose between streaming and reading it whole;
    /// nil when it cannot be opened (the whole-file path then reports why).
    static func prefix(of path: String, count: Int = 64 * 1024) -> [UInt8]? {
        // Look before opening: opening a FIFO waits for a writer, and reading its first bytes
        // here would take them from the whole-file read that follows.
        var before = stat()
        guard stat(path, &before) == 0, (before.st_mode & S_IFMT) == S_IFREG else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, count) }
        guard read >= 0 else { return nil }
        return Array(bytes.prefix(read))
    }

    /// Streams the file at `request.path`.
    static func load(_ request: InputRequest, selection: LoadSelection?, limits: InputLimits = InputLimits()) throws(InputError) -> LoadedInput {
        let path = request.path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: InputFile.describe(errno: errno)) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, Int(status.st_size) > limits.maxInputBytes {
            throw .tooLarge(path: path, what: "the file is", size: Int(status.st_size), limit: limits.maxInputBytes, option: "--max-input-bytes")
        }
        #if os(Linux)
        _ = posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif

        // Each chunk is hashed on the other core while this one scans it.
        let hasher = BackgroundHasher()
        var size = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        var pipeline: Pipeline?
        while true {
            var count = 0
            repeat {
                count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            } while count < 0 && errno == EINTR
            guard count >= 0 else { throw .unreadable(path: path, reason: InputFile.describe(errno: errno)) }
            if count == 0 { break }
            #if os(Linux)
            // Ask the kernel to read the next chunks while this one is scanned: disk and CPU overlap.
            _ = posix_fadvise(descriptor, off_t(size + count), off_t(4 * chunkSize), Int32(POSIX_FADV_WILLNEED))
            #endif
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            if pipeline == nil {
                pipeline = try Pipeline(path: path, gzip: count >= 2 && chunk[0] == 0x1F && chunk[1] == 0x8B, selection: selection, limits: limits)
            }
            let active = pipeline
            try hasher.hash(chunk) { () throws(InputError) in try active?.feed(chunk) }
            size += count
        }
        let active: Pipeline
        if let pipeline { active = pipeline } else { active = try Pipeline(path: path, gzip: false, selection: selection, limits: limits) }
        let metrics = try active.finish()
        let descriptorValue = InputDescriptor(
            kind: .k6, role: request.role, path: path, size: size, sha256: hasher.finalize())
        return LoadedInput(descriptor: descriptorValue, content: .load(metrics))
    }

    /// Scans a stream already in memory (standard input).
    static func read(_ file: InputFile, selection: LoadSelection?, limits: InputLimits = InputLimits()) throws(InputError) -> LoadMetrics {
        let gzip = file.text.count >= 2 && file.text[file.text.startIndex] == 0x1F && file.text[file.text.startIndex + 1] == 0x8B
        let pipeline = try Pipeline(path: file.path, gzip: gzip, selection: selection, limits: limits)
        let failure: InputError? = file.text.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let end = min(raw.count, offset + chunkSize)
                do throws(InputError) {
                    try pipeline.feed(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                } catch {
                    return error
                }
                offset = end
            }
            return nil
        }
        if let failure { throw failure }
        return try pipeline.finish()
    }

    /// Bytes on disk → (gunzip) → lines.
    final class Pipeline {
        let path: String
        let scanner: K6PointScanner
        let inflater: GzipInflater?
        let limits: InputLimits
        /// Decompressed bytes so far: a gzip bomb is refused once they pass `maxInputBytes`.
        private(set) var inflated = 0

        init(path: String, gzip: Bool, selection: LoadSelection?, limits: InputLimits = InputLimits()) throws(InputError) {
            self.path = path
            self.limits = limits
            scanner = K6PointScanner(path: path, selection: selection, decompressed: gzip, maxLineBytes: limits.maxLineBytes)
            if gzip {
                do {
                    inflater = try GzipInflater()
                } catch {
                    throw .unreadable(path: path, reason: error.message)
                }
            } else {
                inflater = nil
            }
        }

        private var utf8 = UTF8StreamCheck()

        /// Scans text bytes (plain, or just decompressed) after checking they are UTF-8.
        private func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
            if let bad = utf8.feed(bytes) {
                var line = scanner.lineNumber + 1
                var column = scanner.pendingCount + bad + 1
                if bad > 0 {
                    for index in 0..<bad where bytes[index] == 0x0A {
                        line += 1
                        column = bad - index
                    }
                }
                throw .malformed(
                    path: path, position: TextPosition(line: line, column: column),
                    message: "invalid UTF-8\(inflater == nil ? "" : " in the decompressed stream"): the byte at this position does not start or continue a UTF-8 character; expected UTF-8 text")
            }
            try scanner.consume(bytes)
        }

        func feed(_ chunk: UnsafeRawBufferPointer) throws(InputError) {
            guard let inflater else {
                return try scan(chunk.bindMemory(to: UInt8.self))
            }
            do {
                try inflater.inflate(chunk) { output throws(InputError) in
                    inflated += output.count
                    guard inflated <= limits.maxInputBytes else {
                        throw .tooLarge(
                            path: path, what: "decompressed, the gzip stream is at least", size: inflated,
                            limit: limits.maxInputBytes, option: "--max-input-bytes; a gzip bomb?")
                    }
                    try scan(output)
                }
            } catch let error as InputError {
                throw located(error)
            } catch let failure as GzipInflater.Failure {
                throw located(.malformed(path: "", position: nil, message: failure.message))
            } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
        }

        func finish() throws(InputError) -> LoadMetrics {
            do {
                try inflater?.finish()
            } catch {
                throw located(.malformed(path: "", position: nil, message: error.message))
            }
            if utf8.endsInsideCharacter {
                throw .malformed(
                    path: path, position: TextPosition(line: scanner.lineNumber + 1, column: scanner.pendingCount + 1),
                    message: "invalid UTF-8: the stream ends inside a character; expected UTF-8 text")
            }
            return try scanner.finish()
        }

        /// zlib's errors know no path or line: add the file and the last line reached.
        func located(_ error: InputError) -> InputError {
            guard case let .malformed(errorPath, position, message) = error, errorPath.isEmpty else { return error }
            return .malformed(
                path: path, position: position ?? TextPosition(line: scanner.lineNumber + 1, column: 1),
                message: message + " (the decompressed stream reached line \(scanner.lineNumber + 1))")
        }
    }
}
