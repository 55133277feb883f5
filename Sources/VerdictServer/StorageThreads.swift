import Foundation

/// Threads of their own for the ledger's and the archive's reads, which block: on SQLite's file,
/// and on PostgreSQL's socket while the database works.
///
/// Request handlers run on Swift's cooperative pool, one thread per core. A blocking read there
/// holds a whole thread: with PostgreSQL on a 2-core machine, two requests waiting on the
/// database left the CPU a third idle while 198 others queued (830 requests/s, 13 timeouts).
/// Reads handed to these threads leave the pool free for HTTP work, and as many reads run at
/// once as there are connections (`--connections`).
public final class StorageThreads: Sendable {
    private let queue: JobQueue

    /// Starts `count` threads (at least one); they end when this object is released.
    public init(count: Int) {
        queue = JobQueue()
        for index in 0..<max(1, count) {
            // Named for `top -H` and debuggers (best effort: Linux takes at most 15 characters),
            // and marked, so that code can tell it runs on one of these threads.
            let name = "verdict-io-\(index)"
            Thread { [queue] in
                Thread.current.name = name
                Thread.current.threadDictionary[Self.threadMark] = true
                queue.work()
            }.start()
        }
    }

    deinit {
        queue.close()
    }

    /// The key of `Thread.threadDictionary` that marks these threads.
    static let threadMark = "verdict.storage-thread"

    /// Whether the calling code runs on a storage thread.
    static var isCurrent: Bool {
        Thread.current.threadDictionary[threadMark] as? Bool == true
    }

    /// Runs `body` on one of the threads and returns what it returned.
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.add { continuation.resume(returning: body()) }
        }
    }

    /// Runs `body` on one of the threads and returns what it returned or throws what it threw.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.add { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Jobs in arrival order, taken by whichever thread is free.
    private final class JobQueue: @unchecked Sendable {
        // Unchecked: `jobs`, `head` and `closed` are only touched with `condition` locked.
        private let condition = NSCondition()
        private var jobs: [(@Sendable () -> Void)?] = []
        private var head = 0
        private var closed = false

        func add(_ job: @escaping @Sendable () -> Void) {
            condition.lock()
            jobs.append(job)
            condition.signal()
            condition.unlock()
        }

        func close() {
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
        }

        /// A thread's loop: runs jobs until the queue is closed and empty.
        func work() {
            while let job = next() { job() }
        }

        private func next() -> (@Sendable () -> Void)? {
            condition.lock()
            defer { condition.unlock() }
            while head == jobs.count {
                if closed { return nil }
                condition.wait()
            }
            let job = jobs[head]
            jobs[head] = nil
            head += 1
            // Drop the taken prefix when all are taken, or now and then under steady load.
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1_024 && head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }
}
