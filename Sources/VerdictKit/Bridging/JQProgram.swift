internal import CJQ

/// A compiled jq program: owns one `jq_state` from `jq_init` to `jq_teardown`.
///
/// Compile errors are collected through `jq_set_error_cb` (libjq would print them on standard
/// error otherwise) and thrown as a `JQCompileError`. No library path is set
/// (`JQ_LIBRARY_PATH`), and callers compile only programs that `JQSandbox` has checked and
/// wrapped, so a query cannot load modules or data files.
///
/// A program runs on one thread at a time; runaway programs are the caller's to stop (libjq
/// has no interrupt): `JQWorker` runs it in a child process with limits.
final class JQProgram {
    private var state: OpaquePointer?
    private let messages = MessageLog()

    /// Compiles `program`.
    ///
    /// - Throws: `JQCompileError` with jq's messages (without the source line jq echoes).
    init(compiling program: String) throws(JQCompileError) {
        guard let state = jq_init() else { throw JQCompileError(messages: ["cannot initialise libjq (out of memory)"]) }
        self.state = state
        jq_set_error_cb(state, { context, message in
            guard let context else { return jv_free(message) }
            let log = Unmanaged<MessageLog>.fromOpaque(context).takeUnretainedValue()
            log.append(JV(owning: message))
        }, Unmanaged.passUnretained(messages).toOpaque())
        let compiled = program.withCString { jq_compile(state, $0) }
        guard compiled != 0 else {
            let reported = messages.texts.filter { !$0.hasPrefix("jq: ") || !$0.contains(" compile error") }
            throw JQCompileError(messages: reported.isEmpty ? ["the query does not compile"] : reported)
        }
    }

    deinit {
        jq_teardown(&state)
    }

    /// Runs the program on `input`, handing each result to `body` until it returns false or
    /// the program ends.
    ///
    /// - Throws: `JQRuntimeError` for an uncaught `error(…)` or a `halt_error`.
    func run(on input: consuming JV, _ body: (borrowing JV) -> Bool) throws(JQRuntimeError) {
        guard let state else { return }
        jq_start(state, input.take(), 0)
        while true {
            let result = JV(owning: jq_next(state))
            if result.isValid {
                if body(result) { continue }
                return
            }
            if jq_halted(state) != 0 {
                let message = JV(owning: jq_get_error_message(state))
                let code = JV(owning: jq_get_exit_code(state))
                if message.isValid || code.isValid {
                    throw JQRuntimeError(message: "halt_error: " + Self.describe(message))
                }
                return
            }
            if let message = result.invalidMessage {
                throw JQRuntimeError(message: Self.describe(message))
            }
            return
        }
    }

    /// A message value as text: strings as they are, anything else as JSON.
    static func describe(_ value: borrowing JV) -> String {
        value.string ?? value.compactJSON
    }

    /// Collects what libjq reports through its error callback.
    final class MessageLog {
        private(set) var texts: [String] = []

        func append(_ message: consuming JV) {
            texts.append(JQProgram.describe(message))
        }
    }
}

/// A jq program that does not compile, with jq's messages.
struct JQCompileError: Error, Sendable, Equatable {
    var messages: [String]
}

/// A jq program that stopped with an error.
struct JQRuntimeError: Error, Sendable, Equatable {
    var message: String
}
