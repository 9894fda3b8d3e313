import Foundation

/// A short-term (linear relative motion) encounter of two objects at TCA: the encounter plane,
/// the miss vector in it and the combined covariance projected onto it, following NASA CARA's
/// `PcCircle.m` conventions (CARA_Analysis_Tools, D. Hall and L. Baars, 2022–2024):
///
/// - r = r₁ − r₂, v = v₁ − v₂; encounter axes ŷ = v/|v|, ẑ = (r × v)/|r × v|, x̂ = ŷ × ẑ.
/// - The combined covariance C₁ + C₂ (objects assumed uncorrelated) is projected onto (x̂, ẑ)
///   and eigen-decomposed; eigenvalues below (1e-4·HBR)² are raised to that level
///   (``UsageFlag/covarianceClipped``; a non-positive one also sets
///   ``UsageFlag/nonPositiveDefiniteCovariance``). Nothing traps on a bad covariance.
/// - The miss distance is the full |r| placed along x̂ — not r projected onto the plane — so a
///   state slightly off TCA is used as given. ``linearTCAAdjusted()`` first moves both objects
///   to the linear TCA, as CARA's `FindNearbyCA` does for its recommended `Pc2D`.
public struct ShortTermEncounter: Sendable {
    /// The primary object at TCA.
    public let primary: EncounterObject
    /// The secondary object at TCA.
    public let secondary: EncounterObject
    /// Combined hard-body radius (sum of the two objects' radii), km.
    public let hardBodyRadiusKm: Double

    /// r₁ − r₂, km (after the zero-miss perturbation, if any).
    public let relativePositionKm: SIMD3<Double>
    /// v₁ − v₂, km/s.
    public let relativeVelocityKmPerS: SIMD3<Double>
    /// Unit vectors of the encounter frame in the objects' inertial axes: x̂ (in-plane, along
    /// the miss), ŷ (along the relative velocity, normal to the plane) and ẑ (in-plane, normal
    /// to the relative orbit). Zero vectors when there is no plane.
    public let axes: (x: SIMD3<Double>, y: SIMD3<Double>, z: SIMD3<Double>)
    /// The combined position covariance projected onto the plane, before clipping, km²:
    /// (xx, xz, zz) in the (x̂, ẑ) axes. Zero when there is no plane.
    public let projectedCovarianceKm2: SIMD3<Double>
    /// The plane in principal axes (after clipping), or nil without a relative velocity.
    public let plane: EncounterPlane?
    /// Geometry and covariance flags, shared by every method's result.
    public let flags: Set<UsageFlag>

    /// The encounter of `primary` and `secondary` with combined hard-body radius `hardBodyRadiusKm`.
    ///
    /// `limits` are the cut-offs of CARA's rectilinear indicators (see ``usage``) above which
    /// ``UsageFlag/longEncounterDuration`` and ``UsageFlag/offsetFromTCA`` are raised; CARA calls
    /// extended > 0.02 and offset > 0.01 unacceptable.
    public init(primary: EncounterObject, secondary: EncounterObject, hardBodyRadiusKm: Double,
                limits: (extended: Double, offset: Double) = (0.02, 0.01)) {
        self.primary = primary
        self.secondary = secondary
        self.limits = limits
        let hbr = hardBodyRadiusKm > 0 ? hardBodyRadiusKm : 0
        self.hardBodyRadiusKm = hbr
        var flags: Set<UsageFlag> = []
        var r = primary.positionKm - secondary.positionKm
        let v = primary.velocityKmPerS - secondary.velocityKmPerS
        let speed = EncounterMath.norm(v)
        let speedScale = max(EncounterMath.norm(primary.velocityKmPerS), EncounterMath.norm(secondary.velocityKmPerS))
        let combined = primary.positionCovarianceKm2 + secondary.positionCovarianceKm2

        let finiteInputs = [primary, secondary].allSatisfy { o in
            let c = o.positionCovarianceKm2
            return [o.positionKm, o.velocityKmPerS, c.row0, c.row1, c.row2].allSatisfy {
                $0.x.isFinite && $0.y.isFinite && $0.z.isFinite
            }
        } && !hardBodyRadiusKm.isNaN
        guard finiteInputs, speed > 1e-15 * speedScale, speed > 0 else {
            flags.insert(finiteInputs ? .zeroRelativeVelocity : .invalidInput)
            relativePositionKm = r; relativeVelocityKmPerS = v
            axes = (.zero, .zero, .zero); projectedCovarianceKm2 = .zero
            plane = nil; self.flags = flags
            usage = nil
            return
        }

        // Zero miss distance: move r off the relative velocity line (CARA PcCircle.m).
        let rNorm = EncounterMath.norm(r)
        let rEps = max(10 * rNorm.ulp, hbr.isFinite ? 1e-6 * hbr : 0)
        if rNorm < rEps {
            let sum = primary.positionKm + secondary.positionKm
            var shift = EncounterMath.cross(sum, v)
            if EncounterMath.norm(shift) == 0 { shift = Self.anyNormal(to: v) }
            r += rEps * shift / EncounterMath.norm(shift)
            flags.insert(.zeroMissDistancePerturbed)
        }
        var h = EncounterMath.cross(r, v)
        // r along v (states away from TCA): any plane orientation will do; |r| still goes along x̂.
        if EncounterMath.norm(h) == 0 { h = Self.anyNormal(to: v) }
        relativePositionKm = r
        relativeVelocityKmPerS = v
        let y = v / speed
        let z = h / EncounterMath.norm(h)
        let x = EncounterMath.cross(y, z)
        axes = (x, y, z)

        let cxx = combined.bilinear(x, x), cxz = combined.bilinear(x, z), czz = combined.bilinear(z, z)
        projectedCovarianceKm2 = SIMD3(cxx, cxz, czz)
        let eigen = SymmetricEigen2(xx: cxx, xz: cxz, zz: czz)
        var l1 = eigen.largest, l2 = eigen.smallest
        if l2 <= 0 { flags.insert(.nonPositiveDefiniteCovariance) }
        if hbr.isFinite {
            let clip = (1e-4 * hbr) * (1e-4 * hbr)
            if l1 < clip { l1 = clip; flags.insert(.covarianceClipped) }
            if l2 < clip { l2 = clip; flags.insert(.covarianceClipped) }
        }
        // The miss |r| lies along x̂ = (1, 0) in the (x̂, ẑ) plane; its principal components are
        // the components of (1, 0) on the two eigenvectors, as CARA's xm = |r|·|V1(1)|, zm = |r|·|V1(2)|.
        let missNorm = EncounterMath.norm(r)
        plane = EncounterPlane(
            principalMissKm: SIMD2(missNorm * abs(eigen.majorVector.x), missNorm * abs(eigen.majorVector.y)),
            principalSigmaKm: SIMD2(max(l1, 0).squareRoot(), max(l2, 0).squareRoot()),
            hardBodyRadiusKm: hbr)
        if missNorm < hbr { flags.insert(.missInsideHardBody) }

        // CARA's rectilinear usage indicators (UsageViolationPc2D.m).
        usage = RectilinearUsage(relativePositionKm: r, relativeVelocityKmPerS: v, combinedCovarianceKm2: combined,
                                 hardBodyRadiusKm: hbr,
                                 periodsS: (Self.orbitalPeriodS(primary), Self.orbitalPeriodS(secondary)))
        if let usage {
            if usage.extended > limits.extended { flags.insert(.longEncounterDuration) }
            if usage.offset > limits.offset { flags.insert(.offsetFromTCA) }
        }
        self.flags = flags
    }

    /// |r₁ − r₂|, km: the full separation at the given states (CARA's miss distance).
    public var missDistanceKm: Double { EncounterMath.norm(relativePositionKm) }
    /// |v₁ − v₂|, km/s.
    public var relativeSpeedKmPerS: Double { EncounterMath.norm(relativeVelocityKmPerS) }

    /// The indicator cut-offs this encounter was built with.
    public let limits: (extended: Double, offset: Double)

    /// CARA's rectilinear usage indicators (encounter duration and offset against the orbital
    /// period); nil without a relative velocity.
    public let usage: RectilinearUsage?

    /// The linear time of closest approach relative to the given states,
    /// Δt = −(r₂ − r₁)·(v₂ − v₁)/|v₂ − v₁|², s (CARA `FindNearbyCA`, linear motion).
    public var linearTCAOffsetS: Double {
        let s2 = EncounterMath.dot(relativeVelocityKmPerS, relativeVelocityKmPerS)
        guard s2 > 0 else { return 0 }
        return -EncounterMath.dot(relativePositionKm, relativeVelocityKmPerS) / s2
    }

    /// The same encounter with both objects moved in straight lines by ``linearTCAOffsetS``
    /// (covariances unchanged), as CARA does before its recommended `Pc2D`.
    public func linearTCAAdjusted() -> ShortTermEncounter {
        let dt = linearTCAOffsetS
        var p = primary, s = secondary
        p.positionKm += dt * p.velocityKmPerS
        s.positionKm += dt * s.velocityKmPerS
        return ShortTermEncounter(primary: p, secondary: s, hardBodyRadiusKm: hardBodyRadiusKm, limits: limits)
    }

    private static func anyNormal(to v: SIMD3<Double>) -> SIMD3<Double> {
        let trial: SIMD3<Double> = abs(v.x) < abs(v.y) ? [1, 0, 0] : [0, 1, 0]
        return EncounterMath.cross(trial, v)
    }

    /// Keplerian period from vis-viva (μ = 398600.4418 km³/s², EGM96/WGS84); infinite if unbound.
    static func orbitalPeriodS(_ object: EncounterObject) -> Double {
        let mu = 398_600.4418
        let r = EncounterMath.norm(object.positionKm)
        let v2 = EncounterMath.dot(object.velocityKmPerS, object.velocityKmPerS)
        let inverseA = 2 / r - v2 / mu
        guard inverseA > 0 else { return .infinity }
        let a = 1 / inverseA
        return 2 * Double.pi * (a * a * a / mu).squareRoot()
    }

    /// The probability of collision by `method` with its default settings (``Foster1992``:
    /// adaptive to 1e-12; ``Patera2005``: 1e-10; ``MonteCarloPc``: 1,000,000 trials, seed 1, 95 %).
    ///
    /// The value is nil, and ``UsageFlag/zeroRelativeVelocity`` set, when there is no encounter
    /// plane. The encounter's own flags are carried into every result.
    public func probability(_ method: PcMethod) -> CollisionProbability {
        switch method {
        case .foster1992: return probability(using: Foster1992())
        case .chan1997:
            var result = twoDimensional(.chan1997) { Chan1997.probability($0) }
            if let plane, Chan1997.isApproximationDoubtful(plane) { result.flags.insert(.methodApproximationDoubtful) }
            return result
        case .alfano2005: return twoDimensional(.alfano2005) { Alfano2005.probability($0) }
        case .patera2005: return probability(using: Patera2005())
        case .monteCarlo: return probability(using: MonteCarloPc())
        }
    }

    /// The probability by ``Foster1992`` with the given quadrature.
    public func probability(using foster: Foster1992) -> CollisionProbability {
        twoDimensional(.foster1992) { foster.probability($0) }
    }

    /// The probability by ``Patera2005`` with the given tolerance.
    public func probability(using patera: Patera2005) -> CollisionProbability {
        twoDimensional(.patera2005) { patera.probability($0) }
    }

    /// The probability by ``MonteCarloPc`` with the given trials, seed and confidence level.
    public func probability(using monteCarlo: MonteCarloPc) -> CollisionProbability {
        guard let plane else { return CollisionProbability(value: nil, method: .monteCarlo, flags: flags) }
        var result = monteCarlo.probability(plane)
        result.flags.formUnion(flags)
        return result
    }

    private func twoDimensional(_ method: PcMethod, _ compute: (EncounterPlane) -> Double) -> CollisionProbability {
        guard let plane else { return CollisionProbability(value: nil, method: method, flags: flags) }
        return CollisionProbability(value: compute(plane), method: method, flags: flags)
    }
}
