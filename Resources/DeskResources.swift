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

    /// `strings/uk.json` or `strings/en.json`.
    public static func stringsJSON(language code: String) throws -> Data {
        try data("strings/\(code).json")
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
