import Foundation

/// The files under `Resources/`, shipped as the bundle of this target.
///
/// Only this target touches the bundle, so the domain stays free of I/O: callers read the
/// bytes here and hand them to `KitCatalogue(json:)`, `Strings(language:json:)` and the like.
public enum DeskResources {
    /// `kits.json`: the kit catalogue with each kit's rules.
    public static func kitCatalogueJSON() throws -> Data {
        try data("kits.json")
    }

    /// The interface strings of one language as one JSON object: `strings/uk.json` merged with
    /// any `strings/uk.<part>.json` (each part of the program may keep its strings apart).
    public static func stringsJSON(language code: String) throws -> Data {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("strings") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0 == "\(code).json" || ($0.hasPrefix("\(code).") && $0.hasSuffix(".json")) }
            .sorted()
        var merged: [String: String] = [:]
        for file in files {
            let table = try JSONDecoder().decode([String: String].self, from: data("strings/\(file)"))
            merged.merge(table) { first, _ in first }
        }
        return try JSONEncoder().encode(merged)
    }

    /// A name list under `names/`, one entry per line; blank lines and `#` comments skipped.
    public static func nameList(_ name: String) throws -> [String] {
        let text = String(decoding: try data("names/\(name).txt"), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    private static func data(_ relativePath: String) throws -> Data {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent(relativePath) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}
