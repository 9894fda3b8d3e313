import Foundation

/// CelesTrak's Earth orientation table (`EOP-All.csv`, also gzip): columns
/// `DATE,MJD,X,Y,UT1-UTC,LOD,DPSI,DEPS,DX,DY,DAT,DATA_TYPE` — polar motion and nutation corrections in
/// arcseconds (converted to radians here), UT1 − UTC and LOD in seconds. Columns are found by
/// header name, so reordered or extra columns are fine.
public enum EarthOrientationFile {
    /// Reads the table; bad rows are reported and skipped.
    public static func read(_ bytes: [UInt8], file: String? = nil,
                            leapSeconds: LeapSecondTable = .bundled) -> (table: EarthOrientationTable, report: ReadReport<EarthOrientationTable.Row>) {
        var report = ReadReport<EarthOrientationTable.Row>(noun: "EOP rows")
        let lines = TextLines.split(bytes)
        guard let headerLine = lines.first else {
            report.add(ParseError(.missingField, "empty file", file: file))
            return (EarthOrientationTable(rows: [], leapSeconds: leapSeconds), report)
        }
        let header = String(decoding: headerLine, as: UTF8.self).split(separator: ",").map {
            $0.asciiTrimmed().uppercased()
        }
        func col(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let iMJD = col("MJD"), let iX = col("X"), let iY = col("Y"), let iUT1 = col("UT1-UTC") else {
            report.add(ParseError(.missingField, "header lacks MJD, X, Y or UT1-UTC columns", file: file, line: 1))
            return (EarthOrientationTable(rows: [], leapSeconds: leapSeconds), report)
        }
        let iLOD = col("LOD"), iDPSI = col("DPSI"), iDEPS = col("DEPS")
        let arcsec = EarthOrientationParameters.radiansPerArcsecond
        for (k, raw) in lines.enumerated().dropFirst() {
            if raw.isEmpty { continue }
            let cells = String(decoding: raw, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
            func num(_ i: Int?, _ field: String) -> Double? {
                guard let i else { return 0 }
                guard i < cells.count else {
                    report.add(ParseError(.missingField, "row has only \(cells.count) columns", file: file, line: k + 1, field: field))
                    return nil
                }
                let t = cells[i].asciiTrimmed()
                if t.isEmpty { return 0 }
                guard let v = Double(t) else {
                    report.add(ParseError(.badNumber, "'\(t)' is not a number", file: file, line: k + 1, field: field, value: t))
                    return nil
                }
                return v
            }
            guard iMJD < cells.count, let mjd = Int(cells[iMJD].asciiTrimmed()) else {
                report.add(ParseError(.badNumber, "MJD is not a whole number", file: file, line: k + 1, field: "MJD"))
                continue
            }
            guard let x = num(iX, "X"), let y = num(iY, "Y"), let dut1 = num(iUT1, "UT1-UTC"), let lod = num(iLOD, "LOD"),
                  let dpsi = num(iDPSI, "DPSI"), let deps = num(iDEPS, "DEPS") else { continue }
            report.records.append(.init(utcModifiedJulianDay: mjd, parameters: EarthOrientationParameters(
                polarMotionXRad: x * arcsec, polarMotionYRad: y * arcsec, ut1MinusUTCSeconds: dut1,
                lengthOfDaySeconds: lod, nutationCorrectionDPsiRad: dpsi * arcsec, nutationCorrectionDEpsRad: deps * arcsec)))
        }
        return (EarthOrientationTable(rows: report.records, leapSeconds: leapSeconds), report)
    }

    /// Reads the file at `path`, gzip or plain; throws only when the file cannot be read at all.
    public static func read(contentsOf path: String, leapSeconds: LeapSecondTable = .bundled)
        throws(ParseError) -> (table: EarthOrientationTable, report: ReadReport<EarthOrientationTable.Row>) {
        read(try FileInput.readFile(path), file: (path as NSString).lastPathComponent, leapSeconds: leapSeconds)
    }
}
