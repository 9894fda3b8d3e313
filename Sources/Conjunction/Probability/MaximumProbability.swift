import Foundation

/// The largest 2D Pc any Gaussian covariance of a given shape could give, for when the
/// covariance is unknown (element sets without covariance).
///
/// S. Alfano, "Relating Position Uncertainty to Maximum Conjunction Probability", Journal of the
/// Astronautical Sciences 53(2), 193–205 (2005); the quantity CelesTrak SOCRATES reports as
/// "Max Probability" (T. S. Kelso and S. Alfano, "Satellite Orbital Conjunction Reports Assessing
/// Threatening Encounters in Space (SOCRATES)", AAS 05-124, 2005).
///
/// Variant implemented (the one SOCRATES describes on its results pages): the aspect ratio
/// AR = σ_major/σ_minor of the projected covariance ellipse is fixed; the ellipse is then
/// *oriented* and *sized* to maximise the Pc. The worst orientation puts the miss vector along
/// the major axis; the size is found by a golden-section search on ln σ, each Pc being the exact
/// ``Foster1992`` integral (not Alfano's small-radius closed form R²·AR/(e·d²), which this
/// approaches when R ≪ d and which ``smallRadiusLimit(missDistanceKm:hardBodyRadiusKm:aspectRatio:)``
/// gives). The minimising standard deviation is the "dilution threshold": a smaller σ gives a
/// smaller Pc because the data are good; a larger one gives a smaller Pc because they are poor.
/// When the combined radius reaches the miss distance the maximum is 1 (SOCRATES does not report
/// these).
///
/// SOCRATES sets AR from radial, in-track and cross-track standard deviations of 100 m, 300 m and
/// 100 m. ``socratesAspectRatio(primary:secondary:)`` reads that as: both objects get
/// diag(0.1, 0.3, 0.1 km)² in their own RTN axes, the sum is projected onto the encounter plane,
/// and AR is the square root of the ratio of its eigenvalues. This reading has not been checked
/// against SOCRATES output.
public enum MaximumProbability {
    /// A maximum Pc and the covariance that gives it.
    public struct Result: Sendable, Hashable {
        /// The maximum probability.
        public var value: Double
        /// Minor-axis standard deviation at the maximum (the dilution threshold), km; 0 when the
        /// maximum is 1 because the miss is inside the hard body.
        public var dilutionThresholdKm: Double
        /// Major-axis standard deviation at the maximum, km (AR × the dilution threshold).
        public var sigmaMajorKm: Double
        /// ``UsageFlag/missInsideHardBody`` when the maximum is 1.
        public var flags: Set<UsageFlag>
    }

    /// Alfano's (2005) maximum Pc for miss distance `missDistanceKm`, combined hard-body radius
    /// `hardBodyRadiusKm` and covariance aspect ratio `aspectRatio` = σ_major/σ_minor ≥ 1.
    public static func alfano2005(missDistanceKm d: Double, hardBodyRadiusKm r: Double,
                                  aspectRatio: Double = 1) -> Result {
        let ar = max(aspectRatio, 1)
        if r >= d { return Result(value: 1, dilutionThresholdKm: 0, sigmaMajorKm: 0, flags: [.missInsideHardBody]) }
        if !(r > 0) { return Result(value: 0, dilutionThresholdKm: 0, sigmaMajorKm: 0, flags: []) }
        let foster = Foster1992(quadrature: .adaptive(relativeTolerance: 1e-11))
        func pc(_ logSigma: Double) -> Double {
            let s = exp(logSigma)
            let plane = EncounterPlane(principalMissKm: SIMD2(d, 0), principalSigmaKm: SIMD2(ar * s, s),
                                       hardBodyRadiusKm: r)
            return foster.probability(plane)
        }
        // Small-radius optimum σ_minor = d/(√2·AR); the search brackets two decades either side.
        let guess = log(d / (2.0.squareRoot() * ar))
        var a = guess - log(100.0), b = guess + log(100.0)
        let phi = (5.0.squareRoot() - 1) / 2
        var c = b - phi * (b - a), e = a + phi * (b - a)
        var fc = pc(c), fe = pc(e)
        for _ in 0..<80 {
            if fc > fe { b = e; e = c; fe = fc; c = b - phi * (b - a); fc = pc(c) }
            else { a = c; c = e; fc = fe; e = a + phi * (b - a); fe = pc(e) }
            if b - a < 1e-10 { break }
        }
        let best = 0.5 * (a + b)
        let sigma = exp(best)
        return Result(value: pc(best), dilutionThresholdKm: sigma, sigmaMajorKm: ar * sigma, flags: [])
    }

    /// Alfano's small-radius closed form of the maximum, R²·AR/(e·d²) (R ≪ d).
    public static func smallRadiusLimit(missDistanceKm d: Double, hardBodyRadiusKm r: Double,
                                        aspectRatio: Double = 1) -> Double {
        r * r * max(aspectRatio, 1) / (exp(1.0) * d * d)
    }

    /// The aspect ratio SOCRATES uses: RTN standard deviations of 0.1, 0.3 and 0.1 km for each
    /// object, summed, projected onto the encounter plane (see the type's discussion). Returns nil
    /// without a relative velocity.
    public static func socratesAspectRatio(primary: (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>),
                                           secondary: (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>),
                                           rtnSigmaKm: SIMD3<Double> = [0.1, 0.3, 0.1]) -> Double? {
        let diag = rtnSigmaKm * rtnSigmaKm
        var terms = Array(repeating: 0.0, count: 21)
        terms[0] = diag.x * 1e6; terms[2] = diag.y * 1e6; terms[5] = diag.z * 1e6
        let rtn = Matrix6(lowerTriangle: terms)
        func object(_ o: (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>)) -> EncounterObject {
            EncounterObject(state: State<GCRF>(epoch: Instant(taiSecondsSince2000: 0), positionKm: o.positionKm,
                                               velocityKmPerS: o.velocityKmPerS),
                            covarianceRTNSquareMeters: rtn)
        }
        let encounter = ShortTermEncounter(primary: object(primary), secondary: object(secondary), hardBodyRadiusKm: 0)
        guard let plane = encounter.plane, plane.sigmaMinorKm > 0 else { return nil }
        return plane.sigmaMajorKm / plane.sigmaMinorKm
    }
}
