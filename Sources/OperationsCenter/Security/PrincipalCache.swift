import Foundation
import Persistence
import Synchronization

/// Principals of tokens that authenticated in the last ``ttlSeconds``, so that a client's burst of
/// requests costs one store lookup per second instead of one per request.
///
/// Keyed by the secret's SHA-256 (the cache never holds a secret). Only successes are cached: a
/// refused token is looked up every time (and the attempts are rate limited per address). A cached
/// principal still stops at its token's expiry; a revocation or a disabled account takes effect
/// within ``ttlSeconds`` (docs/security.md). Bounded: when full, it is emptied.
final class PrincipalCache: Sendable {
    let ttlSeconds: Double
    private let capacity: Int
    private let entries = Mutex<[String: (principal: Principal, cachedAt: Date)]>([:])

    init(ttlSeconds: Double, capacity: Int = 10_000) {
        self.ttlSeconds = ttlSeconds
        self.capacity = capacity
    }

    /// The cached principal of `digest` at `now`, if fresh and its token not expired.
    func principal(_ digest: String, at now: Date) -> Principal? {
        entries.withLock { map in
            guard let e = map[digest] else { return nil }
            guard now.timeIntervalSince(e.cachedAt) < ttlSeconds, now < e.principal.tokenExpiresAt else {
                map[digest] = nil
                return nil
            }
            return e.principal
        }
    }

    func store(_ principal: Principal, _ digest: String, at now: Date) {
        entries.withLock { map in
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[digest] = (principal, now)
        }
    }
}
