import Foundation
import VerdictKit

/// Writing to the standard streams and to output files.
///
/// Both streams are a CI log, which the GitHub Actions runner scans for workflow commands:
/// everything printed goes through `LogText.neutralised`, the one boundary where text quoted
/// from inputs, policies, records and file names is made inert. Two exceptions, each inert by
/// construction: `output(json:compact:)`, whose writer escapes what `LogText` would (and no
/// line of a JSON document starts with `::`), and `workflowCommands`, which writes only the
/// commands `GitHubAnnotations` built (their values escaped by GitHub's rules).
enum Standard {
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(LogText.neutralised(text).utf8))
    }

    /// A JSON document as `JSONValue.write(compact:to:)` streams it: log-safe by construction,
    /// so printed without a `LogText.neutralised` pass over its (possibly tens of megabytes of) text.
    static func output(json: JSONValue, compact: Bool) {
        json.write(compact: compact) { chunk in
            FileHandle.standardOutput.write(Data(buffer: chunk))
        }
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(LogText.neutralised(text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Writes workflow command lines as they are: the output of `GitHubAnnotations.render`.
    /// GitHub reads them from both streams; standard error keeps a document on standard output pure.
    static func workflowCommands(_ lines: String, toStandardError: Bool = false) {
        (toStandardError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(lines.utf8))
    }

    /// Writes `text` to `path` (`-` for standard output), replacing the file in one step so a
    /// reader never sees half a report.
    static func write(_ text: String, to path: String) throws {
        if path == "-" { return output(text) }
        let url = URL(fileURLWithPath: path)
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// Appends `text` to `path`, creating it if needed: `$GITHUB_OUTPUT` collects every step's lines.
    static func append(_ text: String, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
