import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct ArchiveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive", abstract: "Check an archive written by 'check --archive'.", subcommands: [Verify.self])

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Re-hash every object and record; report the bad ones (exit 0 all good, 1 some bad, 2 unreadable).")

            @Argument(help: ArgumentHelp("The archive directory.", valueName: "dir"), completion: .directory)
            var directory: String

            @Option(name: .customLong("max-input-bytes"), help: ArgumentHelp("The largest content an object may decompress to, as for 'check'. Default 4GB.", valueName: "size"))
            var maxInputBytes: ByteCount = ByteCount(InputLimits.defaultMaxInputBytes)

            func run() throws {
                do {
                    let (checked, problems) = try Archive(path: directory).verify(limits: InputLimits(maxInputBytes: maxInputBytes.bytes))
                    for problem in problems { Standard.output("bad: \(problem)\n") }
                    Standard.output("\(directory): \(checked) file\(checked == 1 ? "" : "s") checked, \(problems.count) bad\n")
                    if !problems.isEmpty { throw VerdictExit(status: .fail) }
                } catch let error as AuditError {
                    Standard.error(error.renderedDiagnostics)
                    throw VerdictExit(status: .couldNotJudge)
                }
            }
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 key pair for signing records: FILE (private, mode 0600) and FILE.pub.",
            discussion: "Exit status: 0 written, 2 a key exists there (without --force) or cannot be written.")

        @Option(help: ArgumentHelp("Where to write the private key; the public key goes to the same path plus '.pub'.", valueName: "file"), completion: .file())
        var out: String

        @Flag(help: "Replace existing key files.")
        var force = false

        func run() throws {
            let key = SigningKey.generate()
            let publicPath: String
            do {
                // Both files created anew (O_EXCL | O_NOFOLLOW): a symlink there is never followed.
                publicPath = try KeyPairFiles.write(key, to: out, replacing: force)
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            Standard.output("wrote \(out) (private) and \(publicPath); fingerprint \(key.publicKey.fingerprint)\n")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a signed decision record or a DSSE attestation from 'check --attestation' (exit 0 valid, 1 changed after signing or signed by another key, 2 unreadable).")

        @Argument(help: ArgumentHelp("The signed decision record, or the attestation envelope.", valueName: "file"), completion: .file())
        var record: String

        @Option(name: .customLong("public-key"), help: ArgumentHelp("The signer's public key (KEY.pub from 'verdict keygen').", valueName: "file"), completion: .file())
        var publicKey: String

        @Option(name: .customLong("record"), help: ArgumentHelp("With an attestation: the decision record it references; its sha256 must be the one signed, and its own signature valid.", valueName: "file"), completion: .file())
        var referencedRecord: String?

        func run() throws {
            let key: PublicSigningKey
            let data: Data
            do {
                key = try PublicSigningKey.read(path: publicKey)
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: record))
                } catch {
                    throw AuditError.unreadable(path: record, reason: error.localizedDescription)
                }
            } catch let error as AuditError {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            if DSSEEnvelope.looksLikeEnvelope(data) {
                try verifyAttestation(data, key: key)
                return
            }
            if referencedRecord != nil {
                Standard.error("verdict: error: --record is for an attestation; '\(record)' is a decision record\n")
                throw VerdictExit(status: .couldNotJudge)
            }
            let check: SignatureCheck
            do {
                check = SignatureCheck.check(try RecordedDecision.read(path: record), with: key)
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            Standard.output("\(record): \(check.message)\n")
            if check != .valid { throw VerdictExit(status: .fail) }
        }

        /// The envelope's signature first (nothing in an unsigned payload is read as a claim),
        /// then the statement's shape, then the referenced record's digest and signature.
        func verifyAttestation(_ data: Data, key: PublicSigningKey) throws {
            let summary: Attestation.Summary
            do {
                let envelope = try DSSEEnvelope.parse(data, path: record)
                guard envelope.payloadType == DSSEEnvelope.payloadType else {
                    throw AuditError.invalidAttestation(path: record, message: "'payloadType' is '\(envelope.payloadType.prefix(80))', not '\(DSSEEnvelope.payloadType)'")
                }
                let check = envelope.check(with: key)
                guard check == .valid else {
                    Standard.output("\(record): \(check.message.replacingOccurrences(of: "the record", with: "the attestation"))\n")
                    throw VerdictExit(status: .fail)
                }
                summary = try Attestation.checkStatement(envelope.payload, path: record)
                if let referencedRecord {
                    let recorded = try RecordedDecision.read(path: referencedRecord)
                    let bytes: Data
                    do { bytes = try Data(contentsOf: URL(fileURLWithPath: referencedRecord)) } catch {
                        throw AuditError.unreadable(path: referencedRecord, reason: error.localizedDescription)
                    }
                    let actual = SHA256Digest.hex(of: bytes)
                    guard actual == summary.recordSHA256 else {
                        Standard.output("\(referencedRecord): not the record the attestation signed: it references sha256 \(summary.recordSHA256), the file is \(actual)\n")
                        throw VerdictExit(status: .fail)
                    }
                    let recordCheck = SignatureCheck.check(recorded, with: key)
                    guard recordCheck == .valid else {
                        Standard.output("\(referencedRecord): \(recordCheck.message)\n")
                        throw VerdictExit(status: .fail)
                    }
                }
            } catch let error as AuditError {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            let levels = summary.verifiedLevels.joined(separator: ", ")
            let recordNote = referencedRecord.map { "; record '\($0)' matches" } ?? "; record sha256 \(summary.recordSHA256)"
            Standard.output("\(record): signature valid; statement \(summary.verificationResult) (\(levels))\(recordNote)\n")
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the decisions in a ledger, oldest first.",
            discussion: "Exit status: 0 listed (also when no decision matches), 2 the ledger cannot be read or an option is invalid.")

        @Option(help: ArgumentHelp("The ledger: an SQLite file written by 'check --ledger', or a postgres:// URL. Default $VERDICT_LEDGER_URL.", valueName: "file|url"), completion: .file())
        var ledger: String?

        @Option(help: ArgumentHelp("Only decisions evaluated at or after this day (YYYY-MM-DD) or time (RFC 3339).", valueName: "date"))
        var since: String?

        @Option(help: ArgumentHelp("Only decisions with this outcome (pass, warn, fail, error); with --rule, that rule's outcome.", valueName: "outcome"))
        var outcome: String?

        @Option(help: ArgumentHelp("Only decisions that evaluated this rule id.", valueName: "id"))
        var rule: String?

        @Flag(help: "Only decisions in which a waiver covered a finding.")
        var waived = false

        @Flag(help: "Print JSON Lines (one object per decision) instead of a table.")
        var json = false

        func validate() throws {
            if let outcome, Outcome(rawValue: outcome) == nil {
                throw ValidationError("invalid --outcome '\(outcome)'; expected one of pass, warn, fail, error")
            }
            if let since, sinceDate(since) == nil {
                throw ValidationError("invalid --since '\(since)'; expected YYYY-MM-DD or an RFC 3339 time")
            }
        }

        func sinceDate(_ text: String) -> Date? {
            Timestamp.parse(text) ?? CalendarDay(text)?.startDate
        }

        func run() throws {
            let entries: [LedgerEntry]
            guard let location = LedgerLocation.resolve(ledger, environment: ProcessInfo.processInfo.environment) else {
                Standard.error("verdict: error: no ledger: pass --ledger FILE|URL or set VERDICT_LEDGER_URL")
                throw VerdictExit(status: .couldNotJudge)
            }
            do {
                entries = try LedgerLocation.openForReading(location).entries()
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            let wanted = outcome.flatMap(Outcome.init(rawValue:))
            let start = since.flatMap(sinceDate)
            let selected = entries.filter { entry in
                if let start, let time = Timestamp.parse(entry.evaluatedAt), time < start { return false }
                if waived && entry.waiversUsed.isEmpty { return false }
                if let rule {
                    guard let ruleOutcome = entry.ruleOutcomes.first(where: { $0.id == rule })?.outcome else { return false }
                    if let wanted, ruleOutcome != wanted { return false }
                } else if let wanted, entry.outcome != wanted {
                    return false
                }
                return true
            }
            Standard.output(json ? LedgerListing.jsonLines(selected) : LedgerListing.table(selected))
        }
    }
}
