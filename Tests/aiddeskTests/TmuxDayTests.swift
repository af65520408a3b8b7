import DeskCore
import Foundation
import Testing

/// Issue 6's "done when", on the real program: a coordinator runs a day with signed-in desks, a
/// volunteer at the door, a volunteer issuing and an assistant looking families up, each in a
/// terminal of their own, and every action is attributable afterwards: who, at which desk.
@Suite("A signed-in day through tmux", .enabled(if: Tmux.path != nil, "tmux is not installed"))
struct TmuxDayTests {
    static let pins = ["Ганна": "4821", "Марія": "2580", "Іван": "1357", "Олег": "3690"]

    /// `aiddesk` on the hub as `name`, signed in with that operator's PIN.
    func run(_ arguments: [String], as name: String, hub: DemoHubFile, extra: [String: String] = [:]) throws
        -> AidDeskBinary.Result
    {
        var environment = extra
        environment["AIDDESK_OPERATOR"] = name
        environment["AIDDESK_PIN"] = Self.pins[name]
        return try AidDeskBinary.run(arguments + ["--db", hub.path, "--desk", "9"], environment: environment)
    }

    @Test func theDoorTheDeskAndTheAssistantEachActUnderTheirOwnName() throws {
        let hub = try DemoHubFile()
        defer { hub.remove() }
        let made = try AidDeskBinary.run(["operator", "init", "--name", "Ганна", "--db", hub.path],
                                         environment: ["AIDDESK_PIN": Self.pins["Ганна"]!])
        #expect(made.status == 0, "\(made.stderr)")
        for (name, role) in [("Марія", "volunteer"), ("Іван", "volunteer"), ("Олег", "assistant")] {
            let added = try run(["operator", "add", name, "--role", role], as: "Ганна", hub: hub,
                                extra: ["AIDDESK_NEW_PIN": Self.pins[name]!])
            #expect(added.status == 0, "\(added.stderr)")
        }
        // Signed-in mode: nobody works unnamed any more.
        #expect(try AidDeskBinary.run(["issue", "00001", "hygiene", "--db", hub.path]).status != 0)
        let absent = try run(["absent", "--format", "csv"], as: "Ганна", hub: hub)
        #expect(absent.status == 0, "\(absent.stderr)")
        let family = try #require(absent.stdout.split(separator: "\r\n").dropFirst().first.map {
            String($0.prefix(while: { $0 != "," }))
        })

        // The demo's history (last month's distribution) is in the log too: today's work is what comes after this.
        let dayStarted = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
        let door = try TmuxDesk(database: hub.path, environment: ["AIDDESK_PIN": Self.pins["Марія"]!],
                                arguments: ["arrivals"], desk: "1", operatorName: "Марія")
        defer { door.close() }
        let desk = try TmuxDesk(database: hub.path, environment: ["AIDDESK_PIN": Self.pins["Іван"]!],
                                desk: "2", operatorName: "Іван")
        defer { desk.close() }
        let lookup = try TmuxDesk(database: hub.path, environment: ["AIDDESK_PIN": Self.pins["Олег"]!],
                                  desk: "3", operatorName: "Олег")
        defer { lookup.close() }
        let volunteer = uk("role.volunteer")
        try door.waitFor("the door signed in as Марія") { $0.first?.contains("Марія · \(volunteer)") == true }
        try desk.waitFor("the desk signed in as Іван") {
            $0.first?.contains("Іван · \(volunteer)") == true && $0.last?.contains("F10") == true
        }
        // The assistant is given the look-up desk whatever he opened.
        try lookup.waitFor("the assistant's look-up desk") {
            $0.first?.contains(uk("desk.lookupMode")) == true && $0.first?.contains("Олег · \(uk("role.assistant"))") == true
        }

        // A volunteer's desk has no coordinator keys, and F7 is refused in words.
        #expect(desk.lines().last?.contains("F7") == false)
        desk.keys("F7")
        try desk.waitFor("the refusal of F7") {
            $0.joined(separator: " ").contains(uk.filledPrefix("access.notAllowed", ["role": volunteer]))
        }

        // The door checks the family in; the desk serves it from its waiting list.
        door.type(family)
        try door.waitFor("\(family) at the door") { $0.count > 5 && $0[5].contains(family) }
        door.keys("Enter")
        let card = uk("card.household", ["household": family]).components(separatedBy: " ·").first!
        try door.waitFor("the card at the door") { $0.contains { $0.contains(card) } }
        door.keys("Enter")
        try door.waitFor("the document question") {
            $0.contains { $0.contains(uk.filledPrefix("arrivals.prompt.document", ["household": family])) }
        }
        door.type("1")
        try door.waitFor("\(family) checked in") {
            $0.joined(separator: " ").contains(uk.filledPrefix("arrivals.done", ["household": family]))
        }
        try desk.waitFor("\(family) on the waiting list") { $0.contains { $0.contains("1. \(family)") } }
        desk.keys("F5")
        try desk.waitFor("the card on the desk") { $0.contains { $0.contains(card) } }
        desk.keys("Enter")
        try desk.waitFor("\(family) served") {
            $0.joined(separator: " ").contains(uk.filledPrefix("desk.issued", ["household": family]))
        }

        // The assistant finds the family and reads who served it, and where.
        lookup.type(family)
        try lookup.waitFor("\(family) in the assistant's results") { $0.count > 5 && $0[5].contains(family) }
        lookup.keys("Enter")
        try lookup.waitFor("the card with Іван's issue") { lines in
            lines.contains { $0.contains(card) } && lines.contains { $0.contains("2, Іван") }
        }

        for terminal in [door, desk, lookup] { terminal.keys("F10") }
        for terminal in [door, desk, lookup] { #expect(try terminal.waitForExit() == 0) }

        // The coordinator closes the day; the backup is written.
        let closed = try run(["distribution", "close", "--no-count"], as: "Ганна", hub: hub)
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(closed.stdout.contains("backups/"), "\(closed.stdout)")

        // Every action on the family, attributed: who and at which desk.
        let audit = try run(["audit", "--household", family, "--limit", "0", "--json"], as: "Ганна", hub: hub)
        #expect(audit.status == 0, "\(audit.stderr)")
        let entries = ((jsonObject(audit.stdout)?["entries"] as? [[String: Any]]) ?? []).filter {
            ($0["at"] as? String ?? "") >= dayStarted
        }
        func who(_ action: String) -> Set<String> {
            Set(entries.filter { $0["action"] as? String == action }.map {
                "\($0["operator"] as? String ?? "?")@\($0["desk"] as? String ?? "?")"
            })
        }
        #expect(who("checkin") == ["Марія@1"], "\(entries)")
        #expect(who("issue") == ["Іван@2"], "\(entries)")
        #expect(who("lookup.card") == ["Марія@1", "Іван@2", "Олег@3"], "\(entries)")
        let signIns = try run(["audit", "--action", "signin", "--limit", "0", "--json"], as: "Ганна", hub: hub)
        let signed = ((jsonObject(signIns.stdout)?["entries"] as? [[String: Any]]) ?? []).map {
            "\($0["operator"] as? String ?? "?")@\($0["desk"] as? String ?? "?")"
        }
        #expect(Set(signed).isSuperset(of: ["Марія@1", "Іван@2", "Олег@3"]), "\(signed)")
    }
}
