/// A point in time, independent of any time scale.
///
/// Stored in two parts — whole TAI seconds since 2000-01-01T00:00:00 TAI and a fraction in [0, 1) —
/// so that microseconds survive across centuries (a single `Double` Julian date keeps only ~20 µs).
/// The scale is named when an instant is read or written: ``init(utc:leapSeconds:)``,
/// ``julianDate(_:leapSeconds:earthOrientation:)``, ``iso8601UTC(fractionDigits:leapSeconds:)``.
///
/// `Instant - Instant` is a `Duration`; `Instant + Duration` is an `Instant`; `Instant + Instant`
/// does not exist. Hot paths use ``secondsSince(_:)`` and ``advanced(bySeconds:)``, which stay in `Double`.
public struct Instant: Sendable, Hashable, Comparable {
    /// Whole TAI seconds since 2000-01-01T00:00:00 TAI.
    @usableFromInline internal let taiWholeSeconds: Int64
    /// Fraction of a second, in [0, 1).
    @usableFromInline internal let taiFractionSeconds: Double

    /// MJD of the internal origin, 2000-01-01T00:00:00 (in TAI).
    @usableFromInline internal static let originMJD: Int64 = 51_544

    @inlinable
    internal init(taiWholeSeconds whole: Int64, fraction: Double) {
        let carry = fraction.rounded(.down)
        var w = whole &+ Int64(carry)
        var f = fraction - carry
        if f >= 1 { w &+= 1; f -= 1 }   // guards the rounding edge of fraction - carry
        taiWholeSeconds = w
        taiFractionSeconds = f
    }

    /// An instant from TAI seconds elapsed since 2000-01-01T00:00:00 TAI, in two parts.
    @inlinable
    public init(taiSecondsSince2000 whole: Int64, plus fraction: Double = 0) {
        self.init(taiWholeSeconds: whole, fraction: fraction)
    }

    /// An instant from a TAI modified Julian day number and seconds into that TAI day.
    @inlinable
    public init(taiModifiedJulianDay mjd: Int64, secondsOfDay: Double) {
        self.init(taiWholeSeconds: (mjd - Instant.originMJD) * 86_400, fraction: secondsOfDay)
    }

    /// The span from `other` to `self` in seconds, as a `Double` (for hot paths).
    @inlinable
    public func secondsSince(_ other: Instant) -> Double {
        Double(taiWholeSeconds &- other.taiWholeSeconds) + (taiFractionSeconds - other.taiFractionSeconds)
    }

    /// The instant `seconds` later (earlier if negative).
    @inlinable
    public func advanced(bySeconds seconds: Double) -> Instant {
        let whole = seconds.rounded(.down)
        return Instant(taiWholeSeconds: taiWholeSeconds &+ Int64(whole), fraction: taiFractionSeconds + (seconds - whole))
    }

    /// TAI modified Julian day number and seconds into that TAI day.
    public var taiDayAndSeconds: (mjd: Int64, secondsOfDay: Double) {
        let (days, rest) = taiWholeSeconds.quotientAndRemainderFloored(dividingBy: 86_400)
        return (Instant.originMJD + days, Double(rest) + taiFractionSeconds)
    }

    @inlinable
    public static func < (a: Instant, b: Instant) -> Bool {
        (a.taiWholeSeconds, a.taiFractionSeconds) < (b.taiWholeSeconds, b.taiFractionSeconds)
    }

    public static func - (a: Instant, b: Instant) -> Duration {
        let whole = a.taiWholeSeconds - b.taiWholeSeconds
        let frac = a.taiFractionSeconds - b.taiFractionSeconds
        return .seconds(whole) + .seconds(frac)
    }

    public static func + (a: Instant, b: Duration) -> Instant {
        let (s, atto) = b.components
        return Instant(taiWholeSeconds: a.taiWholeSeconds + s, fraction: a.taiFractionSeconds + Double(atto) * 1e-18)
    }

    public static func - (a: Instant, b: Duration) -> Instant { a + (.zero - b) }
}

extension Int64 {
    @usableFromInline
    func quotientAndRemainderFloored(dividingBy d: Int64) -> (Int64, Int64) {
        var (q, r) = quotientAndRemainder(dividingBy: d)
        if r < 0 { q -= 1; r += d }
        return (q, r)
    }
}

extension Duration {
    /// The span in seconds as a `Double`.
    public var inSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
