import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process the tests start with `posix_spawn` and wait for with `waitpid` on its own pid.
///
/// Why not Foundation's `Process`: on Linux its `waitUntilExit` learns of a child's exit from
/// SIGCHLD, and when that signal is lost it waits forever on a child that has long exited (a
/// zombie). CI hung for its whole 90 minutes that way on the script that starts a PostgreSQL
/// cluster. Waiting on the pid cannot miss the exit.
final class ChildProcess {
    /// What a finished child left: its exit status (or the signal that ended it) and its output.
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Where a started child's output goes.
    enum Sink {
        case discard
        case file(URL)
    }

    let pid: pid_t
    private var reaped: Int32?

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Runs `executable arguments…` to its end, feeding `stdin` and collecting both outputs
    /// (read together, so neither pipe can fill up and stall the child).
    ///
    /// - Parameter environment: the whole environment of the child; nil inherits this process's.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String]? = nil, stdin: Data? = nil) throws -> Result {
        _ = ignoreBrokenPipes
        let input = try pipe()
        let output = try pipe()
        let errors = try pipe()
        let child: ChildProcess
        do {
            child = try spawn(executable, arguments, in: directory, environment: environment,
                              stdin: input.read, stdout: output.write, stderr: errors.write,
                              closeInChild: [input.write, output.read, errors.read])
        } catch {
            for fd in [input.read, input.write, output.read, output.write, errors.read, errors.write] { close(fd) }
            throw error
        }
        close(input.read)
        close(output.write)
        close(errors.write)
        let (stdout, stderr) = exchange(stdin ?? Data(), into: input.write, from: output.read, and: errors.read)
        return Result(status: child.wait(), stdout: stdout, stderr: stderr)
    }

    /// Starts `executable arguments…` with no input and its output sent to `stdout`/`stderr`;
    /// the caller waits for it (or kills it) later.
    static func start(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                      environment: [String: String]? = nil, stdout: Sink = .discard, stderr: Sink = .discard) throws -> ChildProcess {
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0 else { throw Failure(description: "cannot open /dev/null: \(String(cString: strerror(errno)))") }
        defer { close(null) }
        func descriptor(_ sink: Sink) throws -> Int32 {
            switch sink {
            case .discard: return null
            case let .file(url):
                let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard fd >= 0 else { throw Failure(description: "cannot open \(url.path): \(String(cString: strerror(errno)))") }
                return fd
            }
        }
        let out = try descriptor(stdout)
        let err = try descriptor(stderr)
        defer {
            if out != null { close(out) }
            if err != null { close(err) }
        }
        return try spawn(executable, arguments, in: directory, environment: environment,
                         stdin: null, stdout: out, stderr: err, closeInChild: [])
    }

    /// Waits for the child to end and returns its exit status, or for a child ended by a
    /// signal, that signal's number (as Foundation's `terminationStatus` does).
    @discardableResult
    func wait() -> Int32 {
        if let reaped { return reaped }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                reaped = -1
                return -1
            }
        }
        let signal = status & 0x7f
        let result = signal == 0 ? (status >> 8) & 0xff : signal
        reaped = result
        return result
    }

    /// Sends `signal` to the child (SIGKILL to stop it where it stands).
    func send(_ signal: Int32) {
        if reaped == nil { _ = kill(pid, signal) }
    }

    deinit {
        if reaped == nil {
            _ = kill(pid, SIGKILL)
            wait()
        }
    }

    // MARK: - Spawning

    /// A child that exits without reading all its input must give this process EPIPE, not kill it.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// glibc's `pipe2` and `posix_spawn_file_actions_addchdir_np`, which Swift's Glibc module
    /// does not declare (GNU extensions). `pipe2` makes both ends close-on-exec atomically, so a
    /// child another test spawns meanwhile cannot inherit a write end and keep our read from EOF.
    private static let pipe2 = unsafeBitCast(dlsym(nil, "pipe2"), to: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)
    private static let addChdir = unsafeBitCast(dlsym(nil, "posix_spawn_file_actions_addchdir_np"),
                                                to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)

    private static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe2(&fds, O_CLOEXEC) == 0 else { throw Failure(description: "pipe2: \(String(cString: strerror(errno)))") }
        return (fds[0], fds[1])
    }

    private static func spawn(_ executable: URL, _ arguments: [String], in directory: URL?, environment: [String: String]?,
                              stdin: Int32, stdout: Int32, stderr: Int32, closeInChild: [Int32]) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        for fd in closeInChild { posix_spawn_file_actions_addclose(&actions, fd) }
        if let directory { _ = addChdir(&actions, directory.path) }

        // The child starts with no signal blocked and SIGPIPE at its default, whatever this
        // test process (libdispatch, the test runner) has set for its own threads.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = variables.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }

        // ETXTBSY: an executable a test has just written can still be open for writing in a
        // child another thread is spawning (between its fork and its exec); it goes away at once.
        var pid: pid_t = 0
        var status = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        for _ in 0..<100 where status == ETXTBSY {
            usleep(20_000)
            status = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        }
        guard status == 0 else {
            throw Failure(description: "cannot start \(executable.path): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid)
    }

    /// Writes `input` and reads both outputs until all three pipes are done, never blocking on one
    /// while another is full; closes the three descriptors.
    private static func exchange(_ input: Data, into inputFD: Int32, from outFD: Int32, and errFD: Int32) -> (Data, Data) {
        var stdout = Data()
        var stderr = Data()
        var written = 0
        var writing: Int32 = inputFD
        if input.isEmpty {
            close(writing)
            writing = -1
        } else {
            _ = fcntl(writing, F_SETFL, fcntl(writing, F_GETFL) | O_NONBLOCK)
        }
        var reading: [Int32] = [outFD, errFD]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while writing >= 0 || !reading.isEmpty {
            var fds = reading.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if writing >= 0 { fds.append(pollfd(fd: writing, events: Int16(POLLOUT), revents: 0)) }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else {
                if errno == EINTR { continue }
                break
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == writing {
                    let count = input.withUnsafeBytes { bytes in
                        Glibc.write(writing, bytes.baseAddress! + written, min(bytes.count - written, 65_536))
                    }
                    if count > 0 { written += count }
                    if (count < 0 && errno != EAGAIN && errno != EINTR) || written == input.count {
                        close(writing)
                        writing = -1
                    }
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress!, $0.count) }
                if count > 0 {
                    if entry.fd == outFD { stdout.append(contentsOf: buffer[0..<count]) } else { stderr.append(contentsOf: buffer[0..<count]) }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(entry.fd)
                    reading.removeAll { $0 == entry.fd }
                }
            }
        }
        return (stdout, stderr)
    }
}
