import Foundation

/// Writes CCSDS Orbit Ephemeris Messages in KVN (CCSDS 502.0-B-3, OEM version 3.0), one segment
/// per object, streaming: the header once, then each segment as its states are ready.
///
/// Epochs are written in UTC with microseconds; positions in km to 1 mm (6 decimals) and velocities
/// in km/s to 1 µm/s (9 decimals).
public struct OEMWriter: Sendable {
    /// Metadata of one segment.
    public struct Segment: Sendable {
        public var objectName: String
        public var objectID: String
        public var centerName: String = "EARTH"
        public var referenceFrame: String
        public var timeSystem: String = "UTC"
        public var start: Instant
        public var stop: Instant
        public var comments: [String] = []
        public init(objectName: String, objectID: String, referenceFrame: String, start: Instant, stop: Instant,
                    comments: [String] = []) {
            self.objectName = objectName
            self.objectID = objectID
            self.referenceFrame = referenceFrame
            self.start = start
            self.stop = stop
            self.comments = comments
        }
    }

    public var originator: String
    public var leapSeconds: LeapSecondTable

    public init(originator: String = "KANSHI", leapSeconds: LeapSecondTable = .bundled) {
        self.originator = originator
        self.leapSeconds = leapSeconds
    }

    /// The message header.
    public func header(creationDate: Instant, comments: [String] = []) -> String {
        var s = "CCSDS_OEM_VERS = 3.0\n"
        for c in comments { s += "COMMENT \(c)\n" }
        s += "CREATION_DATE = \(creationDate.iso8601UTC(fractionDigits: 3, leapSeconds: leapSeconds, zulu: false))\n"
        s += "ORIGINATOR = \(originator)\n"
        return s
    }

    /// Appends a segment's metadata block.
    public func appendMetadata(_ m: Segment, to out: inout [UInt8]) {
        var s = "\nMETA_START\n"
        s += "OBJECT_NAME = \(m.objectName.isEmpty ? "UNKNOWN" : m.objectName)\n"
        s += "OBJECT_ID = \(m.objectID.isEmpty ? "UNKNOWN" : m.objectID)\n"
        s += "CENTER_NAME = \(m.centerName)\n"
        s += "REF_FRAME = \(m.referenceFrame)\n"
        s += "TIME_SYSTEM = \(m.timeSystem)\n"
        s += "START_TIME = \(m.start.iso8601UTC(leapSeconds: leapSeconds, zulu: false))\n"
        s += "STOP_TIME = \(m.stop.iso8601UTC(leapSeconds: leapSeconds, zulu: false))\n"
        s += "META_STOP\n"
        for c in m.comments { s += "COMMENT \(c)\n" }
        out.append(contentsOf: s.utf8)
    }

    /// Appends one ephemeris data line: epoch, x y z (km), vx vy vz (km/s).
    public func appendState(epoch: Instant, positionKm r: SIMD3<Double>, velocityKmPerS v: SIMD3<Double>,
                            to out: inout [UInt8]) {
        out.append(contentsOf: epoch.iso8601UTC(leapSeconds: leapSeconds, zulu: false).utf8)
        for i in 0..<3 { out.append(0x20); FixedDecimal.append(r[i], decimals: 6, to: &out) }
        for i in 0..<3 { out.append(0x20); FixedDecimal.append(v[i], decimals: 9, to: &out) }
        out.append(0x0A)
    }

    /// Appends a comment line (e.g. a state SGP4 rejected).
    public func appendComment(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: "COMMENT \(text)\n".utf8)
    }
}
