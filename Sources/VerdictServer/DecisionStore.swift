import Foundation
import Synchronization
import VerdictKit

/// Ledger rows with their records from the archive, as the pages and the API need them.
///
/// Never writes: the ledger is opened read-only and the archive is only read. A record is
/// trusted only when its bytes hash to the `record_sha256` the ledger row holds.
public final class DecisionStore: Sendable {
    public let configuration: ServeConfiguration
    /// Record file names by hash, listed once and again when a hash is not found (new decisions).
    private let recordNames = Mutex<[String: String]>([:])

    public init(configuration: ServeConfiguration) {
        self.configuration = configuration
    }

    /// Where a row's record stands.
    public enum RecordLookup: Sendable {
        case found(name: String, bytes: Data)
        /// No archive was given to the server.
        case noArchive
        /// The archive holds no record with the row's hash.
        case missing
        /// A file is there but cannot be trusted: altered, not a regular file, too big.
        case unusable(String)
    }

    public func record(for entry: LedgerEntry) -> RecordLookup {
        guard let store = configuration.archive else { return .noArchive }
        guard let archive = store as? Archive else {
            // A database archive finds a record by its digest in one indexed read.
            do throws(AuditError) {
                guard let bytes = try store.record(sha256: entry.recordSHA256, limits: configuration.limits) else { return .missing }
                return .found(name: "sha256:" + entry.recordSHA256, bytes: bytes)
            } catch {
                return .unusable(error.diagnostics.map(\.message).joined(separator: "; "))
            }
        }
        var name = recordNames.withLock { $0[entry.recordSHA256] }
        if name == nil {
            let names = archive.recordNames()
            recordNames.withLock { $0 = names }
            name = names[entry.recordSHA256]
        }
        guard let name else { return .missing }
        do throws(AuditError) {
            guard let bytes = try archive.record(named: name, sha256: entry.recordSHA256, limits: configuration.limits) else { return .missing }
            return .found(name: name, bytes: bytes)
        } catch {
            return .unusable(error.diagnostics.map(\.message).joined(separator: "; "))
        }
    }

    /// How a record's signature stands against the configured keys.
    public enum SignatureStatus: String, Sendable {
        case valid
        /// Signed by a configured key, but the bytes changed after signing.
        case altered
        /// Signed by a key the server was not given.
        case unknownKey = "unknown_key"
        case unsigned
    }

    public func signatureStatus(of record: RecordedDecision) -> (status: SignatureStatus, fingerprint: String?) {
        guard let signature = record.signature else { return (.unsigned, nil) }
        for key in configuration.publicKeys where key.fingerprint == signature.publicKeyFingerprint {
            return (SignatureCheck.check(record, with: key) == .valid ? .valid : .altered, signature.publicKeyFingerprint)
        }
        return (.unknownKey, signature.publicKeyFingerprint)
    }
}
