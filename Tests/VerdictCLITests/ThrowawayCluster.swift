import Foundation

/// A PostgreSQL cluster of a test's own (scripts/start-postgres.sh on a port and folder of its
/// own), for what the shared test cluster must not undergo: TLS settings, being stopped mid-run.
struct ThrowawayCluster {
    let port: Int
    let data: String
    let tls: URL?

    /// The superuser's URL (no TLS: `sslmode=disable`), as the script prints it.
    var url: String { "postgres://postgres@127.0.0.1:\(port)/verdict_test?sslmode=disable" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts a new cluster; with `tls`, a folder made by scripts/gen-test-certs.sh, with ssl=on and its server certificate.
    init(tls: URL? = nil) throws {
        port = Int.random(in: 56000..<58000)
        data = "/tmp/verdict-pg-test-\(port)-\(UUID().uuidString.prefix(8))"
        self.tls = tls
        try start()
    }

    /// Starts the cluster (again, after `stop(keepingData: true)`).
    func start() throws {
        var environment = ["VERDICT_PG_PORT": String(port), "VERDICT_PG_DATA": data]
        if let tls { environment["VERDICT_PG_TLS_DIR"] = tls.path }
        try Self.script("scripts/start-postgres.sh", [], environment: environment)
    }

    /// Stops the server (fast: sessions are cut, their transactions rolled back) and, unless told, removes its files.
    func stop(keepingData: Bool = false) {
        _ = try? Self.script("scripts/start-postgres.sh", ["--stop"], environment: ["VERDICT_PG_PORT": String(port), "VERDICT_PG_DATA": data])
        if !keepingData { try? FileManager.default.removeItem(atPath: data) }
    }

    /// Runs a repository script; throws with its stderr when it fails.
    @discardableResult
    static func script(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let script = VerdictProcess.repositoryRoot.appendingPathComponent(path)
        let result = try ChildProcess.run(script, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        guard result.status == 0 else { throw Failure(description: "\(path) failed: \(String(decoding: result.stderr, as: UTF8.self))") }
        return String(decoding: result.stdout, as: UTF8.self)
    }
}
