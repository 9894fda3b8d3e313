import Foundation
import Testing
@testable import Astrodynamics
import TestSupport

/// Test fixtures under `Tests/Fixtures`, found by walking up from this source file.
enum Fixtures {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "fixture not found: Tests/Fixtures/\(path)" }
    }

    /// The URL of `Tests/Fixtures/<relativePath>`.
    static func url(_ relativePath: String, file: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Fixtures")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return candidate.appendingPathComponent(relativePath)
            }
            directory = directory.deletingLastPathComponent()
        }
        throw Missing(path: relativePath)
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .ascii)
    }
}

/// One element set of Vallado's `SGP4-VER.TLE`, read by fixed columns.
///
/// A minimal reader for this verification file only (the catalogue TLE reader lives in
/// `SpaceData`). It copes with the file's quirks: `tstart tend tstep` after column 69 of line 2,
/// 11801 without an international designator or ephemeris type, and the deliberate checksum errors
/// of 33333–33335 (checksums are not checked here).
struct VerificationElementSet {
    struct ReadError: Error, CustomStringConvertible {
        let line: Int, field: String, text: String
        var description: String { "SGP4-VER.TLE line \(line): cannot read \(field) from \"\(text)\"" }
    }

    let satnum: String
    let line1: String
    let line2: String
    let elements: MeanElements
    let startMinutes: Double
    let stopMinutes: Double
    let stepMinutes: Double

    /// All element sets of the file, in order.
    static func readAll(_ text: String) throws -> [VerificationElementSet] {
        // "\r\n" is one Character in Swift, so split on any newline rather than on "\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var sets: [VerificationElementSet] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("1 "), index + 1 < lines.count, lines[index + 1].hasPrefix("2 ") {
                sets.append(try VerificationElementSet(line1: line, line2: lines[index + 1], lineNumber: index + 1))
                index += 2
            } else {
                index += 1
            }
        }
        return sets
    }

    /// - Parameter requireGrid: whether line 2 must carry Vallado's `tstart tend tstep` (false for
    ///   ordinary catalogue lines, whose grid reads as 0, 0, 0).
    init(line1: String, line2: String, lineNumber: Int, requireGrid: Bool = true) throws {
        let l1 = Array(line1.utf8), l2 = Array(line2.utf8)
        func field(_ bytes: [UInt8], _ from: Int, _ to: Int) -> String {
            // 1-based inclusive TLE columns; missing columns read as blanks.
            let lo = from - 1, hi = min(to, bytes.count)
            guard lo < hi else { return "" }
            return String(decoding: bytes[lo..<hi], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        func number(_ bytes: [UInt8], _ from: Int, _ to: Int, _ name: String, line: Int) throws -> Double {
            let text = field(bytes, from, to)
            guard let value = Double(text) else { throw ReadError(line: line, field: name, text: text) }
            return value
        }
        /// "±ddddd±e" with an implied leading decimal point: " 28098-4" = 0.28098e-4.
        func impliedDecimal(_ bytes: [UInt8], _ from: Int, _ to: Int, _ name: String, line: Int) throws -> Double {
            let text = field(bytes, from, to)
            if text.isEmpty { return 0 }
            var mantissa = text
            var sign = 1.0
            if mantissa.hasPrefix("-") { sign = -1; mantissa.removeFirst() } else if mantissa.hasPrefix("+") { mantissa.removeFirst() }
            guard mantissa.count >= 2 else { throw ReadError(line: line, field: name, text: text) }
            let exponentText = String(mantissa.suffix(2))
            let digits = String(mantissa.dropLast(2))
            guard let m = Double("0." + digits), let e = Int(exponentText.replacingOccurrences(of: "+", with: "")) else {
                throw ReadError(line: line, field: name, text: text)
            }
            return sign * m * pow(10.0, Double(e))
        }

        let n1 = lineNumber, n2 = lineNumber + 1
        satnum = field(l1, 3, 7)
        self.line1 = line1
        self.line2 = line2

        // Epoch: two-digit year (57–99 → 19xx) and day of year with fraction, read in two parts so
        // the fraction keeps all its digits.
        let twoDigitYear = Int(field(l1, 19, 20)) ?? -1
        guard twoDigitYear >= 0 else { throw ReadError(line: n1, field: "epoch year", text: field(l1, 19, 20)) }
        let year = twoDigitYear < 57 ? 2000 + twoDigitYear : 1900 + twoDigitYear
        let dayText = field(l1, 21, 32)
        let dayParts = dayText.split(separator: ".", maxSplits: 1)
        guard let dayOfYear = Int(dayParts.first ?? ""),
              let dayFraction = Double("0." + (dayParts.count > 1 ? dayParts[1] : "0")) else {
            throw ReadError(line: n1, field: "epoch day", text: dayText)
        }
        let mjd = CalendarDateTime.modifiedJulianDay(year: year, month: 1, day: 1) + dayOfYear - 1
        let epoch = Instant(utcModifiedJulianDay: mjd, secondsOfDay: dayFraction * 86_400)

        let xpdotp = 1440.0 / (2.0 * Double.pi)  // rev/day → rad/min
        let deg2rad = Double.pi / 180.0
        let ndot = try number(l1, 34, 43, "ndot", line: n1)
        let nddot = try impliedDecimal(l1, 45, 52, "nddot", line: n1)
        let bstar = try impliedDecimal(l1, 54, 61, "bstar", line: n1)

        let inclination = try number(l2, 9, 16, "inclination", line: n2)
        let raan = try number(l2, 18, 25, "raan", line: n2)
        let eccentricityDigits = field(l2, 27, 33)
        guard let eccentricity = Double("0." + eccentricityDigits) else {
            throw ReadError(line: n2, field: "eccentricity", text: eccentricityDigits)
        }
        let argumentOfPerigee = try number(l2, 35, 42, "argument of perigee", line: n2)
        let meanAnomaly = try number(l2, 44, 51, "mean anomaly", line: n2)
        let meanMotion = try number(l2, 53, 63, "mean motion", line: n2)

        let times = line2.count > 69
            ? String(line2.dropFirst(69)).split(separator: " ").compactMap { Double($0) } : []
        let grid = !requireGrid && times.isEmpty ? [0, 0, 0] : times
        guard grid.count == 3 else { throw ReadError(line: n2, field: "start/stop/step", text: String(line2.dropFirst(69))) }
        startMinutes = grid[0]
        stopMinutes = grid[1]
        stepMinutes = grid[2]

        elements = MeanElements(
            epoch: epoch,
            meanMotionRadPerMin: meanMotion / xpdotp,
            eccentricity: eccentricity,
            inclinationRad: inclination * deg2rad,
            raanRad: raan * deg2rad,
            argumentOfPerigeeRad: argumentOfPerigee * deg2rad,
            meanAnomalyRad: meanAnomaly * deg2rad,
            bstarPerEarthRadius: bstar,
            meanMotionDotRadPerMin2: ndot / (xpdotp * 1440.0),
            meanMotionDDotRadPerMin3: nddot / (xpdotp * 1440.0 * 1440.0))
    }
}

/// One block of Vallado's `tcppver.out`: the `<satnum> xx` header and its rows of t, r, v.
struct VerificationReference {
    struct Row {
        let lineNumber: Int
        let minutes: Double
        let positionKm: SIMD3<Double>
        let velocityKmPerS: SIMD3<Double>
    }

    let satnum: String
    var rows: [Row]

    static func readAll(_ text: String) throws -> [VerificationReference] {
        var blocks: [VerificationReference] = []
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\r" || $0 == "\t" })
            if fields.isEmpty { continue }
            if fields.count == 2 && fields[1] == "xx" {
                blocks.append(VerificationReference(satnum: String(fields[0]), rows: []))
                continue
            }
            let numbers = fields.prefix(7).compactMap { Double($0) }
            guard numbers.count == 7, !blocks.isEmpty else {
                throw VerificationElementSet.ReadError(line: offset + 1, field: "tcppver row", text: String(raw))
            }
            blocks[blocks.count - 1].rows.append(Row(
                lineNumber: offset + 1, minutes: numbers[0],
                positionKm: SIMD3(numbers[1], numbers[2], numbers[3]),
                velocityKmPerS: SIMD3(numbers[4], numbers[5], numbers[6])))
        }
        return blocks
    }
}

func distance(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
    let d = a - b
    return (d * d).sum().squareRoot()
}

/// Tolerances in physical units.
enum Tolerance {
    static let oneMillimetreKm = 1e-6
    static let oneMillimetrePerSecondKmPerS = 1e-6
}
