import Foundation

/// The probability-of-collision methods for short-term encounters, each named by provenance.
public enum PcMethod: String, CaseIterable, Sendable {
    /// ``Foster1992``: numerical integration of the 2D Gaussian over the hard-body circle.
    case foster1992 = "foster"
    /// ``Chan1997``: Chan's series for the equivalent-area circle.
    case chan1997 = "chan"
    /// ``Alfano2005``: Alfano's Simpson-rule integration with error functions.
    case alfano2005 = "alfano"
    /// ``Patera2005``: Patera's contour integral around the hard-body circle.
    case patera2005 = "patera"
    /// ``MonteCarloPc``: counting random relative positions that fall in the hard-body circle.
    case monteCarlo = "montecarlo"
}

/// Something about an encounter that makes a 2D Pc questionable or impossible; reported, never
/// silently absorbed into the number.
public enum UsageFlag: String, Hashable, Sendable, CaseIterable {
    /// The relative velocity is zero (or too small to define a direction): there is no encounter
    /// plane and no 2D Pc. Use a 3D or Monte Carlo method from epoch. (Alfano 2009 case 12.)
    case zeroRelativeVelocity
    /// A position, velocity, covariance term or the hard-body radius was NaN or infinite (an
    /// infinite radius is allowed): no plane and no Pc.
    case invalidInput
    /// The relative position was zero or near zero and was moved by max(10 ulp(|r|), 1e-6 HBR)
    /// normal to the relative velocity so an encounter plane exists (as CARA's `PcCircle`).
    case zeroMissDistancePerturbed
    /// The combined covariance projected onto the encounter plane had an eigenvalue ≤ 0.
    case nonPositiveDefiniteCovariance
    /// An eigenvalue of the projected combined covariance was below (1e-4 HBR)² and was raised
    /// to it (CARA's eigenvalue clipping, `PcCircle.m`); the Pc is that of the clipped covariance.
    case covarianceClipped
    /// The encounter lasts long compared with the orbit (CARA's rectilinear "Extended" indicator,
    /// ``RectilinearUsage/extended``, above its cut-off): the short-term assumptions behind a 2D Pc
    /// are doubtful; compare with a 3D or Monte Carlo Pc.
    case longEncounterDuration
    /// The encounter is centred far from the given states' time (CARA's rectilinear "Offset"
    /// indicator, ``RectilinearUsage/offset``, above its cut-off).
    case offsetFromTCA
    /// The miss distance is smaller than the hard-body radius.
    case missInsideHardBody
    /// The method's own approximation is known to be poor here (e.g. Chan's series for a very
    /// elongated ellipse, or Patera's contour passing through the mean).
    case methodApproximationDoubtful
}

/// A probability of collision, the method that produced it, and what to be careful about.
public struct CollisionProbability: Sendable, Hashable {
    /// The probability, or nil when the method cannot give one (e.g. ``UsageFlag/zeroRelativeVelocity``).
    public var value: Double?
    /// The method.
    public var method: PcMethod
    /// Usage violations and remediations.
    public var flags: Set<UsageFlag>
    /// For Monte Carlo: the Clopper–Pearson confidence interval at ``confidenceLevel``.
    public var confidenceInterval: ClosedRange<Double>?
    /// For Monte Carlo: the confidence level of ``confidenceInterval`` (e.g. 0.95).
    public var confidenceLevel: Double?
    /// For Monte Carlo: hits in the hard-body circle.
    public var hits: Int?
    /// For Monte Carlo: trials drawn.
    public var trials: Int?

    /// A result.
    public init(value: Double?, method: PcMethod, flags: Set<UsageFlag> = [],
                confidenceInterval: ClosedRange<Double>? = nil, confidenceLevel: Double? = nil,
                hits: Int? = nil, trials: Int? = nil) {
        self.value = value
        self.method = method
        self.flags = flags
        self.confidenceInterval = confidenceInterval
        self.confidenceLevel = confidenceLevel
        self.hits = hits
        self.trials = trials
    }
}
