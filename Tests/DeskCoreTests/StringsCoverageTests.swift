import DeskCore
import DeskResources
import Foundation
import Testing

/// The strings a volunteer reads are never a bare key: every `uk.PART.json` has its `en.PART.json`
/// with the same keys, and every key the code names exists in both languages.
@Suite("Interface strings: both languages, every key the code asks for")
struct StringsCoverageTests {
    /// The package's folder, from this file's place in `Tests/DeskCoreTests/`.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func table(_ file: URL) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
    }

    @Test func everyUkrainianFileHasAnEnglishTwinWithTheSameKeys() throws {
        let folder = Self.packageRoot.appendingPathComponent("Resources/strings")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        let ukrainian = files.filter { $0.hasPrefix("uk.") }
        #expect(ukrainian.count >= 8)
        #expect(Set(files.map { String($0.dropFirst(3)) }) == Set(ukrainian.map { String($0.dropFirst(3)) }),
                "a file without its twin: \(files.sorted())")
        for name in ukrainian {
            let twin = "en." + name.dropFirst(3)
            let uk = try Self.table(folder.appendingPathComponent(name))
            let en = try Self.table(folder.appendingPathComponent(twin))
            #expect(Set(uk.keys).subtracting(en.keys).isEmpty, "only in \(name): \(Set(uk.keys).subtracting(en.keys).sorted())")
            #expect(Set(en.keys).subtracting(uk.keys).isEmpty, "only in \(twin): \(Set(en.keys).subtracting(uk.keys).sorted())")
        }
    }

    /// Keys written out in the code, as `strings("desk.noResults")`, `self("access.lockedOut", …)`
    /// and the like. Keys made at run time (`"role.\(role.rawValue)"`) are covered by the
    /// tests of their screens and commands.
    static func keysNamedInTheCode() throws -> [String: String] {
        let sources = Self.packageRoot.appendingPathComponent("Sources")
        let call = try Regex(#"\b(\w+)\(\s*"([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)""#)
        let notStrings: Set<String> = ["appendingPathComponent", "URL", "fileURLWithPath", "contentsOf", "data"]
        var found: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: sources.path)
        while let path = walker?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for match in text.matches(of: call) {
                guard let callee = match.output[1].substring, let key = match.output[2].substring,
                    !notStrings.contains(String(callee)),
                    !["csv", "sqlite", "json", "txt", "html"].contains(String(key.split(separator: ".").last ?? ""))
                else { continue }
                found[String(key)] = path
            }
        }
        return found
    }

    @Test func everyKeyTheCodeNamesExistsInBothLanguages() throws {
        let named = try Self.keysNamedInTheCode()
        // The scan must see the code at all: these are asked for in every build of the desk.
        #expect(named["desk.noResults"] != nil && named["access.lockedOut"] != nil)
        #expect(named.count > 300)
        for language in ["uk", "en"] {
            let strings = try Strings(
                language: language == "uk" ? .uk : .en, json: DeskResources.stringsJSON(language: language))
            for (key, file) in named.sorted(by: { $0.key < $1.key }) where !strings.keys.contains(key) {
                Issue.record("\(file) asks for «\(key)», which \(language) strings do not have")
            }
        }
    }
}
