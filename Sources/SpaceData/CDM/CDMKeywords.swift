import Foundation

/// The keyword tables of CCSDS 508.0-B-1 (tables 3-1 to 3-4), the CDM 2.0 Pink Book keywords kept as
/// extra fields, and the XML element of each logical block (table 4-1).
public enum CDMKeywords {
    /// A logical block of a CDM; `xmlElement` is its CDM/XML tag.
    public enum Block: String, Sendable, Hashable, CaseIterable {
        case header, relativeMetadata, metadata, odParameters, additionalParameters, stateVector, covarianceMatrix

        /// The CDM/XML element holding the block.
        public var xmlElement: String {
            switch self {
            case .header: "header"
            case .relativeMetadata: "relativeMetadataData"
            case .metadata: "metadata"
            case .odParameters: "odParameters"
            case .additionalParameters: "additionalParameters"
            case .stateVector: "stateVector"
            case .covarianceMatrix: "covarianceMatrix"
            }
        }

        /// Words for messages ("the relative metadata").
        var words: String {
            switch self {
            case .header: "the header"
            case .relativeMetadata: "the relative metadata"
            case .metadata: "the object metadata"
            case .odParameters: "the OD parameters"
            case .additionalParameters: "the additional parameters"
            case .stateVector: "the state vector"
            case .covarianceMatrix: "the RTN covariance"
            }
        }

        /// The block an XML element stands for (`relativeStateVector` is part of the relative metadata).
        static func forXMLElement(_ name: String) -> Block? {
            if name == "relativeStateVector" { return .relativeMetadata }
            return allCases.first { $0.xmlElement == name }
        }

        /// Blocks before the first `OBJECT`, and inside an object segment.
        static let messageBlocks: Set<Block> = [.header, .relativeMetadata]
        static let segmentBlocks: Set<Block> = [.metadata, .odParameters, .additionalParameters, .stateVector,
                                                .covarianceMatrix]
    }

    /// How a value is read.
    enum Kind { case text, number, integer, time }

    /// What the standard says of a keyword.
    struct Spec {
        let block: Block
        let kind: Kind
        let unit: String?
        let mandatory: Bool
    }

    /// CDM 1.0 keywords of each block in the standard's order (the writers' order), `COMMENT`
    /// excluded; here the header (table 3-1).
    public static let header = ["CCSDS_CDM_VERS", "CREATION_DATE", "ORIGINATOR", "MESSAGE_FOR", "MESSAGE_ID"]
    /// Relative metadata/data keywords (table 3-2), in order.
    public static let relativeMetadata = [
        "TCA", "MISS_DISTANCE", "RELATIVE_SPEED", "RELATIVE_POSITION_R", "RELATIVE_POSITION_T", "RELATIVE_POSITION_N",
        "RELATIVE_VELOCITY_R", "RELATIVE_VELOCITY_T", "RELATIVE_VELOCITY_N", "START_SCREEN_PERIOD", "STOP_SCREEN_PERIOD",
        "SCREEN_VOLUME_FRAME", "SCREEN_VOLUME_SHAPE", "SCREEN_VOLUME_X", "SCREEN_VOLUME_Y", "SCREEN_VOLUME_Z",
        "SCREEN_ENTRY_TIME", "SCREEN_EXIT_TIME", "COLLISION_PROBABILITY", "COLLISION_PROBABILITY_METHOD",
    ]
    /// Object metadata keywords (table 3-3), in order.
    public static let metadata = [
        "OBJECT", "OBJECT_DESIGNATOR", "CATALOG_NAME", "OBJECT_NAME", "INTERNATIONAL_DESIGNATOR", "OBJECT_TYPE",
        "OPERATOR_CONTACT_POSITION", "OPERATOR_ORGANIZATION", "OPERATOR_PHONE", "OPERATOR_EMAIL", "EPHEMERIS_NAME",
        "COVARIANCE_METHOD", "MANEUVERABLE", "ORBIT_CENTER", "REF_FRAME", "GRAVITY_MODEL", "ATMOSPHERIC_MODEL",
        "N_BODY_PERTURBATIONS", "SOLAR_RAD_PRESSURE", "EARTH_TIDES", "INTRACK_THRUST",
    ]
    /// OD parameter keywords (table 3-4), in order.
    public static let odParameters = [
        "TIME_LASTOB_START", "TIME_LASTOB_END", "RECOMMENDED_OD_SPAN", "ACTUAL_OD_SPAN", "OBS_AVAILABLE", "OBS_USED",
        "TRACKS_AVAILABLE", "TRACKS_USED", "RESIDUALS_ACCEPTED", "WEIGHTED_RMS",
    ]
    /// Includes `HBR`, a CDM 2.0 keyword read into ``ConjunctionDataMessage/AdditionalParameters/hardBodyRadiusMeters``.
    public static let additionalParameters = [
        "AREA_PC", "AREA_DRG", "AREA_SRP", "MASS", "CD_AREA_OVER_MASS", "CR_AREA_OVER_MASS", "THRUST_ACCELERATION",
        "SEDR", "HBR",
    ]
    /// State vector keywords (table 3-4), in order.
    public static let stateVector = ["X", "Y", "Z", "X_DOT", "Y_DOT", "Z_DOT"]

    static let specs: [String: Spec] = {
        var m: [String: Spec] = [:]
        func add(_ b: Block, _ keys: [String], _ kind: Kind, _ unit: String? = nil, mandatory: Bool = false) {
            for k in keys { m[k] = Spec(block: b, kind: kind, unit: unit, mandatory: mandatory) }
        }
        add(.header, ["CCSDS_CDM_VERS", "ORIGINATOR", "MESSAGE_ID"], .text, mandatory: true)
        add(.header, ["CREATION_DATE"], .time, mandatory: true)
        add(.header, ["MESSAGE_FOR"], .text)
        add(.relativeMetadata, ["TCA"], .time, mandatory: true)
        add(.relativeMetadata, ["MISS_DISTANCE"], .number, "m", mandatory: true)
        add(.relativeMetadata, ["RELATIVE_SPEED"], .number, "m/s")
        add(.relativeMetadata, ["RELATIVE_POSITION_R", "RELATIVE_POSITION_T", "RELATIVE_POSITION_N",
                                "SCREEN_VOLUME_X", "SCREEN_VOLUME_Y", "SCREEN_VOLUME_Z"], .number, "m")
        add(.relativeMetadata, ["RELATIVE_VELOCITY_R", "RELATIVE_VELOCITY_T", "RELATIVE_VELOCITY_N"], .number, "m/s")
        add(.relativeMetadata, ["START_SCREEN_PERIOD", "STOP_SCREEN_PERIOD", "SCREEN_ENTRY_TIME", "SCREEN_EXIT_TIME"], .time)
        add(.relativeMetadata, ["SCREEN_VOLUME_FRAME", "SCREEN_VOLUME_SHAPE", "COLLISION_PROBABILITY_METHOD"], .text)
        add(.relativeMetadata, ["COLLISION_PROBABILITY"], .number)
        add(.metadata, ["OBJECT", "OBJECT_DESIGNATOR", "CATALOG_NAME", "OBJECT_NAME", "INTERNATIONAL_DESIGNATOR",
                        "EPHEMERIS_NAME", "COVARIANCE_METHOD", "MANEUVERABLE", "REF_FRAME"], .text, mandatory: true)
        add(.metadata, ["OBJECT_TYPE", "OPERATOR_CONTACT_POSITION", "OPERATOR_ORGANIZATION", "OPERATOR_PHONE",
                        "OPERATOR_EMAIL", "ORBIT_CENTER", "GRAVITY_MODEL", "ATMOSPHERIC_MODEL", "N_BODY_PERTURBATIONS",
                        "SOLAR_RAD_PRESSURE", "EARTH_TIDES", "INTRACK_THRUST"], .text)
        add(.odParameters, ["TIME_LASTOB_START", "TIME_LASTOB_END"], .time)
        add(.odParameters, ["RECOMMENDED_OD_SPAN", "ACTUAL_OD_SPAN"], .number, "d")
        add(.odParameters, ["OBS_AVAILABLE", "OBS_USED", "TRACKS_AVAILABLE", "TRACKS_USED"], .integer)
        add(.odParameters, ["RESIDUALS_ACCEPTED"], .number, "%")
        add(.odParameters, ["WEIGHTED_RMS"], .number)
        add(.additionalParameters, ["AREA_PC", "AREA_DRG", "AREA_SRP"], .number, "m**2")
        add(.additionalParameters, ["MASS"], .number, "kg")
        add(.additionalParameters, ["CD_AREA_OVER_MASS", "CR_AREA_OVER_MASS"], .number, "m**2/kg")
        add(.additionalParameters, ["THRUST_ACCELERATION"], .number, "m/s**2")
        add(.additionalParameters, ["SEDR"], .number, "W/kg")
        add(.additionalParameters, ["HBR"], .number, "m")
        add(.stateVector, ["X", "Y", "Z"], .number, "km", mandatory: true)
        add(.stateVector, ["X_DOT", "Y_DOT", "Z_DOT"], .number, "km/s", mandatory: true)
        for (k, key) in ConjunctionDataMessage.RTNCovariance.keywords.enumerated() {
            var i = 0
            while (i + 1) * (i + 2) / 2 <= k { i += 1 }
            let j = k - i * (i + 1) / 2
            add(.covarianceMatrix, [key], .number, ConjunctionDataMessage.RTNCovariance.unit(row: i, column: j),
                mandatory: k < 21)
        }
        return m
    }()

    /// CDM 2.0 keywords (Pink Book 508.0-P-1.0.2, as Orekit reads them) the model keeps as extra fields
    /// of the block they belong to, without a warning.
    static let draft2: [String: Block] = {
        var m: [String: Block] = ["CLASSIFICATION": .header]
        for k in ["CONJUNCTION_ID", "MAHALANOBIS_DISTANCE", "APPROACH_ANGLE", "SCREEN_TYPE", "SCREEN_PC_THRESHOLD",
                  "COLLISION_PERCENTILE", "COLLISION_MAX_PROBABILITY", "COLLISION_MAX_PC_METHOD",
                  "SEFI_COLLISION_PROBABILITY", "SEFI_COLLISION_PROBABILITY_METHOD", "SEFI_FRAGMENTATION_MODEL",
                  "PREVIOUS_MESSAGE_ID", "PREVIOUS_MESSAGE_EPOCH", "NEXT_MESSAGE_EPOCH", "SCREEN_VOLUME_RADIUS"] {
            m[k] = .relativeMetadata
        }
        for k in ["ODM_MSG_LINK", "ADM_MSG_LINK", "OBS_BEFORE_NEXT_MESSAGE", "COVARIANCE_SOURCE", "ALT_COV_TYPE",
                  "ALT_COV_REF_FRAME"] { m[k] = .metadata }
        m["OD_EPOCH"] = .odParameters
        for k in ["AREA_PC_MIN", "AREA_PC_MAX", "OEB_PARENT_FRAME", "OEB_PARENT_FRAME_EPOCH", "OEB_Q1", "OEB_Q2",
                  "OEB_Q3", "OEB_QC", "OEB_MAX", "OEB_INT", "OEB_MIN", "AREA_ALONG_OEB_MAX", "AREA_ALONG_OEB_INT",
                  "AREA_ALONG_OEB_MIN", "RCS", "RCS_MIN", "RCS_MAX", "VM_ABSOLUTE", "VM_APPARENT_MIN", "VM_APPARENT",
                  "VM_APPARENT_MAX", "REFLECTANCE", "APOAPSIS_ALTITUDE", "PERIAPSIS_ALTITUDE", "INCLINATION",
                  "COV_CONFIDENCE", "COV_CONFIDENCE_METHOD"] { m[k] = .additionalParameters }
        let xyz = ["X", "Y", "Z", "XDOT", "YDOT", "ZDOT", "DRG", "SRP", "THR"]
        for i in 0..<9 { for j in 0...i { m["C\(xyz[i])_\(xyz[j])"] = .covarianceMatrix } }
        for k in ["CSIG3EIGVEC3", "DENSITY_FORECAST_UNCERTAINTY", "CSCALE_FACTOR_MIN", "CSCALE_FACTOR",
                  "CSCALE_FACTOR_MAX", "SCREENING_DATA_SOURCE", "DCP_SENSITIVITY_VECTOR_POSITION",
                  "DCP_SENSITIVITY_VECTOR_VELOCITY"] { m[k] = .covarianceMatrix }
        return m
    }()

    /// True for keywords of CDM 1.0 (508.0-B-1) and `HBR`.
    public static func isCDM1Keyword(_ key: String) -> Bool { key == "COMMENT" || specs[key] != nil }

    /// True for keywords this module knows: CDM 1.0, the CDM 2.0 ones kept as extra fields, `USER_DEFINED_*`.
    public static func isKnown(_ key: String) -> Bool {
        isCDM1Keyword(key) || draft2[key] != nil || key.hasPrefix("USER_DEFINED_")
    }

    /// The unit text compared loosely: case, blanks and `^` for `**` do not matter.
    static func sameUnit(_ a: String, _ b: String) -> Bool {
        func norm(_ s: String) -> String {
            s.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "^", with: "**")
        }
        return norm(a) == norm(b)
    }
}

extension ParseError.Code {
    /// A unit written with a value differs from the unit the standard fixes for its keyword.
    public static let badUnit = ParseError.Code("badUnit")
}
