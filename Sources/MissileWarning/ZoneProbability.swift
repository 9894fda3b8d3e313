import Foundation
import Sensors

/// An impact point's uncertainty: the mean point and a Gaussian 2×2 covariance in the local east/north
/// plane at the mean, km². The plane is read as azimuthal-equidistant about the mean: an offset
/// (east e, north n) is the point reached along the geodesic of azimuth atan2(e, n) after √(e² + n²) km.
public struct ImpactEllipse: Sendable, Hashable {
    public var meanLatitudeRad: Double
    public var meanLongitudeRad: Double
    /// Variance east, km².
    public var covarianceEastEastKm2: Double
    /// Covariance east–north, km².
    public var covarianceEastNorthKm2: Double
    /// Variance north, km².
    public var covarianceNorthNorthKm2: Double

    /// From the covariance entries, km².
    public init(meanLatitudeRad: Double, meanLongitudeRad: Double, covarianceEastEastKm2: Double,
                covarianceEastNorthKm2: Double, covarianceNorthNorthKm2: Double) {
        self.meanLatitudeRad = meanLatitudeRad
        self.meanLongitudeRad = meanLongitudeRad
        self.covarianceEastEastKm2 = covarianceEastEastKm2
        self.covarianceEastNorthKm2 = covarianceEastNorthKm2
        self.covarianceNorthNorthKm2 = covarianceNorthNorthKm2
    }

    /// From the 1σ semi-axes and the azimuth of the major axis (radians clockwise from north).
    public init(meanLatitudeRad: Double, meanLongitudeRad: Double, semiMajorAxisKm: Double, semiMinorAxisKm: Double,
                majorAxisAzimuthRad: Double) {
        let s = sin(majorAxisAzimuthRad), c = cos(majorAxisAzimuthRad)   // major axis unit vector (east s, north c)
        let a2 = semiMajorAxisKm * semiMajorAxisKm, b2 = semiMinorAxisKm * semiMinorAxisKm
        self.init(meanLatitudeRad: meanLatitudeRad, meanLongitudeRad: meanLongitudeRad,
                  covarianceEastEastKm2: a2 * s * s + b2 * c * c,
                  covarianceEastNorthKm2: (a2 - b2) * s * c,
                  covarianceNorthNorthKm2: a2 * c * c + b2 * s * s)
    }

    /// The 1σ semi-axes (major ≥ minor), km, and the major axis's azimuth (radians clockwise from north, in [0, π)).
    public var semiAxes: (majorKm: Double, minorKm: Double, majorAxisAzimuthRad: Double) {
        let ee = covarianceEastEastKm2, en = covarianceEastNorthKm2, nn = covarianceNorthNorthKm2
        let mean = (ee + nn) / 2, half = (((ee - nn) / 2) * ((ee - nn) / 2) + en * en).squareRoot()
        let l1 = mean + half, l2 = max(0, mean - half)
        var az = 0.5 * atan2(2 * en, nn - ee)   // angle of the major axis from north towards east
        if az < 0 { az += .pi }
        return (l1.squareRoot(), l2.squareRoot(), az)
    }

    /// Checks the values and returns the lower Cholesky factor (l11, l21, l22) of the covariance
    /// [[ee, en], [en, nn]].
    func choleskyEastNorth() throws -> (Double, Double, Double) {
        let ee = covarianceEastEastKm2, en = covarianceEastNorthKm2, nn = covarianceNorthNorthKm2
        try JapanZones.check(latitudeRad: meanLatitudeRad, longitudeRad: meanLongitudeRad, field: "mean")
        guard ee.isFinite, en.isFinite, nn.isFinite, ee >= 0, nn >= 0 else {
            throw MissileWarningError(.badField, "covariance variances must be finite and non-negative",
                                      field: "covariance", value: "[[\(ee), \(en)], [\(en), \(nn)]] km²")
        }
        let det = ee * nn - en * en
        guard det >= -1e-12 * max(1e-300, ee * nn) else {
            throw MissileWarningError(.badField, "covariance is not positive semi-definite",
                                      field: "covariance", value: "[[\(ee), \(en)], [\(en), \(nn)]] km²")
        }
        if ee == 0 { return (0, 0, nn.squareRoot()) }
        let l11 = ee.squareRoot(), l21 = en / l11
        return (l11, l21, max(0, nn - l21 * l21).squareRoot())
    }
}

/// The probabilities that an impact falls on Japanese land, in the EEZ (land included) and outside.
public struct ZoneProbabilities: Sendable, Hashable {
    /// How the numbers were obtained.
    public enum Method: String, Sendable, Hashable {
        /// Both boundaries are more than ``JapanZones/exactSigmaMultiple`` × the major semi-axis from
        /// the mean: the zone at the mean holds all but < 1e-7 of the probability, so 1 / 0 are exact
        /// to that.
        case farFromBoundaries
        /// Seeded Monte Carlo sampling of the Gaussian.
        case monteCarlo
    }

    /// P(on Japanese land).
    public var land: Double
    /// P(in the EEZ including land) = P(land) + P(sea inside the zone).
    public var eezIncludingLand: Double
    /// P(outside) = 1 − P(EEZ including land).
    public var outside: Double
    /// Samples drawn (0 for ``Method/farFromBoundaries``).
    public var samples: Int
    /// A bound on the 2σ sampling error of every probability above: 1/√N (the binomial standard error
    /// √(p(1−p)/N) is at most 1/(2√N)); 0 for ``Method/farFromBoundaries``. 4,000 samples → 0.016.
    public var twoSigmaErrorBound: Double
    /// How they were obtained.
    public var method: Method
    /// The zone at the mean point.
    public var zoneAtMean: ZoneClass

    /// P(at sea inside the EEZ, not land).
    public var eezSea: Double { eezIncludingLand - land }
}

extension JapanZones {
    /// Beyond this many major-axis sigmas from every boundary the answer is taken as certain (the
    /// bivariate normal puts exp(−k²/2) ≈ 1.5e-8 beyond radius kσ for k = 6).
    public static let exactSigmaMultiple = 6.0

    /// The zone probabilities of an impact ellipse (a Gaussian in the local east/north plane).
    ///
    /// If both the coastline and the EEZ edge are more than 6σ (major axis) from the mean, the zone at
    /// the mean is certain (see ``ZoneProbabilities/Method/farFromBoundaries``). Otherwise `samples`
    /// points are drawn with xoshiro256** seeded by `seed` (same input, same answer), mapped to the
    /// ellipsoid by ``Vincenty1975/direct(latitudeRad:longitudeRad:azimuthRad:distanceKm:ellipsoid:)``,
    /// and classified; the 2σ sampling error of each probability is at most 1/√samples. Errors: a bad
    /// mean point, a covariance that is negative or not positive semi-definite, or samples < 1.
    public func probabilities(of ellipse: ImpactEllipse, samples: Int = 4000,
                              seed: UInt64 = 0x4A41_4C45_5254) throws -> ZoneProbabilities {
        guard samples >= 1 else {
            throw MissileWarningError(.badField, "need at least one sample", field: "samples", value: "\(samples)")
        }
        let (l11, l21, l22) = try ellipse.choleskyEastNorth()
        let lat0 = ellipse.meanLatitudeRad, lon0 = remainder(ellipse.meanLongitudeRad, 2 * .pi)
        let atMean = zone(latitudeRad: lat0, longitudeRad: lon0)
        let sigmaMax = ellipse.semiAxes.majorKm
        let reach = Self.exactSigmaMultiple * sigmaMax
        if reach == 0 || (land.distanceToBoundary(latitudeRad: lat0, longitudeRad: lon0).distanceKm > reach
            && eez.distanceToBoundary(latitudeRad: lat0, longitudeRad: lon0).distanceKm > reach) {
            let pl: Double = atMean == .land ? 1 : 0, pe: Double = atMean == .outside ? 0 : 1
            return ZoneProbabilities(land: pl, eezIncludingLand: pe, outside: 1 - pe, samples: 0,
                                     twoSigmaErrorBound: 0, method: .farFromBoundaries, zoneAtMean: atMean)
        }
        var rng = Xoshiro256StarStar(seed: seed)
        var nLand = 0, nEEZ = 0
        for _ in 0 ..< samples {
            let z1 = rng.nextGaussian(), z2 = rng.nextGaussian()
            let e = l11 * z1, n = l21 * z1 + l22 * z2
            let r = (e * e + n * n).squareRoot()
            let p = r == 0 ? (latitudeRad: lat0, longitudeRad: lon0)
                : Vincenty1975.direct(latitudeRad: lat0, longitudeRad: lon0, azimuthRad: atan2(e, n), distanceKm: r,
                                      ellipsoid: land.ellipsoid)
            switch zone(latitudeRad: p.latitudeRad, longitudeRad: p.longitudeRad) {
            case .land: nLand += 1; nEEZ += 1
            case .eez: nEEZ += 1
            case .outside: break
            }
        }
        let n = Double(samples)
        return ZoneProbabilities(land: Double(nLand) / n, eezIncludingLand: Double(nEEZ) / n,
                                 outside: Double(samples - nEEZ) / n, samples: samples,
                                 twoSigmaErrorBound: 1 / n.squareRoot(), method: .monteCarlo, zoneAtMean: atMean)
    }
}
