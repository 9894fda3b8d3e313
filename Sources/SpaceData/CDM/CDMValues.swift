/// The keyword values of a ``ConjunctionDataMessage`` as text, block by block in the standard's order:
/// what the KVN and XML writers emit.
extension CDMFields {
    /// One keyword to write, with the unit the standard fixes for it.
    struct Entry {
        let key: String
        let value: String
        let unit: String?
    }

    /// A number as the writers emit it: the shortest decimal that reads back to the same `Double`,
    /// with the mantissa's decimal point 508.0-B-1 §6.3.2.3 asks for (`1.0e-300`, not `1e-300`).
    static func text(_ v: Double) -> String {
        let s = OMMFields.format(v)
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }), !s[..<e].contains(".") else { return s }
        return s[..<e] + ".0" + s[e...]
    }

    /// A time in UTC, `yyyy-mm-ddThh:mm:ss.fff`, with 3, 6 or 9 fraction digits: the fewest that
    /// read back to the same instant.
    static func text(_ t: Instant, leapSeconds: LeapSecondTable) -> String {
        var s = ""
        for digits in [3, 6, 9] {
            s = t.iso8601UTC(fractionDigits: digits, leapSeconds: leapSeconds, zulu: false)
            if let back = try? Instant(utc: s, leapSeconds: leapSeconds), back == t { return s }
        }
        return s
    }

    /// Builds entries with each keyword's unit from the tables.
    struct Entries {
        var list: [Entry] = []
        let leapSeconds: LeapSecondTable
        mutating func add(_ key: String, _ value: String?) {
            guard let value else { return }
            list.append(Entry(key: key, value: value, unit: CDMKeywords.specs[key]?.unit))
        }
        mutating func add(_ key: String, _ value: Double?) { add(key, value.map(CDMFields.text)) }
        mutating func add(_ key: String, _ value: Int?) { add(key, value.map { String($0) }) }
        mutating func add(_ key: String, _ value: Instant?) {
            add(key, value.map { CDMFields.text($0, leapSeconds: leapSeconds) })
        }
    }

    static func entries(_ h: ConjunctionDataMessage.Header, leapSeconds: LeapSecondTable) -> [Entry] {
        var e = Entries(leapSeconds: leapSeconds)
        e.add("CCSDS_CDM_VERS", h.version)
        e.add("CREATION_DATE", h.creationDate)
        e.add("ORIGINATOR", h.originator)
        e.add("MESSAGE_FOR", h.messageFor)
        e.add("MESSAGE_ID", h.messageID)
        return e.list
    }

    static func entries(_ r: ConjunctionDataMessage.RelativeMetadata, leapSeconds: LeapSecondTable) -> [Entry] {
        var e = Entries(leapSeconds: leapSeconds)
        e.add("TCA", r.tca)
        e.add("MISS_DISTANCE", r.missDistanceMeters)
        e.add("RELATIVE_SPEED", r.relativeSpeedMetersPerSecond)
        e.add("RELATIVE_POSITION_R", r.relativePositionRMeters)
        e.add("RELATIVE_POSITION_T", r.relativePositionTMeters)
        e.add("RELATIVE_POSITION_N", r.relativePositionNMeters)
        e.add("RELATIVE_VELOCITY_R", r.relativeVelocityRMetersPerSecond)
        e.add("RELATIVE_VELOCITY_T", r.relativeVelocityTMetersPerSecond)
        e.add("RELATIVE_VELOCITY_N", r.relativeVelocityNMetersPerSecond)
        e.add("START_SCREEN_PERIOD", r.startScreenPeriod)
        e.add("STOP_SCREEN_PERIOD", r.stopScreenPeriod)
        e.add("SCREEN_VOLUME_FRAME", r.screenVolumeFrame)
        e.add("SCREEN_VOLUME_SHAPE", r.screenVolumeShape)
        e.add("SCREEN_VOLUME_X", r.screenVolumeXMeters)
        e.add("SCREEN_VOLUME_Y", r.screenVolumeYMeters)
        e.add("SCREEN_VOLUME_Z", r.screenVolumeZMeters)
        e.add("SCREEN_ENTRY_TIME", r.screenEntryTime)
        e.add("SCREEN_EXIT_TIME", r.screenExitTime)
        e.add("COLLISION_PROBABILITY", r.collisionProbability)
        e.add("COLLISION_PROBABILITY_METHOD", r.collisionProbabilityMethod)
        return e.list
    }

    static func entries(_ m: ConjunctionDataMessage.ObjectMetadata) -> [Entry] {
        var e = Entries(leapSeconds: .bundled)
        e.add("OBJECT", m.object.rawValue)
        e.add("OBJECT_DESIGNATOR", m.objectDesignator)
        e.add("CATALOG_NAME", m.catalogName)
        e.add("OBJECT_NAME", m.objectName)
        e.add("INTERNATIONAL_DESIGNATOR", m.internationalDesignator)
        e.add("OBJECT_TYPE", m.objectType)
        e.add("OPERATOR_CONTACT_POSITION", m.operatorContactPosition)
        e.add("OPERATOR_ORGANIZATION", m.operatorOrganization)
        e.add("OPERATOR_PHONE", m.operatorPhone)
        e.add("OPERATOR_EMAIL", m.operatorEmail)
        e.add("EPHEMERIS_NAME", m.ephemerisName)
        e.add("COVARIANCE_METHOD", m.covarianceMethod)
        e.add("MANEUVERABLE", m.maneuverable)
        e.add("ORBIT_CENTER", m.orbitCenter)
        e.add("REF_FRAME", m.referenceFrame)
        e.add("GRAVITY_MODEL", m.gravityModel)
        e.add("ATMOSPHERIC_MODEL", m.atmosphericModel)
        e.add("N_BODY_PERTURBATIONS", m.nBodyPerturbations)
        e.add("SOLAR_RAD_PRESSURE", m.solarRadiationPressure)
        e.add("EARTH_TIDES", m.earthTides)
        e.add("INTRACK_THRUST", m.intrackThrust)
        return e.list
    }

    static func entries(_ o: ConjunctionDataMessage.ODParameters, leapSeconds: LeapSecondTable) -> [Entry] {
        var e = Entries(leapSeconds: leapSeconds)
        e.add("TIME_LASTOB_START", o.timeLastObservationStart)
        e.add("TIME_LASTOB_END", o.timeLastObservationEnd)
        e.add("RECOMMENDED_OD_SPAN", o.recommendedODSpanDays)
        e.add("ACTUAL_OD_SPAN", o.actualODSpanDays)
        e.add("OBS_AVAILABLE", o.observationsAvailable)
        e.add("OBS_USED", o.observationsUsed)
        e.add("TRACKS_AVAILABLE", o.tracksAvailable)
        e.add("TRACKS_USED", o.tracksUsed)
        e.add("RESIDUALS_ACCEPTED", o.residualsAcceptedPercent)
        e.add("WEIGHTED_RMS", o.weightedRMS)
        return e.list
    }

    static func entries(_ a: ConjunctionDataMessage.AdditionalParameters) -> [Entry] {
        var e = Entries(leapSeconds: .bundled)
        e.add("AREA_PC", a.areaPCSquareMeters)
        e.add("AREA_DRG", a.areaDragSquareMeters)
        e.add("AREA_SRP", a.areaSRPSquareMeters)
        e.add("MASS", a.massKg)
        e.add("CD_AREA_OVER_MASS", a.cdAreaOverMassSquareMetersPerKg)
        e.add("CR_AREA_OVER_MASS", a.crAreaOverMassSquareMetersPerKg)
        e.add("THRUST_ACCELERATION", a.thrustAccelerationMetersPerSecondSquared)
        e.add("SEDR", a.sedrWattsPerKg)
        e.add("HBR", a.hardBodyRadiusMeters)
        return e.list
    }

    static func entries(_ s: ConjunctionDataMessage.StateVector) -> [Entry] {
        var e = Entries(leapSeconds: .bundled)
        let v = [s.positionKm.x, s.positionKm.y, s.positionKm.z, s.velocityKmPerS.x, s.velocityKmPerS.y, s.velocityKmPerS.z]
        for (k, x) in zip(CDMKeywords.stateVector, v) { e.add(k, x) }
        return e.list
    }

    static func entries(_ c: ConjunctionDataMessage.RTNCovariance) -> [Entry] {
        var e = Entries(leapSeconds: .bundled)
        for (k, x) in zip(ConjunctionDataMessage.RTNCovariance.keywords, c.lowerTriangle) { e.add(k, x) }
        return e.list
    }

    /// Every block of a segment in writing order, with its comments, entries and extra fields.
    static func blocks(_ s: ConjunctionDataMessage.ObjectSegment, leapSeconds: LeapSecondTable)
        -> [(block: CDMKeywords.Block, comments: [String], entries: [Entry], extras: [CDMField])] {
        var out: [(CDMKeywords.Block, [String], [Entry], [CDMField])] = [
            (.metadata, s.metadata.comments, entries(s.metadata), s.metadata.extraFields),
        ]
        if !s.odParameters.isEmpty {
            out.append((.odParameters, s.odParameters.comments, entries(s.odParameters, leapSeconds: leapSeconds),
                        s.odParameters.extraFields))
        }
        if !s.additionalParameters.isEmpty {
            out.append((.additionalParameters, s.additionalParameters.comments, entries(s.additionalParameters),
                        s.additionalParameters.extraFields))
        }
        out.append((.stateVector, s.stateVector.comments, entries(s.stateVector), s.stateVector.extraFields))
        out.append((.covarianceMatrix, s.covariance.comments, entries(s.covariance), s.covariance.extraFields))
        return out
    }
}
