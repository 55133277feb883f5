import Foundation
import Synchronization
import VerdictKit

/// What the trends read from records rather than ledger rows: line coverage per repository and
/// blocking findings per level, per week.
///
/// A ledger row holds outcomes, not measurements, so these come from the archived records of
/// the newest `recordLimit` decisions (a record that is missing or does not hash to its row is
/// left out and counted). Read once per ledger head: a new decision, and only that, rebuilds them.
public final class RecordTrends: Sendable {
    /// Records read at most per rebuild: enough for 26 busy weeks, bounded for a huge ledger.
    static let recordLimit = 2_000

    /// One week's figures.
    struct Week: Sendable, Equatable {
        /// Mean line coverage (percent) of the week's decisions, per repository.
        var lineCoverage: [String: Double] = [:]
        /// Blocking findings counted per level.
        var blocking: [String: Int] = [:]
    }

    struct Figures: Sendable, Equatable {
        var weeks: [CalendarDay: Week] = [:]
        /// Decisions read, and those whose record could not be used.
        var read = 0
        var unreadable = 0
    }

    private let cache = Mutex<(key: String, figures: Figures)?>(nil)

    public init() {}

    func figures(_ store: DecisionStore) throws(AuditError) -> Figures {
        let ledger = store.configuration.ledger
        let head = try ledger.page(LedgerQuery(limit: 1))
        let key = "\(head.total):\(head.entries.first?.rowHash ?? "")"
        if let cached = cache.withLock({ $0 }), cached.key == key { return cached.figures }
        var entries: [LedgerEntry] = []
        var query = LedgerQuery(limit: LedgerQuery.maximumLimit)
        while entries.count < Self.recordLimit {
            let page = try ledger.page(query)
            entries += page.entries
            if page.entries.isEmpty || entries.count >= page.total { break }
            query.offset += page.entries.count
        }
        let figures = Self.figures(entries.prefix(Self.recordLimit).map { entry in
            guard case let .found(_, bytes) = store.record(for: entry) else { return (entry, nil) }
            return (entry, bytes)
        })
        cache.withLock { $0 = (key, figures) }
        return figures
    }

    /// The figures of these rows and their record bytes (nil: no usable record).
    static func figures(_ rows: [(LedgerEntry, Data?)]) -> Figures {
        var figures = Figures()
        var coverage: [CalendarDay: [String: (sum: Double, count: Int)]] = [:]
        for (entry, bytes) in rows {
            figures.read += 1
            guard let bytes, let record = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any],
                  let day = CalendarDay(String(entry.evaluatedAt.prefix(10))) else {
                figures.unreadable += 1
                continue
            }
            let week = TrendsPage.monday(of: day)
            var figuresOfWeek = figures.weeks[week] ?? Week()
            for rule in record["rules"] as? [[String: Any]] ?? [] {
                if rule["kind"] as? String == "coverage",
                   let percent = ((rule["totals"] as? [String: Any])?["lines"] as? [String: Any])?["percent"] as? Double {
                    let repository = entry.repository ?? "(no repository)"
                    coverage[week, default: [:]][repository, default: (0, 0)].sum += percent
                    coverage[week, default: [:]][repository, default: (0, 0)].count += 1
                }
                for finding in rule["findings"] as? [[String: Any]] ?? [] where finding["decision"] as? String == "block" {
                    let level = finding["level"] as? String ?? Severity.unknown.rawValue
                    figuresOfWeek.blocking[Severity(rawValue: level) != nil ? level : Severity.unknown.rawValue, default: 0] += 1
                }
            }
            figures.weeks[week] = figuresOfWeek
        }
        for (week, repositories) in coverage {
            figures.weeks[week, default: Week()].lineCoverage = repositories.mapValues { $0.sum / Double($0.count) }
        }
        return figures
    }
}
