import DeskCore
import DeskUI
import Foundation
import Testing

/// The distribution's plan at the desk: the card ticks exactly what the family is entitled to,
/// says what is not on today's plan, lets only a coordinator give it (with a reason), and the
/// waiting list marks a family the plan gives nothing.
@Suite("Entitlement plans on the desk")
struct PlanScreenTests {
    /// The fake hub (00417: a mother of 45 and a son of 14; 00418: two people over 70; 00419: one
    /// woman of 82) with winterization for a member 60+ or a child under 5, hygiene one for every
    /// three people, and bedding one per person for a list holding 00418 only.
    static func desk(role: OperatorRole? = nil, mode: DeskMode = .desk, language: Language = .uk) throws -> DeskDriver {
        let desk = try DeskDriver(mode: mode, language: language, role: role)
        desk.backend.plans = [
            "winterization": KitPlan(kit: "winterization", audience: .criteria(try EntitlementCriterion(parsing: "age>=60 or age<5")),
                                     quantity: .fixed(1)),
            "hygiene": KitPlan(kit: "hygiene", audience: .everyone, quantity: .perPeople(3)),
            "bedding": KitPlan(kit: "bedding", audience: .list(listSize: 1), quantity: .perPerson(cap: nil)),
        ]
        desk.backend.planLists = ["bedding": ["00418"]]
        return desk
    }

    static func lines(_ buffer: ScreenBuffer) -> [String] {
        buffer.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    static func open(_ desk: inout DeskDriver, _ household: String) {
        desk.type(household)
        desk.press(.enter)
    }

    @Test func theCardTicksExactlyWhatThePlanGives() throws {
        var desk = try Self.desk()
        Self.open(&desk, "00417")
        let card = try #require(desk.state.current.card)
        #expect(card.selectedKits == ["hygiene"])
        let lines = Self.lines(desk.screen())
        #expect(lines.contains(" У плані на сьогодні: Гігієна"))
        #expect(lines.contains { $0.contains("2 Зимовий набір") && $0.hasSuffix("не в плані на сьогодні") && $0.hasPrefix("   - ") })
        #expect(lines.contains { $0.contains("3 Постільний комплект") && $0.hasSuffix("не в плані на сьогодні") })
        try Golden.check(desk.screen(), "card-plan-uk")

        // Two people over 70 on the bedding list: everything, bedding one each.
        desk = try Self.desk()
        Self.open(&desk, "00418")
        #expect(desk.state.current.card?.selectedKits == ["hygiene", "winterization", "bedding"])
        let other = Self.lines(desk.screen())
        #expect(other.contains { $0.hasPrefix(" У плані на сьогодні: Гігієна, Зима, Постіль ×2") })
        #expect(other.contains { $0.hasPrefix("  [x] 3 Постільний комплект ×2") })
    }

    @Test func aVolunteerCannotGiveAKitOffThePlan() throws {
        var desk = try Self.desk(role: .volunteer)
        Self.open(&desk, "00417")
        desk.press(.character("2"))
        #expect(desk.state.current.card?.selectedKits == ["hygiene"])
        #expect(desk.state.prompt == nil)
        let message = try #require(desk.state.message?.text)
        #expect(message.contains("не в плані на сьогодні"), "\(message)")
        #expect(message.contains("Видати може лише координатор"), "\(message)")
        desk.press(.enter)
        #expect(desk.backend.calls.contains("issue 00417 hygiene"))
        #expect(desk.backend.overrides.isEmpty)
    }

    @Test func aCoordinatorGivesItWithAReasonRecordedWithTheIssue() throws {
        var desk = try Self.desk(role: .coordinator)
        Self.open(&desk, "00417")
        desk.press(.character("2"))
        #expect(desk.state.prompt?.purpose == .overrideReason(kit: "winterization"))
        #expect(Self.lines(desk.screen()).contains { $0.contains("Чому видати «Зимовий набір» поза планом") })
        // Esc: nothing ticked. An empty reason is no reason.
        desk.press(.escape)
        #expect(desk.state.current.card?.selectedKits == ["hygiene"])
        desk.press(.character("2"))
        desk.press(.enter)
        #expect(desk.state.prompt != nil)
        #expect(desk.state.current.card?.selectedKits == ["hygiene"])
        desk.type("бабуся живе з ними")
        desk.press(.enter)
        #expect(desk.state.prompt == nil)
        #expect(desk.state.current.card?.selectedKits == ["hygiene", "winterization"])
        #expect(Self.lines(desk.screen()).contains { $0.hasPrefix("  [x] 2 Зимовий набір") && $0.hasSuffix("поза планом: бабуся живе з ними") })
        try Golden.check(desk.screen(), "card-plan-override-uk")
        desk.press(.enter)
        #expect(desk.backend.calls.contains("issue 00417 hygiene,winterization override: бабуся живе з ними"))
        #expect(desk.backend.live.filter { $0.household == "00417" }.map(\.kit) == ["hygiene", "winterization"])
    }

    @Test func untickingTheLastOffPlanKitForgetsTheReason() throws {
        var desk = try Self.desk(role: .coordinator)
        Self.open(&desk, "00417")
        desk.press(.character("2"))
        desk.type("причина")
        desk.press(.enter)
        desk.press(.character("2"))
        #expect(desk.state.current.card?.selectedKits == ["hygiene"])
        #expect(desk.state.current.card?.overrideReason == nil)
        desk.press(.enter)
        #expect(desk.backend.calls.contains("issue 00417 hygiene"))
        #expect(desk.backend.overrides.isEmpty)
    }

    @Test func theWaitingListAndTheCardSayWhenThePlanGivesNothing() throws {
        var desk = try Self.desk(mode: .arrivals)
        // Hygiene now for families of two or more: 00419 (one woman, 82) keeps only winterization,
        // and with it for children under 5 only, nothing at all.
        desk.backend.plans["hygiene"] = KitPlan(kit: "hygiene", audience: .criteria(try EntitlementCriterion(parsing: "size>=2")),
                                                quantity: .fixed(1))
        desk.backend.plans["winterization"] = KitPlan(kit: "winterization",
                                                      audience: .criteria(try EntitlementCriterion(parsing: "age<5")),
                                                      quantity: .fixed(1))
        desk.backend.checkInAtTheDoor("00419", at: FakeBackend.morning.addingTimeInterval(-12 * 60))
        desk.backend.checkInAtTheDoor("00417", at: FakeBackend.morning.addingTimeInterval(-5 * 60))
        _ = desk.loop.poll(now: FakeBackend.morning)
        #expect(desk.state.arrivals.waiting.map(\.nothingToReceive) == [true, false])
        var lines = Self.lines(desk.screen())
        #expect(lines.contains { $0.contains("00419") && $0.hasSuffix("★ 60+ ∅ не в плані") }, "\(lines)")
        #expect(lines.contains { $0.contains("00417") && !$0.contains("нічого") })
        try Golden.check(desk.screen(), "door-plan-nothing-uk")

        // The desk's waiting list says the same.
        var atTheDesk = try Self.desk()
        atTheDesk.backend.plans = desk.backend.plans
        atTheDesk.backend.checkInAtTheDoor("00419", at: FakeBackend.morning.addingTimeInterval(-12 * 60))
        _ = atTheDesk.loop.poll(now: FakeBackend.morning)
        let waiting = Self.lines(atTheDesk.screen())
        #expect(waiting.contains { $0.contains("00419") && $0.hasSuffix("★ 60+ ∅ не в плані") }, "\(waiting)")
        try Golden.check(atTheDesk.screen(), "waiting-list-plan-nothing-uk")

        Self.open(&desk, "00419")
        lines = Self.lines(desk.screen())
        #expect(lines.contains(" Не в плані на сьогодні: цій сім'ї сьогодні нічого не належить"))

        var english = try Self.desk(mode: .arrivals, language: .en)
        english.backend.plans = desk.backend.plans
        Self.open(&english, "00419")
        #expect(Self.lines(english.screen()).contains(" Not on today's plan: nothing for this family today"))
    }

    @Test func withoutAPlanTheCardIsAsBefore() throws {
        var desk = try DeskDriver()
        desk.type("00417")
        desk.press(.enter)
        #expect(desk.state.current.card?.selectedKits == ["hygiene", "winterization", "bedding"])
        #expect(!Self.lines(desk.screen()).contains { $0.contains("плані") })
    }
}
