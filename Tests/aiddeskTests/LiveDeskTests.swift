import DeskCore
import DeskResources
import DeskStore
import DeskUI
import Foundation
import GRDB
import Testing

@testable import aiddesk

/// The desk screen over the real database, with other desks as other processes.
@Suite("The desk over the real database", .serialized)
struct LiveDeskTests {
    func desk(_ hub: ScratchHub, mode: DeskMode = .desk) throws -> DeskLoop {
        let database = try hub.openDatabase()
        let context = DeskContext(operatorName: "Марія", desk: "1")
        let strings = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let config = DeskConfig(mode: mode, operatorName: "Марія", desk: "1", strings: strings,
                                catalogue: database.catalogue)
        return DeskLoop(state: DeskState(config: config, now: Date()),
                        backend: try StoreBackend(database: database, context: context))
    }

    @Test func aSecondDistributionIsRefusedAndTwoLeftOpenByAnEarlierBuildAreSaidOnTheCard() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        #expect(try hub.aiddesk(["distribution", "open", "Зимова", "--kit", "hygiene=10"]).status == 0)
        let second = try hub.aiddesk(["distribution", "open", "Весняна", "--kit", "hygiene=5"])
        #expect(second.status != 0)
        #expect(second.stderr.contains("Видача № 1 «Зимова» ще відкрита"))
        #expect(second.stderr.contains("aiddesk distribution close 1"))
        let english = try hub.aiddesk(["--lang", "en", "distribution", "open", "Spring", "--kit", "hygiene=5"])
        #expect(english.stderr.contains("Distribution 1 “Зимова” is still open"))

        // A database an earlier build let open two: the desk says so on the card, not "none open".
        let queue = try DatabaseQueue(path: hub.databasePath)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO distribution (name, date, place, openedAt, openedBy) VALUES ('Весняна', '2026-11-26', '', ?, 'Тест')",
                           arguments: [Date(timeIntervalSince1970: 1_795_596_120)])
        }
        try queue.close()
        var loop = try desk(hub)
        for c in "00002" { _ = loop.pressAndDraw(.character(c)) }
        _ = loop.pressAndDraw(.enter)
        let card = loop.render(width: 80, height: 24).text
        #expect(card.contains("Відкрито кілька видач"))
        #expect(!card.contains("Немає відкритої видачі"))
    }

    @Test func anIssueFromAnotherProcessAppearsWithinAPoll() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 5)
        _ = try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=10", "--kit", "bedding=10"])
        var loop = try desk(hub)
        for c in "00003" { _ = loop.pressAndDraw(.character(c)) }
        _ = loop.pressAndDraw(.enter)
        #expect(loop.state.card?.selectedKits == ["hygiene", "bedding"])
        let quiet = loop.pollAndDraw()
        #expect(!quiet)

        let other = try hub.aiddesk(["issue", "00003", "hygiene"], desk: "2")
        #expect(other.status == 0)
        let changed = loop.pollAndDraw()
        #expect(changed)
        #expect(loop.state.card?.selectedKits == ["bedding"])
        #expect(loop.state.overview.stock.first { $0.kit == "hygiene" }?.left == 9)
        #expect(loop.render(width: 80, height: 24).text.contains("стіл 2, Тест"))

        // Our own issue goes through the same database and refreshes without a poll.
        _ = loop.pressAndDraw(.enter)
        #expect(loop.state.message?.kind == .success)
        #expect(loop.state.overview.householdsServedToday == 1)
        let history = try #require(jsonObject(try hub.aiddesk(["history", "00003", "--json"]).stdout))
        #expect((history["issuances"] as? [[String: Any]])?.count == 2)
    }

    @Test func theDeskSearchFindsByEveryRoute() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 12)
        var loop = try desk(hub, mode: .lookup)
        for c in "Testenko Olena" { _ = loop.pressAndDraw(.character(c)) }
        #expect(loop.state.results.count >= 5)
        #expect(loop.state.results.allSatisfy { $0.personName.hasPrefix("Тестенко Олена") })
        // A register imported by another process is searchable without restarting the desk.
        let csv = hub.folder.appendingPathComponent("more.csv")
        try Data("household;surname;given_name\n00099;Ґонта;Ярема\n".utf8).write(to: csv)
        #expect(try hub.aiddesk(["import", csv.path]).status == 0)
        _ = loop.pressAndDraw(.escape)
        for c in "ґонта" { _ = loop.pressAndDraw(.character(c)) }
        #expect(loop.state.results.first?.household == "00099")
    }
}

@Suite("Duplicate warning on the real card", .serialized)
struct LiveDuplicateCardTests {
    @Test func theSameCertificateInTwoFamiliesIsWarned() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let csv = hub.folder.appendingPathComponent("r.csv")
        try Data("""
            household;surname;given_name;patronymic;birth_date;idp_certificate
            00001;Мельник;Ольга;Іванівна;01.02.1980;0512-0000000001
            00002;Мельник;Ольга;Іванівна;01.02.1980;0512-0000000001
            00003;Бойко;Петро;Ігорович;03.04.1975;0512-0000000003

            """.utf8).write(to: csv)
        #expect(try hub.aiddesk(["import", csv.path]).status == 0)
        _ = try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=10", "--kit", "bedding=10"])
        #expect(try hub.aiddesk(["issue", "00001", "hygiene"]).status == 0)

        var loop = try LiveDeskTests().desk(hub)
        for c in "00002" { _ = loop.pressAndDraw(.character(c)) }
        _ = loop.pressAndDraw(.enter)
        #expect(loop.state.card?.card.duplicates.first?.otherHousehold == "00001")
        #expect(loop.state.card?.selectedKits == ["bedding"])
        #expect(loop.render(width: 80, height: 24).text.contains("00001"))
        // A family with no double registration gets no warning.
        _ = loop.pressAndDraw(.escape)
        _ = loop.pressAndDraw(.control("u"))
        for c in "00003" { _ = loop.pressAndDraw(.character(c)) }
        _ = loop.pressAndDraw(.enter)
        #expect(loop.state.card?.card.duplicates.isEmpty == true)
        #expect(loop.state.card?.selectedKits == ["hygiene", "bedding"])
    }
}

extension DeskLoop {
    /// A key, then the screen drawn as the terminal draws it once the typed keys run out: keys
    /// act only on what was drawn.
    mutating func pressAndDraw(_ key: Key) -> Bool {
        defer { _ = draw(width: 80, height: 24) }
        return press(key)
    }

    /// The terminal's poll, and the redraw it makes when another desk changed something.
    mutating func pollAndDraw() -> Bool {
        let changed = poll()
        if changed { _ = draw(width: 80, height: 24) }
        return changed
    }
}
