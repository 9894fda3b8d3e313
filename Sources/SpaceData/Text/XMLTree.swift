/// A small, non-validating XML reader: elements, attributes, text, CDATA, comments, processing
/// instructions, the predefined and numeric entities; line numbers kept for messages. Enough for
/// CCSDS NDM/XML, written for Kanshi so no libxml2 is needed. Namespace prefixes are dropped from names.
public struct XMLTree: Sendable, Hashable {
    /// Element name without namespace prefix.
    public var name: String
    /// Attributes in document order (names without prefix).
    public var attributes: [(key: String, value: String)] {
        get { attributeList.map { ($0.key, $0.value) } }
        set { attributeList = newValue.map { Attribute(key: $0.key, value: $0.value) } }
    }
    struct Attribute: Sendable, Hashable { var key: String; var value: String }
    var attributeList: [Attribute] = []
    /// Child elements in document order.
    public var children: [XMLTree] = []
    /// Character data directly inside this element, concatenated.
    public var text: String = ""
    /// 1-based line of the start tag.
    public var line: Int

    public init(name: String, line: Int) { self.name = name; self.line = line }

    /// The value of attribute `name` (prefix dropped), if present.
    public func attribute(_ name: String) -> String? { attributeList.first { $0.key == name }?.value }

    /// Every descendant (depth first, document order) named `name`, not descending into matches.
    public func descendants(named name: String) -> [XMLTree] {
        var out: [XMLTree] = []
        for c in children {
            if c.name == name { out.append(c) } else { out += c.descendants(named: name) }
        }
        return out
    }

    /// Parses a document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> XMLTree {
        var p = XMLParserState(bytes)
        return try p.document()
    }
}

struct XMLParserState {
    let b: [UInt8]
    var i = 0
    var line = 1
    init(_ bytes: [UInt8]) { b = bytes }

    func fail(_ msg: String) -> ParseError { ParseError(.badXML, msg, line: line) }

    mutating func advance() { if b[i] == 10 { line += 1 }; i += 1 }

    func starts(_ s: StaticString) -> Bool {
        s.withUTF8Buffer { u in
            guard i + u.count <= b.count else { return false }
            for k in 0..<u.count where b[i + k] != u[k] { return false }
            return true
        }
    }

    mutating func skip(until s: StaticString) throws(ParseError) {
        while i < b.count && !starts(s) { advance() }
        guard i < b.count else { throw fail("unterminated construct (expected \(s))") }
        for _ in 0..<s.utf8CodeUnitCount { advance() }
    }

    mutating func skipMisc() throws(ParseError) {
        while i < b.count {
            if b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 { advance() }
            else if starts("<?") { try skip(until: "?>") }
            else if starts("<!--") { try skip(until: "-->") }
            else if starts("<!DOCTYPE") { try skip(until: ">") }
            else { break }
        }
    }

    mutating func document() throws(ParseError) -> XMLTree {
        if starts("\u{FEFF}") { i += 3 }
        try skipMisc()
        guard i < b.count, b[i] == 60 else { throw fail("no root element") }
        let root = try element()
        try skipMisc()
        guard i == b.count else { throw fail("content after the root element") }
        return root
    }

    static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c == 45 || c == 46 || c == 58 || c >= 128
    }

    mutating func name() throws(ParseError) -> String {
        let s = i
        while i < b.count && XMLParserState.isNameByte(b[i]) { i += 1 }
        guard i > s else { throw fail("expected a name") }
        var n = String(decoding: b[s..<i], as: UTF8.self)
        if let colon = n.lastIndex(of: ":") { n = String(n[n.index(after: colon)...]) }
        return n
    }

    mutating func skipSpace() { while i < b.count && (b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13) { advance() } }

    mutating func element() throws(ParseError) -> XMLTree {
        let startLine = line
        i += 1   // <
        var el = XMLTree(name: try name(), line: startLine)
        while true {
            skipSpace()
            guard i < b.count else { throw fail("unterminated start tag <\(el.name)>") }
            if b[i] == 47 {   // "/>"
                guard i + 1 < b.count, b[i + 1] == 62 else { throw fail("expected '/>'") }
                i += 2
                return el
            }
            if b[i] == 62 { i += 1; break }
            let key = try name()
            skipSpace()
            guard i < b.count, b[i] == 61 else { throw fail("attribute \(key) has no value") }
            i += 1
            skipSpace()
            guard i < b.count, b[i] == 34 || b[i] == 39 else { throw fail("attribute \(key) value is not quoted") }
            let q = b[i]
            i += 1
            let s = i
            while i < b.count && b[i] != q { advance() }
            guard i < b.count else { throw fail("unterminated attribute value") }
            el.attributeList.append(.init(key: key, value: try decodeEntities(b[s..<i])))
            i += 1
        }
        // Content.
        var text: [UInt8] = []
        while true {
            guard i < b.count else { throw fail("element <\(el.name)> (line \(startLine)) is not closed") }
            if b[i] == 60 {
                if starts("</") {
                    i += 2
                    let n = try name()
                    guard n == el.name else { throw fail("</\(n)> closes <\(el.name)> (line \(startLine))") }
                    skipSpace()
                    guard i < b.count, b[i] == 62 else { throw fail("expected '>'") }
                    i += 1
                    el.text = try decodeEntities(text[...])
                    return el
                } else if starts("<!--") {
                    try skip(until: "-->")
                } else if starts("<![CDATA[") {
                    i += 9
                    let s = i
                    while i < b.count && !starts("]]>") { advance() }
                    guard i < b.count else { throw fail("unterminated CDATA") }
                    // Escape '&' so entity decoding leaves CDATA as written.
                    for c in b[s..<i] { if c == 38 { text += Array("&amp;".utf8) } else { text.append(c) } }
                    i += 3
                } else if starts("<?") {
                    try skip(until: "?>")
                } else {
                    el.children.append(try element())
                }
            } else {
                text.append(b[i])
                advance()
            }
        }
    }

    func decodeEntities(_ s: ArraySlice<UInt8>) throws(ParseError) -> String {
        guard s.contains(38) else { return String(decoding: s, as: UTF8.self) }
        var out: [UInt8] = []
        var k = s.startIndex
        while k < s.endIndex {
            if s[k] == 38, let semi = s[k...].firstIndex(of: 59), semi - k <= 10 {
                let ent = String(decoding: s[(k + 1)..<semi], as: UTF8.self)
                var scalar: UnicodeScalar? = nil
                switch ent {
                case "lt": scalar = "<"
                case "gt": scalar = ">"
                case "amp": scalar = "&"
                case "quot": scalar = "\""
                case "apos": scalar = "'"
                default:
                    if ent.hasPrefix("#x") { scalar = UInt32(ent.dropFirst(2), radix: 16).flatMap(UnicodeScalar.init) }
                    else if ent.hasPrefix("#") { scalar = UInt32(ent.dropFirst()).flatMap(UnicodeScalar.init) }
                }
                guard let scalar else { throw fail("unknown entity &\(ent);") }
                out += Array(String(Character(scalar)).utf8)
                k = semi + 1
            } else {
                out.append(s[k]); k += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Escaping text for XML output.
enum XMLText {
    static func escape(_ s: String) -> String {
        var o = ""
        for c in s {
            switch c {
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "&": o += "&amp;"
            case "\"": o += "&quot;"
            default: o.append(c)
            }
        }
        return o
    }
}
