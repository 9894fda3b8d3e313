import Foundation

/// Air density of the U.S. Standard Atmosphere, 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562, Washington DC,
/// October 1976), as a function of geometric altitude.
///
/// - 0–86 km: the standard's seven layers of linear temperature in geopotential altitude (its
///   Table 4 lapse rates and base pressures), density from the ideal-gas law with the sea-level
///   mean molecular weight (M₀ = 28.9644 kg/kmol), exactly as the standard defines it below 86 km.
/// - 86–1000 km: the standard's tabulated total mass density (its Table 1) at 86, 90, 100, 110, 120,
///   150, 200, 300, 400, 500, 700 and 1000 km, interpolated log-linearly (a piecewise exponential);
///   within a few percent of the full 86–1000 km model, more than good enough for a ballistic
///   coefficient known to ±20 %.
/// - Above 1000 km: zero.
///
/// A value, so a flight can be flown with ``none`` (vacuum) for checks against analytic results.
public struct Atmosphere: Sendable, Hashable {
    /// Whether the model gives any density at all (false: vacuum).
    public let isVacuum: Bool

    /// The U.S. Standard Atmosphere 1976.
    public static let ussa1976 = Atmosphere(isVacuum: false)
    /// No air: density zero everywhere.
    public static let none = Atmosphere(isVacuum: true)

    // Table 4 of USSA 1976: base geopotential altitude (km'), lapse rate (K/km'), base temperature (K),
    // base pressure (Pa).
    private static let layerBaseKm: [Double] = [0, 11, 20, 32, 47, 51, 71, 84.852]
    private static let lapseKPerKm: [Double] = [-6.5, 0, 1.0, 2.8, 0, -2.8, -2.0, 0]
    private static let baseTemperatureK: [Double] = [288.15, 216.65, 216.65, 228.65, 270.65, 270.65, 214.65, 186.946]
    private static let basePressurePa: [Double] = [101_325, 22_632.06, 5_474.889, 868.0187, 110.9063, 66.93887, 3.956420, 0.3734]
    // Table 1 of USSA 1976 above 86 km: geometric altitude (km), density (kg/m³).
    private static let upperAltitudeKm: [Double] = [86, 90, 100, 110, 120, 150, 200, 300, 400, 500, 700, 1000]
    private static let upperLogDensity: [Double] = [6.958e-6, 3.416e-6, 5.604e-7, 9.708e-8, 2.222e-8, 2.076e-9,
                                                    2.541e-10, 1.916e-11, 2.803e-12, 5.215e-13, 3.070e-14, 3.561e-15].map { log($0) }

    /// Density at a geometric altitude above the ellipsoid, kg/m³ (altitudes below 0 use 0 km).
    public func densityKgPerM3(altitudeKm h: Double) -> Double {
        if isVacuum || h >= 1000 { return 0 }
        let z = max(h, 0)
        if z < 86 {
            let r0 = 6356.766                        // the standard's effective Earth radius, km
            let hp = r0 * z / (r0 + z)               // geopotential altitude, km'
            var i = 0
            while i + 1 < Self.layerBaseKm.count - 1 && hp >= Self.layerBaseKm[i + 1] { i += 1 }
            let dh = hp - Self.layerBaseKm[i]
            let lapse = Self.lapseKPerKm[i], tb = Self.baseTemperatureK[i], pb = Self.basePressurePa[i]
            let g0M0OverR = 9.80665 * 28.9644 / 8.31432   // g₀·M₀/R*, K per km' (R* = 8314.32 J/(kmol·K))
            let t: Double, p: Double
            if lapse == 0 {
                t = tb
                p = pb * exp(-g0M0OverR * dh / tb)
            } else {
                t = tb + lapse * dh
                p = pb * pow(tb / t, g0M0OverR / lapse)
            }
            return p * 28.9644 / (8314.32 * t)
        }
        var i = 0
        while i + 2 < Self.upperAltitudeKm.count && z >= Self.upperAltitudeKm[i + 1] { i += 1 }
        let f = (z - Self.upperAltitudeKm[i]) / (Self.upperAltitudeKm[i + 1] - Self.upperAltitudeKm[i])
        return exp(Self.upperLogDensity[i] + f * (Self.upperLogDensity[i + 1] - Self.upperLogDensity[i]))
    }
}
