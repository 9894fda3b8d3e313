import Foundation

/// The owner of a space object, with where that knowledge came from.
public struct ObjectOwner: Sendable, Hashable {
    /// Where an owner code came from.
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        /// A SATCAT file (its path).
        case satcat(file: String)
        /// Inferred from the object name by ``OwnerResolver/namePrefixes`` (the prefix that matched).
        case inferredFromName(prefix: String)

        public var description: String {
            switch self {
            case .satcat(let file): "SATCAT \((file as NSString).lastPathComponent)"
            case .inferredFromName(let prefix): "inferred from name prefix \"\(prefix)\""
            }
        }
    }

    /// Owner code as the CelesTrak SATCAT writes it (`US`, `CIS`, `PRC`, `JPN`, `NKOR`, …) or the
    /// Space-Track `COUNTRY` code (the same codes).
    public var code: String
    public var source: Source
    public init(code: String, source: Source) {
        self.code = code
        self.source = source
    }
}

/// Owners from a SATCAT file, read by ``SatcatOwnerReader``.
public struct SatcatOwners: Sendable, Hashable {
    /// Owner code by NORAD catalog number.
    public var owners: [Int: String]
    /// The file they came from.
    public var file: String
    /// Lines that were kept out, each with its line number and field.
    public var errors: [ThreatsError]
    public init(owners: [Int: String], file: String, errors: [ThreatsError] = []) {
        self.owners = owners
        self.file = file
        self.errors = errors
    }
}

/// Reads the owner column of a SATCAT CSV file: CelesTrak's (`NORAD_CAT_ID`, `OWNER`) or Space-Track's
/// (`NORAD_CAT_ID`, `COUNTRY`), identified by the header line; other columns are ignored. Fields may be
/// quoted (RFC 4180). A bad line (wrong field count, a catalog number that is not a positive integer,
/// an empty owner, a number listed twice) is kept out and reported with its line number and field; the
/// other lines are kept. A file without the two columns is an error.
public enum SatcatOwnerReader {
    /// Reads the file at `path`; throws ``ThreatsError`` `io` or, for a header without the columns, `missingField`.
    public static func read(contentsOf path: String) throws -> SatcatOwners {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThreatsError(.io, "cannot read file", file: path)
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses CSV text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> SatcatOwners {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        guard let headerLine = lines.first else {
            throw ThreatsError(.missingField, "empty file: expected a header with NORAD_CAT_ID and OWNER or COUNTRY", file: file, line: 1)
        }
        var headerText = headerLine
        if headerText.hasPrefix("\u{FEFF}") { headerText.removeFirst() }
        let header = splitCSV(headerText).map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        guard let idColumn = header.firstIndex(of: "NORAD_CAT_ID") else {
            throw ThreatsError(.missingField, "header has no NORAD_CAT_ID column", file: file, line: 1, field: "NORAD_CAT_ID")
        }
        guard let ownerColumn = header.firstIndex(of: "OWNER") ?? header.firstIndex(of: "COUNTRY") else {
            throw ThreatsError(.missingField, "header has neither an OWNER (CelesTrak) nor a COUNTRY (Space-Track) column",
                               file: file, line: 1, field: "OWNER")
        }
        let ownerName = header[ownerColumn]
        var owners: [Int: String] = [:]
        var firstLine: [Int: Int] = [:]
        var errors: [ThreatsError] = []
        for (index, raw) in lines.enumerated().dropFirst() {
            let lineNumber = index + 1
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = splitCSV(raw)
            guard fields.count == header.count else {
                errors.append(ThreatsError(.badField, "expected \(header.count) fields as in the header, found \(fields.count)",
                                           file: file, line: lineNumber, value: raw))
                continue
            }
            let idText = fields[idColumn].trimmingCharacters(in: .whitespaces)
            guard let id = Int(idText), id >= 1, id < 1_000_000_000 else {
                errors.append(ThreatsError(.badField, "expected a positive catalog number", file: file, line: lineNumber,
                                           field: "NORAD_CAT_ID", value: idText))
                continue
            }
            let owner = fields[ownerColumn].trimmingCharacters(in: .whitespaces).uppercased()
            guard !owner.isEmpty else {
                errors.append(ThreatsError(.badField, "must not be empty", file: file, line: lineNumber, field: ownerName))
                continue
            }
            if let first = firstLine[id] {
                errors.append(ThreatsError(.duplicate, "NORAD \(id) is already listed on line \(first)", file: file, line: lineNumber,
                                           field: "NORAD_CAT_ID", value: idText))
                continue
            }
            firstLine[id] = lineNumber
            owners[id] = owner
        }
        return SatcatOwners(owners: owners, file: file, errors: errors)
    }

    /// One CSV record's fields (RFC 4180 quoting: `"a, b"`, `""` for a quote).
    static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = Array(line)
        if chars.last == "\r" { chars.removeLast() }
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if quoted {
                if c == "\"" {
                    if k + 1 < chars.count && chars[k + 1] == "\"" { current.append("\""); k += 1 } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current); current = ""
            } else {
                current.append(c)
            }
            k += 1
        }
        fields.append(current)
        return fields
    }
}

/// An object's owner: from a SATCAT file when it lists the object, else inferred from the object's name
/// by a short table of well-known name prefixes (``namePrefixes``), marked as inferred.
///
/// The table holds only series whose owner is unambiguous and public (CelesTrak SATCAT owner codes):
/// Soviet/Russian COSMOS/KOSMOS (the general military series), LUCH and OLYMP (the relay/inspection GEO
/// satellites), RADUGA, GONETS, MOLNIYA, MERIDIAN, GLONASS, EXPRESS, ELEKTRO → CIS; Chinese SHIJIAN/SJ-,
/// TJS (Tongxin Jishu Shiyan), YAOGAN, TIANLIAN, BEIDOU, FENGYUN, CHINASAT, ZHONGXING, GAOFEN, TIANHUI,
/// CZ- (Long March stages) → PRC; North Korean KMS/KWANGMYONGSONG, MALLIGYONG → NKOR; US USA, NAVSTAR,
/// GPS, WGS, AEHF, SBIRS, MUOS → US; Japanese HIMAWARI, QZS, MICHIBIKI, IGS, DSN → JPN. A name matches
/// when it starts with the prefix followed by a non-letter (so COSMOS matches "COSMOS 2542" but not
/// "COSMOSAT"); prefixes ending in "-" match as written.
public struct OwnerResolver: Sendable {
    /// Owners from a SATCAT file, if loaded.
    public var satcat: SatcatOwners?
    /// Whether owners are inferred from names where the SATCAT has none (default true).
    public var inferFromNames = true

    public init(satcat: SatcatOwners? = nil, inferFromNames: Bool = true) {
        self.satcat = satcat
        self.inferFromNames = inferFromNames
    }

    /// The name-prefix table: (prefix, owner code), longest prefixes first where one contains another.
    public static let namePrefixes: [(prefix: String, owner: String)] = [
        ("COSMOS", "CIS"), ("KOSMOS", "CIS"), ("LUCH", "CIS"), ("OLYMP", "CIS"), ("RADUGA", "CIS"), ("GONETS", "CIS"),
        ("MOLNIYA", "CIS"), ("MERIDIAN", "CIS"), ("GLONASS", "CIS"), ("EXPRESS", "CIS"), ("ELEKTRO", "CIS"),
        ("SHIJIAN", "PRC"), ("SJ-", "PRC"), ("TJS", "PRC"), ("YAOGAN", "PRC"), ("TIANLIAN", "PRC"), ("BEIDOU", "PRC"),
        ("FENGYUN", "PRC"), ("CHINASAT", "PRC"), ("ZHONGXING", "PRC"), ("GAOFEN", "PRC"), ("TIANHUI", "PRC"), ("CZ-", "PRC"),
        ("KWANGMYONGSONG", "NKOR"), ("KMS", "NKOR"), ("MALLIGYONG", "NKOR"),
        ("USA", "US"), ("NAVSTAR", "US"), ("GPS", "US"), ("WGS", "US"), ("AEHF", "US"), ("SBIRS", "US"), ("MUOS", "US"),
        ("HIMAWARI", "JPN"), ("QZS", "JPN"), ("MICHIBIKI", "JPN"), ("IGS", "JPN"), ("DSN", "JPN"),
    ]

    /// The owner inferred from `name`, if a prefix of ``namePrefixes`` matches.
    public static func inferred(fromName name: String) -> ObjectOwner? {
        let upper = name.trimmingCharacters(in: .whitespaces).uppercased()
        for (prefix, owner) in namePrefixes where upper.hasPrefix(prefix) {
            let rest = upper.dropFirst(prefix.count)
            if prefix.hasSuffix("-") || rest.isEmpty || !(rest.first!.isLetter) {
                return ObjectOwner(code: owner, source: .inferredFromName(prefix: prefix))
            }
        }
        return nil
    }

    /// The owner of object `id` named `name`: the SATCAT's, else inferred from the name, else nil.
    public func owner(of id: Int, name: String?) -> ObjectOwner? {
        if let satcat, let code = satcat.owners[id] { return ObjectOwner(code: code, source: .satcat(file: satcat.file)) }
        guard inferFromNames, let name else { return nil }
        return Self.inferred(fromName: name)
    }
}
