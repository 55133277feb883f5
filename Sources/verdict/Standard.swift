import Foundation

/// Writing to the standard streams and to output files.
enum Standard {
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Appends `text` to `path`, creating it when missing (GitHub's step files are shared by every step).
    static func append(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: path) {
            try Data().write(to: url)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Writes `text` to `path` (`-` for standard output), replacing the file in one step so a
    /// reader never sees half a report.
    static func write(_ text: String, to path: String) throws {
        if path == "-" { return output(text) }
        let url = URL(fileURLWithPath: path)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}
