import Astrodynamics
import Foundation
@testable import OperationsCenter
import Persistence
import SpaceData
import Testing

/// The threat pages in headless chromium: the LEO inspector scenario (``InspectorArrival``) is
/// bootstrapped up to its approach burn, its later sets are stored as `kanshi ingest` would store
/// them, and the analyst sees the threat alert arrive in the live feed, the threat in the list at
/// level high, and its page: the score cards, the reasons, the relative motion in the asset's RIC
/// frame and the element histories with the detected maneuvers marked and tabulated.
@Suite("Threat pages in chromium", .serialized,
       .enabled(if: BrowserEnvironment.enabled, Comment(rawValue: BrowserEnvironment.missingReason)))
struct ThreatPageBrowserTests {
    @Test("an inspector's threat: live alert, list, and the page with RIC motion and maneuvers")
    func threatPages() async throws {
        let play = try InspectorArrival()
        let arrival = ElementSetReader().read(Array(play.arrivalText.utf8), file: "arrival.3le").records
        try await BrowserHarness.run(catalog: play.catalog, epoch: OpsFixture.windowStart.iso8601UTC(fractionDigits: 0), adjust: {
            $0.protectedAssets = play.assets
            $0.storeWatchSeconds = 0.5
        }) { h in
            let asset = InspectorArrival.assetNumber
            try await h.open("#/threats?min_level=low")
            let before = try await h.session.execute("return document.querySelectorAll('#threat-list tbody tr').length;")
            #expect(WebUIBrowserTests.number(before) == 0, "nothing near the asset before the approach burn")

            // The later sets arrive (stored by another process; the center's store watch picks them up).
            try await h.open("#/")
            try await h.session.waitFor("the alert stream connected", timeout: 15, "return window.kanshi.feed.state === 'up';")
            let receipt = try await h.store.ingest(arrival, source: "browser-test")
            #expect(receipt.inserted == arrival.count)
            try await h.session.waitFor("the threat alert in the live feed", timeout: 90,
                "return !!document.querySelector('#alert-feed [data-kind=\"threat.new\"]');")
            let feedText = try await h.session.execute(
                "return document.querySelector('#alert-feed [data-kind=\"threat.new\"]').textContent;") as? String ?? ""
            #expect(feedText.contains("critical") && feedText.contains("INSPECTOR") && feedText.contains("TEST ASSET"), "feed entry: \(feedText)")
            let link = try await h.session.execute(
                "return document.querySelector('#alert-feed [data-kind=\"threat.new\"] a').getAttribute('href');") as? String
            #expect(link == "#/threat/\(asset)/99001")
            try await h.screenshot("08-home-threat-alert")

            try await h.open("#/threats")
            let rows = try await h.session.execute(
                "return Array.from(document.querySelectorAll('#threat-list tbody tr')).map(r => r.dataset.href + ' ' + r.dataset.level);") as? [String] ?? []
            #expect(rows.contains("#/threat/\(asset)/99001 high"), "threat rows: \(rows)")
            try await h.screenshot("09-threats")

            try await h.open("#/threat/\(asset)/99001")
            let page = try await h.session.execute("""
                const q = s => document.querySelectorAll(s).length;
                return { score: (document.querySelector('[data-field=score] .v') || {}).textContent || '',
                         closest: (document.querySelector('[data-field=closest] .v') || {}).textContent || '',
                         reasons: q('#threat-reasons li'), ric: q('#threat-ric svg'), ricLines: q('#threat-ric svg polyline'),
                         elements: q('#threat-elements svg'), maneuvers: q('#maneuver-table tbody tr'),
                         marks: q('#threat-elements svg line[stroke-dasharray]') };
                """) as? [String: Any] ?? [:]
            let detail = try await h.api("/threats/\(asset)/99001?history_days=7") as? [String: Any] ?? [:]
            let score = WebUIBrowserTests.number(detail["score"]) ?? .nan
            #expect(page["score"] as? String == String(format: "%.1f", score), "score card \(page["score"] ?? "") vs \(score)")
            let closest = WebUIBrowserTests.number(detail["closest_approach_km"]) ?? .nan
            #expect(page["closest"] as? String == String(format: "%.1f km", closest))
            #expect(WebUIBrowserTests.number(page["reasons"]).map(Int.init) == (detail["reasons"] as? [Any])?.count)
            #expect(WebUIBrowserTests.number(page["ric"]).map(Int.init) == 4, "RIC plots: \(page)")
            #expect((WebUIBrowserTests.number(page["ricLines"]) ?? 0) >= 6, "range, radius, R, I, C, in-track/radial, cross-track/radial lines: \(page)")
            #expect(WebUIBrowserTests.number(page["elements"]).map(Int.init) == 4)
            let detected = (detail["detected_maneuvers"] as? [Any])?.count ?? -1
            #expect(detected >= 1)
            #expect(WebUIBrowserTests.number(page["maneuvers"]).map(Int.init) == detected, "maneuver table rows vs API")
            #expect((WebUIBrowserTests.number(page["marks"]) ?? 0) >= Double(detected), "maneuvers marked on the element plots")
            try await h.screenshot("10-threat")
            let hookErrors = try await h.session.execute("return window.kanshi.errors;") as? [Any] ?? []
            #expect(hookErrors.isEmpty, "uncaught page errors: \(hookErrors)")
            let console = try await h.consoleErrors()
            #expect(console.isEmpty, "console errors: \(console)")
        }
    }
}
