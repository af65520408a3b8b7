import DeskCore
import DeskUI
import Foundation
import Testing

/// A card scanned at the desk and at the door: the scanner types the ten digits and Enter, all
/// at once; the family's card opens with no list to choose from, and the next Enter serves it.
@Suite("Household cards scanned on the desk")
struct CardScanScreenTests {
    static func code(_ number: String, version: Int = 1) -> String {
        CardCode(holder: .number(HouseholdNumber.key(number)), version: version).digits
    }

    /// As a scanner does it: every character typed ahead of the screen, then Enter.
    static func scan(_ digits: String, into desk: inout DeskDriver) {
        for c in digits { desk.pressAhead(.character(c)) }
        desk.press(.enter)
    }

    static func lines(_ buffer: ScreenBuffer) -> [String] {
        buffer.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    @Test func aScanOpensTheCardAndEnterServesIt() throws {
        var desk = try DeskDriver()
        Self.scan(Self.code("00418"), into: &desk)
        #expect(desk.state.current.card?.card.household.number == "00418")
        #expect(desk.backend.calls.contains("scan \(Self.code("00418"))"))
        desk.press(.enter)
        #expect(desk.backend.calls.contains("issue 00418 hygiene,winterization,bedding"))
        // Scan, Enter: two keys for the volunteer (the scanner's own Enter is the scanner's).
    }

    @Test func aScanWhileACardIsOpenStartsTheNextFamily() throws {
        var desk = try DeskDriver()
        Self.scan(Self.code("00417"), into: &desk)
        #expect(desk.state.current.card?.card.household.number == "00417")
        let ticked = desk.state.current.card?.selectedKits
        Self.scan(Self.code("00419"), into: &desk)
        #expect(desk.state.current.card?.card.household.number == "00419")
        // The scan's digits did not switch the first family's kits on or off, nor issue anything.
        #expect(ticked == ["hygiene", "winterization", "bedding"])
        #expect(!desk.backend.calls.contains { $0.hasPrefix("issue") })
    }

    @Test func atTheDoorTheScannedCardIsReadyToCheckIn() throws {
        var desk = try DeskDriver(mode: .arrivals)
        Self.scan(Self.code("00419"), into: &desk)
        #expect(desk.state.current.card?.card.household.number == "00419")
        desk.press(.enter)
        #expect(desk.state.prompt?.purpose == .checkInDocument(household: "00419"))
        desk.press(.character("1"))
        #expect(desk.backend.checkIns.contains { $0.household == "00419" })
    }

    @Test func aWrongCheckDigitAReplacedCardAndAnUnknownOneAreSaidInWords() throws {
        var desk = try DeskDriver()
        var digits = Array(Self.code("00417"))
        digits[9] = digits[9] == "0" ? "1" : "0"
        Self.scan(String(digits), into: &desk)
        #expect(desk.state.current.card == nil)
        #expect(desk.state.message?.text.contains("контрольна цифра не сходиться") == true, "\(desk.state.message?.text ?? "")")

        desk.backend.cardVersions["00417"] = (version: 2, since: CivilDate(parsing: "2026-11-20")!)
        desk.press(.escape)
        Self.scan(Self.code("00417"), into: &desk)
        #expect(desk.state.current.card == nil)
        let replaced = desk.state.message?.text ?? ""
        #expect(replaced.contains("замінена 20.11.2026") && replaced.contains("Перевірте документ"), "\(replaced)")
        try Golden.check(desk.screen(), "scan-replaced-card-uk")

        desk.press(.escape)
        Self.scan(Self.code("00417", version: 2), into: &desk)
        #expect(desk.state.current.card?.card.household.number == "00417")
    }

    @Test func householdNumbersAndPhonesAreStillSearchedAsBefore() throws {
        var desk = try DeskDriver()
        desk.type("00417")
        desk.press(.enter)
        #expect(desk.state.current.card?.card.household.number == "00417")
        #expect(!desk.backend.calls.contains { $0.hasPrefix("scan") })
    }
}
