import Foundation
import Synchronization
import VerdictKit

/// What replaying a decision found.
public enum ReplayReport: Sendable, Equatable {
    /// The replay's record equals the recorded one, member by member.
    case identical(rules: Int)
    /// The differences, as `verdict replay` prints them.
    case different([String])
    /// An input is not in the archive, or its archived copy no longer hashes to the recorded digest.
    case inputsMissingOrAltered([String])
    /// The record cannot be replayed (no archive, unreadable record, policy no longer loads).
    case failed([String])
    /// The replay took longer than the server allows; it is abandoned.
    case timedOut(seconds: Int)
    /// As many replays as the server allows are running; try again later.
    case busy

    public var status: String {
        switch self {
        case .identical: "identical"
        case .different: "different"
        case .inputsMissingOrAltered: "inputs_missing_or_altered"
        case .failed: "failed"
        case .timedOut: "timed_out"
        case .busy: "busy"
        }
    }

    public var details: [String] {
        switch self {
        case let .identical(rules): ["\(rules) rule\(rules == 1 ? "" : "s") replayed to the same record"]
        case let .different(lines), let .inputsMissingOrAltered(lines), let .failed(lines): lines
        case let .timedOut(seconds): ["the replay did not finish within \(seconds) s"]
        case .busy: ["the server is already running as many replays as it allows; try again shortly"]
        }
    }
}

/// Runs replays through `Replay` — the code `verdict replay` runs — at most `limit` at once,
/// each given `timeout`. Inputs come from the archive only, never from paths a record names.
public final class ReplayRunner: Sendable {
    let limit: Int
    let timeout: Duration
    private let running = Mutex(0)

    public init(limit: Int, timeout: Duration) {
        self.limit = limit
        self.timeout = timeout
    }

    public func replay(_ record: RecordedDecision, archive: Archive?, limits: InputLimits) async -> ReplayReport {
        guard let archive else { return .failed(["no archive was given to the server (--archive): inputs cannot be found"]) }
        let admitted = running.withLock { count -> Bool in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { return .busy }
        // The slot is freed when the work ends, not at the time-out: the bound counts real work.
        let work = Task.detached { [self] () -> ReplayReport in
            defer { running.withLock { $0 -= 1 } }
            return Self.run(Replay(record: record, archive: archive, limits: limits, archiveOnly: true))
        }
        let seconds = Int(timeout.components.seconds)
        let timeout = timeout
        return await withTaskGroup(of: ReplayReport?.self) { group in
            group.addTask { await work.value }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .timedOut(seconds: seconds)
        }
    }

    static func run(_ replay: Replay) -> ReplayReport {
        let recorded = replay.record
        do {
            let result = try replay.run()
            let differences = try ReplayComparison.compare(recorded: recorded, replayed: result.decision)
            if differences.isEmpty && result.isIdentical { return .identical(rules: recorded.rules.count) }
            let lines = differences.isEmpty ? result.differences.map(\.description) : differences.map(\.description)
            return .different(lines + result.notes.map { "note: \($0)" })
        } catch let error as PipelineError {
            let messages = error.diagnostics.map(\.description)
            if case .inputs = error { return .inputsMissingOrAltered(messages) }
            return .failed(messages)
        } catch {
            return .failed((error as? any DiagnosticError)?.diagnostics.map(\.description) ?? ["\(error)"])
        }
    }
}
