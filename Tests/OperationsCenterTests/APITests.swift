import Astrodynamics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import OperationsCenter
import Persistence
import SpaceData
import Testing

/// The HTTP API on the fixture catalog, through Hummingbird's router test client.
@Suite("HTTP API", .serialized)
struct APITests {
    @Test("health, status with the fixed clock, bootstrap counts")
    func healthAndStatus() async throws {
        let center = makeCenter(store: try await makeStore())
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            let h = try await client.execute(uri: "/api/v1/health", method: .get)
            #expect(h.status == .ok)
            #expect(try h.object()["status"] as? String == "ok")
            let s = try await client.execute(uri: "/api/v1/status", method: .get)
            let o = try s.object()
            let fixtureCount = ElementSetReader().read(files: [OpsFixture.catalog.path]).records.count
            #expect(o["objects"] as? Int == fixtureCount)
            #expect(o["element_sets"] as? Int == fixtureCount)
            let clock = try #require(o["clock"] as? [String: Any])
            #expect(clock["mode"] as? String == "fixed")
            let now = try Instant(utc: try #require(clock["now"] as? String))
            #expect(abs(now.secondsSince(OpsFixture.windowStart)) < 600)
            let pipeline = try #require(o["pipeline"] as? [String: Any])
            #expect(pipeline["phase"] as? String == "idle")
            #expect(pipeline["last_screening"] is [String: Any], "the bootstrap ran a full screening")
        }
    }

    @Test("gp in every format reads back through SpaceData's readers with the same values")
    func gpFormatsRoundTrip() async throws {
        let center = makeCenter(store: try await makeStore())
        let expected = Dictionary(ElementSetReader().read(files: [OpsFixture.catalog.path]).records.map { ($0.noradCatalogNumber, $0.valuesOnly) },
                                  uniquingKeysWith: { a, _ in a })
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            for format in ["json", "tle", "3le", "omm-xml", "omm-kvn", "csv"] {
                let r = try await client.execute(uri: "/api/v1/gp?format=\(format)&limit=50&orderby=norad_cat_id%20asc", method: .get)
                #expect(r.status == .ok, "\(format): \(r.text.prefix(300))")
                let report = ElementSetReader().read(Array(r.text.utf8), file: format)
                #expect(report.errors.isEmpty, "\(format): \(report.errors.prefix(3))")
                #expect(report.records.count == 50, "\(format)")
                let numbers = report.records.map(\.noradCatalogNumber)
                #expect(numbers == numbers.sorted(), "\(format) is ordered by catalog number")
                for s in report.records {
                    let e = try #require(expected[s.noradCatalogNumber])
                    #expect(abs(s.epoch.secondsSince(e.epoch)) < 1e-3, "\(format) \(s.noradCatalogNumber) epoch")
                    #expect(abs(s.meanMotionRevPerDay - e.meanMotionRevPerDay) < 1e-8, "\(format) \(s.noradCatalogNumber) mean motion")
                    #expect(abs(s.eccentricity - e.eccentricity) < 1e-7)
                    #expect(abs(s.inclinationDeg - e.inclinationDeg) < 1e-4)
                    #expect(abs(s.raanDeg - e.raanDeg) < 1e-4)
                    #expect(s.bstar == e.bstar || abs(s.bstar - e.bstar) < 1e-9)
                }
            }
            // One object by number, a list and a range.
            let id = OpsFixture.pair.0
            let one = try await client.execute(uri: "/api/v1/gp?norad_cat_id=\(id)", method: .get)
            let arr = try #require(try one.json() as? [[String: Any]])
            #expect(arr.count == 1)
            #expect(arr[0]["NORAD_CAT_ID"] as? String == String(id))
            #expect(arr[0]["GP_ID"] is String)
            let tle = try await client.execute(uri: "/api/v1/gp?norad_cat_id=\(id),25544&format=tle", method: .get)
            #expect(tle.text.split(separator: "\n").count == 4)
            #expect(!tle.text.contains("\n0 "))
        }
    }

    @Test("objects: search, one object with orbit, history, ground track")
    func objects() async throws {
        let center = makeCenter(store: try await makeStore())
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            let id = OpsFixture.pair.0
            let search = try await client.execute(uri: "/api/v1/objects?q=\(id)", method: .get)
            let items = try #require(try search.object()["items"] as? [[String: Any]])
            #expect(items.contains { $0["norad_cat_id"] as? Int == id })
            let page = try await client.execute(uri: "/api/v1/objects?limit=7&offset=3", method: .get)
            #expect((try page.object()["items"] as? [Any])?.count == 7)

            let one = try await client.execute(uri: "/api/v1/objects/\(id)", method: .get)
            let o = try one.object()
            #expect(o["norad_cat_id"] as? Int == id)
            let orbit = try #require(o["orbit"] as? [String: Any])
            #expect(["LEO", "MEO", "GEO", "HEO"].contains(orbit["regime"] as? String ?? ""))
            let perigee = try #require(orbit["perigee_km"] as? Double), apogee = try #require(orbit["apogee_km"] as? Double)
            #expect(perigee <= apogee && perigee > 100)
            #expect((o["elements"] as? [String: Any])?["NORAD_CAT_ID"] as? String == String(id))

            let history = try await client.execute(uri: "/api/v1/objects/\(id)/elements", method: .get)
            #expect((try history.object()["items"] as? [Any])?.count == 1)

            let track = try await client.execute(uri: "/api/v1/objects/\(id)/track?minutes=90&step_s=30", method: .get)
            let points = try #require(try track.object()["points"] as? [[String: Any]])
            #expect(points.count == 181)
            for p in points {
                let lat = try #require(p["lat_deg"] as? Double), lon = try #require(p["lon_deg"] as? Double), alt = try #require(p["alt_km"] as? Double)
                #expect(abs(lat) <= 90 && abs(lon) <= 180 && alt > perigee - 30 && alt < apogee + 30)
            }
            try expectProblem(try await client.execute(uri: "/api/v1/objects/99999999", method: .get), status: 404)
            try expectProblem(try await client.execute(uri: "/api/v1/objects/abc", method: .get), status: 400, detailContains: "norad_cat_id")
            try expectProblem(try await client.execute(uri: "/api/v1/objects/\(id)/track?minutes=10000&step_s=1", method: .get),
                              status: 400, detailContains: "limit")
        }
    }

    @Test("sky: every object SGP4 accepts, columnar, radii and speeds physical")
    func sky() async throws {
        let center = makeCenter(store: try await makeStore())
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            let r = try await client.execute(uri: "/api/v1/sky", method: .get)
            let o = try r.object()
            let count = try #require(o["count"] as? Int)
            let ids = try #require(o["norad_cat_id"] as? [Int])
            let pos = try #require(o["ecef_km"] as? [Double])
            let vel = try #require(o["velocity_ecef_km_s"] as? [Double])
            let regimes = try #require(o["regime"] as? [String])
            #expect(count == ids.count && pos.count == 3 * count && vel.count == 3 * count && regimes.count == count)
            #expect(count > center.catalog.snapshot().count * 9 / 10)
            for k in 0..<count {
                let r = (pos[3 * k] * pos[3 * k] + pos[3 * k + 1] * pos[3 * k + 1] + pos[3 * k + 2] * pos[3 * k + 2]).squareRoot()
                #expect(r > 6_378 && r < 500_000, "object \(ids[k]) radius \(r)")
            }
            let at = try await client.execute(uri: "/api/v1/sky?at=2023-10-09T12:00:00Z", method: .get)
            #expect(try at.object()["at"] as? String == "2023-10-09T12:00:00.000Z")
        }
    }

    @Test("problem details: unknown and bad parameters, limits, 404, 405, 413, 426")
    func problems() async throws {
        let center = makeCenter(store: try await makeStore()) { $0.maximumIngestBytes = 1_000 }
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            try expectProblem(try await client.execute(uri: "/api/v1/gp?norad=25544", method: .get), status: 400, detailContains: "norad")
            try expectProblem(try await client.execute(uri: "/api/v1/gp?epoch=%3E2023-13-01", method: .get), status: 400, detailContains: "epoch")
            try expectProblem(try await client.execute(uri: "/api/v1/gp?limit=1001", method: .get), status: 400, detailContains: "limit")
            #expect(try await client.execute(uri: "/api/v1/gp?limit=1001&format=tle", method: .get).status == .ok)
            try expectProblem(try await client.execute(uri: "/api/v1/gp?limit=10001&format=tle", method: .get), status: 400, detailContains: "limit")
            try expectProblem(try await client.execute(uri: "/api/v1/gp?format=yaml", method: .get), status: 400, detailContains: "format")
            try expectProblem(try await client.execute(uri: "/api/v1/gp?norad_cat_id=1--200000", method: .get), status: 400, detailContains: "norad_cat_id")
            try expectProblem(try await client.execute(uri: "/api/v1/gp?limit=5&limit=6", method: .get), status: 400, detailContains: "more than once")
            try expectProblem(try await client.execute(uri: "/api/v1/events?min_pc=2", method: .get), status: 400, detailContains: "min_pc")
            try expectProblem(try await client.execute(uri: "/api/v1/events?tca_from=yesterday", method: .get), status: 400, detailContains: "tca_from")
            try expectProblem(try await client.execute(uri: "/api/v1/alerts?min_severity=loud", method: .get), status: 400, detailContains: "min_severity")
            try expectProblem(try await client.execute(uri: "/api/v1/events/999999", method: .get), status: 404)
            try expectProblem(try await client.execute(uri: "/api/v1/nothing", method: .get), status: 404)
            let notAllowed = try await client.execute(uri: "/api/v1/gp", method: .delete)
            try expectProblem(notAllowed, status: 405)
            #expect(notAllowed.headers[.allow]?.contains("GET") == true)
            let big = ByteBuffer(string: String(repeating: "1 25544U 98067A   23282.13526620  .00019044  00000+0  34001-3 0  9992\n", count: 40))
            try expectProblem(try await client.execute(uri: "/api/v1/gp", method: .post, body: big), status: 413)
            try expectProblem(try await client.execute(uri: "/api/v1/gp", method: .post, body: ByteBuffer(string: "hello")), status: 400)
            try expectProblem(try await client.execute(uri: "/api/v1/gp", method: .post, body: ByteBuffer()), status: 400)
            try expectProblem(try await client.execute(uri: "/api/v1/alerts/stream", method: .get), status: 426)
        }
    }

    @Test("static web UI: index, content types, no directory traversal")
    func staticFiles() async throws {
        let center = makeCenter(store: try await makeStore(), bootstrap: false)
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            let index = try await client.execute(uri: "/", method: .get)
            #expect(index.status == .ok)
            #expect(index.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(try await client.execute(uri: "/ui/index.html", method: .get).status == .ok)
            for path in ["/ui/../OperationsCenter.swift", "/ui/%2E%2E/OperationsCenter.swift", "/ui/.hidden", "/ui/nothing.js", "/ui/"] {
                let r = try await client.execute(uri: path, method: .get)
                #expect(r.status == .notFound, "\(path): \(r.status)")
            }
        }
    }

    @Test("metrics: Prometheus text with request counts by route and status")
    func metrics() async throws {
        let center = makeCenter(store: try await makeStore(), bootstrap: false)
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            _ = try await client.execute(uri: "/api/v1/health", method: .get)
            _ = try await client.execute(uri: "/api/v1/gp?bad=1", method: .get)
            let m = try await client.execute(uri: "/metrics", method: .get)
            #expect(m.status == .ok)
            #expect(m.text.contains("http_requests_total"))
            #expect(m.text.contains("route=\"/api/v1/health\""))
            #expect(m.text.contains("status=\"400\""))
            #expect(m.text.contains("http_request_duration_seconds"))
        }
    }
}
