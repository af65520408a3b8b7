import DeskCore
import DeskResources
import DeskStore
import DeskUI
import Foundation
import GRDB
import Testing

@testable import aiddesk

/// `aiddesk checkin`, `queue`, `absent` and the arrivals counts of `status`, run as the real
/// binary; and the issuing desk's waiting list following check-ins made by other processes.
@Suite("Arrivals from the command line", .serialized)
struct ArrivalCLITests {
    /// Six households (`00001`…`00006`, odd ones in Бар, even in Вінниця; every third has a child)
    /// and an open distribution.
    func hub() throws -> ScratchHub {
        let hub = try ScratchHub()
        try hub.seed(households: 6)
        let opened = try hub.aiddesk(["distribution", "open", "Зимова видача", "--kit", "hygiene=10"])
        #expect(opened.status == 0, "\(opened.stderr)")
        return hub
    }

    @Test func checkinRecordsWhoCameAndTheDocumentAndTwiceIsHarmless() throws {
        let hub = try hub()
        defer { hub.remove() }
        let first = try hub.aiddesk(["checkin", "00003", "--member", "тестенко марко", "--document", "паспорт"], desk: "вхід")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Сім'ю № 00003 зареєстровано на видачу «Зимова видача»"))
        #expect(first.stdout.contains("Прийшли: Тестенко Марко Петрович, паспорт."))
        #expect(first.stdout.contains("У черзі: 1-а."))

        let again = try hub.aiddesk(["checkin", "3", "--proxy", "Сусідка", "--document", "idp"], desk: "2")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("вже зареєстрована"))
        #expect(again.stdout.contains("стіл вхід"))
        #expect(again.stdout.contains("Прийшли: Тестенко Марко Петрович, паспорт."))  // the first, unchanged

        let proxy = try hub.aiddesk(["checkin", "00001", "--proxy", "Сусідка Тетяна", "--document", "посвідчення водія"])
        #expect(proxy.stdout.contains("Прийшли: Сусідка Тетяна (довірена особа), посвідчення водія."))
        #expect(proxy.stdout.contains("У черзі: 2-а."))

        let english = try hub.aiddesk(["checkin", "00002", "--document", "passport", "--lang", "en"])
        #expect(english.stdout.contains("Household 00002 checked in"))
        #expect(english.stdout.contains("Came: passport."))
    }

    @Test func checkinRefusalsAndTheirExitStatuses() throws {
        let hub = try hub()
        defer { hub.remove() }
        let nobody = try hub.aiddesk(["checkin", "00003", "--member", "Петренко"])
        #expect(nobody.status == 5)
        #expect(nobody.stderr.contains("немає (одного) члена на ім'я «Петренко»"))
        let both = try hub.aiddesk(["checkin", "00003", "--member", "Тестенко Олена", "--proxy", "Сусідка"])
        #expect(both.status == 64)
        let unknown = try hub.aiddesk(["checkin", "00999"])
        #expect(unknown.status == 5)
        #expect(try hub.aiddesk(["queue", "--json"]).stdout.contains("\"count\":0"))
        #expect(try hub.aiddesk(["distribution", "close", "--no-count"]).status == 0)
        let closed = try hub.aiddesk(["checkin", "00003", "--distribution", "1"])
        #expect(closed.status == 3, "\(closed.stderr)")
    }

    @Test func anEmptyQueueSaysHowManyHaveNotComeInBothLanguages() throws {
        let hub = try hub()
        defer { hub.remove() }
        let uk = try hub.aiddesk(["queue"])
        #expect(uk.status == 0)
        #expect(!uk.stdout.contains("усі зареєстровані"))
        #expect(uk.stdout.contains("Черга порожня"))
        #expect(uk.stdout.contains("ще не прийшли 6"))
        let en = try hub.aiddesk(["--lang", "en", "queue"])
        #expect(en.stdout.contains("not come yet 6"))
    }

    @Test func queueInArrivalOrderAsTextAndJSON() throws {
        let hub = try hub()
        defer { hub.remove() }
        for number in ["00005", "00002", "00006"] {
            #expect(try hub.aiddesk(["checkin", number, "--document", "idp"], desk: "вхід").status == 0)
        }
        #expect(try hub.aiddesk(["issue", "00002", "hygiene"]).status == 0)  // served: off the list
        let json = try #require(jsonObject(try hub.aiddesk(["queue", "--json"]).stdout))
        #expect(json["count"] as? Int == 2)
        let waiting = try #require(json["waiting"] as? [[String: Any]])
        #expect(waiting.map { $0["household"] as? String } == ["00005", "00006"])
        #expect(waiting.map { $0["position"] as? Int } == [1, 2])
        #expect(waiting[0]["document"] as? String == "idp_certificate")
        #expect(waiting[0]["desk"] as? String == "вхід")
        #expect(waiting[0]["settlement"] as? String == "Бар")
        #expect(waiting[1]["people"] as? Int == 2)
        #expect((waiting[0]["minutes_waited"] as? Int).map { $0 >= 0 } == true)
        #expect(waiting[0]["priority"] as? [String] == [])
        #expect((json["distribution"] as? [String: Any])?["name"] as? String == "Зимова видача")

        let text = try hub.aiddesk(["queue"])
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Черга на видачу «Зимова видача»: 2")
        #expect(lines.dropFirst().first?.hasPrefix("1. 00005  Тестенко Олена Іванівна, Бар, осіб: 1 · прибули о ") == true)
        #expect(lines.dropFirst().first?.hasSuffix("· довідка ВПО") == true)
    }

    /// A register with a disability column: the family with a marked member is a priority case
    /// in `queue`, as JSON and as text; a later file without the column does not take it away.
    @Test func queueMarksADisabilityFromTheRegister() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let register = hub.folder.appendingPathComponent("register.csv")
        try #require(Windows1251.encode("""
            № сім'ї;Прізвище;Ім'я;Дата народження;Інвалідність (так/ні);Голова
            00001;Тестенко;Олена;01.01.1990;;так
            00001;Тестенко;Марко;05.05.2015;так;
            00002;Шевчук;Галина;20.06.1944;ІІІ гр.;так
            00003;Мельник;Ірина;02.02.1995;ні;так
            """)).write(to: register)
        #expect(try hub.aiddesk(["import", register.path]).status == 0)
        #expect(try hub.aiddesk(["distribution", "open", "Зимова видача", "--kit", "hygiene=10"]).status == 0)
        for number in ["00003", "00001", "00002"] {
            #expect(try hub.aiddesk(["checkin", number]).status == 0)
        }
        func priorities() throws -> [[String]] {
            let json = try #require(jsonObject(try hub.aiddesk(["queue", "--json"]).stdout))
            let waiting = try #require(json["waiting"] as? [[String: Any]])
            return waiting.map { $0["priority"] as? [String] ?? ["?"] }
        }
        #expect(try priorities() == [[], ["disability"], ["over_60", "disability"]])
        let text = try hub.aiddesk(["queue"]).stdout.split(separator: "\n").map(String.init)
        #expect(text[2].hasPrefix("2. 00001  Тестенко Олена") && text[2].hasSuffix("  ★ інв."))
        #expect(text[3].hasPrefix("3. 00002  Шевчук Галина") && text[3].hasSuffix("  ★ 60+ інв."))
        #expect(!text[1].contains("★"))
        let english = try hub.aiddesk(["queue", "--lang", "en"]).stdout
        #expect(english.contains("★ 60+ disab."))

        // The same register without the column (an old template): the marks stay.
        let old = hub.folder.appendingPathComponent("old.csv")
        try Data("""
            № сім'ї;Прізвище;Ім'я;Дата народження;Голова
            00001;Тестенко;Олена;01.01.1990;так
            00001;Тестенко;Марко;05.05.2015;
            00002;Шевчук;Галина;20.06.1944;так
            """.utf8).write(to: old)
        let again = try hub.aiddesk(["import", old.path, "--lang", "en"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("people added 0, updated 0"))
        #expect(try priorities() == [[], ["disability"], ["over_60", "disability"]])

        // `history` shows the mark: in JSON per member (absent where the register does not say).
        let history = try #require(jsonObject(try hub.aiddesk(["history", "00001", "--json"]).stdout))
        let members = try #require(history["members"] as? [[String: Any]])
        #expect(members.map { $0["disability"] as? Bool } == [false, true], "\(members)")
        let historyText = try hub.aiddesk(["history", "00001"]).stdout
        #expect(historyText.contains("Тестенко Марко") && historyText.contains("інвалідність"), "\(historyText)")
    }

    @Test func absentBySettlementWithPhonesAsTextAndCSV() throws {
        let hub = try hub()
        defer { hub.remove() }
        // Phones, as a register with contacts would have them.
        try DatabaseQueue(path: hub.databasePath).write { db in
            try db.execute(sql: "UPDATE person SET phone = '+38067000000' || householdId WHERE isHead")
        }
        #expect(try hub.aiddesk(["checkin", "00001"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00004", "hygiene"]).status == 0)
        let text = try hub.aiddesk(["absent"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Ще не прийшли на «Зимова видача»: 4 з 6.")
        #expect(lines.contains("Бар (2):"))
        #expect(lines.contains("Вінниця (2):"))
        #expect(lines.firstIndex(of: "Бар (2):")! < lines.firstIndex(of: "Вінниця (2):")!)
        #expect(lines.contains { $0.hasPrefix("  00003  Тестенко Олена Іванівна") && $0.contains("+380670000003") && $0.hasSuffix("осіб: 2") })
        #expect(!text.stdout.contains("00001") && !text.stdout.contains("00004"))

        let csv = try hub.aiddesk(["absent", "--format", "csv", "--lang", "en"])
        #expect(csv.stdout.hasPrefix("\u{FEFF}household,head,settlement,phone,people\r\n"))
        let rows = csv.stdout.dropFirst().split(separator: "\r\n").map(String.init)
        #expect(rows.count == 5)
        #expect(rows[1] == "00003,Тестенко Олена Іванівна,Бар,+380670000003,2")
        #expect(rows.map { $0.split(separator: ",")[2] }.dropFirst() == ["Бар", "Бар", "Вінниця", "Вінниця"])
    }

    @Test func statusCountsCheckedInServedWaitingAndNotCome() throws {
        let hub = try hub()
        defer { hub.remove() }
        for number in ["00001", "00002", "00003"] { #expect(try hub.aiddesk(["checkin", number]).status == 0) }
        #expect(try hub.aiddesk(["issue", "00002", "hygiene"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00006", "hygiene"]).status == 0)  // served without the door: checked in too
        let json = try #require(jsonObject(try hub.aiddesk(["status", "--json"]).stdout))
        let distribution = try #require((json["distributions"] as? [[String: Any]])?.first)
        #expect(distribution["households_checked_in"] as? Int == 4)
        #expect(distribution["households_served"] as? Int == 2)
        #expect(distribution["households_waiting"] as? Int == 2)
        #expect(distribution["households_not_come"] as? Int == 2)
        let text = try hub.aiddesk(["status"])
        #expect(text.stdout.contains("Прибули: 4 · чекають у черзі: 2 · обслуговано: 2 · ще не прийшли: 2 з 6"))
    }

    @Test func arrivalsOnAPipePrintsTheStatus() throws {
        let hub = try hub()
        defer { hub.remove() }
        let result = try hub.aiddesk(["arrivals"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Видача № 1 «Зимова видача»"))
    }

    /// The issuing desk (the real backend, in this process) and the door (the binary, another
    /// process): each family checked in appears on the waiting list at the next poll, in arrival order.
    @Test func theWaitingListFollowsTheDoorInAnotherProcess() throws {
        let hub = try hub()
        defer { hub.remove() }
        let database = try hub.openDatabase()
        let context = DeskContext(operatorName: "Марія", desk: "1")
        let strings = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let config = DeskConfig(mode: .desk, operatorName: "Марія", desk: "1", strings: strings, catalogue: database.catalogue)
        var loop = DeskLoop(state: DeskState(config: config, now: Date()),
                            backend: try StoreBackend(database: database, context: context))
        #expect(loop.state.arrivals.waiting.isEmpty)
        #expect(loop.state.arrivals.notCome == 6)
        let quiet = loop.pollAndDraw()
        #expect(!quiet)

        #expect(try hub.aiddesk(["checkin", "00004", "--member", "Тестенко Олена"], desk: "вхід").status == 0)
        let first = loop.pollAndDraw()
        #expect(first)
        #expect(loop.state.arrivals.waiting.map(\.household) == ["00004"])
        #expect(try hub.aiddesk(["checkin", "00002", "--document", "passport"], desk: "вхід").status == 0)
        _ = loop.pollAndDraw()
        #expect(loop.state.arrivals.waiting.map(\.household) == ["00004", "00002"])
        #expect(loop.state.arrivals.waiting[1].document == .passport)
        #expect(loop.render(width: 80, height: 24).text.contains("Черга: 2"))

        // F5 serves the first; the list moves up.
        _ = loop.pressAndDraw(.function(5))
        #expect(loop.state.card?.card.household.number == "00004")
        #expect(loop.state.card?.card.arrival?.cameName == "Тестенко Олена Іванівна")
        _ = loop.pressAndDraw(.enter)
        #expect(loop.state.message?.kind == .success)
        #expect(loop.state.arrivals.waiting.map(\.household) == ["00002"])
        let queue = try #require(jsonObject(try hub.aiddesk(["queue", "--json"]).stdout))
        #expect((queue["waiting"] as? [[String: Any]])?.map { $0["household"] as? String } == ["00002"])

        // The desk checks a family in itself, from the card.
        for c in "00006" { _ = loop.pressAndDraw(.character(c)) }
        _ = loop.pressAndDraw(.enter)
        _ = loop.pressAndDraw(.function(4))
        _ = loop.pressAndDraw(.character("1"))
        #expect(loop.state.message?.text.contains("Сім'ю № 00006 зареєстровано") == true)
        let arrival = try #require(try database.arrival(household: "00006", distribution: 1))
        #expect(arrival.document == .idpCertificate && arrival.cameName == "Тестенко Олена Іванівна" && arrival.desk == "1")
    }
}
