import Astrodynamics
import Foundation
import Synchronization

/// The operations center's "now".
///
/// The bundled catalog is from 2023-10-09; propagating it to the real date years later would be
/// meaningless, so the center runs on an operations time: the wall clock when the catalog is
/// current, else the catalog's median epoch (or a time given with `--epoch`), advancing in real
/// time from the moment it was chosen. It is used for the default time of `/sky`, ground tracks
/// and the screening window.
public final class OperationsClock: Sendable {
    /// What the clock follows.
    public enum Mode: String, Sendable {
        /// The wall clock.
        case now
        /// The catalog's median epoch, advancing in real time.
        case catalog
        /// A time given at start, advancing in real time.
        case fixed
    }

    private struct Reading: Sendable {
        var mode: Mode
        var anchor: Instant
        var anchoredAt: Date
    }

    private let reading: Mutex<Reading>
    /// The setting it was made from.
    public let setting: EpochSetting

    /// Window within which a catalog counts as current for ``EpochSetting/auto``, seconds.
    public static let currentCatalogToleranceSeconds = 7.0 * 86_400

    /// A clock from its setting; `auto` and `catalog` follow the wall clock until ``resolve(medianEpoch:)``.
    public init(_ setting: EpochSetting) {
        self.setting = setting
        let now = Date()
        switch setting {
        case .fixed(let t): reading = Mutex(Reading(mode: .fixed, anchor: t, anchoredAt: now))
        default: reading = Mutex(Reading(mode: .now, anchor: Instant(date: now), anchoredAt: now))
        }
    }

    /// Chooses the time from the catalog's median epoch (for `auto` and `catalog`); returns the mode chosen.
    @discardableResult
    public func resolve(medianEpoch: Instant?) -> Mode {
        let now = Date()
        let wall = Instant(date: now)
        return reading.withLock { r in
            switch setting {
            case .now, .fixed: break
            case .catalog:
                if let m = medianEpoch { r = Reading(mode: .catalog, anchor: OperationsClock.toMinute(m), anchoredAt: now) }
            case .auto:
                if let m = medianEpoch, abs(wall.secondsSince(m)) > OperationsClock.currentCatalogToleranceSeconds {
                    r = Reading(mode: .catalog, anchor: OperationsClock.toMinute(m), anchoredAt: now)
                } else {
                    r = Reading(mode: .now, anchor: wall, anchoredAt: now)
                }
            }
            return r.mode
        }
    }

    /// The current operations time.
    public func now() -> Instant {
        let r = reading.withLock { $0 }
        switch r.mode {
        case .now: return Instant(date: Date())
        case .catalog, .fixed: return r.anchor.advanced(bySeconds: Date().timeIntervalSince(r.anchoredAt))
        }
    }

    /// What the clock follows now.
    public var mode: Mode { reading.withLock { $0.mode } }

    static func toMinute(_ t: Instant) -> Instant {
        let (mjd, sod) = t.utcDayAndSeconds()
        return Instant(utcModifiedJulianDay: Int(mjd), secondsOfDay: (sod / 60).rounded() * 60)
    }

    /// The median of some epochs.
    public static func median(_ epochs: [Instant]) -> Instant? {
        guard !epochs.isEmpty else { return nil }
        return epochs.sorted()[epochs.count / 2]
    }
}
