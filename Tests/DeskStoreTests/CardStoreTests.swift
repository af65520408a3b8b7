import DeskCore
import DeskResources
import DeskStore
import Foundation
import Testing

/// Household cards in the store: printing recorded, a scanned code finds its family, a replaced
/// card opens nothing and says when it was replaced, and only a coordinator prints.
@Suite("Household cards in the store")
struct CardStoreTests {
    static let morning = Fixtures.day("2026-11-25", hour: 9, minute: 30)

    @Test func printingEveryFamilyRecordsItAndNotPrintedFindsNoneAfter() throws {
        let (db, _) = try Fixtures.database()
        let cards = try db.printCards(context: Fixtures.desk1, now: Self.morning)
        #expect(cards.map(\.household) == ["00417", "00418", "00419"])
        #expect(cards.map(\.headName) == ["Коваленко Олена Петрівна", "Бондар Василь Миколайович", "Шевчук Галина Олексіївна"])
        #expect(cards.map(\.people) == [2, 5, 1])
        #expect(cards.map(\.code) == ["417", "418", "419"].map { CardCode(holder: .number($0), version: 1) })
        #expect(try db.printCards(notPrinted: true, context: Fixtures.desk1).isEmpty)
        let audit = try db.auditLog(AuditFilter(action: "cards.print"), context: Fixtures.desk1)
        #expect(audit.entries.map(\.detail) == ["3: 00417, 00418, 00419"])
        #expect(audit.entries.first?.operatorName == "Марія")

        // Printed again, a card keeps its code: the family's card in hand still works.
        let again = try db.printCards(households: ["418"], withNames: false, context: Fixtures.desk2)
        #expect(again.map(\.code) == [CardCode(holder: .number("418"), version: 1)])
        #expect(again.first?.headName == nil)
        #expect(throws: IssueRefusal.unknownHousehold("99999")) { try db.printCards(households: ["99999"], context: Fixtures.desk1) }
    }

    @Test func aScannedCodeFindsItsFamily() throws {
        let (db, _) = try Fixtures.database()
        let cards = try db.printCards(context: Fixtures.desk1, now: Self.morning)
        for card in cards { #expect(try db.household(forCard: card.code) == card.household) }
        // A code for a household the register does not hold, or a version never given: no family.
        #expect(throws: CardRefusal.unknownCard(CardCode(holder: .number("999"), version: 1).digits)) {
            try db.household(forCard: CardCode(holder: .number("999"), version: 1))
        }
        let later = CardCode(holder: .number("417"), version: 2)
        #expect(throws: CardRefusal.unknownCard(later.digits)) { try db.household(forCard: later) }
    }

    @Test func aReplacedCardOpensNothingAndSaysWhen() throws {
        let (db, _) = try Fixtures.database()
        let first = try #require(try db.printCards(households: ["00417"], context: Fixtures.desk1, now: Self.morning).first)
        let replacedOn = Fixtures.day("2026-12-03", hour: 11)
        let second = try db.reissueCard(household: "417", reason: "загубили при переїзді", context: Fixtures.desk1,
                                        now: replacedOn)
        #expect(second.code == CardCode(holder: .number("417"), version: 2))
        #expect(second.code.digits != first.code.digits)
        #expect(throws: CardRefusal.replaced(household: "00417", on: CivilDate(parsing: "2026-12-03")!)) {
            try db.household(forCard: first.code, timeZone: Fixtures.kyiv)
        }
        #expect(try db.household(forCard: second.code) == "00417")
        let audit = try db.auditLog(AuditFilter(action: "cards.reissue"), context: Fixtures.desk1)
        #expect(audit.entries.map(\.detail) == ["00417 v2 \(second.code.digits): загубили при переїзді"])
        #expect(throws: EngineError.reasonRequired) {
            try db.reissueCard(household: "417", reason: "  ", context: Fixtures.desk1)
        }
    }

    @Test func aMergedHouseholdsCardOpensTheFamilyItWasMergedInto() throws {
        let (db, _) = try Fixtures.database()
        let cards = try db.printCards(context: Fixtures.desk1, now: Self.morning)
        try db.mergeHouseholds(keep: "00418", other: "00419", reason: "одна сім'я", context: Fixtures.desk1)
        let old = try #require(cards.first { $0.household == "00419" })
        #expect(try db.household(forCard: old.code) == "00418")
        // The families left to print are the two that remain.
        #expect(try db.printCards(context: Fixtures.desk1).map(\.household) == ["00417", "00418"])
    }

    @Test func onlyACoordinatorPrintsOrReplacesCards() throws {
        let hub = try SignedInHub()
        expectNotAllowed(.volunteer, .cards) { try hub.volunteer.printCards(context: Fixtures.desk1) }
        expectNotAllowed(.assistant, .cards) { try hub.assistant.reissueCard(household: "00417", reason: "x", context: Fixtures.desk2) }
        let cards = try hub.coordinator.printCards(context: Fixtures.desk1)
        // Everyone who looks families up may scan a card.
        #expect(try hub.volunteer.household(forCard: cards[0].code) == "00417")
        #expect(try hub.assistant.household(forCard: cards[1].code) == "00418")
    }

    @Test func thePrintedPageHasTenCardsAPageWithCodesAndNoNameWhenAsked() throws {
        let strings = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let cards = (1...23).map { i in
            CardToPrint(household: String(format: "%05d", i), headName: i == 2 ? "<Ковальчук & Ко>" : "Тестенко \(i)",
                        people: i % 5 + 1, code: CardCode(holder: .number(String(i)), version: 1))
        }
        let html = CardsPage.render(cards, hub: "Хаб «Бахмут» у Вінниці", strings: strings)
        #expect(html.components(separatedBy: "<section class=\"page\">").count - 1 == 3)
        #expect(html.components(separatedBy: "<div class=\"card\"").count - 1 == 23)
        #expect(html.components(separatedBy: "<svg").count - 1 == 23)
        #expect(html.contains("&lt;Ковальчук &amp; Ко&gt;") && !html.contains("<Ковальчук"))
        #expect(html.contains(cards[0].code.grouped) && html.contains("№ 00023"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == 23)  // only the SVG namespace
        let unnamed = cards.map { CardToPrint(household: $0.household, headName: nil, people: $0.people, code: $0.code) }
        #expect(!CardsPage.render(unnamed, hub: "Хаб", strings: strings).contains("Тестенко"))
    }
}
