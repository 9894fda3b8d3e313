import Astrodynamics
import Foundation
@testable import OperationsCenter
import Persistence
import Testing

/// The web UI in a real, headless chromium driven over W3C WebDriver, against the real center:
/// the page loads without console errors, every object is drawn (the page's test hook and a
/// canvas pixel read), clicking a point opens its object page, the conjunction pages open with
/// TCA, miss, Pc and the RIC plot, an event filter matches the API, and an
/// alert published through the center's alert hub shows up in the live feed. Screenshots of
/// every page go to `.build/screenshots/` (or `KANSHI_SCREENSHOT_DIR`).
@Suite("Web UI in chromium", .serialized,
       .enabled(if: BrowserEnvironment.enabled, Comment(rawValue: BrowserEnvironment.missingReason)))
struct WebUIBrowserTests {
    /// Number of a JSON value, whatever its boxing.
    static func number(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }

    @Test("the operations center in the browser: globe, pages, live alerts, no console errors")
    func operationsCenterInTheBrowser() async throws {
        try await BrowserHarness.run { h in
            var consoleErrors: [String] = []
            func collectConsole(_ step: String) async throws {
                for message in try await h.consoleErrors() { consoleErrors.append("\(step): \(message)") }
            }

            // 1. The globe draws every object the center holds.
            let status = try await h.api("/status") as? [String: Any] ?? [:]
            let objects = Int(Self.number(status["objects"]) ?? -1)
            let sky = try await h.api("/sky") as? [String: Any] ?? [:]
            let skyCount = Int(Self.number(sky["count"]) ?? -1)
            #expect(objects == 302, "the fixture has 302 objects; the center reports \(objects)")
            #expect(skyCount == objects, "every fixture object propagates at the operations time")

            try await h.open("#/")
            let drawn = try await h.session.waitFor("the globe drawing the sky", timeout: 60,
                "return window.kanshi.ready && window.kanshi.drawnPoints > 0 ? window.kanshi.drawnPoints : 0;")
            #expect(Self.number(drawn).map(Int.init) == skyCount, "points drawn \(drawn) vs objects \(skyCount)")
            let rejected = try await h.session.execute("return window.kanshi.skyRejected;")
            #expect(Self.number(rejected) == 0, "no fixture state is impossible: \(rejected)")
            let renderer = try await h.session.execute("return window.kanshi.renderer;") as? String
            #expect(renderer == "webgl", "headless chromium with SwiftShader gives WebGL; got \(renderer ?? "nil")")
            let pixels = try await h.session.execute("return window.kanshi.litPixels();") as? [String: Any] ?? [:]
            let lit = Int(Self.number(pixels["lit"]) ?? 0)
            #expect(lit >= 100, "a pixel read of the points alone finds \(lit) lit pixels")
            try await h.session.waitFor("the alert stream connected", timeout: 15, "return window.kanshi.feed.state === 'up';")
            try await h.session.waitFor("coastlines and top conjunctions", timeout: 15,
                "return document.querySelectorAll('#top-events tr').length > 0 || !!document.querySelector('#top-events .empty');")
            try await Task.sleep(nanoseconds: 800_000_000)
            try await h.screenshot("01-home-globe")
            try await collectConsole("home")

            // 2. An alert published through the hub appears in the live feed within a few seconds.
            let events = try await h.api("/events?status=all&limit=100") as? [String: Any]
            let eventItems = events?["items"] as? [[String: Any]] ?? []
            #expect(!eventItems.isEmpty, "the bootstrap screening of the fixture finds conjunctions")
            let crafted = eventItems.first {
                Set([Self.number(($0["primary"] as? [String: Any])?["norad_cat_id"]), Self.number(($0["secondary"] as? [String: Any])?["norad_cat_id"])])
                    == Set([99901.0, 99902.0])
            }
            #expect(crafted != nil, "the crafted pair 99901 × 99902 is an event")
            let event = crafted ?? eventItems.first
            let eventID = Int64(Self.number(event?["id"]) ?? 0)

            let stored = try await h.store.event(id: eventID)
            let alerts = try await h.store.insertAlerts([NewAlert(
                kind: "conjunction.changed", severity: .critical, eventID: eventID == 0 ? nil : eventID,
                primary: stored?.primary ?? 99901, secondary: stored?.secondary ?? 99902, tca: stored?.latest.tca,
                missDistanceKm: stored?.latest.missDistanceKm ?? 0.5, pc: 3.2e-4,
                message: "browser test: alert pushed through the hub")])
            let snapshot = h.center.catalog.snapshot()
            let pushedAt = Date()
            await h.center.hub.publish(alerts.map { AlertHub.Message($0, names: snapshot) })
            let alertID = alerts.first?.id ?? -1
            try await h.session.waitFor("alert \(alertID) in the live feed", timeout: 5,
                "return !!document.querySelector('#alert-feed [data-alert-id=\"\(alertID)\"]');")
            let seconds = Date().timeIntervalSince(pushedAt)
            #expect(seconds < 5, "the alert appeared after \(seconds) s")
            let feedText = try await h.session.execute(
                "return document.querySelector('#alert-feed [data-alert-id=\"\(alertID)\"]').textContent;") as? String ?? ""
            #expect(feedText.contains("critical"), "the feed entry shows the severity: \(feedText)")
            #expect(feedText.contains("browser test: alert pushed through the hub"))
            try await h.screenshot("02-home-live-alert")
            try await collectConsole("alert")

            // The globe's extrapolation between fetches, against the center's own SGP4 30 s later:
            // the sky at T moved by 30 s (two-body motion plus Earth rotation) vs the sky at T + 30 s.
            let check = try await h.session.executeAsync("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const a = await (await fetch('/api/v1/sky?at=2023-10-09T12:10:00Z', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('kanshi.token') } })).json();
                  const b = await (await fetch('/api/v1/sky?at=2023-10-09T12:10:30Z', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('kanshi.token') } })).json();
                  const moved = window.kanshi.extrapolate(a, 30);
                  const index = new Map(b.norad_cat_id.map((id, i) => [id, i]));
                  let worst = 0, sum = 0, n = 0;
                  moved.ids.forEach((id, i) => {
                    const j = index.get(id); if (j === undefined) return;
                    const p = moved.ecef_km;
                    const d = Math.hypot(p[3*i] - b.ecef_km[3*j], p[3*i+1] - b.ecef_km[3*j+1], p[3*i+2] - b.ecef_km[3*j+2]);
                    worst = Math.max(worst, d); sum += d * d; n++;
                  });
                  return { worst, rms: Math.sqrt(sum / n), n, rejected: moved.rejected };
                })().then(done, e => done({ error: String(e) }));
                """) as? [String: Any] ?? [:]
            let worstKm = Self.number(check["worst"]) ?? .infinity
            #expect(Self.number(check["n"]).map(Int.init) == skyCount, "extrapolation check: \(check)")
            #expect(worstKm < 0.5, "30 s extrapolation is off by up to \(worstKm) km (rms \(check["rms"] ?? "?") km)")

            // 3. Clicking a point on the globe opens that object's page (picking).
            let target = try await h.session.execute("return window.kanshi.pickable();") as? [String: Any]
            #expect(target != nil, "a visible, isolated object to click")
            if let target, let norad = Self.number(target["norad"]).map(Int.init), let x = Self.number(target["x"]), let y = Self.number(target["y"]) {
                try await h.session.click(x: x, y: y)
                try await h.session.waitFor("the page of the clicked object \(norad)", timeout: 10,
                    "return window.kanshi.route === '#/object/\(norad)' && window.kanshi.pageReady;")
                try await collectConsole("pick")
            }

            // 4. The 2D fallback map draws the same points.
            try await h.open("#/?view=map")
            let flat = try await h.session.waitFor("the flat map", timeout: 60,
                "return window.kanshi.renderer === 'canvas2d' && window.kanshi.ready ? window.kanshi.drawnPoints : 0;")
            #expect(Self.number(flat).map(Int.init) == skyCount)
            let flatPixels = try await h.session.execute("return window.kanshi.litPixels();") as? [String: Any] ?? [:]
            #expect(Int(Self.number(flatPixels["lit"]) ?? 0) >= 100)
            try await h.screenshot("03-home-flat-map")
            try await collectConsole("flat map")

            // 5. The conjunction list and the event page.
            try await h.open("#/events?status=all")
            let rows = try await h.session.execute("return document.querySelectorAll('#event-list tbody tr').length;")
            #expect(Int(Self.number(rows) ?? 0) == min(eventItems.count, 100))
            try await h.screenshot("04-events")
            // a filter goes to the API: min Pc 1e-4 keeps the crafted crossing only
            let filtered = try await h.api("/events?status=all&min_pc=1e-4") as? [String: Any]
            let expected = (filtered?["items"] as? [Any])?.count ?? -1
            #expect(expected >= 1)
            try await h.open("#/events?status=all&min_pc=1e-4")
            let filteredRows = try await h.session.execute("return document.querySelectorAll('#event-list tbody tr').length;")
            #expect(Int(Self.number(filteredRows) ?? -1) == expected, "rows with min Pc 1e-4: \(filteredRows) vs \(expected) from the API")
            let minPcField = try await h.session.execute("return document.querySelector('input[name=min_pc]').value;") as? String
            #expect(minPcField == "1e-4", "the filter form shows the filter")
            try await collectConsole("events")

            if let event, eventID > 0 {
                try await h.open("#/event/\(eventID)")
                let cards = try await h.session.execute("""
                    const t = f => (document.querySelector('[data-field=' + f + '] .v') || {}).textContent || '';
                    return {tca: t('tca'), miss: t('miss'), pc: t('pc'), speed: t('speed')};
                    """) as? [String: String] ?? [:]
                let tca = event["tca"] as? String ?? "?"
                #expect(cards["tca"].map { tca.contains(String($0.prefix(8))) } == true, "TCA card \(cards["tca"] ?? "") vs \(tca)")
                let miss = Self.number(event["miss_km"]) ?? .nan
                #expect(cards["miss"] == String(format: "%.3f km", miss), "miss card \(cards["miss"] ?? "") vs \(miss)")
                #expect(!(cards["pc"] ?? "").isEmpty && cards["pc"] != "—", "Pc card shows a value: \(cards["pc"] ?? "")")
                #expect((cards["speed"] ?? "").hasSuffix("km/s"))
                let ric = try await h.session.execute(
                    "return document.querySelectorAll('#ric svg').length + ':' + document.querySelectorAll('#ric svg polyline').length;") as? String ?? ""
                let parts = ric.split(separator: ":").compactMap { Int($0) }
                #expect(parts.count == 2 && parts[0] >= 3 && parts[1] >= 3, "RIC plots and their lines: \(ric)")
                let history = try await h.session.execute("return document.querySelectorAll('#pc-history svg').length + document.querySelectorAll('#pc-history .empty').length;")
                #expect(Int(Self.number(history) ?? 0) >= 2, "Pc history plots")
                let cdm = try await h.session.execute("return document.getElementById('cdm-kvn').getAttribute('href');") as? String
                #expect(cdm == "/api/v1/events/\(eventID)/cdm?format=kvn")
                try await h.screenshot("05-event")
                try await collectConsole("event")
            }

            // 6. The object page (ground track and element history) and the catalog search.
            try await h.open("#/object/99901")
            let objectPage = try await h.session.execute(
                "return [document.querySelectorAll('#track svg polyline').length, document.querySelectorAll('#history svg').length, document.querySelectorAll('#obj-events tbody tr').length];") as? [Any] ?? []
            let counts = objectPage.compactMap { Self.number($0).map(Int.init) }
            #expect(counts.count == 3 && counts[0] >= 1 && counts[1] == 4, "ground track lines, history plots, events: \(counts)")
            try await h.screenshot("06-object")
            try await collectConsole("object")

            try await h.open("#/objects?q=KANSHI")
            let found = try await h.session.execute("return document.querySelectorAll('#results tbody tr').length;")
            #expect(Int(Self.number(found) ?? 0) == 2, "the search finds the two crafted objects")
            try await h.screenshot("07-search")
            try await collectConsole("search")

            let hookErrors = try await h.session.execute("return window.kanshi.errors;") as? [Any] ?? []
            #expect(hookErrors.isEmpty, "uncaught page errors: \(hookErrors)")
            #expect(consoleErrors.isEmpty, "console errors:\n\(consoleErrors.joined(separator: "\n"))")
        }
    }
}
