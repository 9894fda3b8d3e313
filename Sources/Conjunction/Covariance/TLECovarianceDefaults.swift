/// Default position uncertainty for objects known only by an SGP4 element set (no covariance), by
/// orbit regime and object type, so that a Pc can still be estimated — and labelled as such.
///
/// Model: independent radial, transverse (along-track) and normal 1σ errors at the element epoch,
/// with the along-track error growing linearly with the time from epoch to TCA (drag and mean-motion
/// errors accumulate along track; radial and normal grow far more slowly and are held constant):
///
///     σ_T(Δt) = σ_T0 + rate_T · |Δt|,   σ_R = σ_R0,   σ_N = σ_N0
///
/// The figures are order-of-magnitude values in the spirit of Flohrer, Krag & Klinkrad (2008),
/// "Assessment and categorization of TLE orbit errors for the US SSN catalogue" (AMOS), which found
/// TLE errors of about 0.1–1 km at epoch in LEO, dominated by along-track and growing by roughly
/// 1 km per day; they are Kanshi's stated defaults, not a published table, and any covariance from a
/// CDM or an orbit determination replaces them. Debris and rocket bodies get larger values than
/// payloads (poorer tracking, worse-known drag); HEO and GEO larger than LEO in absolute terms.
public struct TLECovarianceDefaults: Sendable, Hashable {
    /// 1σ radial, transverse and normal errors at epoch, km.
    public var sigmaAtEpochRTNKm: SIMD3<Double>
    /// Along-track 1σ growth, km per day from epoch.
    public var alongTrackGrowthKmPerDay: Double

    public init(sigmaAtEpochRTNKm: SIMD3<Double>, alongTrackGrowthKmPerDay: Double) {
        self.sigmaAtEpochRTNKm = sigmaAtEpochRTNKm
        self.alongTrackGrowthKmPerDay = alongTrackGrowthKmPerDay
    }

    /// Object types the defaults distinguish.
    public enum ObjectKind: String, Sendable, Hashable, CaseIterable {
        case payload, rocketBody, debris, unknown
    }

    /// The default for a regime and kind (see the type's documentation for the model and source).
    public static func `for`(_ regime: OrbitRegime, _ kind: ObjectKind) -> TLECovarianceDefaults {
        let base: TLECovarianceDefaults
        switch regime {
        case .leo: base = .init(sigmaAtEpochRTNKm: SIMD3(0.1, 0.5, 0.1), alongTrackGrowthKmPerDay: 1.0)
        case .meo: base = .init(sigmaAtEpochRTNKm: SIMD3(0.5, 2.0, 0.5), alongTrackGrowthKmPerDay: 1.0)
        case .heo: base = .init(sigmaAtEpochRTNKm: SIMD3(1.0, 5.0, 1.0), alongTrackGrowthKmPerDay: 3.0)
        case .geo: base = .init(sigmaAtEpochRTNKm: SIMD3(1.0, 5.0, 1.0), alongTrackGrowthKmPerDay: 1.0)
        }
        let scale: Double
        switch kind {
        case .payload: scale = 1
        case .rocketBody: scale = 1.5
        case .debris, .unknown: scale = 2
        }
        return .init(sigmaAtEpochRTNKm: base.sigmaAtEpochRTNKm * scale, alongTrackGrowthKmPerDay: base.alongTrackGrowthKmPerDay * scale)
    }

    /// 1σ radial, transverse and normal errors, km, `secondsFromEpoch` away from the element epoch.
    public func sigmaRTNKm(secondsFromEpoch: Double) -> SIMD3<Double> {
        var s = sigmaAtEpochRTNKm
        s.y += alongTrackGrowthKmPerDay * abs(secondsFromEpoch) / 86_400
        return s
    }

    /// The diagonal RTN position covariance, km², at `secondsFromEpoch`.
    public func covarianceRTNKm2(secondsFromEpoch: Double) -> SIMD3<Double> {
        let s = sigmaRTNKm(secondsFromEpoch: secondsFromEpoch)
        return s * s
    }

    /// The diagonal of the 6×6 RTN covariance in m², m²/s² at `secondsFromEpoch`: the position
    /// variances of the model, and velocity variances (σ · 1e-3 s⁻¹)² — about σ times a LEO mean
    /// motion — since element sets carry no velocity uncertainty of their own; no correlations.
    public func rtnCovarianceDiagonalSquareMeters(secondsFromEpoch: Double) -> [Double] {
        let sigmaM = sigmaRTNKm(secondsFromEpoch: secondsFromEpoch) * 1_000
        let sigmaV = sigmaM * 1e-3
        return [sigmaM.x, sigmaM.y, sigmaM.z, sigmaV.x, sigmaV.y, sigmaV.z].map { $0 * $0 }
    }
}
