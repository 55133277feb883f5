import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The child process a `ProcessJQRunner` starts (`verdict __jq-worker`): reads one request
/// on standard input, limits itself, runs the query and writes the values on standard output.
///
/// The limits are set before libjq sees the query: `RLIMIT_AS` (a query building a huge array
/// fails to allocate instead of swapping the machine), `RLIMIT_CPU` (a backstop behind the
/// parent's wall-clock kill) and no core dumps.
public enum JQWorker {
    /// Runs the worker; returns the process exit status (0 when a response was written).
    public static func main() -> Int32 {
        let request = readStandardInput()
        guard let (header, program, facts) = JQWorkerProtocol.parse(request) else {
            write(JQWorkerProtocol.failure("the jq worker received a malformed request") + "\n")
            return 2
        }
        limit(RLIMIT_CORE, 0)
        limit(RLIMIT_CPU, header.cpuSeconds)
        if header.memoryBytes > 0 { limit(RLIMIT_AS, header.memoryBytes) }

        var output = OutputBuffer()
        let budget = JQBudget(timeout: Double(header.cpuSeconds), maxResults: header.maxResults, maxBytes: header.maxBytes)
        var collector = JQResultCollector(budget: budget)
        let outcome = JQEvaluation.run(program: program, facts: facts) { emission, bytes in
            guard collector.accept(emission, bytes: bytes) else { return false }
            output.append(JQWorkerProtocol.line(emission))
            return true
        }
        switch (outcome, collector.result) {
        case let (.failed(message), _), let (.completed, .failed(message)):
            output.append(JQWorkerProtocol.failure(message))
        case (.completed, .finished):
            output.append(JQWorkerProtocol.done)
        }
        output.flush()
        return 0
    }

    private static func limit(_ resource: __rlimit_resource, _ value: Int) {
        var limits = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(resource == RLIMIT_CPU ? value + 1 : value))
        _ = setrlimit(__rlimit_resource_t(resource.rawValue), &limits)
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
