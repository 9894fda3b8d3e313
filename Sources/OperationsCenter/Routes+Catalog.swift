import Astrodynamics
import Conjunction
import Dispatch
import Foundation
import Hummingbird
import NIOCore
import Persistence
import SpaceData

extension OperationsCenter {
    func addRoutes(to router: Router<CenterRequestContext>) {
        let api = router.group("api/v1")
        api.get("health") { request, _ in
            _ = try QueryParameters(request, allowed: [])
            return Responses.json("{\"status\":\"ok\"}")
        }
        api.get("status") { request, context in try await self.status(request, context: context) }
        router.get("metrics") { request, context in
            // counts of every record: the squadron's (a Prometheus scraper uses an analyst's token)
            _ = try self.require([.admin, .analyst], context, for: "/metrics")
            _ = try QueryParameters(request, allowed: [])
            return Responses.bytes(self.metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        api.get("gp") { request, context in try await self.getGP(request, context: context) }
        api.post("gp") { request, context in try await self.postGP(request, context: context) }
        api.get("objects") { request, context in try self.searchObjects(request, context: context) }
        api.get("objects/{norad_cat_id}") { request, context in try self.object(request, context: context) }
        api.get("objects/{norad_cat_id}/elements") { request, context in try await self.elementHistory(request, context: context) }
        api.get("objects/{norad_cat_id}/track") { request, context in try self.track(request, context: context) }
        api.get("sky") { request, context in try self.sky(request, context: context) }
        api.get("sensors") { request, _ in
            _ = try QueryParameters(request, allowed: [])
            return Responses.bytes(self.sensorsJSON, contentType: "application/json; charset=utf-8", cache: true)
        }
        api.get("geo/coastlines") { request, _ in try self.coastlines(request) }
        addEventRoutes(to: api)
        addThreatRoutes(to: api)
        addMissileRoutes(to: api)
        addSecurityRoutes(to: api)
        addExchangeRoutes(to: api)
        router.get("/") { _, _ in try self.staticFiles.response(relativePath: ["index.html"]) }
        router.get("ui/**") { _, context in
            try self.staticFiles.response(relativePath: context.parameters.getCatchAll().map(String.init))
        }
    }

    // MARK: Status

    func status(_ request: Request, context: CenterRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let counts = try await store.counts(visibility: context.visibility)
        let p = pipeline.status
        var o = JSONOutput(capacity: 512)
        o.raw("{")
        o.key("status", first: true); o.string("ok")
        o.key("objects"); o.int(counts.objects)
        o.key("element_sets"); o.int(counts.elementSets)
        o.key("events"); o.int(counts.events)
        o.key("active_events"); o.int(counts.activeEvents)
        o.key("alerts"); o.int(counts.alerts)
        o.key("live_objects"); o.int(catalog.snapshot().view(for: context.visibility).count)
        o.key("clock"); o.raw("{")
        o.key("mode", first: true); o.string(clock.mode.rawValue)
        o.key("setting"); o.string(clock.setting.description)
        o.key("now"); o.time(clock.now())
        o.raw("}")
        o.key("screening"); o.raw("{")
        o.key("window_days", first: true); o.number(configuration.screeningDays)
        o.key("threshold_km"); o.number(configuration.thresholdKm)
        o.raw("}")
        // The pipeline's detail and last screening count every object and event: the squadron's only.
        let national = context.visibility == .everything
        o.key("pipeline"); o.raw("{")
        o.key("phase", first: true); o.string(p.phase.rawValue)
        o.key("progress"); o.number((p.progress * 1000).rounded() / 1000)
        o.key("detail"); o.string(national ? p.detail : "")
        o.key("screenings"); o.int(p.screenings)
        o.key("last_screening")
        if let l = p.lastScreening, national {
            o.raw("{")
            o.key("completed_at", first: true); o.date(l.completedAt)
            o.key("screened_objects"); o.int(l.screenedObjects)
            o.key("events"); o.int(l.events)
            o.key("seconds"); o.number((l.seconds * 1000).rounded() / 1000)
            o.key("full"); o.bool(l.full)
            o.raw("}")
        } else { o.raw("null") }
        o.raw("}")
        o.key("threats"); threatStatus(&o, context.visibility)
        await missileStatus(&o, context.visibility)
        o.key("websocket_clients"); o.int(await hub.subscriberCount)
        o.key("uptime_s"); o.number(Date().timeIntervalSince(startedAt).rounded())
        o.raw("}")
        return Responses.json(o)
    }

    // MARK: Element sets

    static let gpFormats = ["json", "tle", "3le", "omm-xml", "omm-kvn", "csv"]
    static let gpOrders = ElementSetOrder.allCases.map(\.rawValue)

    /// Parses `norad_cat_id`: one number, a comma list, or a range `a--b` (at most 100,000 numbers).
    static func parseCatalogNumbers(_ text: String) throws(Problem) -> [Int] {
        var out: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let p = part.trimmingCharacters(in: .whitespaces)
            if let r = p.range(of: "--") {
                guard let a = Int(p[..<r.lowerBound]), let b = Int(p[r.upperBound...]), a >= 0, b >= a else {
                    throw Problem.badParameter("norad_cat_id", "\"\(p)\" is not a range a--b of catalog numbers")
                }
                guard b - a < 100_000 else { throw Problem.badParameter("norad_cat_id", "range \(p) spans more than 100,000 numbers") }
                out += Array(a...b)
            } else {
                guard let n = Int(p), n >= 0, n <= 999_999_999 else { throw Problem.badParameter("norad_cat_id", "\"\(p)\" is not a catalog number") }
                out.append(n)
            }
            if out.count > 100_000 { throw Problem.badParameter("norad_cat_id", "more than 100,000 catalog numbers") }
        }
        return out
    }

    /// Parses `epoch`: `>T`, `<T`, or `T1--T2` (from T1, before T2).
    static func parseEpochRange(_ text: String) throws(Problem) -> (from: Instant?, before: Instant?) {
        if text.hasPrefix(">") { return (try QueryParameters.parseInstant(String(text.dropFirst()), name: "epoch"), nil) }
        if text.hasPrefix("<") { return (nil, try QueryParameters.parseInstant(String(text.dropFirst()), name: "epoch")) }
        if let r = text.range(of: "--") {
            let a = try QueryParameters.parseInstant(String(text[..<r.lowerBound]), name: "epoch")
            let b = try QueryParameters.parseInstant(String(text[r.upperBound...]), name: "epoch")
            guard a <= b else { throw Problem.badParameter("epoch", "the range \(text) ends before it starts") }
            return (a, b)
        }
        throw Problem.badParameter("epoch", "\"\(text)\" is not >TIME, <TIME or TIME--TIME")
    }

    func getGP(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["norad_cat_id", "epoch", "orderby", "limit", "offset", "history", "format"])
        let format = try q.choice("format", OperationsCenter.gpFormats, default: "json")
        let (limit, offset) = try q.paging(maximum: format == "json" ? configuration.maximumPageSize : configuration.maximumTextPageSize)
        let order = ElementSetOrder(rawValue: try q.choice("orderby", OperationsCenter.gpOrders, default: "epoch desc"))!
        let ids = try q["norad_cat_id"].map(OperationsCenter.parseCatalogNumbers)
        let (from, before) = try q["epoch"].map(OperationsCenter.parseEpochRange) ?? (nil, nil)
        let history = try q.bool("history")

        let sets: [StoredElementSet]
        var cached: [String] = []
        if history {
            sets = try await store.elementSets(matching: ElementSetQuery(catalogNumbers: ids, epochFrom: from, epochBefore: before,
                                                                         latestOnly: false, order: order, limit: limit, offset: offset,
                                                                         visibility: context.visibility))
        } else {
            // The newest set of each object is in memory: no store round trip.
            let snap = catalog.snapshot().view(for: context.visibility)
            var picked: [StoredElementSet] = []
            if let ids {
                for id in ids { if let e = snap.entries[id] { picked.append(e.stored) } }
            } else {
                picked = snap.catalogNumbers.compactMap { snap.entries[$0]?.stored }
            }
            if from != nil || before != nil {
                picked = picked.filter { s in (from.map { s.elementSet.epoch >= $0 } ?? true) && (before.map { s.elementSet.epoch < $0 } ?? true) }
            }
            switch order {
            case .epochAscending: picked.sort { ($0.elementSet.epoch, $0.id) < ($1.elementSet.epoch, $1.id) }
            case .epochDescending: picked.sort { ($0.elementSet.epoch, $0.id) > ($1.elementSet.epoch, $1.id) }
            case .catalogNumberAscending: picked.sort { $0.elementSet.noradCatalogNumber < $1.elementSet.noradCatalogNumber }
            case .catalogNumberDescending: picked.sort { $0.elementSet.noradCatalogNumber > $1.elementSet.noradCatalogNumber }
            case .idAscending: picked.sort { $0.id < $1.id }
            case .idDescending: picked.sort { $0.id > $1.id }
            }
            sets = offset >= picked.count ? [] : Array(picked[offset..<min(picked.count, offset + limit)])
            if format == "json" { cached = sets.compactMap { snap.entries[$0.elementSet.noradCatalogNumber]?.gpJSON } }
        }
        let elementSets = sets.map(\.elementSet)
        switch format {
        case "tle", "3le":
            let writer = TLEWriter()
            var out = ""
            out.reserveCapacity(sets.count * 170)
            for s in elementSets {
                guard let lines = try? writer.lines(for: s) else { continue }
                let core = lines.suffix(2)
                if format == "3le" { out += (lines.count == 3 ? lines[0] : "0 " + (s.objectName ?? "UNKNOWN")) + "\n" }
                for l in core { out += l + "\n" }
            }
            return Responses.text(out, contentType: "text/plain; charset=utf-8")
        case "omm-xml": return Responses.text(OMMXML.write(elementSets), contentType: "application/xml; charset=utf-8")
        case "omm-kvn": return Responses.text(OMMKVN.write(elementSets), contentType: "text/plain; charset=utf-8")
        case "csv": return Responses.text(OMMCSV.write(elementSets, style: .celestrak), contentType: "text/csv; charset=utf-8")
        default:
            if cached.count == sets.count && !history { return Responses.json("[" + cached.joined(separator: ",\n") + "]\n") }
            return Responses.json(Encoders.gpJSONList(sets))
        }
    }

    func postGP(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["marking"])
        let (provenance, principal) = try ingestProvenance(q, context, for: "sending element sets")
        let bytes = Array(buffer: try await ingestBody(request))
        guard !bytes.isEmpty else { throw Problem(.badBody, "the body is empty; send TLE, 3LE or OMM (KVN, XML, JSON, CSV)") }
        guard ElementSetReader.detectFormat(bytes) != nil else {
            throw Problem(.badBody, "cannot tell the format of the body: send TLE, 3LE or OMM (KVN, XML, JSON, CSV)")
        }
        let report = ElementSetReader().read(bytes, file: "body")
        if report.records.isEmpty {
            let first = report.errors.first.map { ": \($0)" } ?? ""
            throw Problem(.badBody, "no element set could be read (\(report.errors.count) errors)\(first)")
        }
        let receipt = try await store.ingest(report.records, source: principal.account.role == .partner ? "partner" : "api",
                                            provenance: provenance)
        metrics.elementSetsIngested.increment(by: receipt.inserted)
        try await pipeline.refresh(receipt.touchedCatalogNumbers)
        pipeline.notify(touched: receipt.touchedCatalogNumbers)
        context.logger.info("ingest via API", metadata: ["inserted": "\(receipt.inserted)", "duplicates": "\(receipt.duplicates)",
                                                         "rejected": "\(report.errors.count)", "touched": "\(receipt.touchedCatalogNumbers.count)"])
        var o = JSONOutput(capacity: 512)
        o.raw("{")
        o.key("inserted", first: true); o.int(receipt.inserted)
        o.key("duplicates"); o.int(receipt.duplicates)
        o.key("rejected"); o.int(report.errors.count)
        o.key("errors"); Encoders.lineErrors(&o, report.errors.map { ($0.line, $0.field, $0.message) })
        o.key("touched"); o.raw("[" + receipt.touchedCatalogNumbers.sorted().map(String.init).joined(separator: ",") + "]")
        o.raw("}")
        return Responses.json(o)
    }

    // MARK: Objects

    func searchObjects(_ request: Request, context: CenterRequestContext) throws -> Response {
        let q = try QueryParameters(request, allowed: ["q", "type", "limit", "offset"])
        let (limit, offset) = try q.paging(maximum: configuration.maximumPageSize)
        let text = q["q"]?.trimmingCharacters(in: .whitespaces).uppercased()
        let type = q["type"]?.uppercased()
        let number = text.flatMap { Int($0) }
        let snap = catalog.snapshot().view(for: context.visibility)
        var matched: [LiveCatalog.Entry] = []
        var skipped = 0
        for id in snap.catalogNumbers {
            guard let e = snap.entries[id] else { continue }
            if let type, e.objectType != type { continue }
            if let text, !text.isEmpty {
                let hit = number == id
                    || (e.elementSet.objectName?.uppercased().contains(text) ?? false)
                    || (e.elementSet.objectID?.uppercased().contains(text) ?? false)
                if !hit { continue }
            }
            if skipped < offset { skipped += 1; continue }
            matched.append(e)
            if matched.count == limit { break }
        }
        return Responses.json(Encoders.list(matched, limit: limit, offset: offset) { o, e in Encoders.object(&o, Encoders.catalogObject(e)) })
    }

    func liveEntry(_ context: CenterRequestContext) throws(Problem) -> LiveCatalog.Entry {
        let id = try context.parameters.catalogNumber()
        guard let e = catalog.snapshot().view(for: context.visibility).entries[id] else {
            throw Problem(.notFound, "no object \(id) in the catalog")
        }
        return e
    }

    func object(_ request: Request, context: CenterRequestContext) throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        return Responses.json(Encoders.objectDetail(try liveEntry(context)))
    }

    func elementHistory(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["limit", "offset"])
        let (limit, offset) = try q.paging(maximum: configuration.maximumPageSize)
        let e = try liveEntry(context)
        let sets = try await store.elementSets(matching: ElementSetQuery(catalogNumbers: [e.catalogNumber], latestOnly: false,
                                                                          order: .epochDescending, limit: limit, offset: offset,
                                                                          visibility: context.visibility))
        return Responses.json(Encoders.list(sets, limit: limit, offset: offset) { o, s in o.raw(Encoders.gpJSON(s)) })
    }

    func track(_ request: Request, context: CenterRequestContext) throws -> Response {
        let q = try QueryParameters(request, allowed: ["start", "minutes", "step_s"])
        let e = try liveEntry(context)
        let start = try q.instant("start") ?? clock.now().advanced(bySeconds: -600)
        let minutes = try q.double("minutes", in: 0...10_080) ?? 100
        let step = try q.double("step_s", in: 1...86_400) ?? 60
        let count = Int((minutes * 60 / step).rounded(.down)) + 1
        guard count <= configuration.maximumTrackPoints else {
            throw Problem.badParameter("minutes", "\(count) points (minutes × 60 / step_s + 1) is over the limit of \(configuration.maximumTrackPoints)")
        }
        guard let sgp4 = e.sgp4 else { throw Problem(.notFound, "object \(e.catalogNumber): SGP4 cannot use its element set") }
        var o = JSONOutput(capacity: count * 80 + 64)
        o.raw("{\"norad_cat_id\":\(e.catalogNumber),\"points\":[")
        var first = true
        for k in 0..<count {
            let t = start.advanced(bySeconds: Double(k) * step)
            guard let teme = try? sgp4.propagate(minutesSinceEpoch: t.secondsSince(sgp4.epoch) / 60) else { continue }
            let itrf = TEMERotations(at: t, eop: eop).itrf(positionKm: teme.positionKm, velocityKmPerS: teme.velocityKmPerS)
            let g = Geodetic(itrfPositionKm: itrf.positionKm)
            if !first { o.raw(",") }
            first = false
            o.raw("{\"t\":"); o.time(t)
            o.raw(",\"lat_deg\":"); o.fixed(g.latitudeDeg, 4)
            o.raw(",\"lon_deg\":"); o.fixed(g.longitudeDeg, 4)
            o.raw(",\"alt_km\":"); o.fixed(g.altitudeKm, 3)
            o.raw("}")
        }
        o.raw("]}")
        return Responses.json(o)
    }

    // MARK: Sky

    func sky(_ request: Request, context: CenterRequestContext) throws -> Response {
        let q = try QueryParameters(request, allowed: ["at"])
        let at = try q.instant("at") ?? clock.now()
        let snap = catalog.snapshot().view(for: context.visibility)
        let rotations = TEMERotations(at: at, eop: eop)
        let n = snap.skyIDs.count
        // Propagate in parallel chunks, each writing its own buffers, then join.
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, (n + 4095) / 4096))
        let parts = UnsafeChunks(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = n * c / chunks, hi = n * (c + 1) / chunks
            var ids = JSONOutput(capacity: (hi - lo) * 7), pos = JSONOutput(capacity: (hi - lo) * 36)
            var vel = JSONOutput(capacity: (hi - lo) * 30), reg = JSONOutput(capacity: (hi - lo) * 6)
            var count = 0
            for i in lo..<hi {
                let s = snap.skySGP4[i]
                guard let teme = try? s.propagate(minutesSinceEpoch: at.secondsSince(s.epoch) / 60) else { continue }
                // Stale sets can give states no Earth orbit has (unbound, beyond 500,000 km): leave them out.
                let r = (teme.positionKm * teme.positionKm).sum().squareRoot()
                let v2 = (teme.velocityKmPerS * teme.velocityKmPerS).sum()
                guard r < 500_000, v2 < 2 * 398_600.8 / r else { continue }
                let x = rotations.itrf(positionKm: teme.positionKm, velocityKmPerS: teme.velocityKmPerS)
                if count > 0 { ids.raw(","); pos.raw(","); vel.raw(","); reg.raw(",") }
                count += 1
                ids.int(snap.skyIDs[i])
                pos.fixed(x.positionKm.x, 3); pos.raw(","); pos.fixed(x.positionKm.y, 3); pos.raw(","); pos.fixed(x.positionKm.z, 3)
                vel.fixed(x.velocityKmPerS.x, 5); vel.raw(","); vel.fixed(x.velocityKmPerS.y, 5); vel.raw(","); vel.fixed(x.velocityKmPerS.z, 5)
                reg.raw("\""); reg.raw(snap.skyRegimes[i].rawValue); reg.raw("\"")
            }
            parts.set(c, SkyChunk(count: count, ids: ids.bytes, positions: pos.bytes, velocities: vel.bytes, regimes: reg.bytes))
        }
        let all = parts.values
        var o = JSONOutput(capacity: all.reduce(256) { $0 + $1.ids.count + $1.positions.count + $1.velocities.count + $1.regimes.count + 16 })
        o.raw("{\"at\":"); o.time(at)
        o.raw(",\"count\":"); o.int(all.reduce(0) { $0 + $1.count })
        func column(_ name: String, _ pick: (SkyChunk) -> [UInt8]) {
            o.raw(",\""); o.raw(name); o.raw("\":[")
            var first = true
            for p in all where p.count > 0 {
                if !first { o.raw(",") }
                first = false
                o.bytes.append(contentsOf: pick(p))
            }
            o.raw("]")
        }
        column("norad_cat_id") { $0.ids }
        column("ecef_km") { $0.positions }
        column("velocity_ecef_km_s") { $0.velocities }
        column("regime") { $0.regimes }
        o.raw("}")
        return Responses.json(o)
    }

    /// The body of an ingest request (element sets, detections), at most ``ServerConfiguration/maximumIngestBytes``.
    func ingestBody(_ request: Request) async throws -> ByteBuffer {
        var request = request
        let tooLarge = Problem(.tooLarge, "the body is over the limit of \(configuration.maximumIngestBytes) bytes")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maximumIngestBytes { throw tooLarge }
        do {
            return try await request.collectBody(upTo: configuration.maximumIngestBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw tooLarge
        }
    }

    // MARK: Geography

    func coastlines(_ request: Request) throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        guard let dir = configuration.dataDirectory?.appendingPathComponent("geo", isDirectory: true) else {
            throw Problem(.notFound, "no data directory, so no coastlines")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".geojson") }.sorted()
        let pick = names.first { $0.lowercased().contains("coast") } ?? names.first { $0.lowercased().contains("land") } ?? names.first
        guard let pick, let data = FileManager.default.contents(atPath: dir.appendingPathComponent(pick).path) else {
            throw Problem(.notFound, "no coastline file (data/geo/*.geojson)")
        }
        return Responses.bytes(Array(data), contentType: "application/geo+json", cache: true)
    }
}

/// One chunk of the `/sky` columns.
struct SkyChunk: Sendable {
    var count: Int
    var ids: [UInt8], positions: [UInt8], velocities: [UInt8], regimes: [UInt8]
}

/// Per-chunk results written from `concurrentPerform` workers, each into its own slot.
final class UnsafeChunks: @unchecked Sendable {
    private var slots: [SkyChunk?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: SkyChunk) { lock.lock(); slots[i] = v; lock.unlock() }
    var values: [SkyChunk] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}

extension JSONOutput {
    /// A number with at most `digits` decimals, written without Foundation formatting.
    mutating func fixed(_ d: Double, _ digits: Int) {
        guard d.isFinite else { raw("null"); return }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(d) * scale).rounded()
        guard scaled < 9e15 else { number(d); return }
        var n = Int64(scaled)
        if d < 0 && n != 0 { bytes.append(UInt8(ascii: "-")) }
        var div: Int64 = 1
        for _ in 0..<digits { div *= 10 }
        let whole = n / div
        n %= div
        raw(String(whole))
        if digits > 0 && n != 0 {
            var frac = [UInt8](repeating: 48, count: digits)
            var k = digits - 1
            while n > 0 { frac[k] = UInt8(48 + n % 10); n /= 10; k -= 1 }
            while frac.last == 48 { frac.removeLast() }
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: frac)
        }
    }
}
