import Foundation
import MissileWarning
@testable import OperationsCenter
import Testing

/// The missile page in headless chromium: the 2017-08-29 detections (``MissileFeedFixture``) arrive
/// while the analyst watches the live feed; the overflight warning shows up there, and the missile
/// page draws the track over Japan's land and EEZ with its card and the warning timeline.
@Suite("Missile page in chromium", .serialized,
       .enabled(if: BrowserEnvironment.enabled, Comment(rawValue: BrowserEnvironment.missingReason)))
struct MissilePageBrowserTests {
    @Test("a launch over Hokkaido: live warning, map, track card and timeline")
    func missilePage() async throws {
        try await BrowserHarness.run { h in
            let watch = try #require(h.center.missile)
            try await h.open("#/")
            try await h.session.waitFor("the alert stream connected", timeout: 15, "return window.kanshi.feed.state === 'up';")
            try await watch.ingest(MissileFeedFixture.detections, from: "browser-test")
            try await h.session.waitFor("a critical missile warning in the live feed", timeout: 30,
                "return !!document.querySelector('#alert-feed [data-kind^=\"missile.\"] .sev.critical');")
            let feedText = try await h.session.execute(
                "return document.querySelector('#alert-feed [data-kind^=\"missile.\"] .sev.critical').closest('li').textContent;") as? String ?? ""
            #expect(feedText.contains("Hokkaido"), "feed entry: \(feedText)")
            try await h.screenshot("11-home-missile-alert")

            try await h.open("#/missile")
            try await h.session.waitFor("the map drawn", timeout: 30, "return (window.kanshi.missileDrawn || 0) >= 1;")
            let report = try await h.api("/missile") as? [String: Any] ?? [:]
            let page = try await h.session.execute("""
                const q = s => document.querySelectorAll(s).length;
                return { cards: q('.track-card'), warnings: q('#missile-warning-table tbody tr'),
                         critical: q('#missile-warning-table tbody tr .sev.critical'),
                         legend: (document.querySelector('#missile-legend') || {}).textContent || '',
                         text: document.querySelector('#missile-tracks').textContent };
                """) as? [String: Any] ?? [:]
            let tracks = report["tracks"] as? [[String: Any]] ?? []
            let warnings = report["warnings"] as? [Any] ?? []
            #expect(WebUIBrowserTests.number(page["cards"]).map(Int.init) == tracks.count, "a card per track: \(page)")
            #expect(WebUIBrowserTests.number(page["warnings"]).map(Int.init) == warnings.count, "a row per warning event")
            #expect((WebUIBrowserTests.number(page["critical"]) ?? 0) >= 1, "the overflight is critical")
            #expect((page["text"] as? String ?? "").contains("IRBM") || (page["text"] as? String ?? "").contains("MRBM"), "\(page["text"] ?? "")")
            #expect((page["legend"] as? String ?? "").contains("°E"), "the map legend names its extent")
            // The map reaches the impact in the Pacific (157.5°E): the legend's east edge is beyond it.
            let east = (page["legend"] as? String ?? "").split(separator: "–").dropFirst().first.flatMap { Double($0.prefix { $0.isNumber || $0 == "." }) } ?? 0
            #expect(east >= 157, "map extent: \(page["legend"] ?? "")")
            try await h.screenshot("12-missile")
            let hookErrors = try await h.session.execute("return window.kanshi.errors;") as? [Any] ?? []
            #expect(hookErrors.isEmpty, "uncaught page errors: \(hookErrors)")
            let console = try await h.consoleErrors()
            #expect(console.isEmpty, "console errors: \(console)")
        }
    }
}
