import Foundation
@testable import OperationsCenter
import Testing

/// The sliding-window limiter against Space-Track's published limits (30 requests per minute,
/// 300 per hour; https://www.space-track.org/documentation#/api "API Use Guidelines").
@Suite("Rate limits")
struct RateLimiterTests {
    @Test("30 per minute: the 31st request in a minute is refused until the first leaves the window")
    func perMinute() async {
        let limiter = RateLimiter(policy: .spaceTrack)
        for n in 0..<30 { #expect(await limiter.admit("t1", at: Double(n)) == .admitted, "request \(n)") }
        #expect(await limiter.admit("t1", at: 30) == .refused(retryAfterSeconds: 30))
        // Another caller is not affected.
        #expect(await limiter.admit("t2", at: 30) == .admitted)
        // At 60 s the first request (at 0 s) has left the window.
        #expect(await limiter.admit("t1", at: 59.5) == .refused(retryAfterSeconds: 0.5))
        #expect(await limiter.admit("t1", at: 60) == .admitted)
        #expect(await limiter.admit("t1", at: 60.5) == .refused(retryAfterSeconds: 0.5))
    }

    @Test("300 per hour: steady traffic under the minute limit still stops at 300 in an hour")
    func perHour() async {
        let limiter = RateLimiter(policy: .spaceTrack)
        // 25 per minute for 12 minutes = 300 requests.
        var admitted = 0
        for n in 0..<300 {
            let t = Double(n / 25) * 60 + Double(n % 25)
            if await limiter.admit("t", at: t) == .admitted { admitted += 1 }
        }
        #expect(admitted == 300)
        guard case .refused(let retry) = await limiter.admit("t", at: 13 * 60) else {
            Issue.record("request 301 within the hour was admitted"); return
        }
        // The first request (t = 0) leaves the hour at 3600 s.
        #expect(abs(retry - (3_600 - 13 * 60)) < 1e-9)
        #expect(await limiter.admit("t", at: 3_600) == .admitted)
    }

    @Test("refused requests do not count, idle callers are forgotten, a policy without windows admits all")
    func bookkeeping() async {
        let limiter = RateLimiter(policy: RateLimitPolicy(windows: [.init(requests: 2, seconds: 10)]))
        #expect(await limiter.admit("a", at: 0) == .admitted)
        #expect(await limiter.admit("a", at: 1) == .admitted)
        for t in stride(from: 2.0, to: 10, by: 1) { #expect(await limiter.admit("a", at: t) != .admitted) }
        #expect(await limiter.admit("a", at: 10) == .admitted)
        #expect(await limiter.admit("b", at: 10) == .admitted)
        #expect(await limiter.trackedCallers == 2)
        _ = await limiter.admit("c", at: 100)
        #expect(await limiter.trackedCallers == 1)
        let open = RateLimiter(policy: RateLimitPolicy(windows: []))
        for t in 0..<1_000 { #expect(await open.admit("x", at: Double(t) * 1e-3) == .admitted) }
    }
}
