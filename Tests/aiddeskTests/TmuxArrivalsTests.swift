import DeskCore
import Foundation
import Testing

/// Two real terminals on one demo day: the door (`aiddesk arrivals`) checks a family in, the
/// issuing desk (`aiddesk`) sees it appear on its waiting list with no key pressed, opens it
/// with F5 and serves it; the door sees it served. Every wait polls the screen, never sleeps.
@Suite("The door and the desk through tmux", .enabled(if: Tmux.path != nil, "tmux is not installed"))
struct TmuxArrivalsTests {
    @Test func theDoorChecksInAndTheDeskServesFromItsWaitingList() throws {
        let hub = try DemoHubFile()
        defer { hub.remove() }
        // Two families the demo has not served yet: the first households of the list of who has not come.
        let absent = try AidDeskBinary.run(["absent", "--format", "csv", "--db", hub.path])
        #expect(absent.status == 0, "\(absent.stderr)")
        let numbers = absent.stdout.split(separator: "\r\n").dropFirst().prefix(2).map { String($0.prefix(while: { $0 != "," })) }
        try #require(numbers.count == 2)
        let (first, second) = (numbers[0], numbers[1])

        let desk = try TmuxDesk(database: hub.path)
        defer { desk.close() }
        let door = try TmuxDesk(database: hub.path, arguments: ["arrivals"])
        defer { door.close() }
        try desk.waitFor("the issuing desk") { $0.contains { $0.contains(uk("desk.searchLabel")) } }
        try door.waitFor("the door's title, search and latest arrivals") { lines in
            lines.first?.contains("AidDesk · " + uk("arrivals.mode")) == true
                && lines.contains { $0.contains(uk("arrivals.recentTitle")) }
        }
        #expect(!desk.lines().contains { $0.contains(uk("arrivals.queueTitle", ["count": "1"])) })

        // The door: the household number, its card, Enter, 1 for the IDP certificate.
        try checkIn(first, at: door)
        let checkedIn = Date()

        // The desk: the family is on the waiting list within a poll, no key pressed.
        let screen = try desk.waitFor("\(first) on the desk's waiting list", timeout: 5) { lines in
            lines.contains { $0.contains(uk("arrivals.queueTitle", ["count": "1"])) }
                && lines.contains { $0.contains("1. \(first)") }
        }
        let delay = Date().timeIntervalSince(checkedIn)
        #expect(delay < 2, "the waiting list took \(delay) s to follow the door")
        #expect(screen.contains { $0.contains("1. \(first)") && $0.contains(uk("arrivals.minutes", ["minutes": "0"])) })

        // A second family: it queues behind the first.
        try checkIn(second, at: door)
        try desk.waitFor("\(second) second on the list") { $0.contains { $0.contains("2. \(second)") } }

        // F5 opens the first family's card; Enter serves it; the list moves up.
        desk.keys("F5")
        let card = uk("card.household", ["household": first]).components(separatedBy: " ·").first!
        try desk.waitFor("the card of \(first)") { lines in
            lines.contains { $0.contains(card) } && lines.contains { $0.contains(uk.filledPrefix("arrivals.card.came", [:])) }
        }
        desk.keys("Enter")
        try desk.waitFor("\(first) served and \(second) next") { lines in
            lines.joined(separator: " ").contains(uk.filledPrefix("desk.issued", ["household": first]))
                && lines.contains { $0.contains("1. \(second)") }
        }

        // The door sees the first family served and the second still waiting.
        try door.waitFor("\(first) served at the door") { lines in
            lines.contains { $0.contains(first) && $0.trimmingTrailingSpaces.hasSuffix(uk("arrivals.served")) }
                && lines.contains { $0.contains(second) && $0.contains(uk.filledPrefix("arrivals.waitingFor", [:])) }
        }

        // Neither family is on the list of who has not come.
        let after = try AidDeskBinary.run(["absent", "--format", "csv", "--db", hub.path])
        let stillAbsent = Set(after.stdout.split(separator: "\r\n").dropFirst().map { String($0.prefix(while: { $0 != "," })) })
        #expect(after.status == 0 && stillAbsent.count > 100)
        #expect(!stillAbsent.contains(first) && !stillAbsent.contains(second))
        let queue = try #require(jsonObject(try AidDeskBinary.run(["queue", "--json", "--db", hub.path]).stdout))
        #expect((queue["waiting"] as? [[String: Any]])?.map { $0["household"] as? String } == [second])

        desk.keys("F10")
        door.keys("C-q")
        #expect(try desk.waitForExit() == 0)
        #expect(try door.waitForExit() == 0)
        #expect(desk.terminalRestored && door.terminalRestored)
    }

    /// At the door: the household number, Enter for its card, Enter to check in, 1 for the certificate.
    private func checkIn(_ number: String, at door: TmuxDesk) throws {
        door.type(number)
        try door.waitFor("\(number) in the door's results") { lines in
            lines.count > 5 && lines[5].contains(number)
        }
        door.keys("Enter")
        let card = uk("card.household", ["household": number]).components(separatedBy: " ·").first!
        try door.waitFor("the card of \(number) at the door") { $0.contains { $0.contains(card) } }
        door.keys("Enter")
        try door.waitFor("the document question") { lines in
            lines.contains { $0.contains(uk.filledPrefix("arrivals.prompt.document", ["household": number])) }
        }
        door.type("1")
        try door.waitFor("\(number) checked in and the door ready for the next family") { lines in
            lines.joined(separator: " ").contains(uk.filledPrefix("arrivals.done", ["household": number]))
                && lines.contains { $0.contains(number) && $0.contains(uk("arrivals.document.idp")) }
                && lines.contains { $0.trimmingTrailingSpaces == " " + uk("desk.searchLabel") }
        }
    }
}
