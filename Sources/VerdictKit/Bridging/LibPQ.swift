import Foundation

/// The few libpq functions Verdict uses, loaded with `dlopen` the first time a `postgres://`
/// ledger is opened.
///
/// Why not a system-library target: linking libpq would make every `verdict check` load it
/// (and its dependencies: libssl, libgssapi, libldap …) at start-up, although most checks never
/// talk to a database. Loading it lazily keeps the plain check's start-up unchanged and makes
/// libpq an optional runtime dependency: without it, only a `postgres://` ledger fails, with a
/// message naming the package to install.
struct LibPQ: @unchecked Sendable {
    typealias Connect = @convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32) -> OpaquePointer?
    typealias Status = @convention(c) (OpaquePointer?) -> Int32
    typealias Message = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    typealias ExecParams = @convention(c) (
        OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?,
        UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
    ) -> OpaquePointer?
    typealias Prepare = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?) -> OpaquePointer?
    typealias ExecPrepared = @convention(c) (
        OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
    ) -> OpaquePointer?
    typealias Count = @convention(c) (OpaquePointer?) -> Int32
    typealias Value = @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafePointer<CChar>?
    typealias IsNull = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    typealias ErrorField = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<CChar>?
    typealias Free = @convention(c) (OpaquePointer?) -> Void

    let connectdbParams: Connect
    let status: Status
    let errorMessage: Message
    let execParams: ExecParams
    let prepare: Prepare
    let execPrepared: ExecPrepared
    let resultStatus: Status
    let resultErrorMessage: Message
    let resultErrorField: ErrorField
    let ntuples: Count
    let nfields: Count
    let getvalue: Value
    let getisnull: IsNull
    let getlength: IsNull
    let clear: Free
    let finish: Free

    /// libpq, or why it cannot be loaded; resolved once per process.
    static let shared: Result<LibPQ, LibPQLoadError> = load()

    static func load() -> Result<LibPQ, LibPQLoadError> {
        var handle: UnsafeMutableRawPointer?
        for name in ["libpq.so.5", "libpq.5.dylib", "libpq.so"] {
            handle = dlopen(name, RTLD_NOW | RTLD_LOCAL)
            if handle != nil { break }
        }
        guard let handle else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            return .failure(LibPQLoadError(message: "cannot load libpq (install Debian's libpq5): \(reason)"))
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(LibPQLoadError) -> T {
            guard let pointer = dlsym(handle, name) else { throw LibPQLoadError(message: "libpq has no '\(name)'") }
            return unsafeBitCast(pointer, to: type)
        }
        do {
            return .success(LibPQ(
                connectdbParams: try symbol("PQconnectdbParams", as: Connect.self),
                status: try symbol("PQstatus", as: Status.self),
                errorMessage: try symbol("PQerrorMessage", as: Message.self),
                execParams: try symbol("PQexecParams", as: ExecParams.self),
                prepare: try symbol("PQprepare", as: Prepare.self),
                execPrepared: try symbol("PQexecPrepared", as: ExecPrepared.self),
                resultStatus: try symbol("PQresultStatus", as: Status.self),
                resultErrorMessage: try symbol("PQresultErrorMessage", as: Message.self),
                resultErrorField: try symbol("PQresultErrorField", as: ErrorField.self),
                ntuples: try symbol("PQntuples", as: Count.self),
                nfields: try symbol("PQnfields", as: Count.self),
                getvalue: try symbol("PQgetvalue", as: Value.self),
                getisnull: try symbol("PQgetisnull", as: IsNull.self),
                getlength: try symbol("PQgetlength", as: IsNull.self),
                clear: try symbol("PQclear", as: Free.self),
                finish: try symbol("PQfinish", as: Free.self)))
        } catch {
            return .failure(error)
        }
    }
}

/// libpq could not be loaded.
struct LibPQLoadError: Error {
    var message: String
}
