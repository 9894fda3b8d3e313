import Foundation
import Astrodynamics

/// One point of a predicted path: time and geodetic position (WGS84).
public struct PredictedPathPoint: Sendable, Hashable {
    public var time: Instant
    public var latitudeRad: Double
    public var longitudeRad: Double
    public var altitudeKm: Double

    public init(time: Instant, latitudeRad: Double, longitudeRad: Double, altitudeKm: Double) {
        self.time = time
        self.latitudeRad = latitudeRad
        self.longitudeRad = longitudeRad
        self.altitudeKm = altitudeKm
    }
}

/// The predicted highest point of a flight from the estimate on.
public struct PredictedApogee: Sendable, Hashable {
    public var time: Instant
    public var altitudeKm: Double
    public var latitudeRad: Double
    public var longitudeRad: Double
    /// True when the missile is already descending at the estimate: the apogee was earlier and the
    /// values above are those of the estimate itself.
    public var isPast: Bool

    public init(time: Instant, altitudeKm: Double, latitudeRad: Double, longitudeRad: Double, isPast: Bool) {
        self.time = time
        self.altitudeKm = altitudeKm
        self.latitudeRad = latitudeRad
        self.longitudeRad = longitudeRad
        self.isPast = isPast
    }
}

/// An impact prediction from one ``MissileStateEstimate``: where and when it lands, how uncertain
/// that is, and the path until then.
public struct ImpactPrediction: Sendable {
    /// The estimate's time.
    public var estimateTime: Instant
    /// True while the estimate is still burning (boost probability > 0.5): the prediction is then the
    /// instantaneous impact point (IIP), where the missile would land if the thrust were cut now.
    public var isInstantaneousImpactPoint: Bool
    /// Mean impact time over the sigma points.
    public var impactTime: Instant
    /// 1σ of the impact time, s.
    public var impactTimeSigmaS: Double
    /// Mean impact point and its east/north covariance at the mean (azimuthal-equidistant plane), km².
    public var ellipse: ImpactEllipse
    /// Impact point of the estimate's own state (the central sigma point), latitude/longitude rad.
    public var nominalImpactLatitudeRad: Double
    public var nominalImpactLongitudeRad: Double
    /// Impact speed relative to the Earth of the nominal coast, km/s.
    public var impactSpeedKmPerS: Double
    /// The highest point from the estimate on.
    public var apogee: PredictedApogee
    /// The nominal path from the estimate to the impact (the integration steps).
    public var path: [PredictedPathPoint]
    /// The ballistic coefficient used, kg/m², and whether it came from the estimate.
    public var betaKgPerM2: Double
    public var betaFromEstimate: Bool
    /// Geodesic distance from the given launch point to the mean impact (``Vincenty1975``), km; nil
    /// when no launch point was given.
    public var groundRangeKm: Double?

    /// All members (a prediction made elsewhere, or a synthetic one for tests).
    public init(estimateTime: Instant, isInstantaneousImpactPoint: Bool, impactTime: Instant, impactTimeSigmaS: Double,
                ellipse: ImpactEllipse, nominalImpactLatitudeRad: Double, nominalImpactLongitudeRad: Double,
                impactSpeedKmPerS: Double, apogee: PredictedApogee, path: [PredictedPathPoint], betaKgPerM2: Double,
                betaFromEstimate: Bool, groundRangeKm: Double?) {
        self.estimateTime = estimateTime
        self.isInstantaneousImpactPoint = isInstantaneousImpactPoint
        self.impactTime = impactTime
        self.impactTimeSigmaS = impactTimeSigmaS
        self.ellipse = ellipse
        self.nominalImpactLatitudeRad = nominalImpactLatitudeRad
        self.nominalImpactLongitudeRad = nominalImpactLongitudeRad
        self.impactSpeedKmPerS = impactSpeedKmPerS
        self.apogee = apogee
        self.path = path
        self.betaKgPerM2 = betaKgPerM2
        self.betaFromEstimate = betaFromEstimate
        self.groundRangeKm = groundRangeKm
    }

    /// Mean impact latitude, rad.
    public var impactLatitudeRad: Double { ellipse.meanLatitudeRad }
    /// Mean impact longitude, rad.
    public var impactLongitudeRad: Double { ellipse.meanLongitudeRad }
    /// Seconds from the estimate to the mean impact.
    public var timeToImpactS: Double { impactTime.secondsSince(estimateTime) }
}

/// Predicts the impact point, time and uncertainty ellipse of a ballistic missile from a tracker's
/// ``MissileStateEstimate``.
///
/// Model: the estimate's Earth-fixed state is coasted (no thrust) to the WGS84 ellipsoid by
/// ``TwoStepCoast`` (J2 gravity, rotating Earth, USSA-1976 drag with ballistic coefficient β). β comes
/// from the estimate when it is there, else ``defaultBetaKgPerM2`` with ``defaultBetaSigmaKgPerM2``.
///
/// Uncertainty: the unscented transform of S. J. Julier and J. K. Uhlmann, "Unscented filtering and
/// nonlinear estimation", *Proc. IEEE* 92(3):401–422, 2004 (the symmetric sigma set, eq. 12): the
/// n = 6 state dimensions (7 with β when its σ is positive) give 2n + 1 points x̄ and x̄ ± columns of
/// √((n + κ)P) (lower Cholesky factor), weights W₀ = κ/(n + κ), Wᵢ = 1/(2(n + κ)). Each point is coasted
/// to impact; the impact points are mapped into the azimuthal-equidistant east/north plane of the
/// central point's impact (``Vincenty1975``), averaged, and the covariance is formed about the mean.
/// κ = 0 by default (W₀ = 0: every weight positive so the covariance is positive semi-definite; the
/// points lie at ±√n σ). The β sigma points are clamped to ≥ 10 % of β̄.
///
/// While the estimate is burning (boost probability > 0.5) the same computation gives the
/// instantaneous impact point, flagged ``ImpactPrediction/isInstantaneousImpactPoint``.
public struct ImpactPredictor: Sendable {
    /// The coast integrator (its environment is the Earth).
    public var coast: TwoStepCoast
    /// β when the estimate has none: 5,000 kg/m², a mid value for ballistic-missile reentry vehicles
    /// (the generic ICBM RV here has 5,000, the IRBM 10,000, the SRBM 4,300).
    public var defaultBetaKgPerM2: Double
    /// 1σ of the default β, kg/m² (unknown β: wide).
    public var defaultBetaSigmaKgPerM2: Double
    /// κ of the unscented transform.
    public var kappa: Double

    public init(coast: TwoStepCoast = TwoStepCoast(), defaultBetaKgPerM2: Double = 5_000,
                defaultBetaSigmaKgPerM2: Double = 1_500, kappa: Double = 0) {
        self.coast = coast
        self.defaultBetaKgPerM2 = defaultBetaKgPerM2
        self.defaultBetaSigmaKgPerM2 = defaultBetaSigmaKgPerM2
        self.kappa = kappa
    }

    /// Predicts the impact of `estimate`; `launchPoint` (if known) gives ``ImpactPrediction/groundRangeKm``.
    /// Errors: a covariance that is not finite or not positive semi-definite, a bad β, or a sigma point
    /// that does not come down within the coast's time limit.
    public func predict(_ estimate: MissileStateEstimate, launchPoint: Geodetic? = nil) throws -> ImpactPrediction {
        let beta: Double, betaSigma: Double, fromEstimate: Bool
        if let b = estimate.ballisticCoefficientKgPerM2 {
            beta = b; betaSigma = estimate.ballisticCoefficientSigmaKgPerM2 ?? 0; fromEstimate = true
        } else {
            beta = defaultBetaKgPerM2; betaSigma = defaultBetaSigmaKgPerM2; fromEstimate = false
        }
        guard beta.isFinite, beta > 0, betaSigma.isFinite, betaSigma >= 0 else {
            throw MissileWarningError(.badField, "expected a positive ballistic coefficient and a non-negative σ",
                                      field: "ballistic_coefficient", value: "\(beta) ± \(betaSigma) kg/m²")
        }
        let n = betaSigma > 0 ? 7 : 6
        guard kappa.isFinite, Double(n) + kappa > 0 else {
            throw MissileWarningError(.badField, "n + κ must be positive", field: "kappa", value: "\(kappa)")
        }
        var p = [Double](repeating: 0, count: n * n)
        for i in 0 ..< 6 { for j in 0 ..< 6 { p[i * n + j] = estimate.covariance(i, j) } }
        if n == 7 { p[48] = betaSigma * betaSigma }
        let scale = Double(n) + kappa
        let l = try Self.cholesky(p.map { $0 * scale }, n: n)

        // Central point: the nominal path.
        let center = try coast.coast(positionKm: estimate.positionKm, velocityKmPerS: estimate.velocityKmPerS,
                                     betaKgPerM2: beta, recordSamples: true)
        let lat0 = center.impact.geodetic.latitudeRad, lon0 = center.impact.geodetic.longitudeRad
        let ellipsoid = coast.environment.ellipsoid
        func plane(_ g: Geodetic) -> SIMD2<Double> {
            let inv = Vincenty1975.inverse(latitude1Rad: lat0, longitude1Rad: lon0, latitude2Rad: g.latitudeRad,
                                           longitude2Rad: g.longitudeRad, ellipsoid: ellipsoid)
            return SIMD2(inv.distanceKm * sin(inv.initialAzimuthRad), inv.distanceKm * cos(inv.initialAzimuthRad))
        }
        let w0 = kappa / scale, wi = 1 / (2 * scale)
        var points: [(SIMD2<Double>, Double, Double)] = [(SIMD2(0, 0), center.impact.timeS, w0)]
        points.reserveCapacity(2 * n + 1)
        for k in 0 ..< n {
            for sign in [1.0, -1.0] {
                var dr = SIMD3<Double>(), dv = SIMD3<Double>()
                for i in 0 ..< 3 { dr[i] = sign * l[i * n + k]; dv[i] = sign * l[(i + 3) * n + k] }
                let b = n == 7 ? max(0.1 * beta, beta + sign * l[6 * n + k]) : beta
                let c: TwoStepCoast.Result
                do {
                    c = try coast.coast(positionKm: estimate.positionKm + dr, velocityKmPerS: estimate.velocityKmPerS + dv,
                                        betaKgPerM2: b)
                } catch var e as MissileWarningError {
                    e.message = "sigma point \(2 * k + (sign > 0 ? 1 : 2)): " + e.message
                    throw e
                }
                points.append((plane(c.impact.geodetic), c.impact.timeS, wi))
            }
        }
        var mean = SIMD2<Double>(), meanT = 0.0
        for (x, t, w) in points { mean += w * x; meanT += w * t }
        let r = (mean * mean).sum().squareRoot()
        let m = r == 0 ? (latitudeRad: lat0, longitudeRad: lon0)
            : Vincenty1975.direct(latitudeRad: lat0, longitudeRad: lon0, azimuthRad: atan2(mean.x, mean.y), distanceKm: r,
                                  ellipsoid: ellipsoid)
        var ee = 0.0, en = 0.0, nn = 0.0, tt = 0.0
        for (x, t, w) in points {
            let d = x - mean
            ee += w * d.x * d.x; en += w * d.x * d.y; nn += w * d.y * d.y; tt += w * (t - meanT) * (t - meanT)
        }
        let ellipse = ImpactEllipse(meanLatitudeRad: m.latitudeRad, meanLongitudeRad: m.longitudeRad, covarianceEastEastKm2: ee,
                                    covarianceEastNorthKm2: en, covarianceNorthNorthKm2: nn)
        let path = center.samples.map {
            PredictedPathPoint(time: estimate.time.advanced(bySeconds: $0.timeS), latitudeRad: $0.geodetic.latitudeRad,
                               longitudeRad: $0.geodetic.longitudeRad, altitudeKm: $0.geodetic.altitudeKm)
        }
        let a = center.apogee
        let apogee = PredictedApogee(time: estimate.time.advanced(bySeconds: a.timeS), altitudeKm: a.geodetic.altitudeKm,
                                     latitudeRad: a.geodetic.latitudeRad, longitudeRad: a.geodetic.longitudeRad, isPast: a.timeS == 0)
        var range: Double? = nil
        if let launchPoint {
            range = Vincenty1975.distanceKm(latitude1Rad: launchPoint.latitudeRad, longitude1Rad: launchPoint.longitudeRad,
                                            latitude2Rad: m.latitudeRad, longitude2Rad: m.longitudeRad, ellipsoid: ellipsoid)
        }
        return ImpactPrediction(estimateTime: estimate.time, isInstantaneousImpactPoint: estimate.boostProbability > 0.5,
                                impactTime: estimate.time.advanced(bySeconds: meanT), impactTimeSigmaS: max(0, tt).squareRoot(),
                                ellipse: ellipse, nominalImpactLatitudeRad: lat0, nominalImpactLongitudeRad: lon0,
                                impactSpeedKmPerS: (center.impact.velocityKmPerS * center.impact.velocityKmPerS).sum().squareRoot(),
                                apogee: apogee, path: path, betaKgPerM2: beta, betaFromEstimate: fromEstimate, groundRangeKm: range)
    }

    /// Lower Cholesky factor of a symmetric positive semi-definite n×n matrix (row-major). A zero pivot
    /// (a direction without uncertainty) gives a zero column; a clearly negative one is an error.
    static func cholesky(_ a: [Double], n: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        let tiny = 1e-14 * max(1e-300, (0 ..< n).map { abs(a[$0 * n + $0]) }.max() ?? 0)
        for j in 0 ..< n {
            for i in 0 ..< n where !a[i * n + j].isFinite || abs(a[i * n + j] - a[j * n + i]) > 1e-9 * max(1, abs(a[i * n + j])) {
                throw MissileWarningError(.badField, "the covariance must be finite and symmetric", field: "covariance",
                                          value: "element (\(i), \(j)) = \(a[i * n + j])")
            }
            var d = a[j * n + j]
            for k in 0 ..< j { d -= l[j * n + k] * l[j * n + k] }
            if d < -1e-9 * max(1, abs(a[j * n + j])) && d < -tiny {
                throw MissileWarningError(.badField, "the covariance is not positive semi-definite", field: "covariance",
                                          value: "pivot \(j) = \(d)")
            }
            if d <= tiny { continue }   // zero column
            let djj = d.squareRoot()
            l[j * n + j] = djj
            for i in (j + 1) ..< n {
                var s = a[i * n + j]
                for k in 0 ..< j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / djj
            }
        }
        return l
    }
}
