import Foundation

/// Binary values in and out: archive chunks travel as raw `bytea`, never as hex text (which would
/// double every chunk on the wire and cost a decode on each side).
extension PostgresConnection {
    /// Runs one statement whose last parameter is `bytes`, sent in binary; the others are text.
    ///
    /// The bytes are passed to libpq as they are (no copy on the Swift side), so a chunk costs
    /// one buffer however it was produced.
    func execute(_ sql: String, _ parameters: [String], bytes: UnsafeRawBufferPointer) throws(Failure) {
        let count = parameters.count + 1
        var lengths = [Int32](repeating: 0, count: count)
        var formats = [Int32](repeating: 0, count: count)
        lengths[count - 1] = Int32(bytes.count)
        formats[count - 1] = 1
        // libpq reads a binary parameter through a `const char *`; an empty value still needs a valid pointer.
        let empty: StaticString = ""
        let result: OpaquePointer? = sql.withCString { statement in
            withOptionalCStrings(parameters.map { Optional($0) } + [nil]) { values in
                var pointers = [UnsafePointer<CChar>?](UnsafeBufferPointer(start: values, count: count))
                pointers[count - 1] = bytes.baseAddress.map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) }
                    ?? UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self)
                return pq.execParams(connection, statement, Int32(count), nil, pointers, lengths, formats, 0)
            }
        }
        let checked = try succeeded(result)
        pq.clear(checked)
    }

    /// Runs a query whose result is at most one row of one `bytea` column, fetched in binary;
    /// hands the bytes to `body` (valid only during the call).
    ///
    /// - Returns: false when the query returned no row (`body` is not called).
    func withBytes(_ sql: String, _ parameters: [String], _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        let result: OpaquePointer? = sql.withCString { statement in
            withOptionalCStrings(parameters.map { Optional($0) }) { values in
                pq.execParams(connection, statement, Int32(parameters.count), nil, values, nil, nil, 1)
            }
        }
        let checked = try succeeded(result)
        defer { pq.clear(checked) }
        guard pq.ntuples(checked) > 0, pq.nfields(checked) > 0, pq.getisnull(checked, 0, 0) == 0 else { return false }
        let length = Int(pq.getlength(checked, 0, 0))
        guard let value = pq.getvalue(checked, 0, 0) else { return false }
        try body(UnsafeRawBufferPointer(start: UnsafeRawPointer(value), count: length))
        return true
    }
}
