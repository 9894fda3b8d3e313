import SpaceData

/// Why a CDM cannot become an encounter: a frame Kanshi does not handle, a missing hard-body radius.
public struct CDMEncounterError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What went wrong, to match on.
    public struct Code: Hashable, Sendable {
        let name: String
        public static let unsupportedFrame = Code(name: "unsupportedFrame")
        public static let missingHardBodyRadius = Code(name: "missingHardBodyRadius")
        public static let badCovariance = Code(name: "badCovariance")
    }
    public let code: Code
    public let message: String
    public var description: String { message }
}

extension ShortTermEncounter {
    /// The encounter a CDM describes, at its TCA: both objects' states and RTN covariances.
    ///
    /// Frames: `EME2000`, `GCRF`, `ICRF` and `TEME` states are taken as inertial; `ITRF…` states get
    /// ω × r added to their velocities (``EncounterObject/init(earthFixed:covarianceRTNSquareMeters:earthRotationRadPerS:)``).
    /// The hard-body radius is `hardBodyRadiusKm` when given; else the CDM's `HBR` keywords (the sum
    /// of both objects' where both are present); else an `HBR = …` comment as CARA's test CDMs carry
    /// it; else an error.
    public init(cdm: ConjunctionDataMessage, hardBodyRadiusKm: Double? = nil) throws(CDMEncounterError) {
        let radius = try cdm.combinedHardBodyRadiusKm(override: hardBodyRadiusKm)
        func object(_ s: ConjunctionDataMessage.ObjectSegment) throws(CDMEncounterError) -> EncounterObject {
            let rows = s.covariance.positionVelocity6x6
            guard rows.count == 6, rows.allSatisfy({ $0.count == 6 && $0.allSatisfy(\.isFinite) }) else {
                throw CDMEncounterError(code: .badCovariance, message: "\(s.metadata.object.rawValue): covariance is not a finite 6×6 matrix")
            }
            let cov = Matrix6(rows: rows)
            let frame = s.metadata.referenceFrame.uppercased()
            let r = s.stateVector.positionKm, v = s.stateVector.velocityKmPerS
            if frame.hasPrefix("ITRF") {
                return EncounterObject(earthFixed: State<ITRF>(epoch: cdm.relativeMetadata.tca, positionKm: r, velocityKmPerS: v),
                                       covarianceRTNSquareMeters: cov)
            }
            guard ["EME2000", "GCRF", "ICRF", "TEME", "J2000"].contains(frame) else {
                throw CDMEncounterError(code: .unsupportedFrame,
                                        message: "\(s.metadata.object.rawValue): REF_FRAME \(frame) is not supported (EME2000, GCRF, ICRF, TEME, ITRF)")
            }
            return EncounterObject(positionKm: r, velocityKmPerS: v, covarianceRTNSquareMeters: cov)
        }
        self.init(primary: try object(cdm.object1), secondary: try object(cdm.object2), hardBodyRadiusKm: radius)
    }
}

extension ConjunctionDataMessage {
    /// The combined hard-body radius in km, by the rule of ``ShortTermEncounter/init(cdm:hardBodyRadiusKm:)``.
    public func combinedHardBodyRadiusKm(override: Double? = nil) throws(CDMEncounterError) -> Double {
        if let override { return override }
        let perObject = objects.compactMap(\.additionalParameters.hardBodyRadiusMeters)
        if !perObject.isEmpty { return perObject.reduce(0, +) / 1_000 }
        if let fromComment = hardBodyRadiusMetersFromComments { return fromComment / 1_000 }
        throw CDMEncounterError(code: .missingHardBodyRadius,
                                message: "the CDM gives no hard-body radius (HBR keyword or comment): pass one")
    }
}
