import Astrodynamics
import Foundation
import Persistence
import SpaceData

/// When a conjunction becomes an alert, and how urgent it is.
///
/// Severity of an assessment (`pc` may be absent, then only the miss distance counts):
/// - **critical**: Pc ≥ ``criticalPc`` (1e-4) or miss < ``criticalMissKm`` (0.2 km);
/// - **warning**: Pc ≥ ``warningPc`` (1e-5), or miss < ``warningMissKm`` (1 km) with TCA within
///   ``warningHorizonSeconds`` (3 days) of the operations time;
/// - **info**: anything else the screening reports.
///
/// A **new** event makes a `conjunction.new` alert when its severity is at least
/// ``minimumNewSeverity`` (info). The first full screening after bootstrap alerts only at
/// ``minimumBootstrapSeverity`` (warning) and above, and only the ``bootstrapAlertLimit`` (100)
/// highest-ranked (Pc, then miss distance) of those, so an analyst starting the center is not
/// flooded: the bundled catalog has about 51,000 events within 5 km over 2 days, 8,500 with a
/// default-covariance Pc ≥ 1e-6 and 2,300 with Pc ≥ 1e-4 (the events list has them all). An
/// **updated** event makes a `conjunction.changed` alert when its severity level changes, or its Pc
/// moves by a factor of at least ``pcChangeFactor`` (10) — Pc appearing or vanishing counts when
/// the other side is at least ``warningPc``.
public struct AlertPolicy: Sendable, Hashable {
    public var criticalPc: Double = 1e-4
    public var criticalMissKm: Double = 0.2
    public var warningPc: Double = 1e-5
    public var warningMissKm: Double = 1
    public var warningHorizonSeconds: Double = 3 * 86_400
    public var pcChangeFactor: Double = 10
    public var minimumNewSeverity: AlertSeverity = .info
    public var minimumBootstrapSeverity: AlertSeverity = .warning
    /// At most this many alerts from the first full screening.
    public var bootstrapAlertLimit: Int = 100

    public init() {}

    /// The severity of one assessment, seen at `now`.
    public func severity(pc: Double?, missKm: Double, tca: Instant, now: Instant) -> AlertSeverity {
        if let pc, pc >= criticalPc { return .critical }
        if missKm < criticalMissKm { return .critical }
        if let pc, pc >= warningPc { return .warning }
        if missKm < warningMissKm, tca.secondsSince(now) <= warningHorizonSeconds { return .warning }
        return .info
    }

    /// Whether Pc moved enough to tell the analyst.
    func pcChanged(from old: Double?, to new: Double?) -> Bool {
        switch (old, new) {
        case (nil, nil): return false
        case (let a?, let b?):
            if a <= 0 && b <= 0 { return false }
            if a <= 0 || b <= 0 { return max(a, b) >= warningPc }
            return max(a / b, b / a) >= pcChangeFactor
        case (let a?, nil): return a >= warningPc
        case (nil, let b?): return b >= warningPc
        }
    }

    /// The alerts for a recorded run's changes.
    /// - Parameters:
    ///   - names: object names for the messages.
    ///   - bootstrap: the first full screening (alerts only at ``minimumBootstrapSeverity`` and above).
    public func alerts(for changes: [EventChange], primaries: [Int], secondaries: [Int], names: (Int) -> String?,
                       now: Instant, bootstrap: Bool, createdAt: Date = Date()) -> [NewAlert] {
        var out: [NewAlert] = []
        for (k, change) in changes.enumerated() {
            let c = change.current
            let sev = severity(pc: c.pc, missKm: c.missDistanceKm, tca: c.tca, now: now)
            let p = primaries[k], s = secondaries[k]
            let pair = "\(p) \(names(p) ?? "") / \(s) \(names(s) ?? "")"
            let pcText = c.pc.map { String(format: "Pc %.2e", $0) } ?? "Pc n/a"
            let tcaText = c.tca.iso8601UTC(fractionDigits: 0)
            switch change.kind {
            case .new:
                guard sev >= (bootstrap ? minimumBootstrapSeverity : minimumNewSeverity) else { continue }
                out.append(NewAlert(kind: "conjunction.new", severity: sev, eventID: change.eventID, primary: p, secondary: s,
                                    tca: c.tca, missDistanceKm: c.missDistanceKm, pc: c.pc,
                                    message: "New conjunction \(pair): miss \(String(format: "%.3f", c.missDistanceKm)) km at \(tcaText), \(pcText)",
                                    createdAt: createdAt))
            case .updated:
                guard let prev = change.previous else { continue }
                let oldSev = severity(pc: prev.pc, missKm: prev.missDistanceKm, tca: prev.tca, now: now)
                guard oldSev != sev || pcChanged(from: prev.pc, to: c.pc) else { continue }
                if bootstrap && sev < minimumBootstrapSeverity { continue }
                let prevPc = prev.pc.map { String(format: "%.2e", $0) } ?? "n/a"
                out.append(NewAlert(kind: "conjunction.changed", severity: sev, eventID: change.eventID, primary: p, secondary: s,
                                    tca: c.tca, missDistanceKm: c.missDistanceKm, pc: c.pc,
                                    message: "Conjunction \(pair) changed: \(oldSev.rawValue) → \(sev.rawValue), Pc \(prevPc) → \(c.pc.map { String(format: "%.2e", $0) } ?? "n/a"), miss \(String(format: "%.3f", c.missDistanceKm)) km at \(tcaText)",
                                    createdAt: createdAt))
            }
        }
        if bootstrap && out.count > bootstrapAlertLimit {
            out.sort { ($0.pc ?? -1, -($0.missDistanceKm ?? .infinity)) > ($1.pc ?? -1, -($1.missDistanceKm ?? .infinity)) }
            out.removeLast(out.count - bootstrapAlertLimit)
        }
        return out
    }
}

/// Pushes alerts to WebSocket subscribers: each alert is encoded once and the same text goes to
/// every client. A client whose backlog is full loses the oldest messages (it can catch up with
/// `after_id`).
public actor AlertHub {
    /// One encoded alert.
    public struct Message: Sendable {
        public let id: Int64
        public let text: String
        /// The alert's marking and objects: each subscriber gets only what its reader may see.
        public let marking: Releasability
        public let primary: Int?
        public let secondary: Int?

        public init(id: Int64, text: String, marking: Releasability, primary: Int?, secondary: Int?) {
            self.id = id; self.text = text; self.marking = marking; self.primary = primary; self.secondary = secondary
        }

        /// The message of a stored alert.
        public init(_ stored: StoredAlert, names: LiveCatalog.Snapshot) {
            self.init(id: stored.id, text: Encoders.alertText(stored, names: names), marking: stored.alert.marking,
                      primary: stored.alert.primary, secondary: stored.alert.secondary)
        }

        /// Whether a reader with this visibility may receive it.
        public func isVisible(to v: Visibility) -> Bool { v.allows(marking) && v.allows(primary: primary, secondary: secondary) }
    }

    private var subscribers: [UUID: AsyncStream<Message>.Continuation] = [:]
    private let backlog: Int
    private let onCountChange: @Sendable (Int) -> Void

    public init(backlog: Int = 1_000, onCountChange: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.backlog = backlog
        self.onCountChange = onCountChange
    }

    /// Subscribes; the stream ends when ``unsubscribe(_:)`` is called or the hub finishes.
    public func subscribe() -> (UUID, AsyncStream<Message>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Message>.makeStream(bufferingPolicy: .bufferingNewest(backlog))
        subscribers[id] = continuation
        onCountChange(subscribers.count)
        return (id, stream)
    }

    public func unsubscribe(_ id: UUID) {
        subscribers.removeValue(forKey: id)?.finish()
        onCountChange(subscribers.count)
    }

    public var subscriberCount: Int { subscribers.count }

    /// Sends already-encoded alerts to every subscriber.
    public func publish(_ messages: [Message]) {
        for m in messages {
            for c in subscribers.values { c.yield(m) }
        }
    }

    /// Ends every subscription (shutdown).
    public func finishAll() {
        for c in subscribers.values { c.finish() }
        subscribers.removeAll()
        onCountChange(0)
    }
}
