import Foundation
@testable import OperationsCenter
import Persistence
import SpaceData
import Testing

/// The web UI shows what the API gives the signed-in token (issue 9): an analyst sees a `JPN`
/// object with its marking; a partner signed in on the same center finds no such object.
@Suite("Releasability in the browser", .serialized)
struct PartnerBrowserTests {
    @Test("signed in as a partner, a JPN object is not found and not listed; the analyst sees it with its JPN badge")
    func partnerInTheBrowser() async throws {
        try await BrowserHarness.run { h in
            var secret = try #require(ElementSetReader().read(files: [BrowserHarness.fixture.path]).records.first)
            secret.noradCatalogNumber = 99_903
            secret.objectName = "SECRETJPN"
            secret.tleFormatting = TLEFormatting()
            let receipt = try await h.store.ingest([secret], source: "browser", provenance: .ownJapanOnly)
            try await h.center.pipeline.refresh(receipt.touchedCatalogNumbers)

            try await h.open("#/object/99903")
            let badge = try await h.session.execute("return document.querySelector('.badge.marking-jpn')?.textContent || '';")
            #expect(badge as? String == "JPN")
            let field = try await h.session.execute("return document.querySelector('[data-field=marking]')?.textContent || '';")
            #expect(field as? String == "JPN")

            // Sign in as a US partner in the same tab.
            _ = try await h.store.createAccount(NewAccount(username: "browser-partner", role: .partner, organization: "USSF", country: CountryCode("USA")),
                                                at: Date())
            let token = try await h.store.issueToken(username: "browser-partner", label: "browser", lifetimeSeconds: 3_600, at: Date()).secret
            _ = try await h.session.execute("sessionStorage.setItem('kanshi.token', arguments[0]); return true;", [token])
            try await h.session.navigate(to: h.baseURL + "/?partner")
            try await h.open("#/object/99903")
            let page = try await h.session.execute("return document.querySelector('#view, main, body').innerText;") as? String ?? ""
            #expect(page.contains("Could not load this page") && page.contains("no object 99903"), "\(page.prefix(300))")
            #expect(!page.contains("SECRETJPN"))
            try await h.open("#/objects?q=SECRET")
            _ = try await h.session.waitFor("the search answered", timeout: 30,
                                            "return document.querySelector('.empty, tbody') ? true : false;")
            let rows = try await h.session.execute("return document.querySelectorAll('tbody tr').length;")
            #expect((rows as? Int ?? (rows as? Double).map(Int.init)) == 0)
            // a PUBLIC object shows to the partner with its badge
            try await h.open("#/object/11")
            let publicBadge = try await h.session.execute("return document.querySelector('.badge.marking-public')?.textContent || '';")
            #expect(publicBadge as? String == "PUBLIC")
            let errors = try await h.consoleErrors().filter { !$0.contains("404") }
            #expect(errors.isEmpty, "\(errors)")
        }
    }
}
