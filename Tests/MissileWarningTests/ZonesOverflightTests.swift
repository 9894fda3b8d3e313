import Astrodynamics
import Foundation
import Testing
@testable import MissileWarning

@Suite("Warning zones: overflight of Japan")
struct ZonesOverflightTests {
    static func rad(_ d: Double) -> Double { ZonesFixtures.rad(d) }

    /// Land crossings of the synthetic 2017-08-29 track computed with shapely 2.2.0 on the same straight
    /// longitude/latitude segments (Tests/Fixtures/missile-zones/SOURCES.md): (entry, exit) UTC and the
    /// entry point. Oshima Peninsula, the Esan/Kameda coast east of Hakodate, and Cape Erimo.
    static let shapely: [(entry: String, exit: String, lat: Double, lon: Double)] = [
        ("2017-08-28T21:04:27.659902Z", "2017-08-28T21:04:41.552794Z", 41.6513, 140.0007),
        ("2017-08-28T21:04:51.507402Z", "2017-08-28T21:04:56.141299Z", 41.7424, 140.9122),
        ("2017-08-28T21:05:51.799684Z", "2017-08-28T21:05:52.232290Z", 41.94, 143.2273),
    ]

    @Test("a Hwasong-12-like track over Hokkaido (2017-08-29): three land crossings, times within 5 ms of shapely")
    func hokkaido() throws {
        let z = try ZonesFixtures.zones()
        let track = try ZonesFixtures.track("track_2017-08-29_hwasong12_synthetic.csv")
        let intervals = try z.overflights(of: track)
        #expect(intervals.count == 3)
        for (got, want) in zip(intervals, Self.shapely) {
            #expect(abs((got.entry - (try Instant(utc: want.entry))).inSeconds) < 0.005, "\(got.entry)")
            #expect(abs((got.exit - (try Instant(utc: want.exit))).inSeconds) < 0.005, "\(got.exit)")
            #expect(abs(got.entryLatitudeRad - Self.rad(want.lat)) < Self.rad(1e-4) && abs(got.entryLongitudeRad - Self.rad(want.lon)) < Self.rad(1e-4))
            #expect(got.groups == ["Hokkaido"])
            #expect(!got.startsInside && !got.endsInside)
        }
        // Cape Erimo is crossed in 0.43 s, between two samples 2 s apart: found from the coastline's edges.
        if intervals.count == 3 { #expect(intervals[2].durationSeconds > 0.3 && intervals[2].durationSeconds < 0.6) }
    }

    @Test("the same track over the 12 NM sea (from the GSHHG shoreline): every land crossing lies inside a longer interval")
    func hokkaidoTerritorialSea() throws {
        let z = try ZonesFixtures.zones()
        let track = try ZonesFixtures.track("track_2017-08-29_hwasong12_synthetic.csv")
        let land = try z.overflights(of: track)
        let sea = try z.overflights(of: track, area: .twelveNauticalMiles)
        #expect(!sea.isEmpty && sea.count <= land.count)
        for l in land {
            let holder = sea.first { $0.entry <= l.entry && l.exit <= $0.exit }
            #expect(holder != nil, "land \(l.entry)–\(l.exit) not inside a 12 NM interval")
        }
        // The track runs at ~3.3 km/s over the ground: 22.2 km of sea before the first coast is ≥ 6.7 s.
        if let first = sea.first, let l = land.first { #expect((l.entry - first.entry).inSeconds > 6.5) }
        // Where the 12 NM interval begins, the track is 22.224 km from the coast (to the bisection's 1e-6 of a ~20 km segment).
        if let first = sea.first {
            let d = z.land.distanceToBoundary(latitudeRad: first.entryLatitudeRad, longitudeRad: first.entryLongitudeRad).distanceKm
            #expect(abs(d - 22.224) < 0.01, "\(d)")
        }
    }

    @Test("a Hwasong-15-like lofted track into the Sea of Japan (2017-11-29): no overflight, not even of the 12 NM sea")
    func seaOfJapan() throws {
        let z = try ZonesFixtures.zones()
        let track = try ZonesFixtures.track("track_2017-11-29_hwasong15_synthetic.csv")
        #expect(try z.overflights(of: track).isEmpty)
        #expect(try z.overflights(of: track, area: .twelveNauticalMiles).isEmpty)
    }

    @Test("a track that starts on land (Tokyo, heading east) opens its interval at the first sample")
    func startsOnLand() throws {
        let z = try ZonesFixtures.zones()
        let t0 = try Instant(utc: "2026-01-01T00:00:00Z")
        var track: [GroundTrackSample] = []
        for k in 0 ... 20 {
            let p = Vincenty1975.direct(latitudeRad: Self.rad(35.68), longitudeRad: Self.rad(139.77), azimuthRad: Self.rad(100), distanceKm: Double(k) * 10)
            track.append(GroundTrackSample(instant: t0 + .seconds(k * 5), latitudeRad: p.latitudeRad, longitudeRad: p.longitudeRad))
        }
        let intervals = try z.overflights(of: track)
        let first = try #require(intervals.first)
        #expect(first.startsInside && first.entry == t0)
        #expect(first.groups.first == "Honshu")
        #expect(intervals.allSatisfy { !$0.endsInside })
    }

    @Test("samples out of time order or off the Earth are an error; an empty track has no overflight")
    func badTracks() throws {
        let z = try ZonesFixtures.zones()
        let t0 = try Instant(utc: "2026-01-01T00:00:00Z")
        let back = [GroundTrackSample(instant: t0, latitudeRad: 0.6, longitudeRad: 2.4),
                    GroundTrackSample(instant: t0 - .seconds(1), latitudeRad: 0.6, longitudeRad: 2.5)]
        do { _ = try z.overflights(of: back); Issue.record("no error") } catch let e as MissileWarningError {
            #expect(e.field == "track[1].instant")
        }
        let off = [GroundTrackSample(instant: t0, latitudeRad: 0.6, longitudeRad: 2.4),
                   GroundTrackSample(instant: t0 + .seconds(1), latitudeRad: .nan, longitudeRad: 2.5)]
        #expect(throws: MissileWarningError.self) { try z.overflights(of: off) }
        #expect(throws: MissileWarningError.self) { try z.overflights(of: back.prefix(1).map { $0 }, area: .territorialSea(limitKm: -1)) }
        #expect(try z.overflights(of: []).isEmpty)
    }
}
