import DeskCore
import DeskUI
import Foundation
import Testing

// The fake's side of signing in: the PINs it was given, and no reads while locked (the real
// backend signs out, so the engine would refuse them).
extension FakeBackend {
    func lock(now: Date) {
        calls.append("lock")
        isLocked = true
    }

    func unlock(pin: String, now: Date) throws(DeskFailure) -> DeskOperator {
        calls.append("unlock")
        if answerDelay > 0 { Thread.sleep(forTimeInterval: answerDelay) }
        guard let name = operators.first(where: { $0.value.pin == pin && $0.key == "Марія" })?.key else {
            throw .message("Неправильний PIN.")
        }
        isLocked = false
        return DeskOperator(name: name, role: operators[name]!.role)
    }

    func signIn(name: String, pin: String, now: Date) throws(DeskFailure) -> DeskOperator {
        calls.append("signin \(name)")
        guard let found = operators[name], found.pin == pin else { throw .message("Неправильний PIN.") }
        isLocked = false
        return DeskOperator(name: name, role: found.role)
    }

    /// What the desk asked of the backend after it locked, before a PIN was accepted.
    var callsWhileLocked: [String] {
        guard let locked = calls.lastIndex(of: "lock") else { return [] }
        let after = calls[(locked + 1)...]
        let end = after.firstIndex { $0 == "unlock" || $0.hasPrefix("signin") } ?? after.endIndex
        return Array(after[..<end])
    }
}

@Suite("The desk's lock and the operator's role")
struct DeskLockTests {
    static let familyData = ["Коваленко", "00417", "+380501234567", "0512-0000000417", "Олена"]

    @Test func aSlowUnlockIsNotIdleTimeSoTheDeskDoesNotLockAgainAtOnce() throws {
        // The PIN check takes longer than the idle limit (a debug build, a busy laptop).
        var desk = try DeskDriver(role: .volunteer, lockAfter: 0.2)
        desk.press(.control("l"))
        #expect(desk.state.lock != nil)
        desk.backend.answerDelay = 0.3
        desk.type("2468")
        desk.press(.enter)
        #expect(desk.state.lock == nil)
        // The terminal's next poll, a moment after the key by its clock, finds the desk open.
        desk.idle(0.25)
        #expect(desk.state.lock == nil)
        desk.idle(0.3)
        #expect(desk.state.lock != nil)
    }

    @Test func anIdleDeskLocksHidesTheFamilyAndComesBackAsItWasWithThePIN() throws {
        var desk = try DeskDriver(role: .volunteer, lockAfter: 300)
        desk.type("00417")
        desk.press(.enter)
        #expect(desk.state.screen == .card)
        desk.idle(200)
        desk.press(.character("1"))  // a key: the idle time starts again
        desk.idle(200)
        #expect(desk.state.lock == nil)
        desk.idle(101)
        #expect(desk.state.lock != nil)
        let text = desk.screen().text
        for shown in Self.familyData { #expect(!text.contains(shown), "\(shown) is on the locked screen") }
        #expect(text.contains("Стіл заблоковано"))
        #expect(text.contains("Марія"))

        // Time passes and other desks write: the locked desk reads nothing.
        desk.backend.counter += 1
        desk.idle(30)
        #expect(desk.backend.callsWhileLocked.isEmpty, "\(desk.backend.callsWhileLocked)")

        // A wrong PIN is said, and the desk stays locked; the PIN typed is not kept.
        desk.type("1111")
        desk.press(.enter)
        #expect(desk.state.lock != nil)
        #expect(desk.state.lock?.pin.isEmpty == true)
        #expect(desk.state.message?.kind == .error)
        #expect(!desk.screen().text.contains("Коваленко"))

        desk.type("2468")
        desk.press(.enter)
        #expect(desk.state.lock == nil)
        // The card is back, fetched again, with the kit the volunteer had unticked still unticked.
        #expect(desk.state.screen == .card)
        #expect(desk.state.card?.card.household.number == "00417")
        #expect(desk.state.card?.selectedKits.contains("hygiene") == false)
        #expect(desk.backend.calls.last(where: { $0.hasPrefix("card") }) == "card 00417")
        #expect(desk.state.message?.kind == .success)
        #expect(desk.screen().text.contains("Коваленко"))
    }

    @Test func anotherOperatorTakesTheDeskInTheirOwnNameAndRole() throws {
        var desk = try DeskDriver(role: .coordinator, lockAfter: 300)
        desk.backend.operators["Олег"] = (pin: "9753", role: .assistant)
        desk.type("00417")
        desk.press(.enter)
        desk.press(.control("l"))  // locks at once: the coordinator steps away
        #expect(desk.state.lock?.wasIdle == false)
        desk.press(.tab)
        desk.type("Олег")
        desk.press(.enter)
        #expect(desk.state.lock?.editingName == false)
        desk.type("9753")
        #expect(!desk.screen().text.contains("9753"))
        #expect(desk.screen().text.contains("****"))
        desk.press(.enter)
        #expect(desk.backend.calls.contains("signin Олег"))
        #expect(desk.state.lock == nil)
        // A fresh desk for the assistant: nothing of the coordinator's card, look-up only.
        #expect(desk.state.config.operatorName == "Олег")
        #expect(desk.state.config.role == .assistant)
        #expect(desk.state.mode == .lookup)
        #expect(desk.state.screen == .search)
        #expect(desk.state.card == nil)
        #expect(desk.state.query.isEmpty)
        let screen = desk.screen()
        #expect(screen.text.split(separator: "\n").first?.contains("Олег · асистент") == true)
        #expect(!screen.text.contains("Коваленко"))
    }

    @Test func anOperatorDisabledMeanwhileFindsTheDeskLockedNotHalfWorking() throws {
        var desk = try DeskDriver(role: .volunteer, lockAfter: 300)
        desk.backend.operators["Ганна"] = (pin: "4821", role: .coordinator)
        desk.type("00417")
        desk.press(.enter)
        // The coordinator disables Марія from another desk; her next issue is refused by the engine.
        desk.backend.refusedOperator = .operatorDisabled("Марія")
        desk.press(.enter)
        #expect(desk.backend.live.isEmpty)
        #expect(desk.state.lock != nil)
        #expect(desk.state.message?.kind == .error)
        #expect(desk.state.message?.text.contains("Марія") == true)
        #expect(!desk.screen().text.contains("Коваленко"))
        // Another operator takes the desk.
        desk.backend.refusedOperator = nil
        desk.press(.tab)
        desk.type("Ганна")
        desk.press(.enter)
        desk.type("4821")
        desk.press(.enter)
        #expect(desk.state.lock == nil)
        #expect(desk.state.config.operatorName == "Ганна")
    }

    @Test func escapeOnTheOtherOperatorFormGoesBackToThePIN() throws {
        var desk = try DeskDriver(role: .volunteer, lockAfter: 60)
        desk.idle(61)
        desk.press(.tab)
        desk.type("Хтось")
        desk.press(.escape)
        #expect(desk.state.lock?.otherOperator == false)
        #expect(desk.state.lock?.name.isEmpty == true)
        desk.press(.enter)  // no PIN typed
        #expect(desk.state.message?.kind == .error)
        #expect(desk.backend.calls.last == "lock")
    }

    @Test func withoutOperatorsTheDeskNeverLocks() throws {
        var desk = try DeskDriver(role: nil, lockAfter: 300)
        desk.idle(3600)
        #expect(desk.state.lock == nil)
        desk.press(.control("l"))
        #expect(desk.state.lock == nil)
        #expect(desk.state.message?.text.contains("aiddesk operator init") == true)
    }

    @Test func aVolunteerSeesOnlyTheKeysTheirRoleCanUse() throws {
        var desk = try DeskDriver(role: .volunteer, lockAfter: 300)
        let bar = desk.screen(width: 120).text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(!bar.contains("F7") && !bar.contains("F9") && !bar.contains("F6"), "\(bar)")
        #expect(bar.contains("F11"))
        #expect(desk.screen().text.split(separator: "\n").first?.contains("Марія · волонтер") == true)
        desk.press(.function(7))
        #expect(desk.state.screen == .search)
        #expect(desk.state.message?.kind == .error)
        #expect(desk.backend.calls.last != "distributions")
        desk.type("00417")
        desk.press(.enter)
        let cardBar = desk.screen(width: 120).text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(!cardBar.contains("F8"), "\(cardBar)")
        desk.press(.function(8))
        #expect(desk.state.prompt == nil)

        var coordinator = try DeskDriver(role: .coordinator, lockAfter: 300)
        let full = coordinator.screen(width: 160).text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(full.contains("F7") && full.contains("F9") && full.contains("F6"), "\(full)")
        coordinator.press(.function(7))
        #expect(coordinator.state.screen == .distributions)
    }

    @Test func theHelpTeachesOnlyTheKeysOfTheRole() throws {
        var volunteer = try DeskDriver(role: .volunteer, lockAfter: 300)
        volunteer.press(.function(1))
        let taught = volunteer.screen().text
        for key in ["F7", "F9", "F8", "F6", "F12"] { #expect(!taught.contains(key + " ("), "\(key) taught to a volunteer") }
        for key in ["F2 (Ctrl-S)", "F3 (Ctrl-O)", "F4 (Ctrl-P)", "F5 (Ctrl-N)", "F11 (Ctrl-B)", "Ctrl-L"] {
            #expect(taught.contains(key), "\(key) not taught to a volunteer")
        }
        try Golden.check(volunteer.screen(), "help-volunteer-uk")

        var coordinator = try DeskDriver(role: .coordinator, lockAfter: 300)
        coordinator.press(.function(1))
        let all = coordinator.screen(width: 100, height: 40).text
        for key in ["F7 (Ctrl-D)", "F9 (Ctrl-T)", "F8 (Ctrl-V)", "F6 (Ctrl-R)", "F12 (Ctrl-Y)", "F11 (Ctrl-B)"] {
            #expect(all.contains(key), "\(key) not taught to a coordinator")
        }
    }

    @Test func lockedScreens() throws {
        var desk = try DeskDriver(role: .volunteer, lockAfter: 300)
        desk.type("00417")
        desk.press(.enter)
        desk.idle(301)
        desk.type("24")
        try Golden.check(desk.screen(), "locked-uk")
        desk.press(.tab)
        desk.type("Олег")
        try Golden.check(desk.screen(), "locked-other-uk")
        desk.press(.escape)
        var english = try DeskDriver(language: .en, role: .coordinator, lockAfter: 90)
        english.idle(90)
        try Golden.check(english.screen(width: 100, height: 30), "locked-en-100x30")
    }
}
