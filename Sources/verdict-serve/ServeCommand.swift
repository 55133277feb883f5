import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import VerdictKit
import VerdictServer

/// `verdict-serve`, started by `verdict serve`: the read-only web view over a ledger and archive.
///
/// Its own executable so that `verdict check` never loads the HTTP stack.
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict serve",
        abstract: "Serve a read-only web view of a decision ledger and archive, for auditors.",
        discussion: """
            Pages: /decisions, /decisions/ID, /ledger; JSON under /api/v1 (docs/api.md). Nothing is ever \
            written to the ledger or the archive. Listens on loopback only: there is no authentication yet. \
            Stops gracefully on SIGTERM or SIGINT. Exit status: 0 stopped, 2 could not start.
            """)

    @Option(help: ArgumentHelp("The ledger (an SQLite file written by 'check --ledger'), opened read-only.", valueName: "file"), completion: .file())
    var ledger: String

    @Option(help: ArgumentHelp("The archive directory written by 'check --archive': records and replay inputs.", valueName: "dir"), completion: .directory)
    var archive: String?

    @Option(name: .customLong("public-key"), help: ArgumentHelp("A public key records' signatures are checked against (repeatable).", valueName: "file"), completion: .file())
    var publicKeys: [String] = []

    @Option(help: ArgumentHelp("Address and port to listen on; loopback only (127.0.0.0/8, ::1, localhost).", valueName: "host:port"))
    var listen: String = "127.0.0.1:8080"

    @Option(name: .customLong("max-replays"), help: ArgumentHelp("How many replays may run at once; more get 503.", valueName: "n"))
    var maxReplays: Int = 2

    @Option(name: .customLong("replay-timeout"), help: ArgumentHelp("Seconds a replay may take before its page reports a time-out.", valueName: "seconds"))
    var replayTimeout: Int = 60

    func validate() throws {
        guard ListenAddress(listen) != nil else {
            throw ValidationError("invalid --listen '\(listen.prefix(80))'; expected HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:8080")
        }
        guard ListenAddress(listen)?.isLoopback == true else {
            throw ValidationError("refusing --listen '\(listen.prefix(80))': verdict serve has no authentication yet, so it listens on loopback only (127.0.0.1, ::1, localhost); put an authenticating proxy in front to share it")
        }
        guard (1...64).contains(maxReplays) else { throw ValidationError("invalid --max-replays \(maxReplays); expected 1 to 64") }
        guard (1...3600).contains(replayTimeout) else { throw ValidationError("invalid --replay-timeout \(replayTimeout); expected 1 to 3600 seconds") }
    }

    func run() async throws {
        let configuration: ServeConfiguration
        do throws(AuditError) {
            configuration = ServeConfiguration(
                ledger: try Ledger(readingFrom: ledger), archive: try archive.map(Self.openArchive),
                publicKeys: try publicKeys.map { path throws(AuditError) in try PublicSigningKey.read(path: path) },
                replayConcurrency: maxReplays, replayTimeout: .seconds(replayTimeout))
        } catch {
            Output.error(error.renderedDiagnostics)
            throw ExitCode(ExitStatus.couldNotJudge.rawValue)
        }
        guard let address = ListenAddress(listen) else { throw ExitCode(ExitStatus.couldNotJudge.rawValue) }
        let ledgerPath = ledger
        let router = VerdictRouter.build(store: DecisionStore(configuration: configuration))
        var logger = Logger(label: "verdict-serve")
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { channel in
                Output.error("verdict serve: listening on http://\(address.display) (ledger \(ledgerPath)); stop with Ctrl-C")
                _ = channel
            },
            logger: logger)
        let services = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await services.run()
        } catch {
            Output.error("verdict serve: error: \(error)")
            throw ExitCode(ExitStatus.couldNotJudge.rawValue)
        }
    }

    static func openArchive(_ path: String) throws(AuditError) -> Archive {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadable(path: path, reason: "not an archive directory")
        }
        return Archive(path: path)
    }

    /// The jq worker runs as this program again (`ProcessJQRunner`'s `/proc/self/exe __jq-worker`),
    /// so jq rules replay here exactly as in `verdict replay`.
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "__jq-worker" { Foundation.exit(JQWorker.main()) }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            if exitCode(for: error) == .success { Self.exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Output.error(message) }
            Foundation.exit(ExitStatus.couldNotJudge.rawValue)
        }
    }
}

/// verdict-serve's own printing: like `verdict`'s `Standard`, through `LogText.neutralised`.
enum Output {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(LogText.neutralised(text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
