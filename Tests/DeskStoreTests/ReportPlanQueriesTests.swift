import DeskCore
import DeskResources
import Foundation
import Testing

@testable import DeskStore

/// The report and the signed list of a distribution with entitlement plans, read from a real
/// (in-memory) database: plans set, kits issued within the plan and by a coordinator's override,
/// one override voided, and two households merged.
@Suite("Report against the plans, from the database")
struct ReportPlanQueriesTests {
    static let day = "2026-11-25"

    /// The fixture register and 00420, Галина's sister registered apart (later merged into
    /// 00419); one open distribution. Winterization is planned for the old and the very young
    /// (00418, 00419 and 00420 before the merge), kitchen for a list (00417 only), hygiene has
    /// no plan.
    static func hub() throws -> (DeskDatabase, Int64) {
        let database = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        let register = Register(households: Fixtures.register.households + [
            Household(number: "00420", settlement: "Козятин", members: [
                Fixtures.person("Шевчук", "Ольга", "Олексіївна", "11.01.1948", .female, head: true),
            ]),
        ])
        let morning = Fixtures.day(day, hour: 8)
        _ = try database.importRegister(register, context: Fixtures.desk1, now: morning)
        let id = try database.openDistribution(
            name: "Зимова видача", date: CivilDate(parsing: day)!, place: "Вінниця",
            stock: [("hygiene", 10), ("winterization", 10), ("kitchen", 5)], context: Fixtures.desk1, now: morning)
        try database.setPlan(
            kit: "winterization", audience: .criteria(try EntitlementCriterion(parsing: "age>=60 or age<5")),
            quantity: .fixed(1), distribution: id, context: Fixtures.desk1, now: morning)
        try database.setPlan(
            kit: "kitchen", audience: .list([PlanListEntry(row: 2, number: "00417")]), quantity: .fixed(1),
            distribution: id, context: Fixtures.desk1, now: morning)
        return (database, id)
    }

    @Test func coverageOverridesAndTheInvariantFromTheLedger() throws {
        let (db, dist) = try Self.hub()
        func at(_ hour: Int, _ minute: Int = 0) -> Date { Fixtures.day(Self.day, hour: hour, minute: minute) }
        // Within the plan: 00418 winterization, 00420 winterization (before its merge), 00417 kitchen.
        _ = try db.issue(household: "00418", kits: ["winterization", "hygiene"], distribution: dist,
                         context: Fixtures.desk1, now: at(9))
        _ = try db.issue(household: "00420", kits: ["winterization"], distribution: dist, context: Fixtures.desk2, now: at(9, 10))
        _ = try db.issue(household: "00417", kits: ["kitchen", "hygiene"], distribution: dist, context: Fixtures.desk1,
                         now: at(9, 20))
        // Off the plan: refused at the desk, then given by a coordinator with a reason.
        #expect(throws: IssueRefusal.self) {
            try db.issue(household: "00417", kits: ["winterization"], distribution: dist, context: Fixtures.desk1, now: at(10))
        }
        _ = try db.issue(household: "00417", kits: ["winterization"], distribution: dist,
                         overrideReason: "дитина з астмою, холодне житло", context: Fixtures.desk1, now: at(10, 5))
        let voided = try db.issue(household: "00419", kits: ["kitchen"], distribution: dist,
                                  overrideReason: "помилково", context: Fixtures.desk2, now: at(10, 30))
        try db.void(issuance: voided.kits[0].id, reason: "не та сім'я", context: Fixtures.desk2, now: at(10, 35))
        _ = try db.issue(household: "00419", kits: ["kitchen"], distribution: dist,
                         overrideReason: "кухню вкрали при переїзді", context: Fixtures.desk2, now: at(11))
        // 00420 was 00419's sister all along: one family, served under 00419.
        _ = try db.mergeHouseholds(keep: "00419", other: "00420", reason: "одна сім'я", context: Fixtures.desk1, now: at(12))

        let report = try db.report(distribution: dist, timeZone: Fixtures.kyiv)
        #expect(report.hasPlans)
        #expect(report.kits.first { $0.kit == "hygiene" }?.plan == nil)

        let winter = try #require(report.kits.first { $0.kit == "winterization" })
        let wPlan = try #require(winter.plan)
        #expect(wPlan.entitled == 2)  // 00418 and 00419 (with 00420 in it); 00417 has nobody under 5 or over 60
        #expect(wPlan.served == 2)  // 00420's kit counts for 00419
        #expect(wPlan.coverageTenths == 1000)
        #expect((wPlan.issuedWithinPlan, wPlan.overrideKits, winter.issued) == (2, 1, 3))
        #expect(wPlan.overrides.map(\.household) == ["00417"])
        #expect(wPlan.overrides.first?.reason == "дитина з астмою, холодне житло")
        #expect(wPlan.servedNotEntitled == 0)

        let kitchen = try #require(report.kits.first { $0.kit == "kitchen" })
        let kPlan = try #require(kitchen.plan)
        #expect(kPlan.entitled == 1 && kPlan.served == 1 && kPlan.coverageTenths == 1000)
        // The voided override is gone; the one given again stands, with its own reason.
        #expect((kPlan.issuedWithinPlan, kPlan.overrideKits, kitchen.issued, kitchen.voided) == (1, 1, 2, 1))
        #expect(kPlan.overrides.map(\.reason) == ["кухню вкрали при переїзді"])
        #expect(kPlan.overrides.first?.desk == "2")

        for kit in report.kits {
            guard let plan = kit.plan else { continue }
            #expect(plan.issuedWithinPlan + plan.overrideKits == kit.issued, "\(kit.kit)")
        }
        #expect(report.overrideKitsTotal == 2 && report.overrideHouseholdsTotal == 2)

        // The facts: the entitled by the number they are served under, plans in catalogue order.
        let facts = try db.reportFacts(distribution: dist)
        #expect(facts.plans.map(\.kit) == ["winterization", "kitchen"])
        #expect(facts.plans.first?.entitled == ["00418", "00419"])
        #expect(facts.issuances.filter { $0.overrideReason != nil }.count == 3)  // the voided one included, marked voided

        // The signed list marks the live overrides, under the number each household signed as.
        let lines = try db.issuanceLines(distribution: dist)
        let sheet = DistributionSheet(distribution: try db.sheetDistribution(dist), lines: lines, catalogue: db.catalogue)
        let row = try #require(sheet.rows.first { $0.household == "00419" })
        #expect(row.kits == [.init(kit: "kitchen", quantity: 1, overrideReason: "кухню вкрали при переїзді")])
        let first = try #require(sheet.rows.first { $0.household == "00417" })
        #expect(first.kits.first { $0.kit == "winterization" }?.overrideReason == "дитина з астмою, холодне житло")
        #expect(first.kits.first { $0.kit == "kitchen" }?.overrideReason == nil)
        #expect(sheet.totals.offPlanKits == 2)
    }

    @Test func aPurgeKeepsTheOverridesCountedAndTheirReasonsNot() throws {
        let (db, dist) = try Self.hub()
        _ = try db.issue(household: "00418", kits: ["winterization"], distribution: dist, context: Fixtures.desk1,
                         now: Fixtures.day(Self.day, hour: 9))
        _ = try db.issue(household: "00417", kits: ["winterization"], distribution: dist,
                         overrideReason: "Коваленко Марко після операції", context: Fixtures.desk1,
                         now: Fixtures.day(Self.day, hour: 9, minute: 30))
        try db.closeDistribution(id: dist, counts: [], context: Fixtures.desk1, now: Fixtures.day(Self.day, hour: 18))
        let before = try db.report(distribution: dist, timeZone: Fixtures.kyiv)
        #expect(before.kits.first { $0.kit == "winterization" }?.plan?.overrides.first?.reason == "Коваленко Марко після операції")
        _ = try db.purge(before: CivilDate(parsing: "2026-12-01")!, context: Fixtures.desk1, now: Fixtures.day("2026-12-02"))

        // Frozen: the kit still counts as given off the plan, to 00417; the reason is gone.
        let frozen = try ReportJSON.decode(try #require(try db.purgedReport(distribution: dist)))
        let plan = try #require(frozen.plans?["winterization"])
        #expect((plan.override_kits, plan.override_households, plan.issued_within_plan) == (1, 1, 1))
        #expect(plan.overrides.map(\.household) == ["00417"] && plan.overrides.map(\.reason) == ["—"])
        // Read again after the purge, the report and the signed list say no more.
        let after = try db.report(distribution: dist, timeZone: Fixtures.kyiv)
        #expect(after.kits.first { $0.kit == "winterization" }?.plan?.overrides.map(\.reason) == ["—"])
        #expect(try db.issuanceLines(distribution: dist).compactMap(\.overrideReason) == ["—"])
        let text = String(decoding: try after.json(), as: UTF8.self)
        #expect(!text.contains("Коваленко") && !text.contains("операції"))
        // Nor does the database: the issuance keeps '—', the audit entry the kit without the reason.
        let history = try db.history(household: "00417", context: Fixtures.desk1)
        #expect(history.entries.compactMap(\.overrideReason) == ["—"])
        let audit = try db.auditLog(AuditFilter(action: "issue.override"), context: Fixtures.desk1)
        #expect(audit.entries.count == 1)
        #expect(audit.entries.allSatisfy { !$0.detail.contains("Коваленко") && !$0.detail.contains("операції") })
        #expect(audit.entries.first?.detail.hasSuffix("winterization×1") == true, "\(audit.entries.map(\.detail))")
    }

    @Test func aPlanSetAfterTheKitsWentOutLeavesThemWithinThePlanAndSaysSo() throws {
        let (db, dist) = try Self.hub()
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1,
                         now: Fixtures.day(Self.day, hour: 9))
        _ = try db.issue(household: "00419", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1,
                         now: Fixtures.day(Self.day, hour: 9, minute: 5))
        try db.setPlan(kit: "hygiene", audience: .list([PlanListEntry(row: 2, number: "00419")]), quantity: .fixed(1),
                       distribution: dist, reason: "донор обмежив", context: Fixtures.desk1,
                       now: Fixtures.day(Self.day, hour: 10))
        let hygiene = try #require(try db.report(distribution: dist, timeZone: Fixtures.kyiv).kits.first { $0.kit == "hygiene" })
        let plan = try #require(hygiene.plan)
        #expect((plan.entitled, plan.served, plan.coverageTenths) == (1, 1, 1000))
        #expect((plan.issuedWithinPlan, plan.overrideKits, hygiene.issued) == (2, 0, 2))
        #expect(plan.servedNotEntitled == 1)  // 00417, served before the plan left it out
    }
}
