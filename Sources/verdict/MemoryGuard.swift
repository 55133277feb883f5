import Foundation
import VerdictKit

/// Keeps a hostile input from taking the machine's memory: a cap on the process's data
/// segment (`setrlimit(RLIMIT_DATA)`), and a clear error, exit 2, instead of the kernel's OOM
/// killer or a crash report when the cap is reached.
///
/// Why a process-wide cap rather than budgets in each reader: an input's model grows in a
/// thousand small allocations spread over every reader (strings, arrays, dictionaries), and the
/// failure to watch for is "this input needs more memory than the machine has". The cap turns
/// that into an allocation failure inside Verdict; the Swift runtime then stops the process with
/// a trap, which the handler installed here reports as "out of memory while reading FILE" and
/// exits 2 (could not judge). The input being read is named because the handler knows what
/// `check` was doing (`MemoryGuard.phase`).
///
/// RLIMIT_DATA counts private writable memory (heap, anonymous maps), not read-only file maps:
/// a big input mapped with `mmap` does not count, its model does.
///
/// The handler cannot tell a trap caused by a failed allocation from any other trap, so its
/// message says so; either way the gate did not judge and exits 2. Process-wide state (a
/// resource limit and signal handlers) is why this lives in the CLI, not in VerdictKit.
enum MemoryGuard {
    /// 3/4 of the memory this process may use: physical memory, or the cgroup's limit when
    /// lower (a CI container), so that the cap is reached before the OOM killer acts.
    static func defaultLimit() -> Int {
        var limit = Int(sysconf(Int32(_SC_PHYS_PAGES))) &* Int(sysconf(Int32(_SC_PAGESIZE)))
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
               let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), value > 0, value < limit {
                limit = value
            }
        }
        return limit / 4 * 3
    }

    /// The message the handler writes, kept ready in memory that no allocation touches.
    nonisolated(unsafe) private static var message = UnsafeMutableBufferPointer<CChar>.allocate(capacity: 4096)
    nonisolated(unsafe) private static var messageLength = 0
    nonisolated(unsafe) private static var limitDescription = ""

    /// Caps the data segment at `bytes` and reports a trap as an out-of-memory error.
    static func install(limit bytes: Int) {
        var current = rlimit()
        getrlimit(Int32(RLIMIT_DATA.rawValue), &current)
        let wanted = rlim_t(bytes)
        if current.rlim_max == rlim_t.max || wanted <= current.rlim_max {
            var limit = rlimit(rlim_cur: wanted, rlim_max: current.rlim_max)
            setrlimit(Int32(RLIMIT_DATA.rawValue), &limit)
        }
        limitDescription = InputLimits.describe(bytes)
        phase("starting")
        for signal in [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS] {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = { _ in
                _ = write(STDERR_FILENO, MemoryGuard.message.baseAddress, MemoryGuard.messageLength)
                _exit(2)
            }
            #endif
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigaction(signal, &action, nil)
        }
    }

    /// Says what `check` is doing, for the message should it run out of memory now.
    static func phase(_ doing: String) {
        let text = "verdict: error: out of memory while \(LogText.singleLine(doing)): the memory limit of \(limitDescription) (--max-memory) was reached, or Verdict stopped on an internal error; the gate could not judge (exit 2)\n"
        let bytes = Array(text.utf8.prefix(message.count))
        messageLength = 0
        for (index, byte) in bytes.enumerated() { message[index] = CChar(bitPattern: byte) }
        messageLength = bytes.count
    }
}
