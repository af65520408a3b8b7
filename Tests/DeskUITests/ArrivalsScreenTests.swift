import DeskCore
import DeskUI
import Foundation
import Testing

@Suite("Check-in on the household card")
struct CheckInCardTests {
    @Test func f4AsksTheDocumentAndOneKeyChecksTheFamilyIn() throws {
        var desk = try DeskDriver()
        desk.type("00417")
        desk.press(.enter)
        #expect(desk.screen().lines.last?.contains("F4 Прибули") == true)
        desk.press(.function(4))
        #expect(desk.state.prompt?.purpose == .checkInDocument(household: "00417"))
        #expect(desk.screen().lines.last?.hasPrefix("1 довідка ВПО 2 паспорт 3 інший документ") == true)
        desk.press(.character("1"))
        #expect(desk.state.prompt == nil)
        #expect(desk.backend.calls.contains("checkin 00417 idp_certificate"))
        let arrival = try #require(desk.backend.checkIns.first)
        #expect(arrival.cameName == "Коваленко Олена Петрівна" && !arrival.cameAsProxy)
        // The desk stays on the card, which now says when and who came, ready to issue.
        #expect(desk.state.screen == .card)
        #expect(desk.state.message?.kind == .success)
        #expect(desk.state.message?.text.contains("Сім'ю № 00417 зареєстровано о 10:42") == true)
        let text = desk.screen().text
        #expect(text.contains("зареєстровано о 10:42"))
        #expect(text.contains("Прийшли: Коваленко Олена Петрівна, довідка ВПО (стіл 1, Марія)"))
        #expect(desk.screen().lines.last?.contains("F4") == false)

        // Twice is harmless: it says when the first was, and nothing is written.
        let before = desk.backend.counter
        desk.press(.control("p"))
        #expect(desk.state.prompt == nil)
        #expect(desk.state.message?.kind == .info)
        #expect(desk.state.message?.text.contains("вже зареєстрована 25.11.2026 о 10:42 (стіл 1, Марія)") == true)
        #expect(desk.backend.counter == before)
        // Issuing afterwards keeps the first check-in.
        desk.press(.enter)
        #expect(desk.backend.checkIns.count == 1)
        #expect(desk.backend.checkIns[0].document == .idpCertificate)
    }

    @Test func aProxyAndAnotherDocumentByName() throws {
        var desk = try DeskDriver()
        desk.type("00419")
        desk.press(.enter)
        desk.press(.function(3))  // the only member: next is a proxy
        #expect(desk.state.prompt?.purpose == .proxyName)
        desk.type("Сусідка Тетяна")
        desk.press(.enter)
        desk.press(.function(4))
        desk.press(.enter)  // no document chosen: said, nothing written
        #expect(desk.state.message?.kind == .error)
        #expect(desk.state.prompt != nil)
        #expect(desk.backend.checkIns.isEmpty)
        desk.press(.character("3"))
        #expect(desk.state.prompt?.purpose == .checkInOtherDocument(household: "00419"))
        desk.press(.enter)  // an empty name is refused too
        #expect(desk.state.message?.kind == .error)
        desk.type("посвідчення водія")
        desk.press(.enter)
        let arrival = try #require(desk.backend.checkIns.first)
        #expect(arrival.cameName == "Сусідка Тетяна" && arrival.cameAsProxy)
        #expect(arrival.document == .other("посвідчення водія"))
        #expect(desk.screen().text.contains("Прийшли: Сусідка Тетяна (довірена особа), посвідчення водія"))
    }

    @Test func typingTheDocumentsNameWorksToo() throws {
        var desk = try DeskDriver()
        desk.type("00418")
        desk.press(.enter)
        desk.press(.function(4))
        desk.type("паспорт")
        desk.press(.enter)
        #expect(desk.backend.checkIns.first?.document == .passport)
    }

    @Test func escapeCancelsTheQuestion() throws {
        var desk = try DeskDriver()
        desk.type("00418")
        desk.press(.enter)
        desk.press(.function(4))
        desk.press(.escape)
        #expect(desk.state.prompt == nil)
        #expect(desk.backend.checkIns.isEmpty)
        #expect(desk.state.screen == .card)
    }

    @Test func aClosedDistributionRefuses() throws {
        var desk = try DeskDriver()
        desk.type("00418")
        desk.press(.enter)
        desk.backend.distributionOpen = false  // the coordinator closed it a moment ago
        desk.press(.function(4))
        desk.press(.character("2"))
        #expect(desk.state.message?.kind == .error)
        #expect(desk.state.message?.text.contains("закрито") == true)
        #expect(desk.backend.checkIns.isEmpty)
    }

    @Test func lookupNeverChecksIn() throws {
        var desk = try DeskDriver(mode: .lookup)
        desk.type("00418")
        desk.press(.enter)
        desk.press(.function(4))
        #expect(desk.state.prompt == nil)
        #expect(desk.state.message?.text.contains("довідки") == true)
        desk.press(.escape)
        desk.press(.function(12))
        desk.press(.function(5))
        desk.press(.function(11))
        #expect(desk.state.screen == .search)
        #expect(desk.state.mode == .lookup)
        #expect(!desk.backend.calls.contains { $0.hasPrefix("checkin") || $0 == "absent" || $0 == "arrivals" })
    }
}

@Suite("The door: arrivals mode")
struct ArrivalsModeTests {
    @Test func searchCardCheckInNextAndNoIssuing() throws {
        var desk = try DeskDriver(mode: .arrivals)
        #expect(desk.screen().lines[0].contains("AidDesk · вхід · Зимова видача"))
        desk.type("ковальч")
        desk.press(.enter)
        #expect(desk.state.card?.card.household.number == "00418")
        #expect(desk.state.card?.selectedKits.isEmpty == true)
        #expect(desk.screen().text.contains("Прийшов(ла): Ковальчук Василь Миколайович (голова)"))
        #expect(desk.screen().text.components(separatedBy: "\n").last == "F1 Допомога Enter Прибули F3 Хто прийшов Esc Назад F10 Вихід")
        // Nothing is issued at the door.
        desk.press(.character("1"))
        #expect(desk.state.message?.text.contains("лише реєстрація") == true)
        desk.press(.function(8))
        // F3: the wife came.
        desk.press(.function(3))
        desk.press(.enter)
        desk.press(.character("2"))
        #expect(desk.backend.checkIns.first?.cameName == "Ковальчук Ганна Степанівна")
        #expect(desk.backend.checkIns.first?.document == .passport)
        // Back to an empty search for the next family, with the place in the queue said.
        #expect(desk.state.screen == .search)
        #expect(desk.state.query.isEmpty)
        #expect(desk.state.message?.text.contains("Прийшли: Ковальчук Ганна Степанівна, паспорт.") == true)
        #expect(desk.state.message?.text.contains("У черзі: 1-а.") == true)
        // The door's own list of the latest arrivals.
        let text = desk.screen().text
        #expect(text.contains("Останні прибуття:"))
        #expect(text.contains("10:42  00418  Ковальчук Ганна Степанівна, паспорт"))
        #expect(text.contains("чекає 0 хв ★ 60+"))
        #expect(desk.screen().lines[1].contains("Прибули: 1 · чекають: 1 · обслуговано: 0 · ще не прийшли: 2"))

        // The same family again: harmless, and said.
        desk.type("00418")
        desk.press(.enter)
        desk.press(.enter)
        #expect(desk.state.prompt == nil)
        #expect(desk.state.message?.kind == .info)
        #expect(desk.state.message?.text.contains("вже зареєстрована") == true)
        #expect(desk.backend.checkIns.count == 1)
        #expect(!desk.backend.calls.contains { $0.hasPrefix("issue") || $0 == "distributions" })
    }

    @Test func theDoorSeesTheDeskServe() throws {
        var desk = try DeskDriver(mode: .arrivals)
        desk.type("00417")
        desk.press(.enter)
        desk.press(.enter)
        desk.press(.character("1"))
        #expect(desk.screen().text.contains("чекає 0 хв"))
        // The issuing desk serves the family in another terminal.
        desk.backend.issueFromAnotherDesk("00417", "hygiene", at: FakeBackend.morning)
        let changed = desk.loop.poll(now: FakeBackend.morning)
        #expect(changed)
        #expect(desk.screen().lines.contains { $0.contains("00417") && $0.trimmingCharacters(in: .whitespaces).hasSuffix("обслуговано") })
        #expect(desk.state.arrivals.waiting.isEmpty)
    }

    @Test func anIssuingDeskBecomesTheDoorAndBack() throws {
        var desk = try DeskDriver()
        #expect(desk.screen().lines.last?.contains("F11") == false)  // no room at 80 columns: in help
        #expect(desk.screen(width: 100, height: 30).lines.last?.contains("F12 Не прийшли F11 Вхід") == true)
        desk.press(.control("b"))
        #expect(desk.state.mode == .arrivals)
        #expect(desk.screen().lines[0].contains("вхід"))
        desk.type("00417")
        desk.press(.enter)
        desk.press(.enter)
        #expect(desk.state.prompt?.purpose == .checkInDocument(household: "00417"))
        desk.press(.escape)
        desk.press(.escape)
        desk.press(.function(11))
        #expect(desk.state.mode == .desk)
        desk.press(.enter)  // the search still holds 00417
        desk.press(.enter)
        #expect(desk.backend.calls.contains("issue 00417 hygiene,winterization,bedding"))
    }

    @Test func aDoorOpenedAsTheDoorStaysOne() throws {
        var desk = try DeskDriver(mode: .arrivals)
        desk.press(.function(11))
        desk.press(.function(7))
        desk.press(.function(9))
        #expect(desk.state.mode == .arrivals)
        #expect(desk.state.screen == .search)
    }

    @Test func helpAtTheDoor() throws {
        var desk = try DeskDriver(mode: .arrivals)
        desk.press(.function(1))
        let text = desk.screen().text
        #expect(text.contains("Допомога — вхід: реєстрація прибуття"))
        #expect(text.contains("1  довідка ВПО      2  паспорт      3  інший"))
        #expect(text.contains("Будь-яка клавіша — закрити допомогу."))
    }
}

@Suite("The waiting list on the issuing desk")
struct WaitingListTests {
    @Test func familiesCheckedInAtTheDoorAppearInArrivalOrderAndF5OpensTheNext() throws {
        var desk = try DeskDriver()
        #expect(desk.state.arrivals.waiting.isEmpty)
        // The door, in another terminal, checks two families in.
        desk.backend.checkInAtTheDoor("00419", at: FakeBackend.morning.addingTimeInterval(-25 * 60))
        desk.backend.checkInAtTheDoor("00417", at: FakeBackend.morning.addingTimeInterval(-3 * 60), document: .passport)
        let changed = desk.loop.poll(now: FakeBackend.morning)
        #expect(changed)
        #expect(desk.state.arrivals.waiting.map(\.household) == ["00419", "00417"])
        let text = desk.screen().text
        #expect(text.contains("Черга: 2"))
        #expect(desk.screen().lines.contains { $0.contains("1. 00419") && $0.contains("Шевчук Галина Олексіївна")
            && $0.contains("10:17") && $0.contains("25 хв") && $0.contains("★ 60+") })
        #expect(desk.screen().lines.contains { $0.contains("2. 00417") && $0.contains("3 хв") && !$0.contains("★") })

        // F5: the card of the family who came first.
        desk.press(.function(5))
        #expect(desk.state.card?.card.household.number == "00419")
        desk.press(.enter)  // issue
        #expect(desk.state.screen == .search)
        #expect(desk.state.arrivals.waiting.map(\.household) == ["00417"])
        // Ctrl-N does the same.
        desk.press(.control("n"))
        #expect(desk.state.card?.card.household.number == "00417")
        desk.press(.enter)
        #expect(desk.state.arrivals.waiting.isEmpty)
        desk.press(.function(5))
        #expect(desk.state.message?.text.contains("Черга порожня") == true)
    }

    @Test func arrowsAndEnterChooseAnotherWaitingFamily() throws {
        var desk = try DeskDriver()
        desk.backend.checkInAtTheDoor("00417", at: FakeBackend.morning.addingTimeInterval(-600))
        desk.backend.checkInAtTheDoor("00418", at: FakeBackend.morning.addingTimeInterval(-300))
        _ = desk.loop.poll(now: FakeBackend.morning)
        desk.press(.down)
        desk.press(.enter)
        #expect(desk.state.card?.card.household.number == "00418")
        desk.press(.escape)
        // Typing searches as always; the list comes back when the search is empty.
        desk.type("шев")
        #expect(desk.state.results.first?.household == "00419")
        desk.press(.escape)
        #expect(desk.screen().text.contains("Черга: 2"))
    }

    @Test func theSelectionFollowsItsFamilyWhenTheListChanges() throws {
        var desk = try DeskDriver()
        desk.backend.checkInAtTheDoor("00417", at: FakeBackend.morning.addingTimeInterval(-600))
        desk.backend.checkInAtTheDoor("00418", at: FakeBackend.morning.addingTimeInterval(-300))
        _ = desk.loop.poll(now: FakeBackend.morning)
        desk.press(.down)
        #expect(desk.state.selectedWaiting == 1)
        desk.backend.issueFromAnotherDesk("00417", "hygiene", at: FakeBackend.morning)
        _ = desk.loop.poll(now: FakeBackend.morning)
        #expect(desk.state.arrivals.waiting.map(\.household) == ["00418"])
        #expect(desk.state.selectedWaiting == 0)
    }

    /// The door commits while the desk is fetching after an earlier change: the desk's answer
    /// misses it, and the next poll must still bring it (the counter was read before the fetch).
    @Test func aCheckInThatLandsDuringARefreshIsNotLost() throws {
        var desk = try DeskDriver()
        desk.backend.checkInAtTheDoor("00417", at: FakeBackend.morning)
        let backend = desk.backend
        backend.afterNextArrivals = { backend.checkInAtTheDoor("00418", at: FakeBackend.morning) }
        _ = desk.loop.poll(now: FakeBackend.morning)
        #expect(desk.state.arrivals.waiting.map(\.household) == ["00417"])
        let again = desk.loop.poll(now: FakeBackend.morning)
        #expect(again)
        #expect(desk.state.arrivals.waiting.map(\.household) == ["00417", "00418"])
        let quiet = desk.loop.poll(now: FakeBackend.morning)
        #expect(!quiet)
    }

    @Test func minutesWaitedMoveWithTheClock() throws {
        var desk = try DeskDriver()
        desk.backend.checkInAtTheDoor("00418", at: FakeBackend.morning)
        _ = desk.loop.poll(now: FakeBackend.morning)
        #expect(desk.screen().lines.contains { $0.contains("00418") && $0.contains("0 хв") })
        let changed = desk.loop.poll(now: FakeBackend.morning.addingTimeInterval(42 * 60))  // a new minute: redraw
        #expect(changed)
        #expect(desk.screen().lines.contains { $0.contains("00418") && $0.contains("42 хв") })
    }
}

@Suite("Who has not come")
struct AbsentScreenTests {
    @Test func f12ListsTheFamiliesNotCheckedInBySettlementWithPhones() throws {
        var desk = try DeskDriver()
        desk.backend.checkInAtTheDoor("00419", at: FakeBackend.morning)
        _ = desk.loop.poll(now: FakeBackend.morning)
        desk.press(.function(12))
        #expect(desk.state.screen == .absent)
        #expect(desk.state.absentList.map(\.household) == ["00417", "00418"])  // Вінниця, Жмеринка
        let text = desk.screen().text
        #expect(text.contains("Ще не прийшли на «Зимова видача»: 2"))
        #expect(desk.screen().lines.contains { $0.contains("Жмеринка") && $0.contains("00418") && $0.contains("+380677654321") })
        // Enter opens the card (to check the family in when they come); Esc comes back to the list.
        desk.press(.down)
        desk.press(.enter)
        #expect(desk.state.card?.card.household.number == "00418")
        desk.press(.function(4))
        desk.press(.character("1"))
        desk.press(.escape)
        #expect(desk.state.screen == .absent)
        #expect(desk.state.absentList.map(\.household) == ["00417"])
        // The list follows the door.
        desk.backend.checkInAtTheDoor("00417", at: FakeBackend.morning)
        _ = desk.loop.poll(now: FakeBackend.morning)
        #expect(desk.state.absentList.isEmpty)
        #expect(desk.screen().text.contains("Усі зареєстровані сім'ї вже прийшли."))
        desk.press(.escape)
        #expect(desk.state.screen == .search)
    }

    @Test func aRoleThatMayNotSeeTheListIsToldSoInWords() throws {
        var desk = try DeskDriver(mode: .arrivals)
        desk.backend.absentRefusal = AccessError.notAllowed(role: .volunteer, action: .report)
        desk.press(.function(12))
        #expect(desk.state.message?.kind == .error)
        #expect(desk.state.message?.text.hasPrefix("Роль «") == true)
        #expect(desk.state.screen == .search)
    }

    @Test func ctrlYAtTheDoor() throws {
        var desk = try DeskDriver(mode: .arrivals)
        desk.press(.control("y"))
        #expect(desk.state.screen == .absent)
        #expect(desk.state.absentList.count == 3)
        desk.type("шев")  // typing starts a search, as elsewhere
        #expect(desk.state.screen == .search)
        #expect(desk.state.query.text == "шев")
    }
}

@Suite("Arrivals golden screens")
struct ArrivalsGoldenTests {
    @Test func waitingListCheckInAndTheDoor() throws {
        var desk = try DeskDriver()
        desk.backend.checkInAtTheDoor("00419", at: FakeBackend.morning.addingTimeInterval(-31 * 60))
        desk.backend.checkInAtTheDoor("00417", at: FakeBackend.morning.addingTimeInterval(-4 * 60), document: .passport)
        _ = desk.loop.poll(now: FakeBackend.morning)
        try Golden.check(desk.screen(), "waiting-list-uk")
        try Golden.check(desk.screen(width: 100, height: 30), "waiting-list-uk-100x30")
        desk.type("00418")
        desk.press(.enter)
        desk.press(.function(4))
        try Golden.check(desk.screen(), "checkin-prompt-uk")
        desk.press(.function(12))  // a key that means nothing in the question
        desk.press(.escape)
        desk.press(.escape)
        desk.press(.escape)
        desk.press(.function(12))
        try Golden.check(desk.screen(), "absent-uk")
    }

    @Test func theDoor() throws {
        var desk = try DeskDriver(mode: .arrivals)
        desk.backend.checkInAtTheDoor("00419", at: FakeBackend.morning.addingTimeInterval(-12 * 60))
        _ = desk.loop.poll(now: FakeBackend.morning)
        desk.type("коваленко")
        desk.press(.enter)
        try Golden.check(desk.screen(), "arrivals-card-uk")
        desk.press(.enter)
        desk.press(.character("1"))
        try Golden.check(desk.screen(), "arrivals-search-uk")
    }

    @Test func theDoorInEnglish() throws {
        var desk = try DeskDriver(mode: .arrivals, language: .en)
        desk.type("00418")
        desk.press(.enter)
        desk.press(.enter)
        desk.press(.character("2"))
        try Golden.check(desk.screen(width: 100, height: 30), "arrivals-search-en-100x30")
    }
}

@Suite("Arrivals strings")
struct ArrivalsStringsTests {
    @Test func bothLanguagesHaveTheSameKeysAndNoneShadowsAnother() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/strings")
        func keys(_ file: String) throws -> Set<String> {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            return Set(try JSONDecoder().decode([String: String].self, from: data).keys)
        }
        let ours = try keys("uk.arrivals.json")
        #expect(ours == (try keys("en.arrivals.json")))
        #expect(ours.allSatisfy { $0.hasPrefix("arrivals.") })
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where file.hasPrefix("uk.") && file != "uk.arrivals.json" {
            #expect(ours.isDisjoint(with: try keys(file)), "\(file)")
        }
    }
}
