import Foundation

/// Generic vehicles of the classes North Korea has flown, from open-literature orders of magnitude
/// (lift-off mass, stage count, propellant type, diameter); none claims to be a real design. Presets
/// scale their burn to reach the reported figures (``FlightTuner``).
public enum GenericVehicles {
    /// A two-stage liquid ICBM (Hwasong-14/-15 class): ~52 t at lift-off, ~2 m diameter, Isp ≈ 270/290 s,
    /// a ~1 t reentry vehicle with β = 5,000 kg/m².
    public static let icbm = Vehicle(
        stages: [Stage(thrustN: 800_000, massFlowKgPerS: 300, burnTimeS: 130, dryMassKg: 4_000),
                 Stage(thrustN: 100_000, massFlowKgPerS: 35, burnTimeS: 200, dryMassKg: 1_000)],
        payloadMassKg: 1_000, boostDragAreaM2: 1.0, reentryBetaKgPerM2: 5_000)

    /// A single-stage liquid IRBM (Hwasong-12 class): ~22 t, 1.5 m diameter, a short 100 s burn at Isp ≈ 275 s, a 650 kg
    /// reentry vehicle with β = 10,000 kg/m² (a slender cone).
    public static let irbm = Vehicle(
        stages: [Stage(thrustN: 520_000, ispS: 275, burnTimeS: 100, dryMassKg: 2_500)],
        payloadMassKg: 650, boostDragAreaM2: 0.5, reentryBetaKgPerM2: 10_000)

    /// A single-stage solid SRBM (KN-23 class): ~5.7 t, ~0.95 m diameter, a 90 s burn at Isp ≈ 250 s; the body does
    /// not separate, so the "payload" is the whole 900 kg burnt-out missile, β ≈ 4,300 kg/m².
    public static let srbm = Vehicle(
        stages: [Stage(thrustN: 130_000, ispS: 250, burnTimeS: 90, dryMassKg: 0)],
        payloadMassKg: 900, boostDragAreaM2: 0.2, reentryBetaKgPerM2: 4_300)
}
