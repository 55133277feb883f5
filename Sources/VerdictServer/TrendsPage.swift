import Foundation
import VerdictKit

/// Trends drawn from the ledger's rows: outcomes per week and plans by risk level per week.
enum TrendsPage {
    /// Weeks shown, newest last.
    static let weeks = 26

    static func render(_ counts: [LedgerDailyCount]) -> String {
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
        return HTML.page(title: "Trends", body: body)
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
