import Foundation
import Testing

/// The PostgreSQL ledger and archive on clusters of the tests' own: TLS with certificate
/// verification (a test CA and server certificate made with openssl at test time), and a server
/// stopped while a writer is inside its transaction.
@Suite(.serialized, .enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipReason))
struct PostgresOwnClusterCLITests {
    func scratch() throws -> URL {
        let directory = try VerdictProcess.temporaryDirectory()
        try FileManager.default.copyItem(at: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"),
                                         to: directory.appendingPathComponent("scan.sarif"))
        return directory
    }

    @Test func verifyFullConnectsAndAWrongAuthorityOrHostNameIsRefused() throws {
        let directory = try scratch()
        let certificates = directory.appendingPathComponent("tls")
        try ThrowawayCluster.script("scripts/gen-test-certs.sh", [certificates.path])
        let cluster = try ThrowawayCluster(tls: certificates)
        defer { cluster.stop() }
        // verdict_pw authenticates with scram-sha-256 (scripts/start-postgres.sh); the certificate names only 'localhost'.
        let secret = "verdict-pw-secret"
        func url(host: String, authority: String, hostaddr: Bool = true) -> String {
            "postgres://verdict_pw:\(secret)@\(host):\(cluster.port)/verdict_test?sslmode=verify-full&sslrootcert=\(certificates.path)/\(authority)"
                + (hostaddr ? "&hostaddr=127.0.0.1" : "")
        }
        let good = url(host: "localhost", authority: "ca.pem")
        let initialised = try VerdictProcess.run(["ledger", "init", good], in: directory)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let check = try VerdictProcess.run(["check", "scan.sarif", "--ledger", good, "--archive", good, "--record", "d.json", "--quiet"], in: directory)
        #expect(check.status == 1, "\(check.stderr)")
        #expect(try VerdictProcess.run(["ledger", "verify", good], in: directory).stdout.contains("intact, 1 decision"))
        #expect(try VerdictProcess.run(["replay", "d.json", "--archive", good], in: directory).status == 0)
        // The session really is encrypted.
        #expect(try PostgresTestDatabase.psql(good, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == "t\n")

        let wrongAuthority = try VerdictProcess.run(["ledger", "verify", url(host: "localhost", authority: "other-ca.pem")], in: directory)
        #expect(wrongAuthority.status == 2)
        #expect(wrongAuthority.stderr.contains("certificate verify failed"), "\(wrongAuthority.stderr)")
        let wrongHost = try VerdictProcess.run(["ledger", "verify", url(host: "127.0.0.1", authority: "ca.pem", hostaddr: false)], in: directory)
        #expect(wrongHost.status == 2)
        #expect(wrongHost.stderr.contains("does not match host name \"127.0.0.1\""), "\(wrongHost.stderr)")
        let refusedCheck = try VerdictProcess.run(["check", "scan.sarif", "--ledger", url(host: "localhost", authority: "other-ca.pem"),
                                                   "--archive", url(host: "localhost", authority: "other-ca.pem"), "--quiet"], in: directory)
        #expect(refusedCheck.status == 2)
        #expect(refusedCheck.stderr.contains("the decision was not recorded in the ledger postgres://verdict_pw@localhost:\(cluster.port)/verdict_test"))
        for output in [initialised, check, wrongAuthority, wrongHost, refusedCheck] {
            #expect(!(output.stdout + output.stderr).contains(secret), "\(output.stdout)\(output.stderr)")
        }
    }

    @Test func theServerStoppedMidRunExitsTwoAndLeavesNothingHalfWritten() throws {
        let directory = try scratch()
        let cluster = try ThrowawayCluster()
        defer { cluster.stop() }
        let url = cluster.url
        #expect(try VerdictProcess.run(["ledger", "init", url], in: directory).status == 0)
        #expect(try VerdictProcess.run(["check", "scan.sarif", "--now", "2026-11-21T12:00:00Z", "--ledger", url, "--quiet"], in: directory).status == 1)
        // Hold scan.sarif's first chunk key uncommitted: the writer waits inside its archive transaction.
        let digest = PostgresArchiveCLITests.scanSHA256
        let holder = try ChildProcess.start(URL(fileURLWithPath: "/usr/bin/psql"),
                                            [url, "-qAtX", "-c", "BEGIN; INSERT INTO verdict.archive_chunks VALUES ('\(digest)', 0, '\\x00'); SELECT pg_sleep(30); ROLLBACK;"])
        Thread.sleep(forTimeInterval: 0.5)
        let out = directory.appendingPathComponent("out")
        let err = directory.appendingPathComponent("err")
        let writer = try ChildProcess.start(VerdictProcess.binary,
                                            ["check", "scan.sarif", "--now", "2026-11-21T13:00:00Z", "--ledger", url, "--archive", url, "--record", "d.json"],
                                            in: directory, stdout: .file(out), stderr: .file(err))
        Thread.sleep(forTimeInterval: 1.5)
        cluster.stop(keepingData: true)
        let status = writer.wait()
        holder.wait()
        let stdout = try String(contentsOf: out, encoding: .utf8)
        let stderr = try String(contentsOf: err, encoding: .utf8)
        #expect(status == 2, "\(stderr)")
        #expect(stdout.contains("verdict: FAIL (exit 1)"))
        #expect(stderr.contains("the decision's evidence was not archived"), "\(stderr)")
        #expect(stderr.contains("the decision was not recorded in the ledger"), "\(stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("d.json").path))
        try cluster.start()
        #expect(try PostgresTestDatabase.psql(url, "SELECT count(*) FROM verdict.decisions") == "1\n")
        #expect(try PostgresTestDatabase.psql(url, "SELECT count(*) FROM verdict.archive_objects") == "0\n")
        #expect(try PostgresTestDatabase.psql(url, "SELECT count(*) FROM verdict.archive_chunks") == "0\n")
        #expect(try VerdictProcess.run(["ledger", "verify", url], in: directory).stdout.contains("intact, 1 decision"))
        #expect(try VerdictProcess.run(["archive", "verify", url], in: directory).status == 0)
    }
}
