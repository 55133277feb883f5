import Foundation
import VerdictKit
import VerdictServer

/// A ledger and archive in a temporary folder, filled the way `verdict check --archive --ledger`
/// fills them: each decision made by `DecisionPipeline` from a SARIF file and a policy text.
final class ServedLedger: Sendable {
    let root: URL
    var ledgerPath: String { root.appendingPathComponent("ledger.sqlite").path }
    var archivePath: String { root.appendingPathComponent("archive").path }
    let key = SigningKey.generate()

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    static let policy = """
        version: 1
        rules:
          - id: vulnerabilities
            kind: severity
            block: [critical, high]
            warn: [medium]

        """

    /// A SARIF log with one result per message, each at `level`.
    static func sarif(_ messages: [String], level: String = "error", uri: String = "src/app.swift") -> String {
        let results = messages.enumerated().map { index, message in
            JSONValue.object([
                ("ruleId", .string("R\(index)")),
                ("level", .string(level)),
                ("message", .object([("text", .string(message))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(uri))])),
                    ("region", .object([("startLine", .int(index + 1))])),
                ]))])])),
            ])
        }
        return JSONValue.object([
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([("name", .string("scanner")), ("rules", .array([]))]))])),
                ("results", .array(results)),
            ])])),
        ]).serialized()
    }

    /// Makes, records, archives and appends one decision; returns its ledger row.
    @discardableResult
    func add(sarif: String, at time: String, repository: String? = "acme/api", ref: String? = "refs/heads/main",
             policy: String = ServedLedger.policy, sign: Bool = false, lcov: String? = nil) throws -> LedgerEntry {
        let input = root.appendingPathComponent("scan-\(UUID().uuidString).sarif")
        try Data(sarif.utf8).write(to: input)
        var inputs = [InputRequest(path: input.path)]
        if let lcov {
            let coverage = root.appendingPathComponent("coverage-\(UUID().uuidString).info")
            try Data(lcov.utf8).write(to: coverage)
            inputs.append(InputRequest(path: coverage.path))
        }
        var context: [(key: String, value: String)] = []
        if let repository { context.append((key: "repository", value: repository)) }
        if let ref { context.append((key: "ref", value: ref)) }
        let request = DecisionRequest(policy: .text(policy, path: "policy.yaml"), inputs: inputs,
                                      now: Timestamp.parse(time)!, context: context)
        let made = try DecisionPipeline().decide(request)
        var recordText = DecisionRecord.render(made.decision)
        if sign { recordText = try RecordSignature.sign(recordText, with: key) }
        let archive = Archive(path: archivePath)
        for file in made.files { try archive.store(file.raw) }
        for source in made.decision.policy.sources { try archive.store(Data(source.text.utf8)) }
        try archive.storeDecision(recordText, evaluatedAt: made.decision.evaluatedAt)
        return try Ledger(path: ledgerPath).append(
            made.decision, recordSHA256: SHA256Digest.hex(of: recordText),
            context: Ledger.Context(repository: repository, ref: ref), risk: made.decision.risk?.rawValue)
    }

    func store(publicKeys: [PublicSigningKey] = [], archive: Bool = true, csrfToken: String = "test-token",
               token: String? = nil, secureCookie: Bool = false, rateLimit: Int? = nil) throws -> DecisionStore {
        DecisionStore(configuration: ServeConfiguration(
            ledger: try SQLiteLedgerPool(readingFrom: ledgerPath, size: 2), archive: archive ? Archive(path: archivePath) : nil,
            publicKeys: publicKeys, replayConcurrency: 1, replayTimeout: .seconds(30), csrfToken: csrfToken,
            token: token.map(BearerToken.init), secureCookie: secureCookie, rateLimit: rateLimit))
    }
}
