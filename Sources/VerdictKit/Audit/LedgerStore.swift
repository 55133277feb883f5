/// Where decisions are chained: an SQLite file (`Ledger`) or a PostgreSQL database (`PostgresLedger`).
///
/// Both build rows with `LedgerEntry.next` and check them with `LedgerChain`, so a row, its hash
/// and `verify`'s findings are the same whichever keeps them.
public protocol LedgerStore: AnyObject {
    /// How messages name the ledger: the file path, or the URL without its password.
    var displayName: String { get }

    /// Appends a decision (idempotently where the store can: see `PostgresLedger`); returns its row.
    /// `attestationSHA256` is the digest of the DSSE envelope written for it, when one was.
    func append(
        _ decision: Decision, recordSHA256: String, attestationSHA256: String?, context: Ledger.Context, risk: String?
    ) throws(AuditError) -> LedgerEntry

    /// Every row, oldest first.
    func entries() throws(AuditError) -> [LedgerEntry]

    /// Walks the chain and checks the store's structure; never writes.
    func verify(expectedHead: String?) throws(AuditError) -> Ledger.Verification
}

extension Ledger: LedgerStore {
    public var displayName: String { path }
}

/// Opens a ledger by its location: a `postgres://` URL, else a file path.
public enum LedgerLocation {
    /// For appending: a new SQLite file is created; a PostgreSQL ledger must exist (`verdict ledger init`).
    public static func openForAppending(_ location: String) throws(AuditError) -> any LedgerStore {
        if let url = DatabaseURL(location) { return try PostgresLedger(url, forAppending: true) }
        return try Ledger(path: location)
    }

    /// Read-only: nothing is created or changed.
    public static func openForReading(_ location: String) throws(AuditError) -> any LedgerStore {
        if let url = DatabaseURL(location) { return try PostgresLedger(url, forAppending: false) }
        return try Ledger(readingFrom: location)
    }

    /// The ledger named by an option, else by `VERDICT_LEDGER_URL`.
    public static func resolve(_ option: String?, environment: [String: String]) -> String? {
        if let option { return option }
        guard let url = environment["VERDICT_LEDGER_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// A location as it may be printed (a URL without its password).
    public static func display(_ location: String) -> String {
        DatabaseURL(location)?.display ?? location
    }
}
