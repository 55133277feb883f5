import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VerdictKit
@testable import VerdictServer

/// The trends page's record charts: line coverage per repository and blocking findings by
/// level, drawn as SVG with a table, told apart without colour.
@Suite struct TrendsRouteTests {
    static let policy = """
        version: 1
        rules:
          - id: vulnerabilities
            kind: severity
            block: [critical, high]
          - id: coverage
            kind: coverage
            line: 80

        """

    /// lcov with `covered` of `total` lines hit.
    static func lcov(covered: Int, total: Int) -> String {
        "SF:src/app.swift\n" + (1...total).map { "DA:\($0),\($0 <= covered ? 1 : 0)\n" }.joined() + "end_of_record\n"
    }

    static func ledger() throws -> ServedLedger {
        let ledger = try ServedLedger()
        // Week of Monday 2026-11-16: api 75 % and 50 % (mean 62.5), web 90 %; two high findings block.
        try ledger.add(sarif: ServedLedger.sarif(["a", "b"]), at: "2026-11-16T10:00:00Z", policy: policy, lcov: lcov(covered: 3, total: 4))
        try ledger.add(sarif: ServedLedger.sarif([]), at: "2026-11-17T10:00:00Z", policy: policy, lcov: lcov(covered: 1, total: 2))
        try ledger.add(sarif: ServedLedger.sarif([]), at: "2026-11-18T10:00:00Z", repository: "acme/<web>", policy: policy, lcov: lcov(covered: 9, total: 10))
        // Week of Monday 2026-11-23: api 100 %, no blocking finding (a warning-level one does not block).
        try ledger.add(sarif: ServedLedger.sarif(["c"], level: "warning"), at: "2026-11-24T10:00:00Z", policy: policy, lcov: lcov(covered: 2, total: 2))
        return ledger
    }

    @Test func theFiguresAreMeansPerWeekAndBlockingCountsPerLevel() throws {
        let ledger = try Self.ledger()
        let figures = try RecordTrends().figures(try ledger.store())
        #expect(figures.read == 4)
        #expect(figures.unreadable == 0)
        let monday = try #require(CalendarDay("2026-11-16")), nextMonday = try #require(CalendarDay("2026-11-23"))
        let first = try #require(figures.weeks[monday])
        #expect(first.lineCoverage == ["acme/api": 62.5, "acme/<web>": 90])
        #expect(first.blocking == ["high": 2])
        let second = try #require(figures.weeks[nextMonday])
        #expect(second.lineCoverage == ["acme/api": 100])
        #expect(second.blocking.isEmpty)
    }

    @Test func thePageDrawsBothChartsWithTablesAndEscapedNames() async throws {
        try await RouteTests.withClient(try Self.ledger().store()) { client in
            let page = try await RouteTests.get(client, "/trends")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h2>Line coverage per week by repository</h2><svg"))
            #expect(page.body.contains("<h2>Blocking findings per week by level</h2><svg"))
            // Each line has its own dash pattern and marker, and its name at its end and in the legend.
            #expect(page.body.contains("stroke-dasharray=\"8 4\""))
            #expect(page.body.contains("<title>acme/api, 2026-11-16: 62.5%</title>"))
            #expect(page.body.contains("acme/&lt;web&gt;"))
            #expect(!page.body.contains("acme/<web>"))
            #expect(page.body.contains("<td>2026-11-16</td><td>90%</td><td>62.5%</td>"))
            #expect(page.body.contains("<title>2026-11-16: high 2</title>"))
            #expect(page.body.contains("4 read"))
        }
    }

    @Test func withoutRecordsTheChartsSaySoInsteadOfDrawingNothing() async throws {
        try await RouteTests.withClient(try RouteTests.threeDecisions().store(archive: false)) { client in
            let page = try await RouteTests.get(client, "/trends")
            #expect(page.status == .ok)
            #expect(page.body.contains("No decision measured line coverage."))
            #expect(page.body.contains("No finding blocked a decision."))
            #expect(page.body.contains("3 without a usable record left out"))
        }
    }
}
