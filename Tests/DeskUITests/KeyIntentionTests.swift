import DeskCore
import DeskUI
import Foundation
import Testing

/// A key is an intention about what the volunteer could see: keys typed ahead of a card, keys
/// at a screen too small to show it, and a held-down Enter never issue what nobody saw.
@Suite("Keys act only on what is on screen")
struct KeyIntentionTests {
    /// Three families checked in at the door, waiting at the issuing desk.
    func deskWithAQueue() throws -> DeskDriver {
        var desk = try DeskDriver()
        for number in ["00417", "00418", "00419"] {
            desk.backend.checkInAtTheDoor(number, at: FakeBackend.morning)
        }
        desk.idle(0.3)
        #expect(desk.state.arrivals.waiting.map(\.household) == ["00417", "00418", "00419"])
        _ = desk.loop.draw(width: 80, height: 24)
        return desk
    }

    @Test func aHeldDownEnterServesAtMostTheFamilyOnScreen() throws {
        var desk = try deskWithAQueue()
        // A key held down (or a cat on the keyboard): 500 Enters, the screen drawn whenever the
        // terminal's input runs dry, as it does between key repeats.
        for _ in 0..<500 { desk.press(.enter) }
        #expect(Set(desk.backend.issued.map(\.household)) == ["00417"])
        #expect(desk.state.arrivals.waiting.map(\.household) == ["00418", "00419"])
        #expect(desk.state.screen == .search)
        // What was issued stays said, with the way to the next family.
        let message = try #require(desk.state.message)
        #expect(message.kind == .success)
        #expect(message.text.contains("00417"))
        #expect(message.text.contains("F5"))

        // A deliberate key opens the next family, and Enter serves it.
        desk.press(.function(5))
        #expect(desk.state.card?.card.household.number == "00418")
        desk.press(.enter)
        #expect(Set(desk.backend.issued.map(\.household)) == ["00417", "00418"])
        // An arrow, then Enter, works too.
        desk.press(.down)
        desk.press(.up)
        desk.press(.enter)
        #expect(desk.state.card?.card.household.number == "00419")
    }

    @Test func enterTypedAheadOfTheCardIssuesNothing() throws {
        var desk = try deskWithAQueue()
        // Enter opens the card; a second Enter typed before it was drawn does not issue.
        desk.pressAhead(.enter)
        desk.pressAhead(.enter)
        #expect(desk.state.card?.card.household.number == "00417")
        #expect(desk.backend.issued.isEmpty)
        // Once drawn, Enter issues what was on screen.
        _ = desk.loop.draw(width: 80, height: 24)
        desk.press(.enter)
        #expect(desk.backend.issued.map(\.household).allSatisfy { $0 == "00417" })
        #expect(!desk.backend.issued.isEmpty)
    }

    @Test func aKitTickedButNotYetDrawnIsNotIssuedByTheEnterAfterIt() throws {
        var desk = try DeskDriver()
        desk.type("00418")
        desk.press(.enter)
        let shownTicks = try #require(desk.state.card?.selectedKits)
        // `1` and Enter arrive together: the Enter was meant for the card as it was drawn, which
        // no longer is what it would issue.
        desk.pressAhead(.character("1"))
        desk.pressAhead(.enter)
        #expect(desk.backend.issued.isEmpty)
        #expect(desk.state.card?.selectedKits != shownTicks)
        let ticksNowDrawn = try #require(desk.state.card?.selectedKits)
        #expect(!ticksNowDrawn.isEmpty)
        _ = desk.loop.draw(width: 80, height: 24)
        desk.press(.enter)
        #expect(Set(desk.backend.issued.map(\.kit)) == ticksNowDrawn)
    }

    @Test func aScreenTooSmallToShowTheCardDoesNothingUntilItIsLargeAgain() throws {
        var desk = try DeskDriver()
        desk.type("00417")
        desk.press(.enter)
        #expect(desk.state.screen == .card)
        desk.size = (width: 20, height: 5)
        _ = desk.loop.draw(width: 20, height: 5)
        #expect(desk.screen(width: 20, height: 5).text.contains("20"))
        for key in [Key.enter, .function(2), .control("s"), .function(4), .function(8), .character("1"), .escape] {
            desk.press(key)
        }
        #expect(desk.backend.issued.isEmpty)
        #expect(desk.backend.checkIns.isEmpty)
        #expect(desk.state.screen == .card && desk.state.prompt == nil)
        // Quitting still works at any size.
        var quitting = desk
        #expect(quitting.press(.function(10)) == false)

        desk.size = (width: 80, height: 24)
        _ = desk.loop.draw(width: 80, height: 24)
        desk.press(.enter)
        #expect(Set(desk.backend.issued.map(\.household)) == ["00417"])
    }

    @Test func theDoorChecksInOnlyTheCardOnScreen() throws {
        var desk = try DeskDriver(mode: .arrivals)
        desk.type("00419")
        desk.pressAhead(.enter)
        desk.pressAhead(.enter)
        #expect(desk.state.prompt == nil)
        _ = desk.loop.draw(width: 80, height: 24)
        desk.press(.enter)
        #expect(desk.state.prompt?.purpose == .checkInDocument(household: "00419"))
    }
}
