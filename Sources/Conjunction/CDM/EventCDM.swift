import SpaceData

/// What a CDM says about one object of a screened event, beyond its state.
public struct CDMObjectDescription: Sendable, Hashable {
    public var catalogNumber: Int
    public var name: String
    public var internationalDesignator: String
    /// The 1σ RTN position errors used for the covariance block, and where they came from.
    public var covariance: TLECovarianceDefaults
    /// Seconds from the object's element epoch to TCA (the default covariance grows with it).
    public var secondsFromEpochToTCA: Double

    public init(catalogNumber: Int, name: String, internationalDesignator: String,
                covariance: TLECovarianceDefaults, secondsFromEpochToTCA: Double) {
        self.catalogNumber = catalogNumber
        self.name = name
        self.internationalDesignator = internationalDesignator
        self.covariance = covariance
        self.secondsFromEpochToTCA = secondsFromEpochToTCA
    }
}

extension ConjunctionEvent {
    /// This event as a CCSDS 508.0-B-1 CDM.
    ///
    /// States are SGP4's TEME states at TCA rotated to EME2000 (Kanshi's FK5 J2000 GCRF, with `eop`).
    /// The covariance block is the stated default for TLE objects
    /// (``TLECovarianceDefaults/rtnCovarianceDiagonalSquareMeters(secondsFromEpoch:)``);
    /// `COVARIANCE_METHOD = DEFAULT` says so. The
    /// relative position and velocity are the secondary's, in the primary's RTN frame.
    public func conjunctionDataMessage(
        primary: CDMObjectDescription, secondary: CDMObjectDescription, eop: EarthOrientationTable,
        creationDate: Instant, messageID: String, originator: String = "KANSHI",
        collisionProbability: CollisionProbability? = nil, hardBodyRadiusKm: Double? = nil,
        screenPeriod: ClosedRange<Instant>? = nil
    ) -> ConjunctionDataMessage {
        var relative = ConjunctionDataMessage.RelativeMetadata(tca: tca, missDistanceMeters: missDistanceKm * 1_000)
        relative.relativeSpeedMetersPerSecond = relativeSpeedKmPerS * 1_000
        let basis = RTNBasis(primaryState)
        let (dr, dv) = basis.relativeState(of: secondaryState)
        relative.relativePositionRMeters = dr.x * 1_000
        relative.relativePositionTMeters = dr.y * 1_000
        relative.relativePositionNMeters = dr.z * 1_000
        relative.relativeVelocityRMetersPerSecond = dv.x * 1_000
        relative.relativeVelocityTMetersPerSecond = dv.y * 1_000
        relative.relativeVelocityNMetersPerSecond = dv.z * 1_000
        relative.startScreenPeriod = screenPeriod?.lowerBound
        relative.stopScreenPeriod = screenPeriod?.upperBound
        if let pc = collisionProbability, let value = pc.value {
            relative.collisionProbability = value
            relative.collisionProbabilityMethod = pc.method.ccsdsName
        }
        if let hbr = hardBodyRadiusKm { relative.comments.append("HBR = \(hbr * 1_000) [m] (combined hard-body radius used for the Pc)") }

        func segment(_ id: CDMObjectID, _ d: CDMObjectDescription, _ state: State<TEME>) -> ConjunctionDataMessage.ObjectSegment {
            var meta = ConjunctionDataMessage.ObjectMetadata(
                object: id, objectDesignator: String(d.catalogNumber), catalogName: "SATCAT", objectName: d.name,
                internationalDesignator: d.internationalDesignator.isEmpty ? "UNKNOWN" : d.internationalDesignator,
                ephemerisName: "NONE", covarianceMethod: "DEFAULT", maneuverable: "N/A", referenceFrame: "EME2000")
            meta.comments = ["State from SGP4 (WGS72) element set, TEME rotated to EME2000 (IAU-76/FK5)",
                             "Covariance: Kanshi default for TLE objects (TLECovarianceDefaults), not an orbit-determination covariance"]
            let j2000 = state.toGCRF(eop, leapSeconds: eop.leapSeconds)
            let diagonal = d.covariance.rtnCovarianceDiagonalSquareMeters(secondsFromEpoch: d.secondsFromEpochToTCA)
            var lower = [Double](repeating: 0, count: 21)
            // Lower-triangle CDM order: row i holds i+1 terms; diagonal index of row i is i(i+3)/2.
            for i in 0..<6 { lower[i * (i + 3) / 2] = diagonal[i] }
            return .init(metadata: meta,
                         stateVector: .init(positionKm: j2000.positionKm, velocityKmPerS: j2000.velocityKmPerS),
                         covariance: .init(lowerTriangle: lower)!)
        }
        return ConjunctionDataMessage(
            header: .init(creationDate: creationDate, originator: originator, messageID: messageID),
            relativeMetadata: relative,
            object1: segment(.object1, primary, primaryState),
            object2: segment(.object2, secondary, secondaryState))
    }
}

extension PcMethod {
    /// The `COLLISION_PROBABILITY_METHOD` text (SANA registry names where they exist).
    public var ccsdsName: String {
        switch self {
        case .foster1992: "FOSTER-1992"
        case .chan1997: "CHAN-1997"
        case .alfano2005: "ALFANO-2005"
        case .patera2005: "PATERA-2005"
        case .monteCarlo: "MONTE-CARLO"
        }
    }
}
