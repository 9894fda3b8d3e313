import Astrodynamics
import Foundation

extension MissileWarningPipeline {
    /// The picture so far as a ``MissileTrackReport``: every track ever confirmed (tentative tracks that
    /// never confirmed are counted in the detections, not listed), its final estimates and the warnings.
    public func report(source: String?) -> MissileTrackReport {
        let c = tracker.currentCounters
        let tracks = tracker.tracks.filter(\.wasConfirmed).map(reportTrack)
        let counts = MissileTrackReport.DetectionCounts(
            total: irCount + radarCount + lateDetections, ir: irCount, radar: radarCount, used: c.used, clutter: c.rejectedAsClutter,
            unassociated: max(0, irCount + radarCount - c.used - c.rejectedAsClutter))
        return MissileTrackReport(source: source, detections: counts, tracks: tracks, warnings: allWarnings)
    }

    private func reportTrack(_ t: MissileTrack) -> MissileTrackReport.Track {
        let ellipsoid = tracker.environment.ellipsoid
        func geodetic(_ r: SIMD3<Double>) -> Geodetic { Geodetic(itrfPositionKm: r, ellipsoid: ellipsoid) }
        let launch = t.launch.map {
            MissileTrackReport.Launch(time: Self.iso($0.time), lat_deg: $0.site.latitudeDeg, lon_deg: Self.longitudeDeg($0.site.longitudeRad),
                                      sigma_km: $0.sigmaKm, sigma_s: $0.sigmaS)
        }
        var burnout: MissileTrackReport.Burnout?
        var classification: MissileTrackReport.Classification?
        let p = latestPrediction(t.id)
        if let b = t.burnout {
            let g = geodetic(b.positionKm)
            let speed = (b.velocityKmPerS * b.velocityKmPerS).sum().squareRoot()
            let up = b.positionKm / (b.positionKm * b.positionKm).sum().squareRoot()
            let gamma = asin(max(-1, min(1, (up * b.velocityKmPerS).sum() / max(speed, 1e-12))))
            burnout = .init(time: Self.iso(b.time), lat_deg: g.latitudeDeg, lon_deg: Self.longitudeDeg(g.longitudeRad), alt_km: g.altitudeKm,
                            speed_km_s: speed, flight_path_angle_deg: gamma * 180 / .pi)
            let impact = p.flatMap { $0.isInstantaneousImpactPoint ? nil : Geodetic(latitudeRad: $0.impactLatitudeRad, longitudeRad: $0.impactLongitudeRad, altitudeKm: 0) }
            if let k = try? classifier.classify(burnoutPositionKm: b.positionKm, burnoutVelocityKmPerS: b.velocityKmPerS,
                                                impact: impact, launchPoint: t.launch?.site, ellipsoid: ellipsoid) {
                // The class from the range the burnout state can fly (drag and the turning Earth counted), the
                // trajectory type from the vacuum optimum angle (docs/missile-impact.md).
                let flown = try? rangeCapability.maximumRangeKm(burnoutPositionKm: b.positionKm, burnoutVelocityKmPerS: b.velocityKmPerS,
                                                                betaKgPerM2: t.current.ballisticCoefficientKgPerM2, launchPoint: t.launch?.site)
                let capability = flown?.rangeKm ?? k.rangeCapabilityKm
                classification = .init(class: MissileRangeClass(rangeCapabilityKm: capability).rawValue,
                                       range_capability_km: capability.isFinite ? capability : 40_075,
                                       trajectory: k.trajectoryType?.rawValue ?? "unknown",
                                       burnout_flight_path_angle_deg: k.burnoutFlightPathAngleRad * 180 / .pi,
                                       optimum_flight_path_angle_deg: k.optimumFlightPathAngleRad.map { $0 * 180 / .pi })
            }
        }
        var apogee: MissileTrackReport.Apogee?
        var impact: MissileTrackReport.Impact?
        var overflights: [MissileTrackReport.Overflight] = []
        var predicted: [MissileTrackReport.PathPoint] = []
        var groundRange: Double?
        if let p {
            if let a = self.apogee(t.id) {
                apogee = .init(time: Self.iso(a.time), lat_deg: a.latitudeRad * 180 / .pi, lon_deg: Self.longitudeDeg(a.longitudeRad),
                               alt_km: a.altitudeKm)
            }
            let axes = p.ellipse.semiAxes
            let decision = timeline.decisions.last { $0.trackId == t.id && $0.probabilities != nil }
            let zone = try? zones.classify(latitudeRad: p.impactLatitudeRad, longitudeRad: remainder(p.impactLongitudeRad, 2 * .pi))
            impact = .init(time: Self.iso(p.impactTime), sigma_time_s: p.impactTimeSigmaS, lat_deg: p.impactLatitudeRad * 180 / .pi,
                           lon_deg: Self.longitudeDeg(p.impactLongitudeRad), semi_major_km: axes.majorKm, semi_minor_km: axes.minorKm,
                           major_azimuth_deg: axes.majorAxisAzimuthRad * 180 / .pi,
                           zone: (decision?.zone ?? zone?.zone)?.rawValue ?? "outside", land_group: zone?.landGroup,
                           p_land: decision?.probabilities?.land ?? 0, p_eez: decision?.probabilities?.eezIncludingLand ?? 0,
                           p_outside: decision?.probabilities?.outside ?? 1,
                           distance_to_eez_boundary_km: zone?.distanceToEEZBoundaryKm,
                           instantaneous: p.isInstantaneousImpactPoint, from_estimate_at: Self.iso(p.estimateTime))
            groundRange = p.groundRangeKm
            let stride = max(1, p.path.count / max(1, options.maximumPathPoints))
            var points = Swift.stride(from: 0, to: p.path.count, by: stride).map { p.path[$0] }
            if let last = p.path.last, points.last != last { points.append(last) }
            predicted = points.map { .init(time: Self.iso($0.time), lat_deg: $0.latitudeRad * 180 / .pi,
                                           lon_deg: Self.longitudeDeg($0.longitudeRad), alt_km: $0.altitudeKm) }
            if let last = allWarnings.last(where: { $0.track == t.id }) { overflights = last.overflights }
        }
        var trajectory: [MissileTrackReport.PathPoint] = []
        var lastKept: Instant?
        for e in t.history {
            if let k = lastKept, e.time.secondsSince(k) < options.trajectorySpacingS, e != t.history.last { continue }
            lastKept = e.time
            let g = geodetic(e.positionKm)
            trajectory.append(.init(time: Self.iso(e.time), lat_deg: g.latitudeDeg, lon_deg: Self.longitudeDeg(g.longitudeRad), alt_km: g.altitudeKm))
        }
        let truth = t.truthLabels.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        let c = t.current
        var track = MissileTrackReport.Track(
            id: t.id, status: t.status.rawValue, status_reason: t.deletionReason, first_detection: Self.iso(t.firstDetection),
            confirmed_at: t.confirmedAt.map(Self.iso), last_update: Self.iso(t.lastUpdate), sensors: t.sensorIDs, updates: t.updateCount,
            truth_missile: truth, launch: launch, burnout: burnout, classification: classification, apogee: apogee, impact: impact,
            ground_range_km: groundRange, overflights: overflights, trajectory: trajectory, predicted_path: predicted,
            impact_history: impactHistory(t.id))
        track.state = .init(time: Self.iso(c.time), position_km: [c.positionKm.x, c.positionKm.y, c.positionKm.z],
                            velocity_km_s: [c.velocityKmPerS.x, c.velocityKmPerS.y, c.velocityKmPerS.z],
                            covariance: c.covariance.map { $0.isFinite ? $0 : 0 }, boost_probability: c.boostProbability,
                            ballistic_coefficient_kg_m2: c.ballisticCoefficientKgPerM2.flatMap { $0.isFinite ? $0 : nil })
        return track
    }
}
