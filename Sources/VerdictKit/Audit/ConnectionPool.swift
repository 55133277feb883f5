import Foundation

/// A fixed set of database connections shared by concurrent callers: each call takes a free one
/// (waiting while all are busy) and gives it back, so one connection serves one statement at a
/// time while `verdict serve`'s requests run side by side on the others.
final class ConnectionPool<Connection>: @unchecked Sendable {
    // Unchecked: `free` is guarded by `condition`, and a connection has one user between
    // taking and giving back.
    private let condition = NSCondition()
    private var free: [Connection]

    /// Opens `size` connections (at least one) with `open`; fails if any cannot be opened.
    init(size: Int, open: () throws(AuditError) -> Connection) throws(AuditError) {
        var connections: [Connection] = []
        for _ in 0..<max(1, size) { connections.append(try open()) }
        free = connections
    }

    /// Runs `body` with a connection no other caller holds meanwhile.
    func with<T>(_ body: (Connection) throws(AuditError) -> T) throws(AuditError) -> T {
        condition.lock()
        while free.isEmpty { condition.wait() }
        let connection = free.removeLast()
        condition.unlock()
        defer {
            condition.lock()
            free.append(connection)
            condition.signal()
            condition.unlock()
        }
        return try body(connection)
    }
}
