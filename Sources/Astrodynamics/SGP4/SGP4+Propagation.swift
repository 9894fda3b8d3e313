#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

extension SGP4 {
    /// The largest |minutes since epoch| accepted: 1e8 minutes, about 190 years. Beyond it
    /// ``propagate(minutesSinceEpoch:)`` reports ``SGP4Error/Code/invalidInput`` rather than run the
    /// resonance integrator for |t| / 720 steps (SGP4 itself is meaningless long before).
    public static let maximumMinutesSinceEpoch = 1.0e8

    /// Position and velocity in TEME at `minutesSinceEpoch` (Vallado's `sgp4`).
    ///
    /// The hot path: no allocation, no existentials, no mutation. For resonant deep-space orbits the
    /// resonance is integrated from epoch on every call (|t| / 720 steps), which gives the same
    /// numbers as Vallado's carried integrator state.
    ///
    /// - Parameter minutesSinceEpoch: time since the element epoch, minutes (negative for earlier).
    /// - Returns: position in km and velocity in km/s, TEME of date.
    /// - Throws: ``SGP4Error`` with Vallado's code (1 mean eccentricity, 2 mean motion, 3 perturbed
    ///   eccentricity, 4 semi-latus rectum, 6 decayed) and the time and value that failed;
    ///   ``SGP4Error/Code/invalidInput`` for a time that is not finite or beyond
    ///   ``maximumMinutesSinceEpoch``, and
    ///   ``SGP4Error/Code/nonFiniteResult`` if anything else would come out non-finite. A result is
    ///   never NaN or infinite. Like Vallado, a decayed orbit (radius below one Earth radius) is an
    ///   error even though a position could be computed.
    @inlinable
    public func propagate(minutesSinceEpoch t: Double) throws(SGP4Error)
        -> (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>)
    {
        // Also false for NaN. The bound keeps the resonance integrator (|t| / 720 steps) finite.
        guard abs(t) <= SGP4.maximumMinutesSinceEpoch else {
            throw SGP4Error(.invalidInput, minutesSinceEpoch: t, offendingValue: t)
        }
        let twopi = 2.0 * Double.pi
        let x2o3 = 2.0 / 3.0
        let temp4 = 1.5e-12

        // ------------------------------------------- secular gravity and atmospheric drag
        let xmdf = mo + mdot * t
        let argpdf = argpo + argpdot * t
        let nodedf = nodeo + nodedot * t
        var argpm = argpdf
        var mm = xmdf
        let t2 = t * t
        var nodem = nodedf + nodecf * t2
        var tempa = 1.0 - cc1 * t
        var tempe = bstar * cc4 * t
        var templ = t2cof * t2

        if !isimp {
            let delomg = omgcof * t
            let delmtemp = 1.0 + eta * cos(xmdf)
            let delm = xmcof * (delmtemp * delmtemp * delmtemp - delmo)
            let temp = delomg + delm
            mm = xmdf + temp
            argpm = argpdf - temp
            let t3 = t2 * t
            let t4 = t3 * t
            tempa = tempa - d2 * t2 - d3 * t3 - d4 * t4
            tempe = tempe + bstar * cc5 * (sin(mm) - sinmao)
            templ = templ + t3cof * t3 + t4 * (t4cof + t * t5cof)
        }

        var nm = noUnkozai
        var em = ecco
        var inclm = inclo
        if deepSpace {
            deep.applySecular(t: t, em: &em, argpm: &argpm, inclm: &inclm, mm: &mm, nodem: &nodem, nm: &nm)
        }

        if nm <= 0.0 {
            throw SGP4Error(.meanMotionNotPositive, minutesSinceEpoch: t, offendingValue: nm)
        }
        // (xke / nm)^(2/3) is a constant unless the resonance changed nm.
        let aoNow = nm == noUnkozai ? aoBeforeDrag : pow(xke / nm, x2o3)
        let am = aoNow * tempa * tempa
        nm = xke / pow(am, 1.5)
        em = em - tempe

        if em >= 1.0 || em < -0.001 {
            throw SGP4Error(.meanEccentricityOutOfRange, minutesSinceEpoch: t, offendingValue: em)
        }
        // Avoid a divide by zero.
        if em < 1.0e-6 { em = 1.0e-6 }
        mm = mm + noUnkozai * templ
        var xlm = mm + argpm + nodem

        nodem = fmod(nodem, twopi)
        argpm = fmod(argpm, twopi)
        xlm = fmod(xlm, twopi)
        mm = fmod(xlm - argpm - nodem, twopi)

        // ------------------------------------------------------ lunar-solar periodics
        var ep = em
        var xincp = inclm
        var argpp = argpm
        var nodep = nodem
        var mp = mm
        var sinip = sin(inclm)
        var cosip = cos(inclm)
        var aycof = self.aycof
        var xlcof = self.xlcof
        var con41 = self.con41
        var x1mth2 = self.x1mth2
        var x7thm1 = self.x7thm1
        if deepSpace {
            deep.applyPeriodics(t: t, ep: &ep, inclp: &xincp, nodep: &nodep, argpp: &argpp, mp: &mp, afspc: afspc)
            if xincp < 0.0 {
                xincp = -xincp
                nodep = nodep + Double.pi
                argpp = argpp - Double.pi
            }
            if ep < 0.0 || ep > 1.0 {
                throw SGP4Error(.perturbedEccentricityOutOfRange, minutesSinceEpoch: t, offendingValue: ep)
            }
            // Long-period periodics with the perturbed inclination.
            sinip = sin(xincp)
            cosip = cos(xincp)
            aycof = -0.5 * j3oj2 * sinip
            if abs(cosip + 1.0) > 1.5e-12 {
                xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / (1.0 + cosip)
            } else {
                xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / temp4
            }
        }
        let axnl = ep * cos(argpp)
        var temp = 1.0 / (am * (1.0 - ep * ep))
        let aynl = ep * sin(argpp) + temp * aycof
        let xl = mp + argpp + nodep + temp * xlcof * axnl

        // ------------------------------------------------------ Kepler's equation
        let u = fmod(xl - nodep, twopi)
        var eo1 = u
        var tem5 = 9999.9
        var ktr = 1
        var sineo1 = 0.0
        var coseo1 = 0.0
        while abs(tem5) >= 1.0e-12 && ktr <= 10 {
            sineo1 = sin(eo1)
            coseo1 = cos(eo1)
            tem5 = 1.0 - coseo1 * axnl - sineo1 * aynl
            tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5
            if abs(tem5) >= 0.95 {
                tem5 = tem5 > 0.0 ? 0.95 : -0.95
            }
            eo1 = eo1 + tem5
            ktr = ktr + 1
        }

        // ------------------------------------------ short-period preliminary quantities
        let ecose = axnl * coseo1 + aynl * sineo1
        let esine = axnl * sineo1 - aynl * coseo1
        let el2 = axnl * axnl + aynl * aynl
        let pl = am * (1.0 - el2)
        if pl < 0.0 {
            throw SGP4Error(.semiLatusRectumNegative, minutesSinceEpoch: t, offendingValue: pl)
        }
        let rl = am * (1.0 - ecose)
        let rdotl = am.squareRoot() * esine / rl
        let rvdotl = pl.squareRoot() / rl
        let betal = (1.0 - el2).squareRoot()
        temp = esine / (1.0 + betal)
        let sinu = am / rl * (sineo1 - aynl - axnl * temp)
        let cosu = am / rl * (coseo1 - axnl + aynl * temp)
        var su = atan2(sinu, cosu)
        let sin2u = (cosu + cosu) * sinu
        let cos2u = 1.0 - 2.0 * sinu * sinu
        temp = 1.0 / pl
        let temp1 = 0.5 * j2 * temp
        let temp2 = temp1 * temp

        // ------------------------------------------------ short-period periodics
        if deepSpace {
            let cosisq = cosip * cosip
            con41 = 3.0 * cosisq - 1.0
            x1mth2 = 1.0 - cosisq
            x7thm1 = 7.0 * cosisq - 1.0
        }
        let mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u
        su = su - 0.25 * temp2 * x7thm1 * sin2u
        let xnode = nodep + 1.5 * temp2 * cosip * sin2u
        let xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u
        let mvt = rdotl - nm * temp1 * x1mth2 * sin2u / xke
        let rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / xke

        // ------------------------------------------------------ orientation vectors
        let sinsu = sin(su)
        let cossu = cos(su)
        let snod = sin(xnode)
        let cnod = cos(xnode)
        let sini = sin(xinc)
        let cosi = cos(xinc)
        let xmx = -snod * cosi
        let xmy = cnod * cosi
        let ux = xmx * sinsu + cnod * cossu
        let uy = xmy * sinsu + snod * cossu
        let uz = sini * sinsu
        let vx = xmx * cossu - cnod * sinsu
        let vy = xmy * cossu - snod * sinsu
        let vz = sini * cossu

        // ------------------------------------------- position (km) and velocity (km/s)
        let r = SIMD3(mrt * ux, mrt * uy, mrt * uz) * radiusearthkm
        let v = SIMD3(mvt * ux + rvdot * vx, mvt * uy + rvdot * vy, mvt * uz + rvdot * vz) * vkmpersec

        if mrt < 1.0 {
            throw SGP4Error(.decayed, minutesSinceEpoch: t, offendingValue: mrt)
        }
        guard r.x.isFinite && r.y.isFinite && r.z.isFinite && v.x.isFinite && v.y.isFinite && v.z.isFinite else {
            let bad = !r.x.isFinite ? r.x : !r.y.isFinite ? r.y : !r.z.isFinite ? r.z
                : !v.x.isFinite ? v.x : !v.y.isFinite ? v.y : v.z
            throw SGP4Error(.nonFiniteResult, minutesSinceEpoch: t, offendingValue: bad)
        }
        return (r, v)
    }

    /// The TEME state at `instant`: ``propagate(minutesSinceEpoch:)`` at
    /// `instant.secondsSince(epoch) / 60`.
    ///
    /// The minutes are elapsed SI time (TAI) since the epoch. Tools that subtract UTC Julian dates
    /// (python-sgp4's `sgp4(jd, fr)`) differ by one second across each leap second between the epoch
    /// and `instant`.
    @inlinable
    public func state(at instant: Instant) throws(SGP4Error) -> State<TEME> {
        let minutes = instant.secondsSince(elements.epoch) / 60.0
        let (r, v) = try propagate(minutesSinceEpoch: minutes)
        return State(epoch: instant, positionKm: r, velocityKmPerS: v)
    }
}
