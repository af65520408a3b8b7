import Foundation
import Testing

/// `aiddesk --help` is where a coordinator first meets the commands: five groups, each command once.
@Suite("Help groups")
struct HelpGroupsTests {
    /// Every top-level command, by the group it is listed under in `--help` and in docs/commands.md.
    static let groups: [(heading: String, commands: [String])] = [
        ("THE DESK SUBCOMMANDS:", ["desk", "lookup", "arrivals", "demo"]),
        ("THE DISTRIBUTION DAY SUBCOMMANDS:", ["distribution", "plan", "status", "checkin", "queue", "issue", "void", "stock"]),
        ("THE REGISTER SUBCOMMANDS:", ["import", "find", "history", "duplicates"]),
        ("REPORTS AND EXPORTS SUBCOMMANDS:", ["report", "sheet", "cards", "export", "absent"]),
        ("OPERATORS AND SAFETY SUBCOMMANDS:", ["operator", "audit", "backup", "restore", "check", "purge"]),
    ]

    /// The help split into its sections: each heading (a line in capitals ending in `:`) with the
    /// names its entries start with (a line indented by exactly two spaces; wrapped text is deeper).
    /// A blank line ends a section, so the closing "See 'aiddesk help …'" belongs to none.
    static func sections(_ help: String) -> [(heading: String, names: [String])] {
        var sections: [(heading: String, names: [String])] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                inSection = false
            } else if line.hasSuffix(":"), let first = line.first, first.isUppercase, line == line.uppercased() {
                sections.append((String(line), []))
                inSection = true
            } else if inSection, line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first {
                sections[sections.count - 1].names.append(String(name))
            }
        }
        return sections
    }

    @Test func helpShowsTheFiveGroupsAndEveryCommandOnce() throws {
        let result = try AidDeskBinary.run(["--help"])
        #expect(result.status == 0)
        let sections = Self.sections(result.stdout)
        let subcommandSections = sections.filter { $0.heading.hasSuffix("SUBCOMMANDS:") }

        // The five groups, in this order, and no list of ungrouped commands besides them.
        #expect(subcommandSections.map(\.heading) == Self.groups.map(\.heading))
        for group in Self.groups {
            #expect(result.stdout.contains("\n" + group.heading + "\n"), "missing heading \(group.heading)")
        }

        // Every command exactly once, in the group it belongs to.
        let listed = subcommandSections.flatMap(\.names)
        let expected = Self.groups.flatMap(\.commands)
        #expect(expected.count == 27)
        #expect(Set(expected).count == expected.count)
        #expect(listed.sorted() == expected.sorted(), "listed: \(listed)")
        for name in expected {
            #expect(listed.filter { $0 == name }.count == 1, "\(name) is not listed exactly once")
        }
        for (section, group) in zip(subcommandSections, Self.groups) {
            #expect(section.names == group.commands, "\(group.heading) lists \(section.names)")
        }
    }

    /// Grouping changes the help only: `aiddesk` alone is still the desk, and `help GROUPED` still works.
    @Test func groupingLeavesTheCommandsAsTheyWere() throws {
        let desk = try AidDeskBinary.run(["desk", "--help"])
        #expect(desk.status == 0)
        #expect(desk.stdout.contains("aiddesk desk"))
        let help = try AidDeskBinary.run(["help", "purge"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--before"))
        let top = try AidDeskBinary.run(["--help"])
        #expect(top.stdout.contains("\n  desk (default) "))
    }
}
