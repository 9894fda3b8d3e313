import Astrodynamics
import Foundation
import Hummingbird
import Persistence
import SpaceData

/// Partner exchange: partners' CDMs and TDMs in (with provenance and marking), and the squadron's
/// data out as CCSDS feeds (OMM, OEM, CDM), each filtered by the reader's releasability like every
/// other read.
extension OperationsCenter {
    func addExchangeRoutes(to api: RouterGroup<CenterRequestContext>) {
        api.post("cdm") { request, context in try await self.postMessages(.cdm, request, context: context) }
        api.post("tdm") { request, context in try await self.postMessages(.tdm, request, context: context) }
        api.get("messages") { request, context in try await self.listMessages(request, context: context) }
        api.get("messages/{id}") { request, context in try await self.getMessage(request, context: context) }
        api.get("feeds/omm") { request, context in try self.ommFeed(request, context: context) }
        api.get("feeds/oem") { request, context in try self.oemFeed(request, context: context) }
        api.get("feeds/cdm") { request, context in try await self.cdmFeed(request, context: context) }
    }

    /// Who may send data, and the provenance of what they send. Analysts and admins send the
    /// squadron's own data (`marking=`, default `JPN`); a partner sends its own (`received_from` is
    /// its username; `marking=` defaults to `REL` its country); operators send nothing (403).
    func ingestProvenance(_ q: QueryParameters, _ context: CenterRequestContext, for what: String) throws(Problem) -> (Provenance, Principal) {
        let principal = try require([.admin, .analyst, .partner], context, for: what)
        let account = principal.account
        var marking: Releasability = .japanOnly
        if account.role == .partner, let c = account.country { marking = c == .japan ? .japanOnly : .releasable(to: [c]) }
        if let text = q["marking"] {
            do { marking = try Releasability(parsing: text) } catch { throw Problem.badParameter("marking", error.message) }
        }
        return (Provenance(marking: marking, receivedFrom: account.role == .partner ? account.username : nil), principal)
    }

    // MARK: In

    /// `POST /cdm`, `POST /tdm`: CCSDS messages (KVN or XML) kept as received, with their sender and
    /// marking. A CDM body may hold several messages; good ones are stored, bad ones listed.
    func postMessages(_ kind: ReceivedMessageKind, _ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["marking"])
        let (provenance, principal) = try ingestProvenance(q, context, for: "sending \(kind.rawValue.uppercased())s")
        let bytes = Array(buffer: try await ingestBody(request))
        guard !bytes.isEmpty else { throw Problem(.badBody, "the body is empty; send a \(kind.rawValue.uppercased()) in KVN or XML") }
        let now = Date()
        // the text as received (a gzip body decompressed; the readers do the same)
        let text = String(decoding: (try? FileInput.decode(bytes, name: "body")) ?? bytes, as: UTF8.self)
        let from = provenance.receivedFrom ?? principal.account.username
        var messages: [NewReceivedMessage] = []
        var errors: [(line: Int?, field: String?, message: String)] = []
        switch kind {
        case .cdm:
            let report = CDMReader.read(bytes, file: "body")
            errors = report.errors.map { ($0.line, $0.field, $0.message) }
            // One stored body per message: the body as received when it is that one message, else
            // each message re-written in KVN.
            let asReceived = report.records.count == 1 ? text : nil
            for cdm in report.records {
                let body = asReceived ?? CDMKVN.write(cdm)
                messages.append(NewReceivedMessage(
                    kind: .cdm, provenance: Provenance(marking: provenance.marking, receivedFrom: from), receivedAt: now,
                    originator: cdm.header.originator, messageID: cdm.header.messageID,
                    object1: Int(cdm.object1.metadata.objectDesignator), object2: Int(cdm.object2.metadata.objectDesignator),
                    tca: cdm.relativeMetadata.tca, missDistanceKm: cdm.relativeMetadata.missDistanceMeters / 1000,
                    pc: cdm.relativeMetadata.collisionProbability, body: body))
            }
        case .tdm:
            let result = TDMReader.read(bytes, file: "body")
            errors = result.errors.map { ($0.line, $0.field, $0.message) }
            if let doc = result.document, !doc.segments.isEmpty {
                messages.append(NewReceivedMessage(
                    kind: .tdm, provenance: Provenance(marking: provenance.marking, receivedFrom: from), receivedAt: now,
                    originator: doc.originator, messageID: doc.messageID,
                    observationCount: doc.segments.reduce(0) { $0 + $1.observations.count }, body: text))
            }
        }
        guard !messages.isEmpty else {
            let first = errors.first.map { ": line \($0.line.map(String.init) ?? "?") \($0.field ?? ""): \($0.message)" } ?? ""
            throw Problem(.badBody, "no \(kind.rawValue.uppercased()) could be read (\(errors.count) errors)\(first)")
        }
        let ids = try await store.insertMessages(messages)
        context.logger.info("partner \(kind.rawValue) received", metadata: ["from": "\(from)", "stored": "\(ids.count)",
                                                                           "marking": "\(provenance.marking)"])
        var o = JSONOutput(capacity: 256)
        o.raw("{")
        o.key("stored", first: true); o.int(ids.count)
        o.key("ids"); o.raw("[" + ids.map(String.init).joined(separator: ",") + "]")
        o.key("marking"); o.string(provenance.marking.description)
        o.key("rejected"); o.int(errors.count)
        o.key("errors"); Encoders.lineErrors(&o, errors)
        o.raw("}")
        return Responses.json(o)
    }

    // MARK: Received messages

    static func message(_ o: inout JSONOutput, _ r: ReceivedMessage) {
        let m = r.message
        o.raw("{")
        o.key("id", first: true); o.int64(r.id)
        o.key("kind"); o.string(m.kind.rawValue)
        o.key("marking"); o.string(m.provenance.marking.description)
        o.key("received_from"); o.optionalString(m.provenance.receivedFrom)
        o.key("received_at"); o.date(m.receivedAt)
        o.key("originator"); o.optionalString(m.originator)
        o.key("message_id"); o.optionalString(m.messageID)
        o.key("object1"); o.optionalInt(m.object1)
        o.key("object2"); o.optionalInt(m.object2)
        o.key("tca"); o.optionalTime(m.tca)
        o.key("miss_km"); o.optionalNumber(m.missDistanceKm)
        o.key("pc"); o.optionalNumber(m.pc)
        o.key("observations"); o.int(m.observationCount)
        o.raw("}")
    }

    /// `GET /messages`: received CDMs and TDMs the reader may see, newest first.
    func listMessages(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["kind", "norad_cat_id", "after_id", "limit", "offset"])
        let (limit, offset) = try q.paging(maximum: configuration.maximumPageSize)
        let kind = try q["kind"].map { _ in ReceivedMessageKind(rawValue: try q.choice("kind", ReceivedMessageKind.allCases.map(\.rawValue), default: "cdm"))! }
        let items = try await store.messages(matching: MessageQuery(kind: kind, catalogNumber: try q.optionalInt("norad_cat_id"),
                                                                    afterID: try q.optionalInt64("after_id"), limit: limit, offset: offset,
                                                                    visibility: context.visibility))
        return Responses.json(Encoders.list(items, limit: limit, offset: offset, capacity: 300 * items.count + 64, Self.message))
    }

    /// `GET /messages/{id}`: the message as received (404 when absent or not visible).
    func getMessage(_ request: Request, context: CenterRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.identifier("id")
        guard let m = try await store.message(id: id, visibility: context.visibility) else { throw Problem(.notFound, "no message \(id)") }
        let xml = m.message.body.drop(while: { $0.isWhitespace }).first == "<"
        let ext = m.message.kind.rawValue + (xml ? ".xml" : "")
        return Responses.text(m.message.body, contentType: xml ? "application/xml; charset=utf-8" : "text/plain; charset=utf-8",
                              filename: "kanshi_message_\(id).\(ext)")
    }

    // MARK: Out

    /// The comments that carry a record's marking and provenance in a CCSDS message.
    static func markingComments(_ marking: Releasability, receivedFrom: String?) -> [String] {
        ["RELEASABILITY \(marking)"] + (receivedFrom.map { ["RECEIVED_FROM \($0)"] } ?? [])
    }

    /// `GET /feeds/omm`: the newest set of each object the reader may see (or of `norad_cat_id`),
    /// as OMM (KVN or XML), each with its marking as a comment.
    func ommFeed(_ request: Request, context: CenterRequestContext) throws -> Response {
        let q = try QueryParameters(request, allowed: ["norad_cat_id", "format", "limit", "offset"])
        let format = try q.choice("format", ["kvn", "xml"], default: "kvn")
        let (limit, offset) = try q.paging(maximum: configuration.maximumTextPageSize, default: configuration.maximumTextPageSize)
        let snap = catalog.snapshot().view(for: context.visibility)
        let ids = try q["norad_cat_id"].map(OperationsCenter.parseCatalogNumbers) ?? snap.catalogNumbers
        let sets = ids.compactMap { snap.entries[$0]?.stored }.dropFirst(offset).prefix(limit).map { s in
            var set = s.elementSet
            set.comments = Self.markingComments(s.marking, receivedFrom: s.receivedFrom) + set.comments
            return set
        }
        if format == "xml" { return Responses.text(OMMXML.write(Array(sets)), contentType: "application/xml; charset=utf-8") }
        return Responses.text(OMMKVN.write(Array(sets)), contentType: "text/plain; charset=utf-8")
    }

    /// `GET /feeds/oem?norad_cat_id=N`: an OEM of one object the reader may see, from its newest
    /// visible set by SGP4, in TEME (`start`, `minutes`, `step_s` as for the ground track).
    func oemFeed(_ request: Request, context: CenterRequestContext) throws -> Response {
        let q = try QueryParameters(request, allowed: ["norad_cat_id", "start", "minutes", "step_s"])
        guard let id = try q.optionalInt("norad_cat_id", in: 0...999_999_999) else {
            throw Problem.badParameter("norad_cat_id", "required: the object whose ephemeris to write")
        }
        guard let e = catalog.snapshot().view(for: context.visibility).entries[id] else { throw Problem(.notFound, "no object \(id) in the catalog") }
        let start = try q.instant("start") ?? clock.now()
        let minutes = try q.double("minutes", in: 0...10_080) ?? 1_440
        let step = try q.double("step_s", in: 1...86_400) ?? 60
        let count = Int((minutes * 60 / step).rounded(.down)) + 1
        guard count <= configuration.maximumTrackPoints * 5 else {
            throw Problem.badParameter("minutes", "\(count) states (minutes × 60 / step_s + 1) is over the limit of \(configuration.maximumTrackPoints * 5)")
        }
        guard let sgp4 = e.sgp4 else { throw Problem(.notFound, "object \(id): SGP4 cannot use its element set") }
        let writer = OEMWriter()
        var out = Array(writer.header(creationDate: Instant.wallClockNow,
                                      comments: Self.markingComments(e.stored.marking, receivedFrom: e.stored.receivedFrom)
                                          + ["SGP4 from element set \(e.stored.id) (epoch \(e.elementSet.epoch.iso8601UTC(fractionDigits: 3)))"]).utf8)
        let stop = start.advanced(bySeconds: Double(count - 1) * step)
        writer.appendMetadata(OEMWriter.Segment(objectName: e.elementSet.objectName ?? "UNKNOWN", objectID: e.elementSet.objectID ?? String(id),
                                                referenceFrame: "TEME", start: start, stop: stop), to: &out)
        for k in 0..<count {
            let t = start.advanced(bySeconds: Double(k) * step)
            guard let s = try? sgp4.propagate(minutesSinceEpoch: t.secondsSince(sgp4.epoch) / 60) else { continue }
            writer.appendState(epoch: t, positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS, to: &out)
        }
        return Responses.bytes(out, contentType: "text/plain; charset=utf-8", cache: false)
    }

    /// `GET /feeds/cdm`: the CDMs of the active events the reader may see (`after_id`: events
    /// with a larger id), in one NDM/XML document (CCSDS 505.0 combined instantiation).
    func cdmFeed(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["norad_cat_id", "min_pc", "limit", "offset"])
        let (limit, offset) = try q.paging(maximum: configuration.maximumPageSize)
        let events = try await store.events(matching: EventQuery(catalogNumber: try q.optionalInt("norad_cat_id"),
                                                                 minimumPc: try q.double("min_pc", in: 0...1), limit: limit, offset: offset,
                                                                 visibility: context.visibility))
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ndm>\n"
        for e in events {
            guard let kvn = try await store.cdm(eventID: e.id, visibility: context.visibility),
                  var cdm = CDMKVN.read(kvn).records.first else { continue }
            cdm.header.comments = Self.markingComments(e.marking, receivedFrom: nil) + cdm.header.comments
            let xml = CDMXML.write(cdm)
            out += xml.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
            if !out.hasSuffix("\n") { out += "\n" }
        }
        out += "</ndm>\n"
        return Responses.text(out, contentType: "application/xml; charset=utf-8")
    }
}
