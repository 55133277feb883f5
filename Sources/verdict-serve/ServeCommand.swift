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
            Pages: /decisions, /decisions/ID, /ledger, /trends; JSON under /api/v1 (docs/api.md). Nothing is ever \
            written to the ledger or the archive. Listens on loopback by default; another address needs \
            --token-file (or an explicit --insecure-no-auth). Stops gracefully on SIGTERM or SIGINT. \
            Exit status: 0 stopped, 2 could not start.
            """)

    @Option(help: ArgumentHelp("The ledger: an SQLite file written by 'check --ledger', or a postgres:// URL; opened read-only.", valueName: "file|url"), completion: .file())
    var ledger: String

    @Option(help: ArgumentHelp("The archive written by 'check --archive' (a directory or a postgres:// URL): records and replay inputs.", valueName: "dir|url"), completion: .directory)
    var archive: String?

    @Option(help: ArgumentHelp("Read-only connections kept to the ledger (SQLite or PostgreSQL) and to a PostgreSQL archive, and as many threads reading through them, so requests do not queue on one.", valueName: "n"))
    var connections: Int = 4

    @Option(name: .customLong("public-key"), help: ArgumentHelp("A public key records' signatures are checked against (repeatable).", valueName: "file"), completion: .file())
    var publicKeys: [String] = []

    @Option(help: ArgumentHelp("Address and port to listen on; anything but loopback (127.0.0.0/8, ::1, localhost) needs --token-file.", valueName: "host:port"))
    var listen: String = "127.0.0.1:8080"

    @Option(name: .customLong("token-file"), help: ArgumentHelp("A file holding the access token (mode 600, at least 16 characters): API calls send 'Authorization: Bearer TOKEN', browsers sign in with it.", valueName: "file"), completion: .file())
    var tokenFile: String?

    @Flag(name: .customLong("insecure-no-auth"), help: "Listen beyond loopback without --token-file: anyone who can reach the port reads every decision.")
    var insecureNoAuth = false

    @Flag(name: .customLong("secure-cookie"), help: "Mark the sign-in cookies Secure (the server is reached over HTTPS, through a TLS proxy).")
    var secureCookie = false

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Requests per minute allowed from one client address; more get 429 with Retry-After.", valueName: "n"))
    var rateLimit: Int?

    @Option(name: .customLong("max-replays"), help: ArgumentHelp("How many replays may run at once; more get 503.", valueName: "n"))
    var maxReplays: Int = 2

    @Option(name: .customLong("replay-timeout"), help: ArgumentHelp("Seconds a replay may take before its page reports a time-out.", valueName: "seconds"))
    var replayTimeout: Int = 60

    func validate() throws {
        guard ListenAddress(listen) != nil else {
            throw ValidationError("invalid --listen '\(listen.prefix(80))'; expected HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:8080")
        }
        if ListenAddress(listen)?.isLoopback != true, tokenFile == nil, !insecureNoAuth {
            throw ValidationError("refusing --listen '\(listen.prefix(80))' without --token-file: anyone who can reach it would read every decision; give --token-file FILE (or, knowingly, --insecure-no-auth)")
        }
        if insecureNoAuth, tokenFile != nil {
            throw ValidationError("--insecure-no-auth and --token-file contradict each other; give one")
        }
        if let rateLimit, !(1...1_000_000).contains(rateLimit) { throw ValidationError("invalid --rate-limit \(rateLimit); expected 1 to 1000000 requests per minute") }
        guard (1...64).contains(connections) else { throw ValidationError("invalid --connections \(connections); expected 1 to 64") }
        guard (1...64).contains(maxReplays) else { throw ValidationError("invalid --max-replays \(maxReplays); expected 1 to 64") }
        guard (1...3600).contains(replayTimeout) else { throw ValidationError("invalid --replay-timeout \(replayTimeout); expected 1 to 3600 seconds") }
    }

    func run() async throws {
        if insecureNoAuth {
            Output.error("verdict serve: warning: --insecure-no-auth: no authentication; anyone who can reach \(listen.prefix(80)) reads every decision and can start replays")
        }
        let configuration: ServeConfiguration
        do {
            configuration = ServeConfiguration(
                ledger: try Self.openLedger(ledger, connections: connections),
                archive: try archive.map { location throws(AuditError) in try Self.openArchive(location, connections: connections) },
                publicKeys: try publicKeys.map { path throws(AuditError) in try PublicSigningKey.read(path: path) },
                replayConcurrency: maxReplays, replayTimeout: .seconds(replayTimeout),
                token: try tokenFile.map { path throws(ServeError) in try BearerToken.read(path: path) },
                secureCookie: secureCookie, rateLimit: rateLimit, storageThreads: connections)
        } catch let error as any DiagnosticError {
            Output.error(error.renderedDiagnostics)
            throw ExitCode(ExitStatus.couldNotJudge.rawValue)
        }
        guard let address = ListenAddress(listen) else { throw ExitCode(ExitStatus.couldNotJudge.rawValue) }
        let ledgerPath = LedgerLocation.display(ledger)
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

    /// A pool of read-only connections to an SQLite file or a PostgreSQL ledger.
    static func openLedger(_ location: String, connections: Int) throws(AuditError) -> any LedgerReading {
        if let url = DatabaseURL(location) { return try PostgresLedgerPool(url, size: connections) }
        return try SQLiteLedgerPool(readingFrom: location, size: connections)
    }

    /// A directory that must exist, or a pool of read-only connections to a PostgreSQL archive.
    static func openArchive(_ path: String, connections: Int) throws(AuditError) -> any ArchiveStore {
        if let url = DatabaseURL(path) { return try PostgresArchivePool(url, size: connections) }
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
