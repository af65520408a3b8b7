import DeskCore
import DeskResources
@testable import DeskUI
import Foundation
import Testing

/// The key table is the one place keys are written down: the handlers, the bar, the help and
/// what a role may not see all come from it, so it must say one thing per key and match the help.
@Suite("The key table")
struct KeyTableTests {
    static func strings(_ language: Language) throws -> Strings {
        try Strings(language: language, json: DeskResources.stringsJSON(language: language.rawValue))
    }

    @Test func aKeyMeansOneThingPerScreenAndMode() {
        let rows = KeyBinding.table
        for (i, a) in rows.enumerated() {
            for b in rows[(i + 1)...] where a.command != b.command {
                let sharedContexts = Set(a.contexts).intersection(b.contexts)
                let sharedKeys = Set(a.keys).intersection(b.keys)
                let sharedModes = a.modes.intersection(b.modes)
                #expect(sharedContexts.isEmpty || sharedKeys.isEmpty || sharedModes.isEmpty,
                        "\(a.command) and \(b.command) both take \(sharedKeys) in \(sharedContexts)")
            }
        }
    }

    @Test func everyLabelAndHelpLineExistsInBothLanguages() throws {
        for language in [Language.uk, .en] {
            let strings = try Self.strings(language)
            for row in KeyBinding.table {
                for key in [row.label].compactMap({ $0 }) + row.help {
                    #expect(strings.keys.contains(key), "\(language): \(key) (for \(row.command))")
                }
                #expect((row.bar == nil) == (row.label == nil), "\(row.command): a bar entry needs both key and label")
            }
        }
    }

    /// "F8 (Ctrl-V)" in the table is "F8 (Ctrl-V)" in every help line that teaches it, in both
    /// languages: change a key's Ctrl twin and this fails until the help says the same.
    @Test func theHelpNamesEachKeyAsTheTableDoes() throws {
        let pages = [HelpPage.desk, .lookup, .door(openedAsDesk: true)]
        let onPages = Set(pages.flatMap(\.lines).compactMap { $0 })
        for language in [Language.uk, .en] {
            let strings = try Self.strings(language)
            for row in KeyBinding.table {
                for line in row.help {
                    #expect(onPages.contains(line), "\(line) is on no help page")
                    guard let name = row.helpName else { continue }
                    #expect(strings(line).contains(name), "\(language) \(line) does not name \(name) (\(row.command))")
                }
            }
        }
    }

    /// A key the role may not use is refused in words wherever it is bound, and its help line
    /// is hidden with it: nothing else decides what a volunteer sees.
    @Test func whatARoleMayNotUseIsHiddenFromTheBarAndTheHelp() throws {
        let config = DeskConfig(mode: .desk, operatorName: "Марія", desk: "1", strings: try Self.strings(.uk),
                                catalogue: KitCatalogue(kits: []), role: .volunteer, lockAfter: 300)
        let state = DeskState(config: config, now: Date())
        let refusedActions = Set(KeyBinding.table.compactMap(\.needs)).filter { !OperatorRole.volunteer.allows($0) }
        #expect(refusedActions == [.report, .distributions, .adjustStock, .void])
        for row in KeyBinding.table where row.needs.map(refusedActions.contains) == true {
            #expect(!state.offers(row), "\(row.command) offered to a volunteer")
            for line in row.help { #expect(state.helpLinesHidden.contains(line)) }
        }
        #expect(state.keyBarEntries().map(\.key) == ["F1", "Enter", "F5", "F11", "^L", "F10"])
    }
}

/// The manual's key tables (`docs/desk.md`) name every function key of a screen under that
/// screen's heading, as the help writes it: the manual cannot drift from the table unseen.
@Suite("The manual's keys")
struct ManualKeysTests {
    static let manual = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/desk.md")

    static let headings: [KeyContext: String] = [
        .screen(.search): "Search", .screen(.card): "Household card", .screen(.distributions): "Distributions",
        .screen(.newDistribution): "New distribution", .screen(.closeOut): "Close-out", .screen(.stock): "Stock",
        .screen(.report): "Report", .screen(.absent): "Who has not come", .lock: "Locked",
    ]

    /// The text under `### heading`, up to the next heading.
    static func section(_ heading: String, in text: String) -> String? {
        guard let start = text.range(of: "\n### " + heading + "\n") else { return nil }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\n#")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test func everyFunctionKeyIsUnderItsScreen() throws {
        let text = try String(contentsOf: Self.manual, encoding: .utf8)
        for row in KeyBinding.table where row.contexts.count <= 2 {
            guard let name = row.helpName else { continue }
            for context in row.contexts {
                guard let heading = Self.headings[context] else { continue }
                let section = Self.section(heading, in: text)
                #expect(section?.contains(name) == true, "docs/desk.md, \(heading): \(name) (\(row.command)) missing")
            }
        }
    }
}
