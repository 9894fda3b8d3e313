import Foundation

/// A general-perturbations (SGP4) element set as files carry it: a TLE, or a CCSDS OMM with its
/// TLE-related parameters, in the files' own units (degrees, revolutions per day).
///
/// Field names follow the OMM keywords. Everything a reader found is kept: OMM metadata and
/// comments, extra fields such as Space-Track's `OBJECT_TYPE` or `DECAY_DATE` (in ``extraFields``, in
/// file order), and — for sets read from a TLE — the presentation of each field (``tleFormatting``),
/// so that writing a TLE back reproduces the input lines byte for byte. ``meanElements`` converts to
/// what SGP4 consumes.
public struct ElementSet: Sendable, Hashable {
    /// `OBJECT_NAME`, or the TLE name line (without the `0 ` of a 3LE); `nil` for two-line sets.
    public var objectName: String?
    /// `OBJECT_ID`, the international designator in OMM form (`1958-002B`). A TLE's `58002B` is
    /// converted; a designator that is not of that form is kept as written (trimmed); `nil` when blank.
    public var objectID: String?
    /// `NORAD_CAT_ID`, the satellite catalog number (Alpha-5 `A0000` is 100000).
    public var noradCatalogNumber: Int
    /// `CLASSIFICATION_TYPE`: `U`, `C`, `S`.
    public var classification: Character
    /// `EPOCH`, the epoch of the elements (UTC in every file format Kanshi reads).
    public var epoch: Instant
    /// `MEAN_MOTION`, Kozai mean motion, revolutions per day.
    public var meanMotionRevPerDay: Double
    /// `ECCENTRICITY`.
    public var eccentricity: Double
    /// `INCLINATION`, degrees.
    public var inclinationDeg: Double
    /// `RA_OF_ASC_NODE`, degrees.
    public var raanDeg: Double
    /// `ARG_OF_PERICENTER`, degrees.
    public var argumentOfPericenterDeg: Double
    /// `MEAN_ANOMALY`, degrees.
    public var meanAnomalyDeg: Double
    /// `EPHEMERIS_TYPE` (0 for SGP4 sets as distributed).
    public var ephemerisType: Int
    /// `ELEMENT_SET_NO`.
    public var elementSetNumber: Int
    /// `REV_AT_EPOCH`, revolution number at epoch.
    public var revolutionNumberAtEpoch: Int
    /// `BSTAR`, SGP4 drag term, per Earth radius.
    public var bstar: Double
    /// `MEAN_MOTION_DOT`, revolutions per day² — as in the TLE, this is ṅ/2.
    public var meanMotionDot: Double
    /// `MEAN_MOTION_DDOT`, revolutions per day³ — as in the TLE, this is n̈/6.
    public var meanMotionDDot: Double

    // MARK: OMM metadata

    /// `CCSDS_OMM_VERS` as read (e.g. "2.0", "3.0"); `nil` when the source had none.
    public var ommVersion: String?
    /// `CENTER_NAME`; "EARTH" unless a file says otherwise.
    public var centerName: String
    /// `REF_FRAME`; "TEME" unless a file says otherwise.
    public var referenceFrame: String
    /// `TIME_SYSTEM`; "UTC" unless a file says otherwise.
    public var timeSystem: String
    /// `MEAN_ELEMENT_THEORY`; "SGP4" unless a file says otherwise.
    public var meanElementTheory: String
    /// `ORIGINATOR`, when given (empty values are `nil`).
    public var originator: String?
    /// `CREATION_DATE` as written, when given (kept as text: files write it in several forms).
    public var creationDate: String?
    /// `COMMENT` lines, in file order (header, metadata and data comments together).
    public var comments: [String]
    /// Every other field read, in file order: Space-Track's `OBJECT_TYPE`, `RCS_SIZE`,
    /// `COUNTRY_CODE`, `LAUNCH_DATE`, `DECAY_DATE`, `TLE_LINE1`…, OMM `GM`, `USER_DEFINED_*`, ….
    public var extraFields: [ExtraField]
    /// How the fields were written in the TLE this set was read from; empty for other sources.
    public var tleFormatting: TLEFormatting

    /// One extra field as read: keyword and text value (`nil` for a JSON `null`).
    public struct ExtraField: Sendable, Hashable {
        /// The keyword as read (e.g. `OBJECT_TYPE`).
        public var key: String
        /// The value as text; `nil` for a JSON `null`.
        public var value: String?
        public init(key: String, value: String?) { self.key = key; self.value = value }
    }

    public init(objectName: String? = nil, objectID: String? = nil, noradCatalogNumber: Int,
                classification: Character = "U", epoch: Instant, meanMotionRevPerDay: Double,
                eccentricity: Double, inclinationDeg: Double, raanDeg: Double,
                argumentOfPericenterDeg: Double, meanAnomalyDeg: Double, ephemerisType: Int = 0,
                elementSetNumber: Int = 999, revolutionNumberAtEpoch: Int = 0, bstar: Double = 0,
                meanMotionDot: Double = 0, meanMotionDDot: Double = 0,
                ommVersion: String? = nil, centerName: String = "EARTH", referenceFrame: String = "TEME",
                timeSystem: String = "UTC", meanElementTheory: String = "SGP4", originator: String? = nil,
                creationDate: String? = nil, comments: [String] = [], extraFields: [ExtraField] = [],
                tleFormatting: TLEFormatting = TLEFormatting()) {
        self.objectName = objectName
        self.objectID = objectID
        self.noradCatalogNumber = noradCatalogNumber
        self.classification = classification
        self.epoch = epoch
        self.meanMotionRevPerDay = meanMotionRevPerDay
        self.eccentricity = eccentricity
        self.inclinationDeg = inclinationDeg
        self.raanDeg = raanDeg
        self.argumentOfPericenterDeg = argumentOfPericenterDeg
        self.meanAnomalyDeg = meanAnomalyDeg
        self.ephemerisType = ephemerisType
        self.elementSetNumber = elementSetNumber
        self.revolutionNumberAtEpoch = revolutionNumberAtEpoch
        self.bstar = bstar
        self.meanMotionDot = meanMotionDot
        self.meanMotionDDot = meanMotionDDot
        self.ommVersion = ommVersion
        self.centerName = centerName
        self.referenceFrame = referenceFrame
        self.timeSystem = timeSystem
        self.meanElementTheory = meanElementTheory
        self.originator = originator
        self.creationDate = creationDate
        self.comments = comments
        self.extraFields = extraFields
        self.tleFormatting = tleFormatting
    }

    /// The value of the first extra field named `key` (or `USER_DEFINED_<key>`, as KVN and XML carry
    /// non-CCSDS fields), if present and not null.
    public func extraField(_ key: String) -> String? {
        if let f = extraFields.first(where: { $0.key == key }) { return f.value }
        return extraFields.first { $0.key == "USER_DEFINED_" + key }?.value ?? nil
    }

    /// Space-Track's `OBJECT_TYPE` (`PAYLOAD`, `ROCKET BODY`, `DEBRIS`, `UNKNOWN`, `TBA`), when present.
    public var objectType: ObjectType? {
        extraField("OBJECT_TYPE").map { ObjectType(rawValue: $0) }
    }

    /// The kind of object, as Space-Track's `OBJECT_TYPE` names it.
    public struct ObjectType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The text as Space-Track writes it, upper case.
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue.uppercased() }
        public static let payload = ObjectType(rawValue: "PAYLOAD")
        public static let rocketBody = ObjectType(rawValue: "ROCKET BODY")
        public static let debris = ObjectType(rawValue: "DEBRIS")
        public static let unknown = ObjectType(rawValue: "UNKNOWN")
        public var description: String { rawValue }
    }

    /// The elements in SGP4's internal units, with the arithmetic of Vallado's `twoline2rv`
    /// (Vallado, Crawford, Hujsak & Kelso 2006, "Revisiting Spacetrack Report #3", AIAA 2006-6753):
    /// `xpdotp = 1440 / 2π`; `no = n / xpdotp`; `ndot / (xpdotp·1440)`; `nddot / (xpdotp·1440²)`;
    /// angles degrees → radians.
    public var meanElements: MeanElements {
        let xpdotp = 1440.0 / (2.0 * Double.pi)
        let deg2rad = Double.pi / 180.0
        return MeanElements(
            epoch: epoch,
            meanMotionRadPerMin: meanMotionRevPerDay / xpdotp,
            eccentricity: eccentricity,
            inclinationRad: inclinationDeg * deg2rad,
            raanRad: raanDeg * deg2rad,
            argumentOfPerigeeRad: argumentOfPericenterDeg * deg2rad,
            meanAnomalyRad: meanAnomalyDeg * deg2rad,
            bstarPerEarthRadius: bstar,
            meanMotionDotRadPerMin2: meanMotionDot / (xpdotp * 1440.0),
            meanMotionDDotRadPerMin3: meanMotionDDot / (xpdotp * 1440.0 * 1440.0))
    }

    /// This set with the presentation details of a TLE removed (``tleFormatting`` emptied): sets
    /// read from different formats compare equal after this when they carry the same values.
    public var valuesOnly: ElementSet {
        var s = self
        s.tleFormatting = TLEFormatting()
        return s
    }
}

extension ElementSet {
    /// Converts a TLE international designator (`58002B`, columns 10–17) to OMM form (`1958-002B`).
    /// Returns the trimmed text unchanged when it is not of that form, `nil` when blank.
    public static func objectID(fromTLEDesignator field: Substring) -> String? {
        let t = field.asciiTrimmed()
        if t.isEmpty { return nil }
        let u = Array(t.utf8)
        guard u.count >= 6, u.count <= 8, u[0..<5].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              u[5...].allSatisfy({ ($0 >= 65 && $0 <= 90) }) else { return t }
        let yy = Int(u[0] - 48) * 10 + Int(u[1] - 48)
        let year = yy < 57 ? 2000 + yy : 1900 + yy
        return "\(year)-" + String(t.dropFirst(2))
    }

    /// Converts an OMM `OBJECT_ID` (`1958-002B`) to the 8-column TLE form (`58002B  `); other texts
    /// are written as they are when they fit. `nil` if the designator cannot fit 8 columns.
    public static func tleDesignator(fromObjectID id: String?) -> String? {
        guard let id, !id.isEmpty else { return String(repeating: " ", count: 8) }
        let u = Array(id.utf8)
        var t = id
        if u.count >= 9, u.count <= 11, u[4] == 45 /* - */, u[0..<4].allSatisfy({ $0 >= 48 && $0 <= 57 }),
           u[5..<8].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            t = String(decoding: u[2..<4], as: UTF8.self) + String(decoding: u[5...], as: UTF8.self)
        }
        guard t.utf8.count <= 8 else { return nil }
        return t + String(repeating: " ", count: 8 - t.utf8.count)
    }
}
