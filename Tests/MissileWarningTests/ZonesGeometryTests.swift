import Foundation
import Sensors
import Testing
@testable import MissileWarning

@Suite("Warning zones: GeoJSON reader, polygons, geodesics")
struct ZonesGeometryTests {
    static func rad(_ d: Double) -> Double { ZonesFixtures.rad(d) }

    static func parse(_ text: String) throws -> [GeoFeature] {
        try GeoJSONReader.parse(Data(text.utf8), file: "zones.geojson")
    }

    static func error(_ text: String) -> MissileWarningError? {
        do { _ = try parse(text); return nil } catch let e as MissileWarningError { return e } catch { return nil }
    }

    @Test("bad GeoJSON gives an error naming the file, the feature's field path and the value")
    func readerErrors() throws {
        let e1 = try #require(Self.error("{ not json"))
        #expect(e1.code == .badJSON && e1.file == "zones.geojson")

        let e2 = try #require(Self.error(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#))
        #expect(e2.code == .badGeometry && e2.field == "features[0].geometry.type" && e2.value == "Point")

        let open = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}"#
        let e3 = try #require(Self.error(open))
        #expect(e3.code == .badGeometry && e3.field == "features[0].geometry.coordinates[0]")
        #expect(e3.description.hasPrefix("zones.geojson: features[0].geometry.coordinates[0]: the ring is not closed"))

        let badPosition = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,95],[0,0]]]]}}]}"#
        let e4 = try #require(Self.error(badPosition))
        #expect(e4.field == "features[0].geometry.coordinates[1][0][2]" && e4.value == "[1.0, 95.0]")

        let noGeometry = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}"#
        #expect(Self.error(noGeometry)?.code == .missingField)
        #expect(Self.error(#"{"type":"FeatureCollection"}"#)?.field == "features")
        #expect(Self.error(#"{"type":"Polygon","coordinates":[[[0,0],["a",0],[1,1],[0,0]]]}"#)?.field == "coordinates[0][1]")

        do { _ = try GeoJSONReader.read(path: "/nonexistent/zones.geojson"); Issue.record("no error") } catch let e as MissileWarningError {
            #expect(e.code == .io && e.file == "/nonexistent/zones.geojson")
        }
    }

    @Test("a polygon with a hole: inside the ring, not in the hole, not outside; properties kept")
    func polygonWithHole() throws {
        let text = #"""
        {"type":"Feature","properties":{"group":"test","n":3},"geometry":{"type":"Polygon","coordinates":[
          [[130,30],[140,30],[140,40],[130,40],[130,30]],
          [[133,33],[133,37],[137,37],[137,33],[133,33]]]}}
        """#
        let f = try #require(try Self.parse(text).first)
        #expect(f.properties["group"] == "test" && f.properties["n"] == "3")
        let p = try #require(f.polygons.first)
        #expect(p.rings.count == 2 && p.edgeCount == 8)
        #expect(p.contains(latitudeRad: Self.rad(31), longitudeRad: Self.rad(131)))
        #expect(p.contains(latitudeRad: Self.rad(38), longitudeRad: Self.rad(135)))
        #expect(!p.contains(latitudeRad: Self.rad(35), longitudeRad: Self.rad(135)))   // in the hole
        #expect(!p.contains(latitudeRad: Self.rad(35), longitudeRad: Self.rad(141)))
        #expect(!p.contains(latitudeRad: Self.rad(29), longitudeRad: Self.rad(135)))
    }

    @Test("the band-indexed inside test agrees with a plain crossing count on a 200-vertex star, 20,000 points")
    func bandIndexMatchesBruteForce() {
        var rng = Xoshiro256StarStar(seed: 7)
        var lat: [Double] = [], lon: [Double] = []
        for k in 0 ..< 200 {
            let a = 2 * Double.pi * Double(k) / 200
            let r = (k % 2 == 0 ? 0.1 : 0.04) * (0.5 + rng.nextUnit())
            lat.append(0.6 + r * sin(a)); lon.append(2.4 + r * cos(a))
        }
        let p = GeoPolygon(rings: [GeoRing(latitudesRad: lat, longitudesRad: lon)])
        func brute(_ y: Double, _ x: Double) -> Bool {
            var inside = false
            for i in 0 ..< lat.count {
                let j = (i + 1) % lat.count
                if (lat[i] > y) != (lat[j] > y), x < lon[i] + (y - lat[i]) * (lon[j] - lon[i]) / (lat[j] - lat[i]) { inside.toggle() }
            }
            return inside
        }
        var mismatches = 0, insideCount = 0
        for _ in 0 ..< 20_000 {
            let y = 0.6 + 0.3 * (rng.nextUnit() - 0.5), x = 2.4 + 0.3 * (rng.nextUnit() - 0.5)
            let got = p.contains(latitudeRad: y, longitudeRad: x)
            if got != brute(y, x) { mismatches += 1 }
            if got { insideCount += 1 }
        }
        #expect(mismatches == 0)
        #expect(insideCount > 1000 && insideCount < 19_000)
    }

    @Test("Vincenty (1975) against his own example (Flinders Peak–Buninyong) and pyproj 3.7.2 Geod(WGS84)")
    func vincenty() {
        // Flinders Peak → Buninyong: s = 54,972.271 m, α1 = 306°52′05.37″ (Geoscience Australia's worked example).
        let f1 = -(37 + 57 / 60 + 3.72030 / 3600), l1 = 144 + 25 / 60 + 29.52440 / 3600
        let f2 = -(37 + 39 / 60 + 10.15610 / 3600), l2 = 143 + 55 / 60 + 35.38390 / 3600
        let inv = Vincenty1975.inverse(latitude1Rad: Self.rad(f1), longitude1Rad: Self.rad(l1),
                                       latitude2Rad: Self.rad(f2), longitude2Rad: Self.rad(l2))
        #expect(abs(inv.distanceKm - 54.972271) < 1e-6)   // 1 mm
        #expect(abs((inv.initialAzimuthRad + 2 * .pi) * 180 / .pi - 306.8681583) < 1e-5)
        // Tokyo → Naha: pyproj 1,558,672.9925 m.
        let tn = Vincenty1975.distanceKm(latitude1Rad: Self.rad(35.68), longitude1Rad: Self.rad(139.77),
                                         latitude2Rad: Self.rad(26.21), longitude2Rad: Self.rad(127.68))
        #expect(abs(tn - 1558.6729925) < 1e-6)
        // Direct: 500 km at azimuth 45° from Tokyo → pyproj (38.798001692 N, 143.839065956 E).
        let d = Vincenty1975.direct(latitudeRad: Self.rad(35.68), longitudeRad: Self.rad(139.77), azimuthRad: Self.rad(45), distanceKm: 500)
        #expect(abs(d.latitudeRad * 180 / .pi - 38.798001692) < 1e-8)   // ~1 mm
        #expect(abs(d.longitudeRad * 180 / .pi - 143.839065956) < 1e-8)
    }

    @Test("the bundled zone files load: 2,203 land polygons in 19 groups; EEZ 2 polygons, one hole")
    func bundledFiles() throws {
        let z = try ZonesFixtures.zones()
        #expect(z.land.polygons.count == 2203)
        #expect(z.land.features.count == 19)
        #expect(z.land.edgeCount == 28_302)   // Σ (ring positions − 1), counted with Python on the same file
        #expect(z.eez.polygons.count == 2)
        #expect(z.eez.polygons.map(\.rings.count).sorted() == [1, 2])
        #expect(Set(z.land.features.compactMap { $0.properties["group"] }).isSuperset(of: ["Honshu", "Hokkaido", "Okinotorishima", "Senkaku Islands"]))
    }

    @Test("distance to a boundary on a synthetic square: the geodesic distance to its meridian edge")
    func distanceToSyntheticEdge() throws {
        let text = #"{"type":"Polygon","coordinates":[[[130,30],[140,30],[140,40],[130,40],[130,30]]]}"#
        let layer = try GeoLayer(name: "square", features: try Self.parse(text))
        // A point 1° east of the 140° E meridian edge at 35° N: the nearest edge point is near 35° N,
        // 140° E, a little poleward (meridians converge); the geodesic distance is the minimum over the edge.
        let d = layer.distanceToBoundary(latitudeRad: Self.rad(35), longitudeRad: Self.rad(141))
        var brute = Double.infinity
        for k in 0 ... 20_000 {
            let lat = 34.5 + Double(k) * 1e-4 / 2
            brute = min(brute, Vincenty1975.distanceKm(latitude1Rad: Self.rad(35), longitude1Rad: Self.rad(141),
                                                       latitude2Rad: Self.rad(lat), longitude2Rad: Self.rad(140)))
        }
        #expect(abs(d.distanceKm - brute) < 0.001)   // 1 m
        #expect(abs(d.nearestLongitudeRad - Self.rad(140)) < 1e-12)
        #expect(d.nearestLatitudeRad > Self.rad(35))
        // Inside: 0.5° from the south edge at 30° N.
        let inside = layer.distanceToBoundary(latitudeRad: Self.rad(30.5), longitudeRad: Self.rad(135))
        let south = Vincenty1975.distanceKm(latitude1Rad: Self.rad(30.5), longitude1Rad: Self.rad(135), latitude2Rad: Self.rad(30), longitude2Rad: Self.rad(135))
        #expect(abs(inside.distanceKm - south) < 0.001)
    }
}
