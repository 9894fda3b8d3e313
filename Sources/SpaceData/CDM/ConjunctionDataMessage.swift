/// A CCSDS Conjunction Data Message (CCSDS 508.0-B-1, Blue Book of June 2013 with Cor. 1 and 2): one
/// close approach between two objects, as a conjunction-assessment provider (CSpOC, ESA, an operator)
/// reports it.
///
/// The model follows the standard's logical blocks: a ``Header``, the ``RelativeMetadata`` of the
/// event (time of closest approach, miss distance, relative state, screening volume, collision
/// probability), and one ``ObjectSegment`` per object (metadata, OD parameters, additional
/// parameters, state vector at TCA and RTN covariance).
///
/// Units are the file's: relative quantities and covariances in meters (m, m/s, m², m²/s, m²/s²),
/// state vectors in km and km/s. Property names carry their unit wherever it is not km, km/s.
///
/// Nothing read is dropped: `COMMENT` lines stay with the block they precede, and keywords the
/// model has no property for — CDM 2.0 (Pink Book 508.0-P-1.0.2) keywords such as `CONJUNCTION_ID`
/// or the XYZ covariance, `USER_DEFINED_*` parameters, and unknown keywords — are kept in each
/// block's `extraFields`, in file order, and written back by ``CDMKVN`` and ``CDMXML``.
///
/// Read with ``CDMKVN/read(_:file:options:)``, ``CDMXML/read(_:file:options:)`` or
/// ``CDMReader/read(files:options:)``.
public struct ConjunctionDataMessage: Sendable, Hashable {
    /// The message header (version, creation date, originator, message ID).
    public var header: Header
    /// Data about the event as a whole: TCA, miss distance, relative state, screening, Pc.
    public var relativeMetadata: RelativeMetadata
    /// The segment of `OBJECT = OBJECT1` (in conjunction screening, usually the protected asset).
    public var object1: ObjectSegment
    /// The segment of `OBJECT = OBJECT2`.
    public var object2: ObjectSegment

    public init(header: Header, relativeMetadata: RelativeMetadata, object1: ObjectSegment, object2: ObjectSegment) {
        self.header = header
        self.relativeMetadata = relativeMetadata
        self.object1 = object1
        self.object2 = object2
    }

    /// Both segments, object 1 first.
    public var objects: [ObjectSegment] { [object1, object2] }

    /// The hard-body radius (m) written as a comment `HBR = 15.0` after the relative metadata (read
    /// as a comment of object 1's metadata, which it precedes), as the NASA CARA / Alfano (2009) test
    /// CDMs carry it (CDM 1.0 has no HBR keyword); `nil` when no such comment. The CDM 2.0 keyword
    /// is per object: ``AdditionalParameters/hardBodyRadiusMeters``.
    public var hardBodyRadiusMetersFromComments: Double? {
        for c in relativeMetadata.comments + object1.metadata.comments {
            let parts = c.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].asciiTrimmed() == "HBR" else { continue }
            var v = parts[1].asciiTrimmed()
            if let open = v.firstIndex(of: "[") { v = v[..<open].asciiTrimmed() }
            if let x = OMMFields.parseNumber(v) { return x }
        }
        return nil
    }
}

/// A keyword the model has no property for, kept so that writing the message loses nothing: a CDM
/// 2.0 keyword, a `USER_DEFINED_*` parameter, an unknown keyword, or a `COMMENT` found among them.
public struct CDMField: Sendable, Hashable {
    /// The keyword (`"COMMENT"` for a comment kept in place among extra fields).
    public var key: String
    /// The value as written (blanks at either end removed).
    public var value: String
    /// The unit written after the value (`[m**2]` in KVN, `units="m**2"` in XML), without brackets.
    public var unit: String?
    /// The XML element that holds the keyword (`"additionalParameters"`, `"userDefinedParameters"`);
    /// the CDM XML writer puts it back there.
    public var section: String?

    public init(key: String, value: String, unit: String? = nil, section: String? = nil) {
        self.key = key
        self.value = value
        self.unit = unit
        self.section = section
    }
}

/// Which of the two objects a segment describes (keyword `OBJECT`).
public enum CDMObjectID: String, Sendable, Hashable, CaseIterable {
    case object1 = "OBJECT1"
    case object2 = "OBJECT2"
}

extension ConjunctionDataMessage {
    /// The CDM header (508.0-B-1 table 3-1).
    public struct Header: Sendable, Hashable {
        /// `COMMENT` lines of the header.
        public var comments: [String] = []
        /// `CCSDS_CDM_VERS`, e.g. `"1.0"`.
        public var version: String
        /// `CREATION_DATE` (UTC).
        public var creationDate: Instant
        /// `ORIGINATOR`, e.g. `"JSPOC"`, `"CSpOC"`.
        public var originator: String
        /// `MESSAGE_FOR`: the spacecraft the message is for, if given.
        public var messageFor: String?
        /// `MESSAGE_ID`, unique for the originator.
        public var messageID: String
        /// Other keywords of the header (e.g. CDM 2.0 `CLASSIFICATION`), in file order.
        public var extraFields: [CDMField] = []

        public init(version: String = "1.0", creationDate: Instant, originator: String, messageFor: String? = nil,
                    messageID: String, comments: [String] = [], extraFields: [CDMField] = []) {
            self.version = version
            self.creationDate = creationDate
            self.originator = originator
            self.messageFor = messageFor
            self.messageID = messageID
            self.comments = comments
            self.extraFields = extraFields
        }
    }

    /// The relative metadata and data (508.0-B-1 table 3-2): the event as a whole.
    public struct RelativeMetadata: Sendable, Hashable {
        /// `COMMENT` lines of the block.
        public var comments: [String] = []
        /// `TCA`: time of closest approach (UTC).
        public var tca: Instant
        /// `MISS_DISTANCE` (m): norm of the relative position at TCA.
        public var missDistanceMeters: Double
        /// `RELATIVE_SPEED` (m/s).
        public var relativeSpeedMetersPerSecond: Double?
        /// `RELATIVE_POSITION_R`, `_T`, `_N` (m): object 2 relative to object 1 in object 1's RTN frame.
        public var relativePositionRMeters: Double?
        /// `RELATIVE_POSITION_T` (m).
        public var relativePositionTMeters: Double?
        /// `RELATIVE_POSITION_N` (m).
        public var relativePositionNMeters: Double?
        /// `RELATIVE_VELOCITY_R`, `_T`, `_N` (m/s), in object 1's RTN frame.
        public var relativeVelocityRMetersPerSecond: Double?
        /// `RELATIVE_VELOCITY_T` (m/s).
        public var relativeVelocityTMetersPerSecond: Double?
        /// `RELATIVE_VELOCITY_N` (m/s).
        public var relativeVelocityNMetersPerSecond: Double?
        /// `START_SCREEN_PERIOD`, `STOP_SCREEN_PERIOD` (UTC).
        public var startScreenPeriod: Instant?
        /// `STOP_SCREEN_PERIOD` (UTC).
        public var stopScreenPeriod: Instant?
        /// `SCREEN_VOLUME_FRAME`: `RTN` or `TVN`.
        public var screenVolumeFrame: String?
        /// `SCREEN_VOLUME_SHAPE`: `ELLIPSOID` or `BOX`.
        public var screenVolumeShape: String?
        /// `SCREEN_VOLUME_X`, `_Y`, `_Z` (m).
        public var screenVolumeXMeters: Double?
        /// `SCREEN_VOLUME_Y` (m).
        public var screenVolumeYMeters: Double?
        /// `SCREEN_VOLUME_Z` (m).
        public var screenVolumeZMeters: Double?
        /// `SCREEN_ENTRY_TIME`, `SCREEN_EXIT_TIME` (UTC).
        public var screenEntryTime: Instant?
        /// `SCREEN_EXIT_TIME` (UTC).
        public var screenExitTime: Instant?
        /// `COLLISION_PROBABILITY`, in [0, 1].
        public var collisionProbability: Double?
        /// `COLLISION_PROBABILITY_METHOD`, e.g. `"FOSTER-1992"`, `"ALFANO-2005"`.
        public var collisionProbabilityMethod: String?
        /// Other keywords of the block (e.g. CDM 2.0 `CONJUNCTION_ID`), in file order.
        public var extraFields: [CDMField] = []

        public init(tca: Instant, missDistanceMeters: Double) {
            self.tca = tca
            self.missDistanceMeters = missDistanceMeters
        }

        /// Object 2's position relative to object 1 in RTN (m), when all three components are given.
        public var relativePositionRTNMeters: SIMD3<Double>? {
            guard let r = relativePositionRMeters, let t = relativePositionTMeters, let n = relativePositionNMeters
            else { return nil }
            return SIMD3(r, t, n)
        }

        /// Object 2's velocity relative to object 1 in RTN (m/s), when all three components are given.
        public var relativeVelocityRTNMetersPerSecond: SIMD3<Double>? {
            guard let r = relativeVelocityRMetersPerSecond, let t = relativeVelocityTMetersPerSecond,
                  let n = relativeVelocityNMetersPerSecond else { return nil }
            return SIMD3(r, t, n)
        }
    }

    /// Everything about one object: metadata and the four data blocks (508.0-B-1 tables 3-3, 3-4).
    public struct ObjectSegment: Sendable, Hashable {
        /// The object's metadata.
        public var metadata: ObjectMetadata
        /// The OD parameters block (empty when the file has none).
        public var odParameters: ODParameters
        /// The additional parameters block (empty when the file has none).
        public var additionalParameters: AdditionalParameters
        /// Position and velocity at TCA, in ``ObjectMetadata/referenceFrame``.
        public var stateVector: StateVector
        /// The RTN covariance at TCA.
        public var covariance: RTNCovariance

        public init(metadata: ObjectMetadata, odParameters: ODParameters = .init(),
                    additionalParameters: AdditionalParameters = .init(), stateVector: StateVector,
                    covariance: RTNCovariance) {
            self.metadata = metadata
            self.odParameters = odParameters
            self.additionalParameters = additionalParameters
            self.stateVector = stateVector
            self.covariance = covariance
        }
    }

    /// An object's metadata (508.0-B-1 table 3-3). Enumerated values (`MANEUVERABLE`, `REF_FRAME`,
    /// ...) are kept as the text the file holds.
    public struct ObjectMetadata: Sendable, Hashable {
        /// `COMMENT` lines of the block, in file order.
        public var comments: [String] = []
        /// `OBJECT`: which object this is.
        public var object: CDMObjectID
        /// `OBJECT_DESIGNATOR`: the catalog number, e.g. `"12345"`.
        public var objectDesignator: String
        /// `CATALOG_NAME`, e.g. `"SATCAT"`.
        public var catalogName: String
        /// `OBJECT_NAME`.
        public var objectName: String
        /// `INTERNATIONAL_DESIGNATOR`, e.g. `"1999-025AA"` or `"UNKNOWN"`.
        public var internationalDesignator: String
        /// `OBJECT_TYPE`: `PAYLOAD`, `ROCKET BODY`, `DEBRIS`, `UNKNOWN`, `OTHER`.
        public var objectType: String?
        /// `OPERATOR_CONTACT_POSITION`, `OPERATOR_ORGANIZATION`, `OPERATOR_PHONE`, `OPERATOR_EMAIL`.
        public var operatorContactPosition: String?
        /// `OPERATOR_ORGANIZATION`.
        public var operatorOrganization: String?
        /// `OPERATOR_PHONE`.
        public var operatorPhone: String?
        /// `OPERATOR_EMAIL`.
        public var operatorEmail: String?
        /// `EPHEMERIS_NAME`: the owner/operator ephemeris used, or `"NONE"`.
        public var ephemerisName: String
        /// `COVARIANCE_METHOD`: `CALCULATED` or `DEFAULT`.
        public var covarianceMethod: String
        /// `MANEUVERABLE`: `YES`, `NO` or `N/A`.
        public var maneuverable: String
        /// `ORBIT_CENTER`; absent means Earth (see ``effectiveOrbitCenter``).
        public var orbitCenter: String?
        /// `REF_FRAME` of the state vector: `GCRF`, `EME2000` or `ITRF`.
        public var referenceFrame: String
        /// `GRAVITY_MODEL`, `ATMOSPHERIC_MODEL`, `N_BODY_PERTURBATIONS` used for the OD.
        public var gravityModel: String?
        /// `ATMOSPHERIC_MODEL`, e.g. `"JBH09"`, `"NONE"`.
        public var atmosphericModel: String?
        /// `N_BODY_PERTURBATIONS`, e.g. `"MOON,SUN"`.
        public var nBodyPerturbations: String?
        /// `SOLAR_RAD_PRESSURE`, `EARTH_TIDES`, `INTRACK_THRUST`: `YES` or `NO`.
        public var solarRadiationPressure: String?
        /// `EARTH_TIDES`: `YES` or `NO`.
        public var earthTides: String?
        /// `INTRACK_THRUST`: `YES` or `NO`.
        public var intrackThrust: String?
        /// Other keywords of the block (e.g. CDM 2.0 `ALT_COV_TYPE`), in file order.
        public var extraFields: [CDMField] = []

        public init(object: CDMObjectID, objectDesignator: String, catalogName: String = "SATCAT", objectName: String,
                    internationalDesignator: String, ephemerisName: String = "NONE",
                    covarianceMethod: String = "CALCULATED", maneuverable: String, referenceFrame: String) {
            self.object = object
            self.objectDesignator = objectDesignator
            self.catalogName = catalogName
            self.objectName = objectName
            self.internationalDesignator = internationalDesignator
            self.ephemerisName = ephemerisName
            self.covarianceMethod = covarianceMethod
            self.maneuverable = maneuverable
            self.referenceFrame = referenceFrame
        }

        /// The central body: ``orbitCenter``, or `"EARTH"` when the file gives none (508.0-B-1 table 3-3).
        public var effectiveOrbitCenter: String { orbitCenter ?? "EARTH" }
    }

    /// The OD parameters block (508.0-B-1 table 3-4).
    public struct ODParameters: Sendable, Hashable {
        /// `COMMENT` lines of the block, in file order.
        public var comments: [String] = []
        /// `TIME_LASTOB_START`, `TIME_LASTOB_END` (UTC): the interval holding the last accepted observation.
        public var timeLastObservationStart: Instant?
        /// `TIME_LASTOB_END` (UTC).
        public var timeLastObservationEnd: Instant?
        /// `RECOMMENDED_OD_SPAN`, `ACTUAL_OD_SPAN` (days).
        public var recommendedODSpanDays: Double?
        /// `ACTUAL_OD_SPAN` (days).
        public var actualODSpanDays: Double?
        /// `OBS_AVAILABLE`, `OBS_USED`, `TRACKS_AVAILABLE`, `TRACKS_USED`.
        public var observationsAvailable: Int?
        /// `OBS_USED`.
        public var observationsUsed: Int?
        /// `TRACKS_AVAILABLE`.
        public var tracksAvailable: Int?
        /// `TRACKS_USED`.
        public var tracksUsed: Int?
        /// `RESIDUALS_ACCEPTED` (%).
        public var residualsAcceptedPercent: Double?
        /// `WEIGHTED_RMS`.
        public var weightedRMS: Double?
        /// Other keywords (e.g. CDM 2.0 `OD_EPOCH`), in file order.
        public var extraFields: [CDMField] = []

        public init() {}

        /// True when the file had no such block.
        public var isEmpty: Bool { self == ODParameters() }
    }

    /// The additional parameters block (508.0-B-1 table 3-4, plus CDM 2.0 `HBR`).
    public struct AdditionalParameters: Sendable, Hashable {
        /// `COMMENT` lines of the block, in file order.
        public var comments: [String] = []
        /// `AREA_PC` (m²): area used for the collision probability.
        public var areaPCSquareMeters: Double?
        /// `AREA_DRG`, `AREA_SRP` (m²).
        public var areaDragSquareMeters: Double?
        /// `AREA_SRP` (m²).
        public var areaSRPSquareMeters: Double?
        /// `MASS` (kg).
        public var massKg: Double?
        /// `CD_AREA_OVER_MASS`, `CR_AREA_OVER_MASS` (m²/kg).
        public var cdAreaOverMassSquareMetersPerKg: Double?
        /// `CR_AREA_OVER_MASS` (m²/kg).
        public var crAreaOverMassSquareMetersPerKg: Double?
        /// `THRUST_ACCELERATION` (m/s²).
        public var thrustAccelerationMetersPerSecondSquared: Double?
        /// `SEDR` (W/kg): specific energy dissipation rate.
        public var sedrWattsPerKg: Double?
        /// `HBR` (m): hard-body radius, a CDM 2.0 keyword (508.0-P-1.0.2) read where present.
        public var hardBodyRadiusMeters: Double?
        /// Other keywords (e.g. CDM 2.0 `RCS`), in file order.
        public var extraFields: [CDMField] = []

        public init() {}

        /// True when the file had no such block.
        public var isEmpty: Bool { self == AdditionalParameters() }
    }

    /// Position (km) and velocity (km/s) at TCA, in the segment's `REF_FRAME` (508.0-B-1 table 3-4).
    public struct StateVector: Sendable, Hashable {
        /// `COMMENT` lines of the block, in file order.
        public var comments: [String] = []
        /// `X`, `Y`, `Z` (km).
        public var positionKm: SIMD3<Double>
        /// `X_DOT`, `Y_DOT`, `Z_DOT` (km/s).
        public var velocityKmPerS: SIMD3<Double>
        /// Other keywords of the block, in file order.
        public var extraFields: [CDMField] = []

        public init(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>) {
            self.positionKm = positionKm
            self.velocityKmPerS = velocityKmPerS
        }
    }
}
