import Foundation
import Logging
import Persistence

/// Where the center writes its audit entries: grouped commits (``AuditRecorder``) or one
/// transaction per entry (``AuditCommit``). A failure is logged, not answered: the center keeps
/// serving warnings when its audit log cannot be written (docs/security.md).
public struct AuditTrail: Sendable {
    let store: any AccountStore
    let grouped: AuditRecorder?
    let logger: Logger

    public init(store: any AccountStore, commit: AuditCommit, logger: Logger = Logger(label: "kanshi.audit")) {
        self.store = store
        grouped = commit == .grouped ? AuditRecorder(store: store) : nil
        self.logger = logger
    }

    /// Stores `entry`, returning once it is committed (or its failure logged).
    public func record(_ entry: NewAuditEntry) async {
        do {
            if let grouped { try await grouped.record(entry) } else { try await store.appendAudit([entry]) }
        } catch {
            logger.error("cannot write the audit log", metadata: ["error": "\(error)", "action": "\(entry.action)", "target": "\(entry.target)"])
        }
    }
}

/// Writes the audit log with group commit: every caller waits until its entry is committed (no
/// response leaves the server before its audit entry is stored), but entries that arrive while a
/// write is in flight are committed together in the next one. Under load the batches grow by
/// themselves, so the log costs one transaction per round trip to the database instead of one per
/// request; idle, an entry is written at once.
///
/// A failed write fails every caller of that batch (``AuditTrail`` logs it).
public actor AuditRecorder {
    private let store: any AccountStore
    private var pending: [NewAuditEntry] = []
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var writing = false
    /// Entries per transaction at most.
    private let maximumBatch: Int

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
                for c in callers { c.resume() }
            } catch {
                for c in callers { c.resume(throwing: error) }
            }
        }
        writing = false
    }
}
