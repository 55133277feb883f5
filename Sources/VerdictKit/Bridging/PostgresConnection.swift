import Foundation

/// One libpq connection (`PGconn`), opened in `init` and closed in `deinit`.
///
/// Statements are sent with `PQexecParams` only: every value is a parameter, never spliced into
/// SQL. Results come back as text. Error messages pass through `DatabaseURL.scrub`, so a password
/// never reaches a diagnostic.
final class PostgresConnection {
    let pq: LibPQ
    let connection: OpaquePointer
    let location: DatabaseURL

    /// What went wrong, with the server's SQLSTATE when it answered.
    struct Failure: Error {
        var message: String
        var sqlState: String?
        /// The connection itself failed (unreachable, refused, authentication): nothing was done.
        var isConnection: Bool
    }

    /// Connects; `connect_timeout` defaults to 10 seconds unless the URL sets it.
    init(_ location: DatabaseURL, applicationName: String = "verdict") throws(Failure) {
        let pq: LibPQ
        switch LibPQ.shared {
        case let .failure(error): throw Failure(message: error.message, sqlState: nil, isConnection: true)
        case let .success(library): pq = library
        }
        self.pq = pq
        self.location = location
        // Later keywords override earlier ones, and the URL (expanded from dbname) comes last: its own
        // connect_timeout or application_name wins.
        let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = ["10", applicationName, location.url]
        let handle: OpaquePointer? = withCStrings(keywords) { keys in
            withCStrings(values) { vals in pq.connectdbParams(keys, vals, 1) }
        }
        guard let handle else { throw Failure(message: "cannot connect: out of memory", sqlState: nil, isConnection: true) }
        if pq.status(handle) != 0 {
            let message = Self.text(pq.errorMessage(handle))
            pq.finish(handle)
            throw Failure(message: location.scrub(message), sqlState: nil, isConnection: true)
        }
        connection = handle
    }

    deinit { pq.finish(connection) }

    /// Statements prepared on this connection, by their SQL text (see `executePrepared`).
    private var prepared: [String: String] = [:]
    /// Prepared statements kept at most per connection; beyond, statements are sent unprepared.
    static let maximumPrepared = 128

    /// Runs one statement with text parameters; returns its rows (NULL as nil).
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(Failure) -> [[String?]] {
        let result: OpaquePointer? = sql.withCString { statement in
            withOptionalCStrings(parameters) { values in
                pq.execParams(connection, statement, Int32(parameters.count), nil, values, nil, nil, 0)
            }
        }
        let checked = try succeeded(result)
        defer { pq.clear(checked) }
        return rows(of: checked)
    }

    /// Like `execute`, but the statement is parsed and planned once per connection and then only
    /// bound and run: `verdict serve` sends the same few queries thousands of times, and planning
    /// them again each time was a large part of PostgreSQL's work. Values are still parameters;
    /// `sql` must not vary with them (or the statements kept would grow with the requests).
    @discardableResult
    func executePrepared(_ sql: String, _ parameters: [String?] = []) throws(Failure) -> [[String?]] {
        var name = prepared[sql]
        if name == nil, prepared.count < Self.maximumPrepared {
            let candidate = "verdict_\(prepared.count + 1)"
            let result: OpaquePointer? = candidate.withCString { statementName in
                sql.withCString { text in pq.prepare(connection, statementName, text, Int32(parameters.count), nil) }
            }
            pq.clear(try succeeded(result))
            prepared[sql] = candidate
            name = candidate
        }
        guard let name else { return try execute(sql, parameters) }
        let result: OpaquePointer? = name.withCString { statementName in
            withOptionalCStrings(parameters) { values in
                pq.execPrepared(connection, statementName, Int32(parameters.count), values, nil, nil, 0)
            }
        }
        let checked = try succeeded(result)
        defer { pq.clear(checked) }
        return rows(of: checked)
    }

    /// `result` when the statement succeeded; otherwise clears it and throws the server's error.
    func succeeded(_ result: OpaquePointer?) throws(Failure) -> OpaquePointer {
        guard let result else {
            throw Failure(message: location.scrub(Self.text(pq.errorMessage(connection))), sqlState: nil, isConnection: pq.status(connection) != 0)
        }
        let status = pq.resultStatus(result)
        // PGRES_COMMAND_OK = 1, PGRES_TUPLES_OK = 2.
        guard status == 1 || status == 2 else {
            let state = pq.resultErrorField(result, 67).map { String(cString: $0) }  // PG_DIAG_SQLSTATE 'C'
            var message = Self.text(pq.resultErrorMessage(result))
            if message.isEmpty { message = Self.text(pq.errorMessage(connection)) }
            pq.clear(result)
            throw Failure(message: location.scrub(message), sqlState: state, isConnection: pq.status(connection) != 0)
        }
        return result
    }

    /// A text-format result's rows (NULL as nil).
    func rows(of result: OpaquePointer) -> [[String?]] {
        let columns = pq.nfields(result)
        var rows: [[String?]] = []
        for row in 0..<pq.ntuples(result) {
            var values: [String?] = []
            for column in 0..<columns {
                values.append(pq.getisnull(result, row, column) != 0
                    ? nil : Self.value(pq.getvalue(result, row, column), length: pq.getlength(result, row, column)))
            }
            rows.append(values)
        }
        return rows
    }

    /// A column's text exactly as stored, never trimmed: a repository or ref written with a
    /// trailing space or newline must read back as written, or its row would no longer hash.
    static func value(_ pointer: UnsafePointer<CChar>?, length: Int32) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: Int(length)), as: UTF8.self)
    }

    /// A message from libpq, without the newline it ends with.
    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    withOptionalCStrings(strings + [nil] as [String?], body)
}

func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { buffer in
        body(buffer.baseAddress)
    }
}
