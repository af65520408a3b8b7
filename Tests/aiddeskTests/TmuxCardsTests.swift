import DeskCore
import Foundation
import Testing

/// A card scanned at the door and at the desk through the real binary in tmux. A USB scanner
/// types what it reads, all at once, then Enter: `send-keys -l` with the ten digits does the same.
@Suite("Household cards scanned through tmux", .enabled(if: Tmux.path != nil, "tmux is not installed"))
struct TmuxCardsTests {
    @Test func scanAtTheDoorThenScanAndEnterAtTheDesk() throws {
        let hub = try DemoHubFile()
        defer { hub.remove() }
        // Two families that came to neither demo distribution, with their cards printed.
        let numbers = try Array(hub.familiesNotYetServed().prefix(2))
        try #require(numbers.count == 2)
        let printed = try AidDeskBinary.run(["cards", "--household", numbers[0], "--household", numbers[1], "--db", hub.path])
        #expect(printed.status == 0, "\(printed.stderr)")
        let codes = numbers.map { CardCode(holder: .number(HouseholdNumber.key($0)), version: 1).digits }
        #expect(codes.allSatisfy { printed.stdout.contains(CardCode.read($0).groupedForTest) })

        // The door: scan, the card opens at once; Enter and 1 check the family in.
        let door = try TmuxDesk(database: hub.path, arguments: ["arrivals"])
        defer { door.close() }
        try door.waitFor("the door") { $0.contains { $0.contains(uk("desk.searchLabel")) } }
        door.type(codes[0])
        door.keys("Enter")
        try door.waitFor("the card of \(numbers[0]) at the door") { $0.contains { $0.contains(Self.cardHeader(numbers[0])) } }
        door.keys("Enter")
        try door.waitFor("the document question") { lines in
            lines.contains { $0.contains(uk.filledPrefix("arrivals.prompt.document", ["household": numbers[0]])) }
        }
        door.type("1")
        try door.waitFor("\(numbers[0]) checked in") { lines in
            lines.joined(separator: " ").contains(uk.filledPrefix("arrivals.done", ["household": numbers[0]]))
        }

        // The desk: scan, Enter serves the family.
        let desk = try TmuxDesk(database: hub.path)
        defer { desk.close() }
        try desk.waitFor("the issuing desk") { $0.contains { $0.contains(uk("desk.searchLabel")) } }
        desk.type(codes[0])
        desk.keys("Enter")
        try desk.waitFor("the card of \(numbers[0]) at the desk") { lines in
            lines.contains { $0.contains(Self.cardHeader(numbers[0])) } && lines.contains { $0.hasPrefix("  [x] 1 ") }
        }
        desk.keys("Enter")
        try desk.waitFor("\(numbers[0]) served") { $0.joined(separator: " ").contains(uk.filledPrefix("desk.issued", ["household": numbers[0]])) }

        // The next family's card, then a scan while it is open: the scanned family, at once.
        desk.type(codes[1])
        desk.keys("Enter")
        try desk.waitFor("the card of \(numbers[1])") { $0.contains { $0.contains(Self.cardHeader(numbers[1])) } }
        desk.type(codes[0])
        desk.keys("Enter")
        try desk.waitFor("the card of \(numbers[0]) again, already served") { lines in
            lines.contains { $0.contains(Self.cardHeader(numbers[0])) } && lines.contains { $0.contains(uk.filledPrefix("card.issuedAt", [:])) }
        }
        // Nothing was issued to the family whose card was open when the scan came.
        let history = try #require(jsonObject(try AidDeskBinary.run(["history", numbers[1], "--json", "--db", hub.path]).stdout))
        #expect((history["issuances"] as? [[String: Any]])?.isEmpty == true)

        desk.keys("F10")
        door.keys("F10")
        #expect(try desk.waitForExit() == 0)
        #expect(try door.waitForExit() == 0)
    }

    static func cardHeader(_ number: String) -> String {
        uk("card.household", ["household": number]).components(separatedBy: " ·").first!
    }
}

extension CardCode.Reading {
    /// The printed line of a code read back (the page shows the digits in groups).
    var groupedForTest: String {
        if case .code(let code) = self { return code.grouped }
        return "-"
    }
}
