import Foundation
import VerdictKit

/// Trends: outcomes and plans by risk level per week (from the ledger's rows), line coverage
/// per repository and blocking findings by level per week (from the records).
enum TrendsPage {
    /// Weeks shown, newest last.
    static let weeks = 26
    /// Repositories drawn at most on the coverage chart (the ones with the most weeks measured).
    static let coverageLines = 6

    static func render(_ counts: [LedgerDailyCount], records: RecordTrends.Figures = RecordTrends.Figures()) -> String {
        let byWeek = Dictionary(grouping: counts) { monday(of: $0.day) }
        let labels = byWeek.keys.sorted().suffix(weeks)
        let outcomes = Outcome.allCases
        let outcomeChart = StackedBarChart(
            title: "Decisions per week by outcome", series: outcomes.map(\.rawValue),
            bars: labels.map { week in
                (label: week.description, counts: outcomes.map { outcome in
                    byWeek[week, default: []].filter { $0.outcome == outcome }.reduce(0) { $0 + $1.count }
                })
            })
        let risks = RiskLevel.allCases.map(\.rawValue)
        let riskChart = StackedBarChart(
            title: "Plans per week by risk level", series: risks,
            bars: labels.map { week in
                (label: week.description, counts: risks.map { risk in
                    byWeek[week, default: []].filter { $0.risk == risk }.reduce(0) { $0 + $1.count }
                })
            })
        var body = "<p>Weeks start on Monday (UTC); the last \(weeks) weeks with decisions are shown. Every bar carries its total; hover a segment for its count.</p>\n"
        body += "<h2>\(HTML.escape(outcomeChart.title))</h2>" + outcomeChart.svg() + outcomeChart.table()
        body += "<h2>\(HTML.escape(riskChart.title))</h2>"
        if riskChart.bars.allSatisfy({ $0.counts.allSatisfy { $0 == 0 } }) {
            body += "<p>No decision judged a plan.</p>\n"
        } else {
            body += riskChart.svg() + riskChart.table()
        }
        body += recordCharts(records)
        return HTML.page(title: "Trends", body: body)
    }

    /// The charts drawn from records: coverage lines and blocking findings by level.
    static func recordCharts(_ records: RecordTrends.Figures) -> String {
        let labels = records.weeks.keys.sorted().suffix(weeks)
        var body = "<p>The next two charts are read from the archived records of the newest \(RecordTrends.recordLimit) decisions"
            + " (\(records.read) read\(records.unreadable > 0 ? ", \(records.unreadable) without a usable record left out" : "")).</p>\n"
        let measured = Dictionary(grouping: labels.flatMap { week in records.weeks[week]?.lineCoverage.keys.map { $0 } ?? [] }) { $0 }
        let repositories = measured.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }.prefix(coverageLines).map(\.key).sorted()
        let coverage = LineChart(title: "Line coverage per week by repository", unit: "%", labels: labels.map(\.description),
                                 series: repositories.map { repository in (name: repository, values: labels.map { records.weeks[$0]?.lineCoverage[repository] }) },
                                 maximum: 100)
        body += "<h2>\(HTML.escape(coverage.title))</h2>"
        if repositories.isEmpty {
            body += "<p>No decision measured line coverage.</p>\n"
        } else {
            if measured.count > coverageLines { body += "<p>The \(coverageLines) repositories measured most often of \(measured.count) are drawn; each week is the mean of its decisions.</p>\n" }
            body += coverage.svg() + coverage.table()
        }
        let levels = Severity.worstFirst.map(\.rawValue)
        let blocking = StackedBarChart(title: "Blocking findings per week by level", series: levels,
                                       bars: labels.map { week in (label: week.description, counts: levels.map { records.weeks[week]?.blocking[$0] ?? 0 }) })
        body += "<h2>\(HTML.escape(blocking.title))</h2>"
        if blocking.bars.allSatisfy({ $0.counts.allSatisfy { $0 == 0 } }) {
            body += "<p>No finding blocked a decision.</p>\n"
        } else {
            body += blocking.svg() + blocking.table()
        }
        return body
    }

    /// The Monday on or before `day`.
    static func monday(of day: CalendarDay) -> CalendarDay {
        guard let start = day.startDate else { return day }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let weekday = calendar.component(.weekday, from: start) // 1 = Sunday … 7 = Saturday
        let back = (weekday + 5) % 7
        return CalendarDay(date: start.addingTimeInterval(-Double(back) * 86_400))
    }
}
