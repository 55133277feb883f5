import Synchronization

/// `--rate-limit N`: at most N requests per client address in each minute-long window.
///
/// A fixed window per address is enough for its purpose — keeping one client from starving the
/// others — and costs one table entry per address. Past the limit the answer is 429 with the
/// seconds until the window ends.
public final class RateLimiter: Sendable {
    struct Window {
        var start: ContinuousClock.Instant
        var count: Int
    }

    let perMinute: Int
    static let window = Duration.seconds(60)
    static let capacity = 50_000
    private let windows = Mutex<[String: Window]>([:])
    private let clock: @Sendable () -> ContinuousClock.Instant

    public init(perMinute: Int, clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.perMinute = perMinute
        self.clock = clock
    }

    /// Admits one request from `address`: nil when admitted, else the seconds to wait.
    func admit(_ address: String) -> Int? {
        let now = clock()
        return windows.withLock { table in
            if table.count >= Self.capacity { table = table.filter { now - $0.value.start < Self.window } }
            var window = table[address] ?? Window(start: now, count: 0)
            if now - window.start >= Self.window { window = Window(start: now, count: 0) }
            guard window.count < perMinute else { return SignInThrottle.wholeSeconds(window.start.advanced(by: Self.window) - now) }
            window.count += 1
            table[address] = window
            return nil
        }
    }
}
