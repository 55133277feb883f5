import Foundation

/// Opens an archive by its location: a `postgres://` URL, else a directory.
///
/// The one place that tells the two apart, so that `check`, `replay` and `archive verify` take
/// either without an if/else of their own. libpq is loaded only here, only for a URL.
public enum ArchiveLocation {
    /// For storing: a directory is created on first write; a database must hold the archive's
    /// tables (`verdict archive init` or `verdict ledger init`) with their insert-only triggers.
    public static func openForStoring(_ location: String) throws(AuditError) -> any ArchiveStore {
        if let url = DatabaseURL(location) { return try PostgresArchive(url, forStoring: true) }
        return Archive(path: location)
    }

    /// Read-only: nothing is created or changed.
    public static func openForReading(_ location: String) throws(AuditError) -> any ArchiveStore {
        if let url = DatabaseURL(location) { return try PostgresArchive(url, forStoring: false) }
        return Archive(path: location)
    }

    /// A location as it may be printed (a URL without its password).
    public static func display(_ location: String) -> String {
        DatabaseURL(location)?.display ?? location
    }
}
