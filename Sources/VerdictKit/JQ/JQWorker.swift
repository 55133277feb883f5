import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The child process a `ProcessJQRunner` starts (`verdict __jq-worker`): reads one request
/// on standard input, limits itself, parses the facts document once and runs each query on it
/// in turn, writing each query's values and its end on standard output as soon as it ends.
///
/// The limits are set before libjq sees a query: `RLIMIT_AS` (a query building a huge array
/// fails to allocate instead of swapping the machine), `RLIMIT_CPU` (a backstop behind the
/// parent's wall-clock kill: the request's total as the hard limit, and before each query a
/// soft limit of the CPU time spent so far plus that query's share) and no core dumps.
public enum JQWorker {
    /// Runs the worker; returns the process exit status (0 when every answer was written).
    public static func main() -> Int32 {
        let bytes = readStandardInput()
        guard let request = JQWorkerProtocol.parse(bytes) else {
            write(JQWorkerProtocol.failure("the jq worker received a malformed request") + "\n")
            return 2
        }
        limit(RLIMIT_CORE, soft: 0, hard: 0)
        limit(RLIMIT_CPU, soft: request.header.cpuSeconds, hard: request.header.cpuSeconds + 1)
        if request.header.memoryBytes > 0 { limit(RLIMIT_AS, soft: request.header.memoryBytes, hard: request.header.memoryBytes) }

        let input = JQInput(parsing: request.facts)
        let batch = batchProgram(request.queries)
        var output = OutputBuffer()
        for (index, query) in request.queries.enumerated() {
            limit(RLIMIT_CPU, soft: min(cpuSecondsUsed() + query.cpuSeconds, request.header.cpuSeconds), hard: request.header.cpuSeconds + 1)
            run(query, index: index, batch: batch, on: input, into: &output)
            output.flush()
        }
        return 0
    }

    /// The queries compiled as one program when they share their prelude (jq compiles its
    /// builtins once instead of once per query); nil when they cannot be.
    private static func batchProgram(_ queries: [JQWorkerProtocol.Query]) -> JQBatchProgram? {
        guard let prelude = queries.first?.prelude, queries.allSatisfy({ $0.prelude == prelude }) else { return nil }
        return JQBatchProgram(prelude: prelude, bodies: queries.map(\.body))
    }

    /// Runs one query and writes its values, then `D` or `F`.
    private static func run(
        _ query: JQWorkerProtocol.Query, index: Int, batch: JQBatchProgram?, on input: JQInput, into output: inout OutputBuffer
    ) {
        let budget = JQBudget(timeout: Double(query.cpuSeconds), maxResults: query.maxResults, maxBytes: query.maxBytes)
        var collector = JQResultCollector(budget: budget)
        func accept(_ emission: JQEmission, _ bytes: Int) -> Bool {
            guard collector.accept(emission, bytes: bytes) else { return false }
            output.append(JQWorkerProtocol.line(emission))
            return true
        }
        let outcome: JQEvaluation.Outcome
        if let batch {
            outcome = batch.run(index, on: input, accept)
        } else {
            outcome = JQEvaluation.run(program: query.prelude + query.body, input: input, accept)
        }
        switch (outcome, collector.result) {
        case let (.failed(message), _), let (.completed, .failed(message)):
            output.append(JQWorkerProtocol.failure(message))
        case (.completed, .finished):
            output.append(JQWorkerProtocol.done)
        }
    }

    private static func limit(_ resource: __rlimit_resource, soft: Int, hard: Int) {
        var limits = rlimit(rlim_cur: rlim_t(soft), rlim_max: rlim_t(hard))
        _ = setrlimit(__rlimit_resource_t(resource.rawValue), &limits)
    }

    /// User and system CPU time this process has used, in whole seconds rounded up.
    private static func cpuSecondsUsed() -> Int {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        let microseconds = (Int(usage.ru_utime.tv_sec) + Int(usage.ru_stime.tv_sec)) * 1_000_000
            + Int(usage.ru_utime.tv_usec) + Int(usage.ru_stime.tv_usec)
        return (microseconds + 999_999) / 1_000_000
    }

    private static func readStandardInput() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return bytes
            }
        }
    }

    private static func write(_ text: String) {
        var buffer = OutputBuffer()
        buffer.append(text, newline: false)
        buffer.flush()
    }

    /// Lines to standard output, written in large blocks.
    struct OutputBuffer {
        private var bytes: [UInt8] = []

        mutating func append(_ line: String, newline: Bool = true) {
            bytes.append(contentsOf: line.utf8)
            if newline { bytes.append(0x0A) }
            if bytes.count >= 1 << 15 { flush() }
        }

        mutating func flush() {
            var start = 0
            while start < bytes.count {
                let written = bytes[start...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    break
                }
                start += written
            }
            bytes.removeAll(keepingCapacity: true)
        }
    }
}
