import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import VerdictKit
@testable import VerdictServer

/// Requests refused before any work: too long a URL, too big a body, too many a minute.
@Suite struct RequestLimitTests {
    @Test func anOverLongURLIs414() async throws {
        try await RouteTests.withClient(try RouteTests.threeDecisions().store()) { client in
            let long = try await RouteTests.get(client, "/decisions?repository=" + String(repeating: "a", count: 9000))
            #expect(long.status == .uriTooLong)
            #expect(long.headers[.contentSecurityPolicy] != nil)
            let api = try await RouteTests.get(client, "/api/v1/decisions?ref=" + String(repeating: "a", count: 9000))
            #expect(api.status == .uriTooLong)
            #expect(api.body.contains("\"status\": 414"))
        }
    }

    @Test func aBodyOverTheCapIs413() async throws {
        try await RouteTests.withClient(try RouteTests.threeDecisions().store()) { client in
            let body = "csrf=test-token&pad=" + String(repeating: "x", count: 20_000)
            let announced = try await client.execute(uri: "/decisions/1/replay", method: .post,
                                                     headers: [.contentType: "application/x-www-form-urlencoded", .contentLength: String(body.utf8.count)],
                                                     body: ByteBuffer(string: body)) { $0.status }
            #expect(announced == .contentTooLarge)
            let unannounced = try await client.execute(uri: "/decisions/1/replay", method: .post,
                                                       headers: [.contentType: "application/x-www-form-urlencoded"],
                                                       body: ByteBuffer(string: body)) { $0.status }
            #expect(unannounced == .contentTooLarge)
        }
    }

    @Test func pastTheRateLimitTheAnswerIs429WithRetryAfter() async throws {
        try await RouteTests.withClient(try RouteTests.threeDecisions().store(rateLimit: 3)) { client in
            for _ in 1...3 { #expect(try await RouteTests.get(client, "/api/v1/decisions").status == .ok) }
            let refused = try await RouteTests.get(client, "/api/v1/decisions")
            #expect(refused.status == .tooManyRequests)
            let wait = try #require(Int(refused.headers[.retryAfter] ?? ""))
            #expect((1...60).contains(wait))
            #expect(refused.body.contains("more than 3 requests in a minute"))
        }
    }

    @Test func aNewMinuteAdmitsAgainAndAddressesCountApart() {
        let now = Mutex(ContinuousClock.now)
        let limiter = RateLimiter(perMinute: 2, clock: { now.withLock { $0 } })
        #expect(limiter.admit("a") == nil)
        #expect(limiter.admit("a") == nil)
        #expect(limiter.admit("a") == 60)
        #expect(limiter.admit("b") == nil)
        now.withLock { $0 = $0.advanced(by: .seconds(45)) }
        #expect(limiter.admit("a") == 15)
        now.withLock { $0 = $0.advanced(by: .seconds(15)) }
        #expect(limiter.admit("a") == nil)
    }
}
