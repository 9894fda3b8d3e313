import Foundation
import Astrodynamics
import SpaceData

/// A satellite the squadron protects: a Japanese or US government or critical satellite, by NORAD number.
///
/// Read from `data/protected-assets.json` by ``ProtectedAssets/read(contentsOf:)``; see docs/threats.md.
public struct ProtectedAsset: Sendable, Hashable {
    /// NORAD catalog number.
    public var noradCatalogNumber: Int
    /// Public name, as the public catalog writes it.
    public var name: String
    /// Owner country code (`JPN`, `USA`).
    public var owner: String
    /// Orbital regime, as the file states it (`OrbitRegime` of Astrodynamics; QZSS's inclined eccentric
    /// geosynchronous orbits are listed as HEO, where the catalog rule would say MEO).
    public var regime: OrbitRegime
    /// Why it is protected, in a few words.
    public var why: String

    public init(noradCatalogNumber: Int, name: String, owner: String, regime: OrbitRegime, why: String) {
        self.noradCatalogNumber = noradCatalogNumber
        self.name = name
        self.owner = owner
        self.regime = regime
        self.why = why
    }
}

/// The protected-assets list (`data/protected-assets.json`): a JSON object with an `assets` array of
/// `{norad_id, name, owner, regime, why}`. Errors name the file and the field (`assets[3].regime`).
public struct ProtectedAssets: Sendable, Hashable {
    /// The assets, in file order.
    public var assets: [ProtectedAsset]

    public init(assets: [ProtectedAsset]) { self.assets = assets }

    /// Owners the reader accepts.
    public static let knownOwners: Set<String> = ["JPN", "USA"]

    /// The asset with NORAD number `id`, if listed.
    public func asset(_ id: Int) -> ProtectedAsset? { assets.first { $0.noradCatalogNumber == id } }

    /// Reads and validates the file at `path`.
    public static func read(contentsOf path: String) throws -> ProtectedAssets {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThreatsError(.io, "cannot read file", file: path)
        }
        return try parse(data, file: path)
    }

    /// The file's shape, decoded before the values are checked.
    private struct RawFile: Decodable { var assets: [RawAsset] }
    private struct RawAsset: Decodable {
        var norad_id: Int
        var name: String
        var owner: String
        var regime: String
        var why: String
    }

    /// `assets[3].norad_id` from a decoding path.
    private static func fieldPath(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue { out += "[\(index)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return out.isEmpty ? "(root)" : out
    }

    /// Parses and validates the JSON text `data`; `file` names it in errors.
    public static func parse(_ data: Data, file: String? = nil) throws -> ProtectedAssets {
        let raw: RawFile
        do { raw = try JSONDecoder().decode(RawFile.self, from: data) } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                throw ThreatsError(.missingField, "required field is missing", file: file,
                                   field: fieldPath(context.codingPath + [key]))
            case .typeMismatch(let type, let context):
                throw ThreatsError(.badField, "expected \(type == Int.self ? "an integer" : type == String.self ? "a string" : "\(type)")",
                                   file: file, field: fieldPath(context.codingPath))
            case .valueNotFound(let type, let context):
                throw ThreatsError(.badField, "expected \(type), found null", file: file, field: fieldPath(context.codingPath))
            case .dataCorrupted(let context):
                if context.codingPath.isEmpty {
                    throw ThreatsError(.badJSON, "not valid JSON", file: file)
                }
                throw ThreatsError(.badField, context.debugDescription, file: file, field: fieldPath(context.codingPath))
            @unknown default:
                throw ThreatsError(.badJSON, "\(error)", file: file)
            }
        }
        var assets: [ProtectedAsset] = []
        var seen: [Int: Int] = [:]
        for (index, record) in raw.assets.enumerated() {
            let path = "assets[\(index)]"
            guard record.norad_id >= 1 && record.norad_id < 1_000_000 else {
                throw ThreatsError(.badField, "expected a NORAD catalog number in 1...999999", file: file,
                                   field: "\(path).norad_id", value: "\(record.norad_id)")
            }
            for (key, text) in [("name", record.name), ("owner", record.owner), ("regime", record.regime), ("why", record.why)]
            where text.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ThreatsError(.badField, "must not be empty", file: file, field: "\(path).\(key)")
            }
            guard knownOwners.contains(record.owner) else {
                throw ThreatsError(.badField, "owner must be one of \(knownOwners.sorted().joined(separator: ", "))",
                                   file: file, field: "\(path).owner", value: record.owner)
            }
            guard let regime = OrbitRegime(rawValue: record.regime) else {
                throw ThreatsError(.badField, "regime must be one of LEO, MEO, GEO, HEO", file: file,
                                   field: "\(path).regime", value: record.regime)
            }
            if let first = seen[record.norad_id] {
                throw ThreatsError(.duplicate, "NORAD \(record.norad_id) is already listed at assets[\(first)]", file: file,
                                   field: "\(path).norad_id", value: "\(record.norad_id)")
            }
            seen[record.norad_id] = index
            assets.append(ProtectedAsset(noradCatalogNumber: record.norad_id, name: record.name, owner: record.owner,
                                         regime: regime, why: record.why))
        }
        return ProtectedAssets(assets: assets)
    }
}
