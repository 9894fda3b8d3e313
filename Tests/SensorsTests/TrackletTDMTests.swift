import Testing
import Foundation
import Astrodynamics
import SpaceData
@testable import Sensors

@Suite("Tracklets as TDM")
struct TrackletTDMTests {
    static let t0 = try! Instant(utc: "2023-10-09T12:00:00Z")

    /// A radar tracklet with random (full-precision) values and sub-millisecond epochs, and an optical one.
    static func tracklets(count: Int = 20) -> [Tracklet] {
        var rng = SystemRandomNumberGenerator()
        var out: [Tracklet] = []
        for k in 0..<count {
            let radar = k % 2 == 0
            var ms: [Sensors.Measurement] = []
            var t = t0.advanced(bySeconds: Double(k) * 600 + Double.random(in: 0..<1, using: &rng))
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                if radar {
                    ms.append(Sensors.Measurement(epoch: t, rangeKm: Double.random(in: 200...40_000, using: &rng),
                                          azimuthRad: Double.random(in: 0..<2 * .pi, using: &rng),
                                          elevationRad: Double.random(in: -0.1...(.pi / 2), using: &rng),
                                          rangeRateKmPerS: Double.random(in: -8...8, using: &rng)))
                } else {
                    ms.append(Sensors.Measurement(epoch: t, rightAscensionRad: Double.random(in: 0..<2 * .pi, using: &rng),
                                          declinationRad: Double.random(in: -(.pi / 2)...(.pi / 2), using: &rng)))
                }
                t = t.advanced(bySeconds: Double.random(in: 0.001...10, using: &rng))
            }
            out.append(Tracklet(id: "JP-TEST-\(k)", sensorID: radar ? "JP-KAMISAIBARA" : "JP-BISEI",
                                measurements: ms, reportedObject: k % 3 == 0 ? nil : 25544 + k,
                                comments: k % 4 == 0 ? ["simulated", "pass \(k)"] : []))
        }
        return out
    }

    @Test("Tracklets → TDM → KVN and XML text → TDM → tracklets is exact (==)")
    func losslessRoundTrip() throws {
        var tracklets = Self.tracklets()
        tracklets[1].reportedObject = 0   // any integer survives, even one no catalog uses
        let doc = try TDMDocument(tracklets: tracklets, originator: "KANSHI", creationDate: Self.t0)
        for text in [try TDMKVN.write(doc), try TDMXML.write(doc)] {
            let report = TrackletTDM.read(Array(text.utf8), file: "x.tdm")
            #expect(report.errors.isEmpty, "\(report.errors.prefix(3))")
            #expect(report.records == tracklets)
        }
    }

    @Test("Angles: every radian value comes back exactly through degree text (100,000 random values)")
    func degreeTextIsExact() {
        var rng = SystemRandomNumberGenerator()
        for k in 0..<100_000 {
            let r = k < 50_000 ? Double.random(in: -7...7, using: &rng)
                               : Double(bitPattern: UInt64.random(in: 0x3C00_0000_0000_0000...0x4030_0000_0000_0000, using: &rng))
            let text = DegreeText.text(radians: r)
            #expect(DegreeText.radians(text)?.bitPattern == r.bitPattern, "\(r) → \(text)")
        }
        // CCSDS/IAU: π/180 = 0.017453292519943295769...; 180° is π exactly as a Double.
        #expect(DegreeText.radians("180") == .pi)
        #expect(DegreeText.radians("90.0") == .pi / 2)
        #expect(DegreeText.text(radians: .pi) == "180.0")
    }

    @Test("The metadata follows CCSDS 503.0-B-2 for a radar and an optical tracklet")
    func metadata() throws {
        let ts = Self.tracklets(count: 2)
        let doc = try TrackletTDM.document(tracklets: ts, originator: "KANSHI", creationDate: Self.t0)
        let radar = doc.segments[0].metadata, optical = doc.segments[1].metadata
        #expect(radar["TIME_SYSTEM"] == "UTC")
        #expect(radar.trackID == "JP-TEST-0")
        #expect(radar.participant(1) == "JP-KAMISAIBARA")
        #expect(radar.participant(2) == "UNKNOWN")   // reportedObject nil
        #expect(optical.participant(2) == "25545")
        #expect(radar.mode == "SEQUENTIAL")
        #expect(radar.path == [1, 2, 1] && optical.path == [2, 1])
        #expect(radar.angleType == "AZEL" && optical.angleType == "RADEC" && optical.referenceFrame == "EME2000")
        #expect(radar.rangeUnits == "km" && optical.rangeUnits == nil)
        #expect(radar.dataTypes == ["RANGE", "ANGLE_1", "ANGLE_2", "DOPPLER_INSTANTANEOUS"])
        #expect(optical.dataTypes == ["ANGLE_1", "ANGLE_2"])
        #expect(radar.startTime == ts[0].start && radar.stopTime == ts[0].end)
        #expect(radar.comments == ["simulated", "pass 0"])
        // Values: degrees and km/s as written, one line per value.
        let m = ts[0].measurements[0]
        let o = doc.segments[0].observations
        #expect(o[0].keyword == "RANGE" && o[0].value == m.rangeKm)
        #expect(abs(o[1].value - m.azimuthRad! * 180 / .pi) < 1e-12)
        #expect(o[3].keyword == "DOPPLER_INSTANTANEOUS" && o[3].value == m.rangeRateKmPerS)
        #expect(doc.segments[0].observations.count == 4 * ts[0].measurements.count)
    }

    /// CCSDS 503.0-B-2 figure E-6 (tdm_e6.kvn): a two-way range/angles pass in AZEL, RANGE_UNITS km.
    @Test("An annex example with RANGE and AZEL angles reads as a tracklet")
    func annexExample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tdm/ndm-rs/tdm_e6.kvn")
        let text = try String(contentsOf: url, encoding: .utf8)
        var doc = try #require(TDMReader.read(text).document)
        doc.segments[0].metadata["TRACK_ID"] = "E6"   // the example has none
        // Its frequency lines are no tracklet measurement: each is an error naming its line (25, 26, 30, ...).
        let refused = TrackletTDM.tracklets(from: doc)
        #expect(refused.records.isEmpty)
        #expect(refused.errors.count == 16 && refused.errors.first?.line == 25 && refused.errors.first?.field == "TRANSMIT_FREQ_1")
        doc.segments[0].observations.removeAll { !["RANGE", "ANGLE_1", "ANGLE_2"].contains($0.keyword) }
        let r = TrackletTDM.tracklets(from: doc)
        #expect(r.errors.isEmpty, "\(r.errors)")
        let t = try #require(r.records.first)
        #expect(t.sensorID == doc.segments[0].metadata.participant(1))
        // tdm_e6.kvn line 22-24: RANGE 80452.7542, ANGLE_1 256.64002393, ANGLE_2 13.38100016 at 1998-06-10T00:57:37.
        #expect(t.measurements[0].rangeKm == 80452.7542)
        #expect(abs(t.measurements[0].azimuthRad! - 256.64002393 * .pi / 180) < 1e-15)
        #expect(abs(t.measurements[0].elevationRad! - 13.38100016 * .pi / 180) < 1e-15)
        #expect(t.measurements[0].epoch == (try Instant(utc: "1998-06-10T00:57:37")))
    }

    @Test("Unsupported data types, units and angle types are errors naming the line")
    func unsupported() throws {
        let text = """
        CCSDS_TDM_VERS = 2.0
        CREATION_DATE = 2023-10-09T00:00:00
        ORIGINATOR = K
        META_START
        TIME_SYSTEM = UTC
        TRACK_ID = A
        PARTICIPANT_1 = S
        PARTICIPANT_2 = 1998-067A
        ANGLE_TYPE = AZEL
        META_STOP
        DATA_START
        ANGLE_1 = 2023-10-09T00:00:00 10.0
        RECEIVE_FREQ_1 = 2023-10-09T00:00:00 10.0
        DATA_STOP
        META_START
        TIME_SYSTEM = TAI
        TRACK_ID = B
        PARTICIPANT_1 = S
        RANGE_UNITS = RU
        ANGLE_TYPE = XEYN
        META_STOP
        DATA_START
        RANGE = 2023-10-09T00:00:00 10.0
        DATA_STOP
        META_START
        TIME_SYSTEM = GPS
        TRACK_ID = C
        PARTICIPANT_1 = S
        META_STOP
        DATA_START
        RANGE = 2023-10-09T00:00:00 10.0
        DATA_STOP
        """
        let r = TrackletTDM.read(Array(text.utf8), file: "u.tdm")
        #expect(r.errors.map(\.line) == [13, 15, 15])
        #expect(r.errors.map(\.code) == [.unsupported, .unsupported, .unsupported])
        #expect(r.errors.map(\.field) == ["RECEIVE_FREQ_1", "RANGE_UNITS", "ANGLE_TYPE"])
        #expect(r.warnings.map(\.field) == ["PARTICIPANT_2"])   // 1998-067A is not a catalog number
        // GPS time tags are respected: 2023-10-09T00:00:00 GPS is 18 s before UTC midnight (TAI−UTC 37 s, GPS = TAI−19 s).
        let c = try #require(r.records.first)
        #expect(c.id == "C")
        #expect(c.measurements[0].epoch.secondsSince(try Instant(utc: "2023-10-09T00:00:00")) == -18)
    }

    @Test("Garbled tracklet TDM never crashes the tracklet reader, and what it accepts is well formed")
    func garbled() throws {
        let text = try TDMKVN.write(try TrackletTDM.document(tracklets: Self.tracklets(count: 4), originator: "K", creationDate: Self.t0))
        let bytes = Array(text.utf8)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var b = bytes
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let i = Int.random(in: 0..<b.count, using: &rng)
                if Bool.random(using: &rng) { b[i] = UInt8.random(in: 32...126, using: &rng) } else { b.remove(at: i) }
            }
            let r = TrackletTDM.read(b, file: "g.tdm")
            for t in r.records { #expect(!t.id.isEmpty && !t.sensorID.isEmpty) }
            for e in r.errors { #expect(e.file == "g.tdm") }
        }
    }

    @Test("Tracklets that one TDM segment cannot hold are refused")
    func refused() {
        let m = Sensors.Measurement(epoch: Self.t0, azimuthRad: 1, rightAscensionRad: 1)
        #expect { try TrackletTDM.segment(Tracklet(id: "a", sensorID: "s", measurements: [m])) } throws: {
            ($0 as? ParseError)?.field == "ANGLE_TYPE"
        }
        #expect(throws: ParseError.self) {
            try TrackletTDM.segment(Tracklet(id: "a", sensorID: "s", measurements: [Sensors.Measurement(epoch: Self.t0)]))
        }
        #expect(throws: ParseError.self) {
            try TrackletTDM.segment(Tracklet(id: "a", sensorID: "s", measurements: [Sensors.Measurement(epoch: Self.t0, rangeKm: .infinity)]))
        }
    }
}
