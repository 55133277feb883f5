import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct ReplayCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Re-evaluate a recorded decision and compare it rule by rule.",
            discussion: """
                Finds each input by its recorded path, or in --archive (a directory or a postgres:// URL) \
                by its sha256, and checks every hash; re-evaluates with the policy text stored in the record \
                and the recorded time. The record may be named sha256:DIGEST (the ledger's record_sha256) to \
                read it from the archive too. Given an attestation (a DSSE envelope from 'check --attestation'), \
                replays the record it signed: --record FILE, else the archive's record with that digest; with \
                --public-key the envelope's signature is checked first.

                Every member of the record is compared (outcome, exit status, risk, each rule's outcome, \
                counts and findings, the inputs' hashes), and each input is re-hashed before it is judged. \
                Exit status: 0 identical, 1 different (each differing member is printed), 2 an input missing \
                or altered, an archive object altered, or the record unusable. With --policy (what-if): the recorded inputs under \
                another policy; prints which rules and which overall outcome would change; exit 0, or 2.
                """)

        @Argument(help: ArgumentHelp("The decision record (verdict.decision/v1), an attestation envelope referencing one, or sha256:DIGEST for a record in --archive.", valueName: "record"), completion: .file())
        var record: String

        @Option(name: .customLong("record"), help: ArgumentHelp("With an attestation: the decision record it references (its sha256 must be the signed one).", valueName: "file"), completion: .file())
        var referencedRecord: String?

        @Option(name: .customLong("public-key"), help: ArgumentHelp("With an attestation: check its signature with this key (KEY.pub) before replaying.", valueName: "file"), completion: .file())
        var publicKey: String?

        @Option(help: ArgumentHelp("An archive written by 'check --archive' to find inputs in by hash: a directory, or a postgres:// URL.", valueName: "dir|url"), completion: .directory)
        var archive: String?

        @Option(help: ArgumentHelp("What-if: evaluate the recorded inputs under this policy instead.", valueName: "file"), completion: .file())
        var policy: String?

        @Option(name: .customLong("max-input-bytes"), help: ArgumentHelp("The largest input read from its path or decompressed from the archive, as for 'check'. Default 4GB.", valueName: "size"))
        var maxInputBytes: ByteCount = ByteCount(InputLimits.defaultMaxInputBytes)

        @Option(name: .customLong("max-memory"), help: ArgumentHelp("The most memory Verdict may use for its data, as for 'check'.", valueName: "size"))
        var maxMemory: ByteCount?

        func run() throws {
            MemoryGuard.install(limit: maxMemory?.bytes ?? MemoryGuard.defaultLimit())
            MemoryGuard.phase("reading the record '\(record)'")
            do {
                let store = try archive.map { location throws(AuditError) in try ArchiveLocation.openForReading(location) }
                let recorded = try loadRecord(from: store)
                let replay = Replay(record: recorded, archive: store,
                                    limits: InputLimits(maxInputBytes: maxInputBytes.bytes),
                                    willRead: { MemoryGuard.phase("reading '\($0.path)'") })
                if let policy {
                    try whatIf(replay, policyPath: policy)
                    return
                }
                let result = try replay.run()
                MemoryGuard.phase("comparing the replayed decision with the record")
                for note in result.notes { Standard.error("note: \(note)") }
                let differences = try ReplayComparison.compare(recorded: recorded, replayed: result.decision)
                if differences.isEmpty && result.isIdentical {
                    Standard.output("replay: identical — \(recorded.rules.count) rule\(recorded.rules.count == 1 ? "" : "s"), outcome \(recorded.outcome.rawValue), exit \(recorded.exitStatus)\n")
                    return
                }
                for difference in differences { Standard.output("differs: \(difference)\n") }
                if differences.isEmpty {
                    for difference in result.differences { Standard.output("differs: \(difference)\n") }
                }
                Standard.output("replay: different — recorded outcome \(recorded.outcome.rawValue) (exit \(recorded.exitStatus)), replayed \(result.decision.outcome.rawValue) (exit \(result.decision.exitStatus.rawValue))\n")
                throw VerdictExit(status: .fail)
            } catch let error as DiagnosticError {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
        }

        /// The record to replay: the argument, the archive's record named `sha256:DIGEST`, or the
        /// record an envelope given as the argument signed.
        func loadRecord(from store: (any ArchiveStore)?) throws(AuditError) -> RecordedDecision {
            let limits = InputLimits(maxInputBytes: maxInputBytes.bytes)
            if record.hasPrefix("sha256:") {
                let digest = String(record.dropFirst("sha256:".count))
                guard SHA256Digest.isValid(digest) else { throw .invalidDigest(path: record, digest: digest) }
                guard let store else {
                    throw .invalidRecord(path: record, message: "a record named by digest is read from an archive: give --archive DIR|URL")
                }
                guard let bytes = try store.record(sha256: digest, limits: limits) else {
                    throw .invalidRecord(path: record, message: "the archive '\(store.displayName)' holds no record with this digest")
                }
                return try RecordedDecision.parse(bytes, path: record)
            }
            guard let data = DSSEEnvelope.bytesIfEnvelope(path: record, limits: limits) else {
                if referencedRecord != nil || publicKey != nil {
                    throw .invalidAttestation(path: record, message: "--record and --public-key are for an attestation envelope; this is not one")
                }
                return try RecordedDecision.read(path: record, limits: limits)
            }
            let key = try publicKey.map { path throws(AuditError) in try PublicSigningKey.read(path: path) }
            let found = try Attestation.referencedRecord(envelope: data, path: record, record: referencedRecord,
                                                         archive: store, key: key, limits: limits)
            Standard.error("note: replaying '\(found.path)', the record the attestation '\(record)' signed\(key == nil ? " (signature not checked: no --public-key)" : "")")
            return try RecordedDecision.parse(found.bytes, path: found.path)
        }

        func whatIf(_ replay: Replay, policyPath: String) throws {
            let other = try DecisionPipeline().loadPolicy(.file(policyPath), now: replay.record.evaluatedAt)
            let result = try replay.run(policy: other)
            let recorded = replay.record
            var changes = 0
            for difference in result.differences where difference.recorded?.outcome != difference.replayed?.outcome {
                changes += 1
                let before = difference.recorded?.outcome.rawValue ?? "absent"
                let after = difference.replayed?.outcome.rawValue ?? "absent"
                Standard.output("would change: rule \(difference.ruleID): \(before) → \(after)\(difference.replayed.map { " (\($0.message))" } ?? "")\n")
            }
            if changes == 0 { Standard.output("what-if: no rule outcome would change under \(policyPath)\n") }
            let changed = recorded.outcome != result.decision.outcome
            Standard.output("what-if: overall outcome \(recorded.outcome.rawValue) → \(result.decision.outcome.rawValue)\(changed ? " (would change)" : " (unchanged)")\n")
        }
    }
}
