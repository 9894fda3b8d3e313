/// CDM in XML (CCSDS 508.0-B-1 §4, NDM/XML 505.0): a standalone `<cdm>` or `<cdm>` elements inside an
/// `<ndm>`. Read with ``XMLTree``; namespace prefixes are ignored, `units` attributes are checked,
/// elements marked `nil="true"` count as absent.
public enum CDMXML {
    /// Reads every `<cdm>` in the document.
    public static func read(_ bytes: [UInt8], file: String? = nil,
                            options: CDMReadOptions = .init()) -> ReadReport<ConjunctionDataMessage> {
        let root: XMLTree
        do { root = try XMLTree.parse(bytes) } catch {
            return ReadReport(errors: [error.inFile(file)], noun: "conjunction data messages")
        }
        let (records, issues) = records(root)
        return CDMFields.report(records: records, issues: issues, file: file, options: options)
    }

    /// Reads every `<cdm>` in `text`.
    public static func read(_ text: String, file: String? = nil,
                            options: CDMReadOptions = .init()) -> ReadReport<ConjunctionDataMessage> {
        read(Array(text.utf8), file: file, options: options)
    }

    /// The `<cdm>` elements of a document as keyword records: the header and relative metadata as
    /// fields, each `<segment>` as a segment; leaf elements are keywords, their parent the section.
    public static func records(_ root: XMLTree) -> ([CDMRecord], [ParseError]) {
        let cdms = root.name == "cdm" ? [root] : root.descendants(named: "cdm")
        var issues: [ParseError] = []
        if cdms.isEmpty {
            issues.append(ParseError(.badXML, "no <cdm> element (root is <\(root.name)>)", line: root.line))
        }
        var records: [CDMRecord] = []
        for cdm in cdms {
            var r = CDMRecord(line: cdm.line)
            var segments: [CDMRecord.Segment] = []
            if let v = cdm.attribute("version") {
                r.fields.append(.init(key: "CCSDS_CDM_VERS", value: v.asciiTrimmed(), line: cdm.line))
            }
            func walk(_ e: XMLTree, into fields: inout [CDMRecord.Field]) {
                for c in e.children {
                    if c.name == "segment" {
                        var s = CDMRecord.Segment(line: c.line)
                        walk(c, into: &s.fields)
                        segments.append(s)
                    } else if !c.children.isEmpty || c.name.first.map({ $0.isLowercase }) == true {
                        walk(c, into: &fields)   // a structural element (lowerCamelCase), even when empty
                    } else {
                        var key = c.name
                        if key == "USER_DEFINED", let p = c.attribute("parameter") { key = "USER_DEFINED_" + p }
                        let isNil = c.attribute("nil") == "true"
                        let value = key == "COMMENT" ? c.text.asciiTrimmed() : isNil ? nil : c.text.asciiTrimmed()
                        let generic: Set<String> = ["cdm", "body", "segment", "data"]
                        fields.append(.init(key: key, value: value, unit: c.attribute("units"), line: c.line,
                                            section: generic.contains(e.name) ? nil : e.name))
                    }
                }
            }
            walk(cdm, into: &r.fields)
            r.segments = segments
            records.append(r)
        }
        return (records, issues)
    }

    /// Writes a message as a standalone `<cdm>` (or wrapped in `<ndm>` when `wrapInNDM`), units as
    /// `units` attributes, blocks as 508.0-B-1 table 4-1 names them. Extra fields go back to the
    /// element they were read from (`userDefinedParameters` as `<USER_DEFINED parameter="...">`).
    public static func write(_ cdm: ConjunctionDataMessage, wrapInNDM: Bool = false,
                             leapSeconds: LeapSecondTable = .bundled) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        var depth = 0
        let schema = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"https://sanaregistry.org/r/ndmxml_unqualified/ndmxml-2.0.0-master-2.0.xsd\""
        func pad() -> String { String(repeating: "  ", count: depth) }
        func open(_ tag: String, _ attributes: String = "") {
            out += pad() + "<" + tag + (attributes.isEmpty ? "" : " " + attributes) + ">\n"
            depth += 1
        }
        func close(_ tag: String) { depth -= 1; out += pad() + "</" + tag + ">\n" }
        func leaf(_ key: String, _ value: String, _ unit: String?) {
            let esc = XMLText.escape(value)
            if key.hasPrefix("USER_DEFINED_") {
                let p = XMLText.escape(String(key.dropFirst(13)))
                out += pad() + "<USER_DEFINED parameter=\"\(p)\">\(esc)</USER_DEFINED>\n"
                return
            }
            let u = unit.map { " units=\"\(XMLText.escape($0))\"" } ?? ""
            out += pad() + "<\(key)\(u)>\(esc)</\(key)>\n"
        }
        func extras(_ xs: [CDMField]) { for x in xs { leaf(x.key, x.value, x.unit) } }
        /// Writes a block: its element with comments, entries and the extras that belong in it, then
        /// the extras of other sections, each in an element of its own.
        func block(_ element: String, _ comments: [String], _ entries: [CDMFields.Entry], _ xs: [CDMField],
                   nested: (String, Set<String>)? = nil) {
            open(element)
            for c in comments { leaf("COMMENT", c, nil) }
            var inner = false
            for e in entries {
                if let (tag, keys) = nested, keys.contains(e.key) {
                    if !inner { open(tag); inner = true }
                } else if inner, let (tag, _) = nested { close(tag); inner = false }
                leaf(e.key, e.value, e.unit)
            }
            if inner, let (tag, _) = nested { close(tag) }
            let here = xs.filter { $0.section == nil || $0.section == element || $0.section == nested?.0 }
            extras(here)
            close(element)
            var rest = xs.filter { !($0.section == nil || $0.section == element || $0.section == nested?.0) }
            while let first = rest.first {
                let group = rest.prefix { $0.section == first.section }
                open(first.section!)
                extras(Array(group))
                close(first.section!)
                rest.removeFirst(group.count)
            }
        }
        if wrapInNDM { open("ndm", schema) }
        open("cdm", (wrapInNDM ? "" : schema + " ") + "id=\"CCSDS_CDM_VERS\" version=\"\(XMLText.escape(cdm.header.version))\"")
        let h = cdm.header
        block("header", h.comments, Array(CDMFields.entries(h, leapSeconds: leapSeconds).dropFirst()), h.extraFields)
        open("body")
        let r = cdm.relativeMetadata
        let relativeState: Set<String> = ["RELATIVE_POSITION_R", "RELATIVE_POSITION_T", "RELATIVE_POSITION_N",
                                          "RELATIVE_VELOCITY_R", "RELATIVE_VELOCITY_T", "RELATIVE_VELOCITY_N"]
        block("relativeMetadataData", r.comments, CDMFields.entries(r, leapSeconds: leapSeconds), r.extraFields,
              nested: ("relativeStateVector", relativeState))
        for s in cdm.objects {
            open("segment")
            for b in CDMFields.blocks(s, leapSeconds: leapSeconds) {
                if b.block == .metadata {
                    block("metadata", b.comments, b.entries, b.extras)
                    open("data")
                } else {
                    block(b.block.xmlElement, b.comments, b.entries, b.extras)
                }
            }
            close("data")
            close("segment")
        }
        close("body")
        close("cdm")
        if wrapInNDM { close("ndm") }
        return out
    }
}
