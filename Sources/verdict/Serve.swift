import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    /// `verdict serve …` runs `verdict-serve …`, the executable next to this one, in this process's place.
    ///
    /// The web server is its own product so that `verdict check` never loads an HTTP stack.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a read-only web view of a ledger and archive for auditors (runs verdict-serve).",
            discussion: "Every argument is passed to verdict-serve, installed next to verdict (verdict-serve --help lists them). Exit status: 0 stopped (SIGTERM, SIGINT), 2 could not start or verdict-serve is missing.")

        @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Options for verdict-serve: --ledger FILE|URL [--archive DIR|URL] [--public-key FILE …] [--listen HOST:PORT] [--token-file FILE] …", valueName: "options"))
        var arguments: [String] = []

        /// The sibling executable: resolved from `/proc/self/exe`, so a symlinked `verdict` finds the real install.
        static func serverPath() -> String {
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("verdict-serve").path
        }

        func run() throws {
            let path = Self.serverPath()
            guard access(path, X_OK) == 0 else {
                Standard.error("verdict: error: cannot run '\(path)': \(String(cString: strerror(errno))); 'verdict serve' needs the verdict-serve executable installed next to verdict (swift build --product verdict-serve)")
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
}
