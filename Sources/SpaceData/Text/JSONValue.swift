/// A small JSON reader keeping what OMM files need and Foundation's `JSONSerialization` loses:
/// object members in file order, numbers as written (so `0.00035436` stays exactly that text), and
/// line numbers for messages.
public indirect enum JSONValue: Sendable, Hashable {
    case object([(key: String, value: JSONValue, line: Int)])
    case array([JSONValue])
    case string(String)
    /// A number, as its text in the file.
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(x), .array(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .object(let m): h.combine(0); for x in m { h.combine(x.key); h.combine(x.value) }
        case .array(let a): h.combine(1); h.combine(a)
        case .string(let s): h.combine(2); h.combine(s)
        case .number(let s): h.combine(3); h.combine(s)
        case .bool(let b): h.combine(4); h.combine(b)
        case .null: h.combine(5)
        }
    }

    /// Parses one JSON document.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> JSONValue {
        var p = JSONParserState(b: bytes)
        p.space()
        let v = try p.value()
        p.space()
        guard p.i == bytes.count else { throw p.fail("unexpected content after the JSON value") }
        return v
    }

    /// JSON text for a string.
    public static func quote(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    o += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else { o.unicodeScalars.append(u) }
            }
        }
        return o + "\""
    }
}

struct JSONParserState {
    let b: [UInt8]
    var i = 0
    var line = 1

    func fail(_ m: String) -> ParseError { ParseError(.badJSON, m, line: line) }

    mutating func space() {
        while i < b.count {
            let c = b[i]
            if c == 10 { line += 1 } else if c != 32 && c != 9 && c != 13 { break }
            i += 1
        }
    }

    mutating func value() throws(ParseError) -> JSONValue {
        guard i < b.count else { throw fail("unexpected end of JSON") }
        switch b[i] {
        case 123: return try object()
        case 91:
            i += 1
            var a: [JSONValue] = []
            space()
            if i < b.count, b[i] == 93 { i += 1; return .array(a) }
            while true {
                space()
                a.append(try value())
                space()
                guard i < b.count else { throw fail("unterminated array") }
                if b[i] == 44 { i += 1; continue }
                if b[i] == 93 { i += 1; return .array(a) }
                throw fail("expected ',' or ']' in array")
            }
        case 34: return .string(try string())
        case 116: try literal("true"); return .bool(true)
        case 102: try literal("false"); return .bool(false)
        case 110: try literal("null"); return .null
        default:
            let s = i
            while i < b.count, (b[i] >= 48 && b[i] <= 57) || b[i] == 45 || b[i] == 43 || b[i] == 46 || b[i] == 101 || b[i] == 69 { i += 1 }
            guard i > s else { throw fail("unexpected character '\(String(UnicodeScalar(b[s])))'") }
            let t = String(decoding: b[s..<i], as: UTF8.self)
            guard Double(t) != nil else { throw fail("'\(t)' is not a JSON number") }
            return .number(t)
        }
    }

    mutating func literal(_ w: String) throws(ParseError) {
        for c in w.utf8 {
            guard i < b.count, b[i] == c else { throw fail("expected '\(w)'") }
            i += 1
        }
    }

    mutating func object() throws(ParseError) -> JSONValue {
        i += 1
        var m: [(key: String, value: JSONValue, line: Int)] = []
        space()
        if i < b.count, b[i] == 125 { i += 1; return .object(m) }
        while true {
            space()
            guard i < b.count, b[i] == 34 else { throw fail("expected a member name") }
            let keyLine = line
            let k = try string()
            space()
            guard i < b.count, b[i] == 58 else { throw fail("expected ':' after \"\(k)\"") }
            i += 1
            space()
            m.append((k, try value(), keyLine))
            space()
            guard i < b.count else { throw fail("unterminated object") }
            if b[i] == 44 { i += 1; continue }
            if b[i] == 125 { i += 1; return .object(m) }
            throw fail("expected ',' or '}' in object")
        }
    }

    mutating func string() throws(ParseError) -> String {
        i += 1
        var out: [UInt8] = []
        while i < b.count {
            let c = b[i]
            if c == 34 { i += 1; return String(decoding: out, as: UTF8.self) }
            if c == 10 { throw fail("newline inside a string") }
            if c == 92 {
                guard i + 1 < b.count else { break }
                let e = b[i + 1]
                i += 2
                switch e {
                case 34: out.append(34)
                case 92: out.append(92)
                case 47: out.append(47)
                case 98: out.append(8)
                case 102: out.append(12)
                case 110: out.append(10)
                case 114: out.append(13)
                case 116: out.append(9)
                case 117:
                    guard i + 4 <= b.count, var u = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                        throw fail("bad \\u escape")
                    }
                    i += 4
                    if (0xD800..<0xDC00).contains(u), i + 6 <= b.count, b[i] == 92, b[i + 1] == 117,
                       let lo = UInt32(String(decoding: b[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16) {
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                        i += 6
                    }
                    out += Array(String(Character(UnicodeScalar(u) ?? "\u{FFFD}")).utf8)
                default: throw fail("bad escape '\\\(String(UnicodeScalar(e)))'")
                }
                continue
            }
            out.append(c)
            i += 1
        }
        throw fail("unterminated string")
    }
}
