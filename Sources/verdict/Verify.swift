import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
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
}
