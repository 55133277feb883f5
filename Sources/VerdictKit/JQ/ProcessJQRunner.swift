import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs queries in a child process: the robust way to stop a runaway jq program, which libjq
/// cannot interrupt.
///
/// The child is this program run again as `EXECUTABLE __jq-worker` (see `JQWorker`), with an
/// empty environment, the request in an anonymous in-memory file as standard input, and its
/// standard output and error read through pipes. All the queries of a check go to one child,
/// started once and sent the facts document once (starting a process and parsing the document
/// were most of a jq rule's cost). The child limits its own address space and CPU time; this
/// side enforces each query's wall-clock budget (the child is killed at the query's `timeout`,
/// counted from the end of the query before it) and output budget (killed once the query has
/// written more than its budget allows). A query stopped that way, or one the child crashed
/// on, is that query's error; a new child then runs the queries after it, so a runaway query
/// ends as its own rule's error, never as a hang, the whole gate being OOM-killed, or another
/// rule's result lost.
public struct ProcessJQRunner: JQRunner {
    /// The program to run as the worker; `/proc/self/exe` is the running `verdict`.
    public var executable: String
    public var arguments: [String]

    public init(executable: String = "/proc/self/exe", arguments: [String] = ["__jq-worker"]) {
        self.executable = executable
        self.arguments = arguments
    }

    public func run(_ request: JQRequest) -> JQRunResult {
        run([JQQuery(program: request.program, budget: request.budget)], facts: request.facts)[0]
    }

    public func run(_ queries: [JQQuery], facts: String) -> [JQRunResult] {
        var results: [JQRunResult] = []
        while results.count < queries.count {
            let remaining = queries[results.count...]
            do {
                let answered = try ChildRun(runner: self, facts: facts, queries: remaining).results()
                // A child answers at least the query it was stopped on; never loop on none.
                results += answered.isEmpty ? [.failed("the jq worker ended without an answer")] : answered
            } catch {
                results += remaining.map { _ in .failed("cannot run the jq worker: \(error.reason)") }
            }
        }
        return results
    }

    struct SpawnError: Error {
        var reason: String

        static func system(_ call: String, _ code: Int32 = errno) -> SpawnError {
            SpawnError(reason: "\(call): \(String(cString: strerror(code)))")
        }
    }
}

/// One child process, from spawn to reaped: the results of its queries in order, ending with
/// the one it was stopped on, if any.
private struct ChildRun {
    let runner: ProcessJQRunner
    let facts: String
    let queries: ArraySlice<JQQuery>

    static let errorLimit = 4_096

    func results() throws(ProcessJQRunner.SpawnError) -> [JQRunResult] {
        let input = try requestFile()
        defer { close(input) }
        let output = try pipePair()
        let errors = try pipePair()
        let pid: pid_t
        do {
            pid = try spawn(input: input, output: output.write, errors: errors.write)
        } catch {
            for fd in [output.read, output.write, errors.read, errors.write] { close(fd) }
            throw error
        }
        close(output.write)
        close(errors.write)
        defer {
            close(output.read)
            close(errors.read)
        }
        return supervise(pid: pid, output: output.read, errors: errors.read)
    }

    /// The request in an unnamed temporary file (created and unlinked at once), read from its
    /// start by the child: no pipe to deadlock on and no SIGPIPE if the child dies early.
    func requestFile() throws(ProcessJQRunner.SpawnError) -> Int32 {
        let directory = FileManager.default.temporaryDirectory.path
        var template = Array((directory + "/verdict-jq-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw .system("mkstemp in \(directory)") }
        _ = unlink(String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let bytes = JQWorkerProtocol.request(facts: facts, queries: queries)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw .system("write", code)
            }
            written += count
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            let code = errno
            close(fd)
            throw .system("lseek", code)
        }
        return fd
    }

    func pipePair() throws(ProcessJQRunner.SpawnError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .system("pipe") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    func spawn(input: Int32, output: Int32, errors: Int32) throws(ProcessJQRunner.SpawnError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = ([runner.executable] + runner.arguments).map { strdup($0) }
        defer { for argument in arguments { free(argument) } }
        let argv = arguments + [nil]
        // An empty environment: the query has no `$ENV` to read even if it got past the sandbox.
        let environment: [UnsafeMutablePointer<CChar>?] = [nil]
        var pid: pid_t = 0
        let status = runner.executable.withCString { path in
            posix_spawn(&pid, path, &actions, &attributes, argv, environment)
        }
        guard status == 0 else { throw .system("posix_spawn \(runner.executable)", status) }
        return pid
    }

    /// Reads the child's output until it ends, or the running query's time budget runs out
    /// or it writes too much.
    func supervise(pid: pid_t, output: Int32, errors: Int32) -> [JQRunResult] {
        var start = DispatchTime.now().uptimeNanoseconds
        var reader = ResponseReader(budgets: queries.map(\.budget))
        var errorText: [UInt8] = []
        var open: [Int32] = [output, errors]
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var stopped: String?

        while !open.isEmpty {
            let budget = reader.currentBudget ?? queries[queries.endIndex - 1].budget
            let budgetNanoseconds = UInt64(max(budget.timeout, 0) * 1_000_000_000)
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            guard elapsed < budgetNanoseconds else {
                stopped = "the query did not finish within its time budget of \(Self.seconds(budget.timeout)) (timeout)"
                break
            }
            let remaining = Int32(min((budgetNanoseconds - elapsed) / 1_000_000 + 1, 60_000))
            var polls = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polls, nfds_t(polls.count), remaining)
            if ready < 0 {
                if errno == EINTR { continue }
                stopped = "cannot wait for the jq worker: \(String(cString: strerror(errno)))"
                break
            }
            for entry in polls where entry.revents != 0 {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) }
                if count <= 0 {
                    if count < 0, errno == EINTR || errno == EAGAIN { continue }
                    open.removeAll { $0 == entry.fd }
                } else if entry.fd == output {
                    let answered = reader.answers.count
                    reader.consume(chunk[0..<count])
                    // The next query's clock starts when the one before it has answered.
                    if reader.answers.count > answered { start = DispatchTime.now().uptimeNanoseconds }
                } else if errorText.count < Self.errorLimit {
                    errorText.append(contentsOf: chunk[0..<min(count, Self.errorLimit - errorText.count)])
                }
            }
            if let reason = reader.stopReason {
                stopped = reason
                break
            }
        }
        var results = reader.answers
        if let stopped {
            kill(pid, SIGKILL)
            _ = wait(pid)
            // A child that has answered everything and then hangs or writes on loses nothing.
            if results.count < queries.count { results.append(.failed(stopped)) }
            return results
        }
        let status = wait(pid)
        guard let budget = reader.currentBudget else { return results }
        let stderr = String(decoding: errorText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let signal = status & 0x7F
        if signal != 0 {
            results.append(.failed(describe(signal: signal, stderr: stderr, budget: budget)))
        } else {
            let exit = (status >> 8) & 0xFF
            results.append(.failed("the jq worker ended without an answer (exit status \(exit))" + (stderr.isEmpty ? "" : ": \(stderr.prefix(300))")))
        }
        return results
    }

    func describe(signal: Int32, stderr: String, budget: JQBudget) -> String {
        if signal == SIGXCPU || (signal == SIGKILL && stderr.isEmpty) {
            return "the query used more CPU time than its time budget of \(Self.seconds(budget.timeout)) (timeout)"
        }
        if stderr.contains("allocate memory") || signal == SIGABRT || signal == SIGSEGV {
            return "the query ran out of memory (limit \(budget.memoryBytes >> 20) MiB)"
        }
        return "the jq worker was stopped by signal \(signal)" + (stderr.isEmpty ? "" : ": \(stderr.prefix(300))")
    }

    func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 0 }
        }
        return status
    }

    static func seconds(_ value: Double) -> String {
        value < 1 ? "\(Int((value * 1000).rounded())) ms" : "\(JSONValue.format(value)) s"
    }
}

/// Splits the worker's output into lines and reads them into one answer per query, watching
/// each query's output budget.
private struct ResponseReader {
    let budgets: [JQBudget]
    private var pending: [UInt8] = []
    /// Bytes of the running query's lines, line breaks included.
    private var bytes = 0
    private var emissions: [JQEmission] = []
    private(set) var answers: [JQRunResult] = []
    /// Why the worker must be stopped now (a budget broken, an unreadable line); the running
    /// query fails with it.
    private(set) var stopReason: String?

    init(budgets: [JQBudget]) {
        self.budgets = budgets
    }

    /// The budget of the query the worker is running; nil once every query has its answer.
    var currentBudget: JQBudget? { answers.count < budgets.count ? budgets[answers.count] : nil }

    /// What the running query may write before it is stopped: the values' budget plus the
    /// line framing, and a little for the final line.
    private static func byteLimit(_ budget: JQBudget) -> Int {
        budget.maxBytes * 2 + budget.maxResults * 16 + 65_536
    }

    mutating func consume(_ chunk: ArraySlice<UInt8>) {
        pending.append(contentsOf: chunk)
        var start = 0
        while stopReason == nil, let newline = pending[start...].firstIndex(of: 0x0A) {
            read(pending[start..<newline])
            start = newline + 1
        }
        pending.removeFirst(start)
        if stopReason == nil, let budget = currentBudget, bytes + pending.count > Self.byteLimit(budget) {
            stopReason = "the query emitted more than \(budget.maxBytes) bytes (output budget)"
        }
    }

    private mutating func read(_ line: ArraySlice<UInt8>) {
        guard let budget = currentBudget else {
            answers[answers.count - 1] = .failed("the jq worker wrote after its answer")
            return
        }
        bytes += line.count + 1
        guard bytes <= Self.byteLimit(budget) else {
            stopReason = "the query emitted more than \(budget.maxBytes) bytes (output budget)"
            return
        }
        switch JQWorkerProtocol.parseLine(line) {
        case let .emission(emission)?:
            emissions.append(emission)
            if emissions.count > budget.maxResults {
                stopReason = "the query emitted more than \(budget.maxResults) values (output budget)"
            }
            return
        case .done?: answers.append(.finished(emissions))
        case let .failed(message)?: answers.append(.failed(message))
        case nil:
            // The lines after it cannot be trusted to belong to the next query: stop the worker.
            stopReason = "the jq worker wrote an unreadable line"
            return
        }
        emissions = []
        bytes = 0
    }
}
