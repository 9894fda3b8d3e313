import Foundation
import Astrodynamics

/// Predicts what a ground sensor measures of an object: the geometric (no refraction, no light
/// time) range, azimuth, elevation and range rate from the site, and the topocentric right
/// ascension and declination in GCRF — Vallado, *Fundamentals of Astrodynamics and
/// Applications*, 4th ed., Algorithm 27 (`rv2razel`) and Algorithm 26 (`rv2tradc`).
///
/// The Earth-orientation rotations are the expensive part, so a prediction takes them as a
/// ``TEMERotations`` value computed once per instant; simulation and correlation share them
/// across every object seen at that instant.
public struct MeasurementModel: Sendable {
    /// Earth orientation (UT1−UTC, polar motion) used for TEME → ITRF.
    public let eop: EarthOrientationTable
    public let leapSeconds: LeapSecondTable

    public init(eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) {
        self.eop = eop
        self.leapSeconds = leapSeconds
    }

    /// The rotations at `instant` (compute once, reuse for every object and sensor at that instant).
    public func rotations(at instant: Instant) -> TEMERotations {
        TEMERotations(at: instant, eop: eop, leapSeconds: leapSeconds)
    }

    /// The topocentric view of a TEME position/velocity from `site`.
    @inlinable
    public func topocentric(positionKm r: SIMD3<Double>, velocityKmPerS v: SIMD3<Double>,
                            from site: GroundSite, rotations: TEMERotations) -> Topocentric {
        let itrf = rotations.itrf(positionKm: r, velocityKmPerS: v)
        let rho = site.enuFromITRF * (itrf.positionKm - site.itrfPositionKm)
        let rhoDot = site.enuFromITRF * itrf.velocityKmPerS
        return Topocentric(eastNorthUpKm: rho, eastNorthUpKmPerS: rhoDot)
    }

    /// What `sensor` would measure of an object at TEME position/velocity at `epoch`
    /// (`rotations` must be for `epoch`). Radars get range, azimuth, elevation and range rate;
    /// optical sensors get right ascension and declination.
    public func predict(positionKm r: SIMD3<Double>, velocityKmPerS v: SIMD3<Double>, epoch: Instant,
                        sensor: Sensor, rotations: TEMERotations) -> Measurement {
        if sensor.kind.isRadar {
            let t = topocentric(positionKm: r, velocityKmPerS: v, from: sensor.site, rotations: rotations)
            return Measurement(epoch: epoch, rangeKm: t.rangeKm, azimuthRad: t.azimuthRad,
                               elevationRad: t.elevationRad, rangeRateKmPerS: t.rangeRateKmPerS)
        }
        let (ra, dec) = rightAscensionDeclination(positionKm: r, from: sensor.site, rotations: rotations)
        return Measurement(epoch: epoch, rightAscensionRad: ra, declinationRad: dec)
    }

    /// Topocentric right ascension and declination (GCRF) of a TEME position seen from `site`, radians.
    public func rightAscensionDeclination(positionKm r: SIMD3<Double>, from site: GroundSite,
                                          rotations: TEMERotations) -> (rightAscensionRad: Double, declinationRad: Double) {
        // Site: ITRF → PEF → TEME (transposes of the rotations), then both to GCRF.
        let sitePEF = rotations.pefToITRF.transposed * site.itrfPositionKm
        let siteTEME = rotations.temeToPEF.transposed * sitePEF
        let rho = rotations.temeToGCRF * (r - siteTEME)
        var ra = atan2(rho.y, rho.x)
        if ra < 0 { ra += 2 * .pi }
        let dec = atan2(rho.z, (rho.x * rho.x + rho.y * rho.y).squareRoot())
        return (ra, dec)
    }
}
