import Foundation
import Persistence

/// Writes the audit log with group commit: every caller waits until its entry is committed (no
/// response leaves the server before its audit entry is stored), but entries that arrive while a
/// write is in flight are committed together in the next one. Under load the batches grow by
/// themselves, so the log costs one transaction per round trip to the database instead of one per
/// request; idle, an entry is written at once.
///
/// A failed write fails every caller of that batch (the request is answered 500 by the problem
/// middleware: an access that cannot be recorded is not served).
public actor AuditRecorder {
    private let store: any AccountStore
    private var pending: [NewAuditEntry] = []
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var writing = false
    /// Entries per transaction at most.
    private let maximumBatch: Int
    /// Transactions written and entries in them (for the benchmark and metrics).
    public private(set) var batches = 0
    public private(set) var entries = 0

    public init(store: any AccountStore, maximumBatch: Int = 500) {
        self.store = store
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Stores `entry`, returning once it is committed.
    public func record(_ entry: NewAuditEntry) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            pending.append(entry)
            waiters.append(c)
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    /// Writes batches until nothing is pending.
    private func drain() async {
        while !pending.isEmpty {
            let n = min(pending.count, maximumBatch)
            let batch = Array(pending.prefix(n)), callers = Array(waiters.prefix(n))
            pending.removeFirst(n)
            waiters.removeFirst(n)
            do {
                try await store.appendAudit(batch)
                batches += 1
                entries += batch.count
                for c in callers { c.resume() }
            } catch {
                for c in callers { c.resume(throwing: error) }
            }
        }
        writing = false
    }
}
