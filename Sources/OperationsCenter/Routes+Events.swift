import Astrodynamics
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Persistence
import SpaceData

extension OperationsCenter {
    func addEventRoutes(to api: RouterGroup<CenterRequestContext>) {
        api.get("events") { request, context in try await self.events(request, context: context) }
        api.get("events/{id}") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let e = try await self.storedEvent(context)
            var o = JSONOutput(capacity: 512)
            Encoders.event(&o, e, names: self.catalog.snapshot().view(for: context.visibility))
            return Responses.json(o)
        }
        api.get("events/{id}/history") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let e = try await self.storedEvent(context)
            let items = try await self.store.assessments(eventID: e.id, visibility: context.visibility)
            var o = JSONOutput(capacity: 256 * items.count + 64)
            o.raw("{\"event_id\":\(e.id),\"items\":[")
            for (k, a) in items.enumerated() { if k > 0 { o.raw(",") }; Encoders.assessment(&o, a) }
            o.raw("]}")
            return Responses.json(o)
        }
        api.get("events/{id}/approach") { request, context in try await self.approach(request, context: context) }
        api.get("events/{id}/cdm") { request, context in
            let q = try QueryParameters(request, allowed: ["format"])
            let format = try q.choice("format", ["kvn", "xml"], default: "kvn")
            let e = try await self.storedEvent(context)
            guard let kvn = try await self.store.cdm(eventID: e.id, visibility: context.visibility) else { throw Problem(.notFound, "event \(e.id) has no CDM") }
            let stamp = e.latest.tca.iso8601UTC(fractionDigits: 0).replacingOccurrences(of: ":", with: "")
            let name = "kanshi_\(e.primary)_\(e.secondary)_\(stamp)"
            if format == "kvn" { return Responses.text(kvn, contentType: "text/plain; charset=utf-8", filename: name + ".cdm") }
            let report = CDMKVN.read(kvn)
            guard let cdm = report.records.first else { throw Problem(.internal, "the stored CDM of event \(e.id) cannot be read") }
            return Responses.text(CDMXML.write(cdm), contentType: "application/xml; charset=utf-8", filename: name + ".xml")
        }
        api.get("alerts") { request, context in try await self.alerts(request, context: context) }
        api.get("alerts/stream") { _, _ -> Response in
            throw Problem(.upgradeRequired, "GET /api/v1/alerts/stream is a WebSocket: send an Upgrade: websocket request")
        }
    }

    func addWebSocketRoutes(to router: Router<CenterRequestContext>) {
        // Browsers cannot set headers on a WebSocket, so the token may come as `access_token` in the
        // query as well as in `Authorization: Bearer`. No token, or a refused one: no upgrade.
        router.ws("api/v1/alerts/stream") { request, context in
            do {
                _ = try QueryParameters(request, allowed: ["after_id", "access_token"]).optionalInt64("after_id")
                guard let principal = await self.webSocketPrincipal(request) else {
                    await self.auditTrail.record(NewAuditEntry(at: Date(), action: "auth_failure", method: "GET",
                                                               target: "/api/v1/alerts/stream", status: 401, remote: context.remote,
                                                               detail: "websocket"))
                    return .dontUpgrade
                }
                await self.auditTrail.record(NewAuditEntry(at: Date(), accountID: principal.account.id, tokenID: principal.tokenID,
                                                           username: principal.account.username, action: "read", method: "GET",
                                                           target: "/api/v1/alerts/stream", status: 101, remote: context.remote))
                return .upgrade([:])
            } catch {
                return .dontUpgrade
            }
        } onUpgrade: { inbound, outbound, context in
            let afterID = (try? QueryParameters(context.request, allowed: ["after_id", "access_token"]).optionalInt64("after_id")) ?? nil
            // The upgrade checked the token; its principal is looked up again here for the filter.
            guard let principal = await self.webSocketPrincipal(context.request) else { return }
            try await self.streamAlerts(inbound: inbound, outbound: outbound, afterID: afterID, visibility: principal.account.visibility)
        }
    }

    /// The principal of a WebSocket request's token (`Authorization: Bearer`, or `access_token` in the
    /// query, as browsers cannot set headers on a WebSocket), or `nil` when it is missing or refused.
    func webSocketPrincipal(_ request: Request) async -> Principal? {
        guard let secret = AuthenticationMiddleware<CenterRequestContext>.bearerSecret(request.headers[.authorization])
                ?? request.uri.queryParameters.get("access_token"),
              case .success(let principal)? = try? await store.authenticate(secret: secret, at: Date()) else { return nil }
        return principal
    }

    /// Sends stored alerts after `afterID` (when given), then every new alert, until the client
    /// closes or the server shuts down.
    func streamAlerts(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, afterID: Int64?,
                      visibility: Visibility) async throws {
        let (token, stream) = await hub.subscribe()
        defer { Task { await self.hub.unsubscribe(token) } }
        var lastSent: Int64 = afterID ?? 0
        if let afterID {
            var cursor = afterID
            let names = catalog.snapshot().view(for: visibility)
            while true {
                let page = try await store.alerts(matching: AlertQuery(afterID: cursor, order: .newest, limit: 1_000, visibility: visibility))
                if page.isEmpty { break }
                for a in page.sorted(by: { $0.id < $1.id }) {
                    try await outbound.write(.text(Encoders.alertText(a, names: names)))
                    lastSent = max(lastSent, a.id)
                }
                cursor = page.map(\.id).max() ?? cursor
                if page.count < 1_000 { break }
            }
        }
        let replayedUpTo = lastSent
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Drain the client's frames so a close is seen; ends when the client goes away.
                for try await _ in inbound {}
            }
            group.addTask {
                for await m in stream where m.id > replayedUpTo && m.isVisible(to: visibility) {
                    try await outbound.write(.text(m.text))
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    func storedEvent(_ context: CenterRequestContext) async throws -> StoredConjunctionEvent {
        let id = try context.parameters.identifier("id")
        guard let e = try await store.event(id: id, visibility: context.visibility) else { throw Problem(.notFound, "no event \(id)") }
        return e
    }

    func events(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["norad_cat_id", "primary", "min_pc", "max_miss_km", "tca_from", "tca_to", "status", "limit", "offset"])
        let (limit, offset) = try q.paging(maximum: configuration.maximumPageSize)
        let status = try q.choice("status", ["active", "cleared", "all"], default: "active")
        let query = EventQuery(
            catalogNumber: try q.optionalInt("norad_cat_id"), primary: try q.optionalInt("primary"),
            minimumPc: try q.double("min_pc", in: 0...1), maximumMissKm: try q.double("max_miss_km", in: 0...1_000_000),
            tcaFrom: try q.instant("tca_from"), tcaBefore: try q.instant("tca_to"),
            status: status == "all" ? nil : EventStatus(rawValue: status), limit: limit, offset: offset, visibility: context.visibility)
        let items = try await store.events(matching: query)
        let names = catalog.snapshot().view(for: context.visibility)
        return Responses.json(Encoders.list(items, limit: limit, offset: offset, capacity: 512 * items.count + 64) { o, e in
            Encoders.event(&o, e, names: names)
        })
    }

    func alerts(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["after_id", "order", "min_severity", "norad_cat_id", "limit", "offset"])
        let (limit, offset) = try q.paging(maximum: configuration.maximumPageSize)
        let order = AlertOrder(rawValue: try q.choice("order", AlertOrder.allCases.map(\.rawValue), default: "newest"))!
        let severity = try q["min_severity"].map { _ in
            AlertSeverity(rawValue: try q.choice("min_severity", AlertSeverity.allCases.map(\.rawValue), default: "info"))!
        }
        let items = try await store.alerts(matching: AlertQuery(afterID: try q.optionalInt64("after_id"), minimumSeverity: severity,
                                                                catalogNumber: try q.optionalInt("norad_cat_id"), order: order,
                                                                limit: limit, offset: offset, visibility: context.visibility))
        let names = catalog.snapshot().view(for: context.visibility)
        return Responses.json(Encoders.list(items, limit: limit, offset: offset, capacity: 400 * items.count + 64) { o, a in
            Encoders.alert(&o, a, names: names)
        })
    }

    /// The secondary relative to the primary in the primary's RIC frame, `minutes` either side of TCA.
    func approach(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["minutes", "step_s"])
        let minutes = try q.double("minutes", in: 0...1_440) ?? 10
        let step = try q.double("step_s", in: 0.1...3_600) ?? 5
        let half = Int((minutes * 60 / step).rounded(.down))
        guard 2 * half + 1 <= configuration.maximumTrackPoints else {
            throw Problem.badParameter("step_s", "\(2 * half + 1) points is over the limit of \(configuration.maximumTrackPoints)")
        }
        let e = try await storedEvent(context)
        let p = try await elementSet(id: e.latest.primaryElementSetID, object: e.primary)
        let s = try await elementSet(id: e.latest.secondaryElementSetID, object: e.secondary)
        guard let sp = try? SGP4(p.meanElements), let ss = try? SGP4(s.meanElements) else {
            throw Problem(.notFound, "SGP4 cannot use the element sets of event \(e.id)")
        }
        let tca = e.latest.tca
        var o = JSONOutput(capacity: (2 * half + 1) * 70 + 128)
        o.raw("{\"event_id\":\(e.id),\"tca\":"); o.time(tca)
        o.raw(",\"frame\":\"RIC of the primary\",\"points\":[")
        var first = true
        for k in -half...half {
            let t = tca.advanced(bySeconds: Double(k) * step)
            guard let a = try? sp.state(at: t), let b = try? ss.state(at: t) else { continue }
            let ric = RTNBasis(a).toRTN(b.positionKm - a.positionKm)
            if !first { o.raw(",") }
            first = false
            o.raw("{\"t_s\":"); o.fixed(Double(k) * step, 3)
            o.raw(",\"r_km\":"); o.fixed(ric.x, 5)
            o.raw(",\"i_km\":"); o.fixed(ric.y, 5)
            o.raw(",\"c_km\":"); o.fixed(ric.z, 5)
            o.raw("}")
        }
        o.raw("]}")
        return Responses.json(o)
    }

    /// The stored element set with this row id (the object's history is searched), else the live one.
    func elementSet(id: Int64, object: Int) async throws -> ElementSet {
        if let live = catalog.snapshot().entries[object], live.stored.id == id { return live.elementSet }
        var offset = 0
        while offset < 10_000 {
            let page = try await store.elementSets(matching: ElementSetQuery(catalogNumbers: [object], order: .epochDescending, limit: 500, offset: offset))
            if let hit = page.first(where: { $0.id == id }) { return hit.elementSet }
            if page.count < 500 { break }
            offset += 500
        }
        guard let live = catalog.snapshot().entries[object] else { throw Problem(.notFound, "object \(object) is not in the catalog") }
        return live.elementSet
    }
}
