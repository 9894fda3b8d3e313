import Foundation

/// Request limits per caller over sliding windows, as Space-Track states its own (30 requests per
/// minute and 300 per hour): a request is admitted when, counting it, no window holds more than its
/// limit. Each caller keeps the times of its admitted requests within the longest window (at most
/// the largest limit of them), so memory is bounded per caller; callers idle for the longest window
/// are forgotten.
public struct RateLimitPolicy: Sendable, Hashable {
    /// One window: at most `requests` in any `seconds`.
    public struct Window: Sendable, Hashable {
        public var requests: Int
        public var seconds: Double
        public init(requests: Int, seconds: Double) { self.requests = requests; self.seconds = seconds }
    }

    public var windows: [Window]

    public init(windows: [Window]) { self.windows = windows.filter { $0.requests > 0 && $0.seconds > 0 } }

    /// Space-Track's published limits: 30 per minute, 300 per hour.
    public static let spaceTrack = RateLimitPolicy(windows: [Window(requests: 30, seconds: 60), Window(requests: 300, seconds: 3_600)])
    /// For the web console: 600 per minute, 20,000 per hour.
    public static let console = RateLimitPolicy(windows: [Window(requests: 600, seconds: 60), Window(requests: 20_000, seconds: 3_600)])
}

/// The outcome of ``RateLimiter/admit(_:at:)``.
public enum RateLimitDecision: Sendable, Hashable {
    case admitted
    /// Refused; a request is admitted again after this many seconds (for `Retry-After`).
    case refused(retryAfterSeconds: Double)
}

/// Sliding-window limiter keyed by caller (a token id, or a remote address for unauthenticated
/// attempts). An actor: one instance serves the whole server.
public actor RateLimiter {
    public let policy: RateLimitPolicy
    private var admittedAt: [String: [Double]] = [:]
    private var lastSweep = -Double.infinity

    public init(policy: RateLimitPolicy) { self.policy = policy }

    /// Admits or refuses one request of `caller` at `time` (seconds on any monotone clock).
    public func admit(_ caller: String, at time: Double) -> RateLimitDecision {
        let longest = policy.windows.map(\.seconds).max() ?? 0
        sweep(at: time, longest: longest)
        var times = admittedAt[caller, default: []]
        times.removeFirst(times.prefix { $0 <= time - longest }.count)
        var retry = 0.0
        for window in policy.windows {
            // Requests already admitted inside this window ending now.
            let inside = times.reversed().prefix { $0 > time - window.seconds }.count
            if inside >= window.requests {
                // Admitted again once the oldest of the last `requests` leaves the window.
                let oldest = times[times.count - window.requests]
                retry = max(retry, oldest + window.seconds - time)
            }
        }
        if retry > 0 {
            admittedAt[caller] = times
            return .refused(retryAfterSeconds: retry)
        }
        times.append(time)
        admittedAt[caller] = times
        return .admitted
    }

    /// Callers tracked (for metrics and tests).
    public var trackedCallers: Int { admittedAt.count }

    /// Forgets callers with nothing inside the longest window, at most once per that window.
    private func sweep(at time: Double, longest: Double) {
        guard time - lastSweep >= longest else { return }
        lastSweep = time
        admittedAt = admittedAt.filter { ($0.value.last ?? -Double.infinity) > time - longest }
    }
}
