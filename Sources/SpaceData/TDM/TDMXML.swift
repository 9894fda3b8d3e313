import Foundation

/// TDM in XML (CCSDS 503.0-B-2 §5 and the NDM/XML schema 505.0-B-3): `<tdm id="CCSDS_TDM_VERS"
/// version="2.0">` holding `<header>` and `<body>` with `<segment>`s of `<metadata>` and `<data>`;
/// each `<observation>` holds `<EPOCH>` and one data keyword element. Read with Kanshi's own
/// ``XMLTree`` (no DTD or external entity is ever loaded).
public enum TDMXML {
    /// Reads an XML TDM (see ``TDMReader`` for what is checked).
    public static func read(_ text: String, file: String? = nil) -> TDMReadResult {
        var r = TDMReader.build(raw(Array(text.utf8)))
        r.errors = r.errors.map { $0.inFile(file) }
        r.warnings = r.warnings.map { $0.inFile(file) }
        return r
    }

    static func raw(_ bytes: [UInt8]) -> TDMRaw {
        var raw = TDMRaw()
        let root: XMLTree
        do { root = try XMLTree.parse(bytes) } catch {
            raw.isTDM = false
            raw.errors.append(error)
            return raw
        }
        raw.firstLine = root.line
        guard root.name == "tdm" else {
            raw.isTDM = false
            raw.errors.append(ParseError(.unknownFormat, "not a TDM: the root element is <\(root.name)>, not <tdm>", line: root.line))
            return raw
        }
        if let v = root.attribute("version") { raw.version = .init(key: "CCSDS_TDM_VERS", value: v.asciiTrimmed(), line: root.line) }
        for part in root.children {
            switch part.name {
            case "header":
                for f in part.children { raw.header.append(.init(key: f.name, value: text(f), line: f.line)) }
            case "body":
                for seg in part.children {
                    guard seg.name == "segment" else {
                        raw.errors.append(ParseError(.badXML, "<\(seg.name)> in <body> is not a <segment>", line: seg.line))
                        continue
                    }
                    raw.segments.append(segment(seg))
                }
            default:
                raw.errors.append(ParseError(.badXML, "<\(part.name)> is neither <header> nor <body>", line: part.line))
            }
        }
        return raw
    }

    static func text(_ e: XMLTree) -> String { e.text.asciiTrimmed() }

    static func segment(_ seg: XMLTree) -> TDMRaw.Segment {
        var s = TDMRaw.Segment(line: seg.line)
        var sawData = false
        for part in seg.children {
            switch part.name {
            case "metadata":
                for f in part.children { s.metadata.append(.init(key: f.name, value: text(f), line: f.line)) }
            case "data":
                sawData = true
                for o in part.children {
                    if o.name == "COMMENT" { s.dataComments.append(text(o)); continue }
                    guard o.name == "observation" else {
                        s.errors.append(ParseError(.badXML, "<\(o.name)> in <data> is not an <observation>", line: o.line, field: o.name))
                        continue
                    }
                    let epochs = o.children.filter { $0.name == "EPOCH" }
                    let values = o.children.filter { $0.name != "EPOCH" }
                    guard epochs.count == 1 else {
                        s.errors.append(ParseError(.missingField, "an <observation> needs exactly one <EPOCH>, found \(epochs.count)",
                                                   line: o.line, context: "data", field: "EPOCH"))
                        continue
                    }
                    guard values.count == 1 else {
                        s.errors.append(ParseError(.badXML, "an <observation> needs exactly one data keyword element, found \(values.count)",
                                                   line: o.line, context: "data"))
                        continue
                    }
                    s.data.append(.init(key: values[0].name, epoch: text(epochs[0]), value: text(values[0]), line: values[0].line))
                }
            default:
                s.errors.append(ParseError(.badXML, "<\(part.name)> in <segment> is neither <metadata> nor <data>", line: part.line))
            }
        }
        s.closed = sawData
        if !sawData { s.errors.append(ParseError(.missingField, "the <segment> has no <data>", line: seg.line)) }
        return s
    }

    /// Writes `document` as XML (same throwing rules as ``TDMKVN/write(_:)``).
    public static func write(_ document: TDMDocument) throws(ParseError) -> String {
        func esc(_ s: String) -> String { XMLText.escape(s) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<tdm xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            + "xsi:noNamespaceSchemaLocation=\"https://sanaregistry.org/r/ndmxml_unqualified/ndmxml-2.0.0-master-2.0.xsd\" "
            + "id=\"CCSDS_TDM_VERS\" version=\"\(esc(document.version))\">\n"
        out += "  <header>\n"
        for c in document.comments { out += "    <COMMENT>\(esc(c))</COMMENT>\n" }
        out += "    <CREATION_DATE>\(TDMEpoch.format(document.creationDate, timeSystem: .utc))</CREATION_DATE>\n"
        out += "    <ORIGINATOR>\(esc(document.originator))</ORIGINATOR>\n"
        if let id = document.messageID { out += "    <MESSAGE_ID>\(esc(id))</MESSAGE_ID>\n" }
        out += "  </header>\n  <body>\n"
        for s in document.segments {
            let ts = try TDMWriting.timeSystem(of: s)
            out += "    <segment>\n      <metadata>\n"
            for c in s.metadata.comments { out += "        <COMMENT>\(esc(c))</COMMENT>\n" }
            for e in s.metadata.entries { out += "        <\(e.keyword)>\(esc(e.value))</\(e.keyword)>\n" }
            out += "      </metadata>\n      <data>\n"
            for c in s.dataComments { out += "        <COMMENT>\(esc(c))</COMMENT>\n" }
            var last: (epoch: Instant, text: String)? = nil
            for o in s.observations {
                if last?.epoch != o.epoch { last = (o.epoch, TDMEpoch.format(o.epoch, timeSystem: ts)) }
                out += "        <observation>\n          <EPOCH>" + last!.text + "</EPOCH>\n"
                out += "          <\(o.keyword)>\(try TDMWriting.value(o))</\(o.keyword)>\n        </observation>\n"
            }
            out += "      </data>\n    </segment>\n"
        }
        out += "  </body>\n</tdm>\n"
        return out
    }
}
