import Foundation
import Hummingbird
import MissileWarning
import NIOCore
import Persistence

extension OperationsCenter {
    func addMissileRoutes(to api: RouterGroup<CenterRequestContext>) {
        api.get("missile") { request, context in try await self.missileReport(request, context: context) }
        api.post("missile/detections") { request, context in try await self.postDetections(request, context: context) }
        api.get("geo/japan-land") { request, _ in try self.geoFile(request, name: JapanZones.landFileName) }
        api.get("geo/japan-eez") { request, _ in try self.geoFile(request, name: JapanZones.eezFileName) }
    }

    func missileWatch() throws(Problem) -> MissileWatch {
        guard let missile else {
            throw Problem(.unavailable, "missile warning is off: Japan's zone files (data/geo/\(JapanZones.landFileName), \(JapanZones.eezFileName)) cannot be read")
        }
        return missile
    }

    /// `GET /missile`: the tracks report (`kanshi-missile-tracks/1`, docs/missile-tracks.md).
    func missileReport(_ request: Request, context: CenterRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let report = await try missileWatch().report(for: context.visibility)
        return Responses.bytes(Array(try report.encoded()), contentType: "application/json", cache: false)
    }

    /// `POST /missile/detections`: a batch of detections as JSON Lines (`kanshi-missile-detections/1`,
    /// docs/missile-sensors.md). Good lines are processed; bad ones are listed with their line, field and
    /// why; a body with no good line is a 400.
    func postDetections(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["marking"])
        let (provenance, principal) = try ingestProvenance(q, context, for: "sending detections")
        let watch = try missileWatch()
        let text = String(buffer: try await ingestBody(request))
        let read = DetectionsFile.decode(text, file: "body")
        if read.detections.isEmpty {
            let first = read.errors.first.map { ": \($0)" } ?? ""
            throw Problem(.badBody, "no detection could be read (\(read.errors.count) errors)\(first); send JSON Lines, docs/missile-sensors.md")
        }
        let receipt = try await watch.ingest(read.detections.sorted { $0.time < $1.time },
                                             from: principal.account.role == .partner ? principal.account.username : "api",
                                             marking: provenance.marking)
        context.logger.info("missile detections via API", metadata: ["accepted": "\(receipt.accepted)", "late": "\(receipt.late)",
                                                                    "rejected": "\(read.errors.count)", "alerts": "\(receipt.alerts)"])
        var o = JSONOutput(capacity: 512)
        o.raw("{")
        o.key("accepted", first: true); o.int(receipt.accepted)
        o.key("late"); o.int(receipt.late)
        o.key("rejected"); o.int(read.errors.count)
        o.key("alerts"); o.int(receipt.alerts)
        o.key("errors"); Encoders.lineErrors(&o, read.errors.map { ($0.line, $0.field, $0.description) })
        o.raw("}")
        return Responses.json(o)
    }

    /// `GET /geo/japan-land`, `/geo/japan-eez`: the zone files as they are (GeoJSON, LGPL; data/geo/SOURCES.md).
    func geoFile(_ request: Request, name: String) throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        guard let dir = configuration.dataDirectory?.appendingPathComponent("geo", isDirectory: true),
              let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) else {
            throw Problem(.notFound, "no \(name) in the data directory's geo/ folder")
        }
        return Responses.bytes(Array(data), contentType: "application/geo+json", cache: true)
    }

    /// `/status.missile`.
    func missileStatus(_ o: inout JSONOutput, _ v: Visibility) async {
        o.key("missile")
        guard let missile else { o.raw("null"); return }
        let s = await missile.status(for: v)
        o.raw("{")
        o.key("detections", first: true); o.int(s.received)
        o.key("late"); o.int(s.late)
        o.key("tracks"); o.int(s.tracks)
        o.key("active_warnings"); o.int(s.activeWarnings)
        o.key("alerts"); o.int(s.alerts)
        o.key("replaying"); o.raw(s.replaying ? "true" : "false")
        o.raw("}")
    }
}
