extension InputFile {
    /// Runs a JSON reader over the file's text, turning what it throws into an `InputError`
    /// that names the file, with the line and column of a syntax error.
    ///
    /// The cursor may drop the pages it has passed when the file is mapped (`isMapped`).
    func readJSON<Value>(_ body: (JSONCursor, UnsafeBufferPointer<UInt8>) throws -> Value) throws(InputError) -> Value {
        let outcome: Result<Value, InputError> = text.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var cursor = JSONCursor(bytes: bytes)
            cursor.pageReleaser = pageReleaser
            do {
                return .success(try body(cursor, bytes))
            } catch let error as JSONSyntaxError {
                return .failure(.malformed(path: path, position: error.position, message: "invalid JSON: \(error.message)"))
            } catch let error as InputError {
                return .failure(error)
            } catch {
                return .failure(.malformed(path: path, position: nil, message: "\(error)"))
            }
        }
        return try outcome.get()
    }
}
