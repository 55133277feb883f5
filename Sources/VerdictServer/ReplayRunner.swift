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

    public func replay(_ record: RecordedDecision, archive: (any ArchiveStore)?, limits: InputLimits) async -> ReplayReport {
        guard let archive else { return .failed(["no archive was given to the server (--archive): inputs cannot be found"]) }
        return await bounded { Self.run(Replay(record: record, archive: archive, limits: limits, archiveOnly: true)).report }
    }

    /// The markdown report of `record`, re-rendered from its replay — only when the replay is
    /// identical to the record, so a download never shows a report the record does not support.
    ///
    /// - Returns: the report, or why there is none (different, inputs missing, busy, timed out).
    public func markdownReport(_ record: RecordedDecision, archive: (any ArchiveStore)?, limits: InputLimits) async -> Result<String, ReplayFailure> {
        guard let archive else { return .failure(ReplayFailure(report: .failed(["no archive was given to the server (--archive): inputs cannot be found"]))) }
        return await bounded { () -> Result<String, ReplayFailure> in
            let (report, decision) = Self.run(Replay(record: record, archive: archive, limits: limits, archiveOnly: true))
            guard case .identical = report, let decision else { return .failure(ReplayFailure(report: report)) }
            return .success(MarkdownReport().render(decision))
        } busy: { .failure(ReplayFailure(report: $0)) }
    }

    /// Runs `work` in a slot, or answers busy; gives up waiting after the time-out.
    private func bounded<T: Sendable>(_ work: @escaping @Sendable () -> T, busy: @escaping @Sendable (ReplayReport) -> T) async -> T {
        let admitted = running.withLock { count -> Bool in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { return busy(.busy) }
        // The slot is freed when the work ends, not at the time-out: the bound counts real work.
        let task = Task.detached { [self] () -> T in
            defer { running.withLock { $0 -= 1 } }
            return work()
        }
        let seconds = Int(timeout.components.seconds)
        let timeout = timeout
        return await withTaskGroup(of: T?.self) { group in
            group.addTask { await task.value }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? busy(.timedOut(seconds: seconds))
        }
    }

    private func bounded(_ work: @escaping @Sendable () -> ReplayReport) async -> ReplayReport {
        await bounded(work, busy: { $0 })
    }

    /// The replay's verdict, and the replayed decision when there is one.
    static func run(_ replay: Replay) -> (report: ReplayReport, decision: Decision?) {
        let recorded = replay.record
        do {
            let result = try replay.run()
            let differences = try ReplayComparison.compare(recorded: recorded, replayed: result.decision)
            if differences.isEmpty && result.isIdentical { return (.identical(rules: recorded.rules.count), result.decision) }
            let lines = differences.isEmpty ? result.differences.map(\.description) : differences.map(\.description)
            return (.different(lines + result.notes.map { "note: \($0)" }), result.decision)
        } catch let error as PipelineError {
            let messages = error.diagnostics.map(\.description)
            if case .inputs = error { return (.inputsMissingOrAltered(messages), nil) }
            return (.failed(messages), nil)
        } catch {
            return (.failed((error as? any DiagnosticError)?.diagnostics.map(\.description) ?? ["\(error)"]), nil)
        }
    }
}

/// Why a replay gave no report: the replay's own verdict (different, inputs missing, busy …).
public struct ReplayFailure: Error, Sendable, Equatable {
    public var report: ReplayReport
}
