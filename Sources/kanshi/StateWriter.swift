import ArgumentParser
import Foundation
import SpaceData

/// Output formats of `kanshi propagate`.
enum StateFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json, oem }

/// Renders one object's samples as bytes in the chosen format (called from worker threads).
struct StateWriter: Sendable {
    let format: StateFormat
    let frame: EphemerisFrame
    let oem = OEMWriter()

    /// JSON elements are written as ",\n{...}"; the very first element drops this separator.
    var leadingSeparatorLength: Int { format == .json ? 2 : 0 }

    func preamble() -> String {
        switch format {
        case .json: return "["
        case .csv:
            return frame == .geodetic ? "id,epoch,lat_deg,lon_deg,alt_km,error\n" : "id,epoch,x,y,z,vx,vy,vz,error\n"
        case .table:
            if frame == .geodetic {
                return "     id  epoch (UTC)                      lat_deg      lon_deg         alt_km\n"
            }
            return "     id  epoch (UTC)                         x_km           y_km           z_km      vx_km_s      vy_km_s      vz_km_s   (\(frame.ccsdsName ?? ""))\n"
        case .oem:
            return oem.header(creationDate: Instant.now(), comments: ["Kanshi SGP4/SDP4 ephemeris, frame \(frame.ccsdsName ?? "")" +
                (frame == .gcrf ? " (realised as IAU-76/FK5 J2000, as Vallado's TEME to J2000 path)" : "")])
        }
    }

    func epilogue() -> String { format == .json ? "\n]\n" : "" }

    func render(set: ElementSet, samples: [EphemerisSample]) -> (bytes: [UInt8], errors: Int) {
        var out: [UInt8] = []
        out.reserveCapacity(samples.count * 128)
        var errors = 0
        let id = String(set.noradCatalogNumber)
        if format == .oem { return renderOEM(set: set, samples: samples) }
        for s in samples {
            let epoch = s.epoch.iso8601UTC(zulu: true)
            switch (format, s) {
            case (.json, .cartesian(_, let r, let v)):
                out.append(contentsOf: ",\n{\"id\":\(id),\"epoch\":\"\(epoch)\"".utf8)
                for (k, i) in [("x", 0), ("y", 1), ("z", 2)] { out.append(contentsOf: ",\"\(k)\":".utf8); FixedDecimal.append(r[i], decimals: 6, to: &out) }
                for (k, i) in [("vx", 0), ("vy", 1), ("vz", 2)] { out.append(contentsOf: ",\"\(k)\":".utf8); FixedDecimal.append(v[i], decimals: 9, to: &out) }
                out.append(UInt8(ascii: "}"))
            case (.json, .geodetic(_, let g)):
                out.append(contentsOf: ",\n{\"id\":\(id),\"epoch\":\"\(epoch)\",\"lat_deg\":".utf8)
                FixedDecimal.append(g.latitudeDeg, decimals: 8, to: &out)
                out.append(contentsOf: ",\"lon_deg\":".utf8)
                FixedDecimal.append(g.longitudeDeg, decimals: 8, to: &out)
                out.append(contentsOf: ",\"alt_km\":".utf8)
                FixedDecimal.append(g.altitudeKm, decimals: 6, to: &out)
                out.append(UInt8(ascii: "}"))
            case (.json, .failure(_, let e)):
                errors += 1
                out.append(contentsOf: ",\n{\"id\":\(id),\"epoch\":\"\(epoch)\",\"error\":\(JSONValue.quote(e.description)),\"error_code\":\(e.code.rawValue)}".utf8)
            case (.csv, .cartesian(_, let r, let v)):
                out.append(contentsOf: "\(id),\(epoch)".utf8)
                for i in 0..<3 { out.append(UInt8(ascii: ",")); FixedDecimal.append(r[i], decimals: 6, to: &out) }
                for i in 0..<3 { out.append(UInt8(ascii: ",")); FixedDecimal.append(v[i], decimals: 9, to: &out) }
                out.append(contentsOf: ",\n".utf8)
            case (.csv, .geodetic(_, let g)):
                out.append(contentsOf: "\(id),\(epoch),".utf8)
                FixedDecimal.append(g.latitudeDeg, decimals: 8, to: &out); out.append(UInt8(ascii: ","))
                FixedDecimal.append(g.longitudeDeg, decimals: 8, to: &out); out.append(UInt8(ascii: ","))
                FixedDecimal.append(g.altitudeKm, decimals: 6, to: &out)
                out.append(contentsOf: ",\n".utf8)
            case (.csv, .failure(_, let e)):
                errors += 1
                let blanks = frame == .geodetic ? ",,," : ",,,,,,"
                out.append(contentsOf: "\(id),\(epoch)\(blanks)\(csvField(e.description))\n".utf8)
            case (.table, .cartesian(_, let r, let v)):
                out.append(contentsOf: leftPad(id, 7).utf8)
                out.append(contentsOf: "  \(epoch)".utf8)
                for i in 0..<3 { appendPadded(r[i], decimals: 6, width: 15, to: &out) }
                for i in 0..<3 { appendPadded(v[i], decimals: 9, width: 13, to: &out) }
                out.append(0x0A)
            case (.table, .geodetic(_, let g)):
                out.append(contentsOf: leftPad(id, 7).utf8)
                out.append(contentsOf: "  \(epoch)".utf8)
                appendPadded(g.latitudeDeg, decimals: 6, width: 13, to: &out)
                appendPadded(g.longitudeDeg, decimals: 6, width: 13, to: &out)
                appendPadded(g.altitudeKm, decimals: 6, width: 15, to: &out)
                out.append(0x0A)
            case (.table, .failure(_, let e)):
                errors += 1
                out.append(contentsOf: "\(leftPad(id, 7))  \(epoch)  error \(e.code.rawValue): \(e.description)\n".utf8)
            case (.oem, _):
                break
            }
        }
        return (out, errors)
    }

    /// One OEM segment per object: the states up to the first SGP4 error, which a COMMENT records.
    private func renderOEM(set: ElementSet, samples: [EphemerisSample]) -> (bytes: [UInt8], errors: Int) {
        var out: [UInt8] = []
        let good = samples.prefix { if case .cartesian = $0 { return true } else { return false } }
        let errors = samples.count - good.count
        var comments = ["NORAD_CAT_ID = \(set.noradCatalogNumber)"]
        if let firstFailure = samples.dropFirst(good.count).first, case .failure(let t, let e) = firstFailure {
            comments.append("SGP4 error \(e.code.rawValue) at \(t.iso8601UTC()): \(e.description); \(errors) later states omitted")
        }
        guard let first = good.first, let last = good.last else {
            out.append(contentsOf: "COMMENT \(set.noradCatalogNumber) \(set.objectName ?? ""): no states (\(comments.last ?? ""))\n".utf8)
            return (out, errors)
        }
        oem.appendMetadata(.init(objectName: set.objectName ?? "", objectID: set.objectID ?? "",
                                 referenceFrame: frame.ccsdsName ?? "", start: first.epoch, stop: last.epoch,
                                 comments: comments), to: &out)
        for s in good {
            if case .cartesian(let t, let r, let v) = s { oem.appendState(epoch: t, positionKm: r, velocityKmPerS: v, to: &out) }
        }
        return (out, errors)
    }

    private func leftPad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

    private func appendPadded(_ x: Double, decimals: Int, width: Int, to out: inout [UInt8]) {
        var tmp: [UInt8] = []
        FixedDecimal.append(x, decimals: decimals, to: &tmp)
        if tmp.count < width { out.append(contentsOf: repeatElement(0x20, count: width - tmp.count)) }
        out.append(contentsOf: tmp)
    }
}

/// A CSV field, quoted when needed (RFC 4180).
func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}

extension Instant {
    /// The current time from the system clock (UTC, bundled leap seconds).
    static func now() -> Instant {
        let unix = Date().timeIntervalSince1970
        let days = (unix / 86_400).rounded(.down)
        return Instant(utcModifiedJulianDay: 40_587 + Int(days), secondsOfDay: unix - days * 86_400)
    }
}
