import DeskCore
import DeskUI
import Foundation
import Testing

/// The register's disability mark on the desk: `★ інв.` on the waiting list, at the door and on
/// the card, with the member it is for; never cut short at 80 columns.
@Suite("Disability mark on the desk")
struct DisabilityScreenTests {
    /// The fake hub with Ганна Ковальчук (00418, 73) marked, and a family of three generations
    /// (00420) whose mother is marked: every reason at once. Four families waiting.
    static func desk(mode: DeskMode = .desk, language: Language = .uk) throws -> DeskDriver {
        var desk = try DeskDriver(mode: mode, language: language)
        desk.backend.households[1].members[1].hasDisability = true
        desk.backend.households.append(Household(number: "00420", settlement: "Хмільник", members: [
            Person(surname: "Дмитренко", givenName: "Ольга", patronymic: "Петрівна", birthDate: CivilDate(parsing: "1991-04-14"),
                   sex: .female, isHead: true, hasDisability: true),
            Person(surname: "Дмитренко", givenName: "Ніна", patronymic: "Іванівна", birthDate: CivilDate(parsing: "1955-09-02"),
                   sex: .female, hasDisability: false),
            Person(surname: "Дмитренко", givenName: "Яна", patronymic: "Андріївна", birthDate: CivilDate(parsing: "2024-01-20"),
                   sex: .female),
        ]))
        desk.backend.checkInAtTheDoor("00419", at: FakeBackend.morning.addingTimeInterval(-31 * 60))
        desk.backend.checkInAtTheDoor("00420", at: FakeBackend.morning.addingTimeInterval(-22 * 60))
        desk.backend.checkInAtTheDoor("00418", at: FakeBackend.morning.addingTimeInterval(-9 * 60))
        desk.backend.checkInAtTheDoor("00417", at: FakeBackend.morning.addingTimeInterval(-4 * 60), document: .passport)
        _ = desk.loop.poll(now: FakeBackend.morning)
        return desk
    }

    /// The screen's rows without the padding to the right.
    static func lines(_ buffer: ScreenBuffer) -> [String] {
        buffer.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    @Test func theWaitingListMarksItInFull() throws {
        let desk = try Self.desk()
        #expect(desk.state.arrivals.waiting.map(\.priority) == [[.over60], [.over60, .under5, .disability], [.over60, .disability], []])
        try Golden.check(desk.screen(), "waiting-list-disability-uk")
        try Golden.check(desk.screen(width: 100, height: 30), "waiting-list-disability-uk-100x30")
        for width in [80, 100, 132] {
            let lines = Self.lines(desk.screen(width: width))
            #expect(lines.contains { $0.contains("00420") && $0.hasSuffix("★ 60+ до 5 інв.") }, "\(width) columns")
            #expect(lines.contains { $0.contains("00418") && $0.hasSuffix("★ 60+ інв.") }, "\(width) columns")
            #expect(lines.allSatisfy { $0.count < width }, "\(width) columns")
        }
        // English: the marks whole too, at 80 columns.
        let english = Self.lines(try Self.desk(language: .en).screen())
        #expect(english.contains { $0.contains("00420") && $0.hasSuffix("★ 60+ under 5 disab.") })
    }

    @Test func theDoorShowsTheMarksWhole() throws {
        let desk = try Self.desk(mode: .arrivals)
        let lines = Self.lines(desk.screen())
        #expect(lines.contains { $0.contains("00420") && $0.hasSuffix("чекає 22 хв ★ 60+ до 5 інв.") })
        #expect(lines.contains { $0.contains("00418") && $0.hasSuffix("чекає 9 хв ★ 60+ інв.") })
        #expect(lines.contains { $0.contains("00417") && $0.hasSuffix("чекає 4 хв") })
        // What came and was shown gives way, visibly.
        #expect(lines.contains { $0.contains("00418  Ковальчук Василь Миколайович, дов… чекає 9 хв") })
        #expect(lines.contains { $0.contains("00417  Коваленко Олена Петрівна, паспорт") })
    }

    @Test func theCardSaysWhoAndMovesTheMarkBelowAFullHeader() throws {
        var desk = try Self.desk()
        desk.type("00418")
        desk.press(.enter)
        try Golden.check(desk.screen(), "card-disability-uk")
        // Checked in at the door, the header has no room left for the mark: a line of its own.
        var lines = Self.lines(desk.screen())
        #expect(lines[3] == " Сім'я № 00418 · Жмеринка · тел. +380677654321 · зареєстровано о 10:33")
        #expect(lines[4] == " ★ 60+ інв.")
        #expect(lines.contains("   Ковальчук Ганна Степанівна        73 р. (17.10.1953)  інвалідність"))
        // Wide enough, it stays on the header's line.
        lines = Self.lines(desk.screen(width: 100, height: 30))
        #expect(lines[3].hasSuffix("зареєстровано о 10:33 ★ 60+ інв."))
        #expect(lines[4].hasPrefix(" Прийшли: "))
    }

    @Test func aLongMemberLineTakesTheShortMarkOrNone() throws {
        var desk = try DeskDriver()
        // Олена: the head with a certificate, a line of 80 already; Марко with a certificate: 72.
        desk.backend.households[0].members[0].hasDisability = true
        desk.backend.households[0].members[1].hasDisability = true
        desk.backend.households[0].members[1].idpCertificate = "0512-0000000418"
        desk.type("00417")
        desk.press(.enter)
        var lines = Self.lines(desk.screen())
        var olena = try #require(lines.first { $0.hasPrefix("   Коваленко Олена Петрівна") })
        let marko = try #require(lines.first { $0.hasPrefix("   Коваленко Марко Іванович") })
        #expect(olena.hasSuffix("голова  0512-0000000417"))  // no room: the ★ інв. above says it for the family
        #expect(marko.hasSuffix("(01.09.2012)  0512-0000000418  інв."))
        #expect(lines[3].hasSuffix("★ інв."))
        // With room, each line says it in full.
        lines = Self.lines(desk.screen(width: 100, height: 30))
        olena = try #require(lines.first { $0.hasPrefix("   Коваленко Олена Петрівна") })
        #expect(olena.hasSuffix("голова  0512-0000000417  інвалідність"))
        #expect(lines.contains { $0.hasSuffix("0512-0000000418  інвалідність") })
    }
}
