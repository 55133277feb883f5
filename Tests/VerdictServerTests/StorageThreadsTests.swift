import Foundation
import Testing
@testable import VerdictServer

/// The threads `verdict serve` runs its blocking ledger and archive reads on.
struct StorageThreadsTests {
    struct Refused: Error, Equatable {}

    /// How many bodies run now, and the most seen at once.
    final class Concurrency: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var most = 0

        func enter() { lock.withLock { now += 1; most = max(most, now) } }
        func leave() { lock.withLock { now -= 1 } }
    }

    @Test func aBodyRunsOnAStorageThreadAndItsValueComesBack() async {
        let threads = StorageThreads(count: 2)
        #expect(!StorageThreads.isCurrent)
        #expect(await threads.run { StorageThreads.isCurrent })
        #expect(await threads.run { 6 * 7 } == 42)
    }

    @Test func whatABodyThrowsReachesTheCaller() async {
        let threads = StorageThreads(count: 1)
        await #expect(throws: Refused.self) {
            try await threads.run { () throws -> Int in throw Refused() }
        }
    }

    @Test func asManyBodiesRunAtOnceAsThereAreThreads() async {
        let threads = StorageThreads(count: 3)
        let running = Concurrency()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    await threads.run {
                        running.enter()
                        // Blocking, as a read waiting on PostgreSQL does.
                        Thread.sleep(forTimeInterval: 0.05)
                        running.leave()
                    }
                }
            }
        }
        #expect(running.most == 3)
    }
}
