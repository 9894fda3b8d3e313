import Foundation

/// OMM in XML: CCSDS NDM/XML (505.0-B-3) — a single `<omm>` or an `<ndm>` holding several — as
/// CelesTrak and Space-Track serve it.
public enum OMMXML {
    /// Reads every `<omm>` in the document.
    public static func read(_ bytes: [UInt8], file: String? = nil,
                            leapSeconds: LeapSecondTable = .bundled) -> ReadReport<ElementSet> {
        let root: XMLTree
        do { root = try XMLTree.parse(bytes) } catch {
            return ReadReport(errors: [error.inFile(file)], noun: "element sets")
        }
        let (records, issues) = records(root)
        return OMMFields.report(records: records, issues: issues, file: file, leapSeconds: leapSeconds, contextName: "OMM")
    }

    /// The `<omm>` elements of a document as keyword records.
    public static func records(_ root: XMLTree) -> ([OMMRecord], [ParseError]) {
        let omms = root.name == "omm" ? [root] : root.descendants(named: "omm")
        var issues: [ParseError] = []
        if omms.isEmpty {
            issues.append(ParseError(.badXML, "no <omm> element (root is <\(root.name)>)", line: root.line))
        }
        var records: [OMMRecord] = []
        for omm in omms {
            var r = OMMRecord(fields: [], line: omm.line)
            if let v = omm.attribute("version") { r.fields.append(.init(key: "CCSDS_OMM_VERS", value: v, line: omm.line)) }
            func walk(_ e: XMLTree) {
                for c in e.children {
                    if c.children.isEmpty {
                        if c.name == "USER_DEFINED" {
                            let p = c.attribute("parameter") ?? ""
                            r.fields.append(.init(key: "USER_DEFINED_" + p, value: c.text.asciiTrimmed(), line: c.line))
                        } else {
                            r.fields.append(.init(key: c.name, value: c.text.asciiTrimmed(), line: c.line))
                        }
                    } else {
                        walk(c)
                    }
                }
            }
            walk(omm)
            for f in r.fields where !OMMFields.isCCSDSKeyword(f.key) {
                issues.append(ParseError(.unknownKeyword, "<\(f.key)> is not an OMM keyword (kept as an extra field)",
                                         severity: .warning, line: f.line, field: f.key))
            }
            records.append(r)
        }
        return (records, issues)
    }

    /// Writes sets as one `<ndm>` document holding an `<omm>` per set (CelesTrak's layout), or a bare
    /// `<omm>` when `wrapInNDM` is false and there is exactly one set. Extra fields that are not
    /// CCSDS keywords go to `<userDefinedParameters>`.
    public static func write(_ sets: [ElementSet], options: OMMFields.WriteOptions = .init(), wrapInNDM: Bool = true) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let bare = !wrapInNDM && sets.count == 1
        if !bare { out += "<ndm xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"https://sanaregistry.org/r/ndmxml_unqualified/ndmxml-2.0.0-master-2.0.xsd\">\n" }
        for s in sets {
            let v = OMMFields.values(of: s, options: options)
            let allExtras = OMMFields.extras(of: s, options: options)
            let ind = bare ? "" : "  "
            out += ind + "<omm id=\"CCSDS_OMM_VERS\" version=\"\(XMLText.escape(v["CCSDS_OMM_VERS"]!))\">\n"
            func leaf(_ depth: Int, _ key: String, _ value: String) {
                out += ind + String(repeating: "  ", count: depth) + "<\(key)>\(XMLText.escape(value))</\(key)>\n"
            }
            func open(_ depth: Int, _ tag: String) { out += ind + String(repeating: "  ", count: depth) + "<\(tag)>\n" }
            func close(_ depth: Int, _ tag: String) { out += ind + String(repeating: "  ", count: depth) + "</\(tag)>\n" }
            func extras(_ section: String) -> [ElementSet.ExtraField] {
                allExtras.filter { (OMMFields.otherCCSDS[$0.key] ?? "userDefined") == section && !$0.key.hasPrefix("USER_DEFINED_") || (section == "userDefined" && $0.key.hasPrefix("USER_DEFINED_")) }
            }
            open(1, "header")
            for c in s.comments { leaf(2, "COMMENT", c) }
            leaf(2, "CREATION_DATE", v["CREATION_DATE"]!)
            leaf(2, "ORIGINATOR", v["ORIGINATOR"]!)
            for x in extras("header") { leaf(2, x.key, x.value ?? "") }
            close(1, "header")
            open(1, "body"); open(2, "segment"); open(3, "metadata")
            for key in OMMFields.metadata { leaf(4, key, v[key]!) }
            for x in extras("metadata") { leaf(4, x.key, x.value ?? "") }
            close(3, "metadata"); open(3, "data"); open(4, "meanElements")
            for key in OMMFields.meanElements { leaf(5, key, v[key]!) }
            for x in extras("meanElements") { leaf(5, x.key, x.value ?? "") }
            close(4, "meanElements")
            let sc = extras("spacecraftParameters")
            if !sc.isEmpty { open(4, "spacecraftParameters"); for x in sc { leaf(5, x.key, x.value ?? "") }; close(4, "spacecraftParameters") }
            open(4, "tleParameters")
            for key in OMMFields.tleParameters { leaf(5, key, v[key]!) }
            for x in extras("tleParameters") { leaf(5, x.key, x.value ?? "") }
            close(4, "tleParameters")
            let cov = extras("covarianceMatrix")
            if !cov.isEmpty { open(4, "covarianceMatrix"); for x in cov { leaf(5, x.key, x.value ?? "") }; close(4, "covarianceMatrix") }
            let user = extras("userDefined")
            if !user.isEmpty {
                open(4, "userDefinedParameters")
                for x in user {
                    let p = x.key.hasPrefix("USER_DEFINED_") ? String(x.key.dropFirst(13)) : x.key
                    out += ind + String(repeating: "  ", count: 5)
                        + "<USER_DEFINED parameter=\"\(XMLText.escape(p))\">\(XMLText.escape(x.value ?? ""))</USER_DEFINED>\n"
                }
                close(4, "userDefinedParameters")
            }
            close(3, "data"); close(2, "segment"); close(1, "body")
            out += ind + "</omm>\n"
        }
        if !bare { out += "</ndm>\n" }
        return out
    }
}
