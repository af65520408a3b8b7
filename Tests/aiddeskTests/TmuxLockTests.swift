import DeskCore
import Foundation
import Testing

/// The desk's idle lock on the real program and database, through tmux: a demo hub switched to
/// signed-in mode (the coordinator Тест, the assistant Олег), a desk that locks after 2 seconds.
@Suite("The desk's lock through tmux", .enabled(if: Tmux.path != nil, "tmux is not installed"))
struct TmuxLockTests {
    static let coordinatorPIN = "4821"
    static let assistantPIN = "3690"

    @Test func anIdleDeskHidesTheFamilyAndOpensOnlyWithAPIN() throws {
        let hub = try DemoHubFile()
        defer { hub.remove() }
        let head = try hub.headOfHousehold("00001")
        let made = try AidDeskBinary.run(["operator", "init", "--name", "Тест", "--db", hub.path],
                                         environment: ["AIDDESK_PIN": Self.coordinatorPIN])
        #expect(made.status == 0, "\(made.stderr)")
        let added = try AidDeskBinary.run(
            ["operator", "add", "Олег", "--role", "assistant", "--db", hub.path, "--operator", "Тест"],
            environment: ["AIDDESK_PIN": Self.coordinatorPIN, "AIDDESK_NEW_PIN": Self.assistantPIN])
        #expect(added.status == 0, "\(added.stderr)")

        let desk = try TmuxDesk(database: hub.path, environment: ["AIDDESK_PIN": Self.coordinatorPIN],
                                arguments: ["desk", "--lock-after", "2s"])
        defer { desk.close() }
        let role = uk("role.coordinator")
        try desk.waitFor("the desk signed in as the coordinator") {
            $0.first?.contains("Тест · \(role)") == true && $0.last?.contains("F10") == true
        }

        // The card of 00001 is open when the volunteer walks away.
        desk.type("00001")
        try desk.waitFor("00001 in the results") { $0.dropFirst(4).contains { $0.contains("00001") } }
        desk.keys("Enter")
        let card = uk("card.household", ["household": "00001"]).components(separatedBy: " ·").first!
        try desk.waitFor("the card of 00001") { $0.contains { $0.contains(card) } }

        // Two seconds without a key: locked, and nothing of the family is on the screen.
        var screen = try desk.waitFor("the lock", timeout: 15) { $0.contains { $0.contains(uk("lock.title")) } }
        #expect(!screen.joined().contains(head), "\(screen.joined(separator: "\n"))")
        #expect(!screen.joined().contains("00001"))

        // A wrong PIN is refused in words; the desk stays locked.
        desk.type("0000")
        desk.keys("Enter")
        screen = try desk.waitFor("the wrong PIN said") {
            $0.joined(separator: " ").contains(uk.filledPrefix("access.wrongPIN", ["name": "Тест"]))
        }
        #expect(!screen.joined().contains(head))

        // The right PIN at once: the desk waits out the engine's second after a wrong PIN, and the card is back.
        desk.type(Self.coordinatorPIN)
        try desk.waitFor("the refusal cleared as the PIN is typed again") {
            !$0.joined(separator: " ").contains(uk.filledPrefix("access.wrongPIN", ["name": "Тест"]))
        }
        desk.keys("Enter")
        screen = try desk.waitFor("the card of 00001 back") { $0.contains { $0.contains(card) } }
        #expect(screen.joined().contains(head))

        // Ctrl-L locks at once; the assistant takes the desk under his own name.
        desk.keys("C-l")
        try desk.waitFor("the lock again") { $0.contains { $0.contains(uk("lock.title")) } }
        desk.keys("Tab")
        desk.type("Олег")
        desk.keys("Enter")
        desk.type(Self.assistantPIN)
        desk.keys("Enter")
        screen = try desk.waitFor("the assistant's desk") { $0.first?.contains("Олег · \(uk("role.assistant"))") == true }
        #expect(!screen.joined().contains(head), "the coordinator's card is not the assistant's")
        #expect(screen.first?.contains(uk("desk.lookupMode")) == true)
        desk.keys("F10")
        #expect(try desk.waitForExit() == 0)

        // The log says who sat at desk 2 and when it locked.
        func audit(by name: String) throws -> [[String: Any]] {
            let listed = try AidDeskBinary.run(
                ["audit", "--db", hub.path, "--by", name, "--limit", "0", "--json"],
                environment: ["AIDDESK_OPERATOR": "Тест", "AIDDESK_PIN": Self.coordinatorPIN])
            #expect(listed.status == 0, "\(listed.stderr)")
            return (jsonObject(listed.stdout)?["entries"] as? [[String: Any]]) ?? []
        }
        let actions = try audit(by: "Тест").filter { $0["desk"] as? String == "2" }.compactMap { $0["action"] as? String }
        #expect(actions.filter { $0 == "desk.lock" }.count == 2, "\(actions)")
        #expect(actions.contains("signin.wrongPIN"), "\(actions)")
        #expect(actions.filter { $0 == "signin" }.count >= 2, "opening and unlocking: \(actions)")
        let olegs = try audit(by: "Олег")
        #expect(olegs.contains { $0["action"] as? String == "signin" && $0["desk"] as? String == "2" }, "\(olegs)")
    }
}
