import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct ArchiveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive", abstract: "Check an archive written by 'check --archive', or create one in PostgreSQL.", subcommands: [Verify.self, ArchiveInit.self])

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "verify",
                abstract: "Re-hash every object and record; report the bad ones (exit 0 all good, 1 some bad, 2 unreadable).")

            @Argument(help: ArgumentHelp("The archive: a directory, or a postgres:// URL.", valueName: "dir|url"), completion: .directory)
            var directory: String

            @Option(name: .customLong("max-input-bytes"), help: ArgumentHelp("The largest content an object may decompress to, as for 'check'. Default 4GB.", valueName: "size"))
            var maxInputBytes: ByteCount = ByteCount(InputLimits.defaultMaxInputBytes)

            func run() throws {
                do {
                    let store = try ArchiveLocation.openForReading(directory)
                    let (checked, problems) = try store.verify(limits: InputLimits(maxInputBytes: maxInputBytes.bytes))
                    for problem in problems { Standard.output("bad: \(problem)\n") }
                    Standard.output("\(store.displayName): \(checked) \(store.entryKind)\(checked == 1 ? "" : "s") checked, \(problems.count) bad\n")
                    if !problems.isEmpty { throw VerdictExit(status: .fail) }
                } catch let error as AuditError {
                    Standard.error(error.renderedDiagnostics)
                    throw VerdictExit(status: .couldNotJudge)
                }
            }
        }
    }
}
