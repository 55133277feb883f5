import Foundation
import VerdictKit

/// A command that lives in its own executable next to `verdict` (`verdict-serve`,
/// `verdict-comment`), run in this process's place with the arguments it was given.
///
/// Why separate executables: what they link (an HTTP server, an HTTP client with libcurl and
/// its thirty libraries) would otherwise be loaded by every `verdict check` at start-up.
enum SiblingExecutable {
    /// The path of `name` next to the real `verdict`: resolved from `/proc/self/exe`, so a
    /// symlinked `verdict` finds the real install.
    static func path(_ name: String) -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Replaces this process with `name arguments…`; returns only by throwing, after saying
    /// why it could not (exit 2).
    static func exec(_ name: String, command: String, arguments: [String]) throws -> Never {
        let path = Self.path(name)
        guard access(path, X_OK) == 0 else {
            Standard.error("verdict: error: cannot run '\(path)': \(String(cString: strerror(errno))); '\(command)' needs the \(name) executable installed next to verdict (swift build --product \(name))")
            throw VerdictExit(status: .couldNotJudge)
        }
        let argv = [path] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        execv(path, &cArguments)
        let reason = String(cString: strerror(errno))
        for pointer in cArguments { free(pointer) }
        Standard.error("verdict: error: cannot run '\(path)': \(reason)")
        throw VerdictExit(status: .couldNotJudge)
    }
}
