import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// The fixture register plus families that meet the plans' conditions in different ways.
enum PlanFixtures {
    static let today = Fixtures.day("2026-11-25", hour: 9)
    static let later = Fixtures.day("2026-11-25", hour: 11)

    static func person(_ surname: String, _ given: String, _ birth: String?, disability: Bool? = nil,
                       head: Bool = false) -> Person {
        Person(surname: surname, givenName: given, patronymic: "", birthDate: birth.flatMap(CivilDate.init(parsing:)),
               sex: .female, isHead: head, hasDisability: disability)
    }

    /// 00417 (Вінниця, 2 people, no one 60+ or under 5), 00418 (Жмеринка, 5, a man of 76),
    /// 00419 (Козятин, 1, a woman of 82), and:
    static var register: Register {
        var households = Fixtures.register.households
        households.append(contentsOf: [
            // A mother and a child of 3, in the city.
            Household(number: "00420", settlement: "Вінниця", members: [
                person("Мельник", "Ольга", "1990-02-02", head: true), person("Мельник", "Богдана", "2023-05-05"),
            ]),
            // A man alone, marked with a disability, in Bar.
            Household(number: "00421", settlement: "Бар", members: [
                person("Ткачук", "Петро", "1975-01-01", disability: true, head: true),
            ]),
            // Six adults in the city, no birth date for one of them.
            Household(number: "00422", settlement: "Вінниця", members: [
                person("Савчук", "Іван", "1984-01-01", head: true), person("Савчук", "Анна", "1986-02-02"),
                person("Савчук", "Ігор", "2004-03-03"), person("Савчук", "Юлія", "2005-04-04"),
                person("Савчук", "Роман", "2006-05-05"), person("Савчук", "Марта", nil),
            ]),
        ])
        return Register(households: households)
    }

    /// A fresh database with this register and one open distribution (the fixture's date).
    static func database(
        stock: [(kit: String, quantity: Int)] = [("hygiene", 10), ("winterization", 10), ("bedding", 20), ("kitchen", 1)]
    ) throws -> (DeskDatabase, Int64) {
        let database = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try database.importRegister(register, context: Fixtures.desk1, now: today)
        let id = try database.openDistribution(
            name: "Зимова видача", date: CivilDate(today, in: Fixtures.kyiv), place: "Вінниця", stock: stock,
            context: Fixtures.desk1, now: today)
        return (database, id)
    }

    static func criteria(_ text: String) throws -> PlanAudienceRequest {
        .criteria(try EntitlementCriterion(parsing: text))
    }

    static func list(_ numbers: String...) -> PlanAudienceRequest {
        .list(numbers.enumerated().map { PlanListEntry(row: $0.offset + 1, number: $0.element) })
    }
}

extension DeskDatabase {
    /// The line of `kit` in the distribution's plan overview.
    func planLine(_ kit: String, distribution: Int64? = nil) throws -> PlanLine {
        try #require(try planOverview(distribution: distribution).lines.first { $0.kit == kit })
    }

    /// The kit's line of the household's entitlements.
    func entitlement(_ kit: String, household: String, distribution: Int64? = nil) throws -> HouseholdEntitlements.Line {
        try #require(try entitlements(household: household, distribution: distribution).lines.first { $0.kit == kit })
    }

    func availability(_ kit: String, household: String, distribution: Int64) throws -> KitLine {
        try #require(try kitAvailability(household: household, distribution: distribution, context: Fixtures.desk1,
                                         now: PlanFixtures.later).first { $0.kit == kit })
    }

    func auditDetails(_ action: String) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT detail FROM audit WHERE action = ? ORDER BY id", arguments: [action])
        }
    }

    func liveIssuances() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM issuance WHERE voidedAt IS NULL") ?? 0 }
    }
}

@Suite("Entitlement plans in the database: setting them and what they add up to")
struct PlanStoreTests {
    @Test func everyFamilyWithAFixedQuantity() throws {
        let (db, dist) = try PlanFixtures.database()
        let line = try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(2), distribution: dist,
                                  context: Fixtures.desk1, now: PlanFixtures.today)
        #expect(line.plan == KitPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(2)))
        #expect(line.households == 6)
        #expect(line.kitsNeeded == 12)
        #expect(line.received == 10)
        #expect(line.shortfall == 2)
        #expect(line.setBy == "Марія")
        #expect(line.setAt == PlanFixtures.today)
        #expect(line.reason == nil)
        let overview = try db.planOverview(distribution: dist)
        #expect(overview.families == 6)
        #expect(overview.isOpen)
        #expect(overview.lines.map(\.kit) == ["hygiene", "winterization", "bedding", "kitchen"])
        #expect(try db.planLine("hygiene") == line)
        #expect(try db.auditDetails("plan.set") == ["hygiene: everyone; fixed 2"])
    }

    @Test func criteriaWithOneForEveryThreePeople() throws {
        let (db, dist) = try PlanFixtures.database()
        let line = try db.setPlan(kit: "winterization", audience: try PlanFixtures.criteria("вік >= 60 АБО вік<5"),
                                  quantity: .perPeople(3), distribution: dist, context: Fixtures.desk1)
        // 00418 (5 people: 2), 00419 (1: 1), 00420 (2: 1).
        #expect(line.plan?.audience == .criteria(.or(.age(.atLeast, 60), .age(.below, 5))))
        #expect(line.plan?.hubCity == "", "no place in the criterion, no city kept")
        #expect(line.households == 3)
        #expect(line.kitsNeeded == 4)
        #expect(line.shortfall == 0)
        #expect(try db.entitlement("winterization", household: "00418") == .init(
            kit: "winterization", plan: line.plan, entitled: true, quantity: 2))
        #expect(try db.entitlement("winterization", household: "00417").entitled == false)
    }

    @Test func onePerPersonWithAndWithoutACap() throws {
        let (db, dist) = try PlanFixtures.database()
        let capped = try db.setPlan(kit: "bedding", audience: try PlanFixtures.criteria("disability or size>=5"),
                                    quantity: .perPerson(cap: 4), distribution: dist, context: Fixtures.desk1)
        // 00418 (5: 4), 00421 (1: 1), 00422 (6: 4).
        #expect(capped.households == 3)
        #expect(capped.kitsNeeded == 9)
        #expect(capped.shortfall == 0)
        let uncapped = try db.setPlan(kit: "bedding", audience: try PlanFixtures.criteria("disability or size>=5"),
                                      quantity: .perPerson(cap: nil), distribution: dist, context: Fixtures.desk1)
        #expect(uncapped.kitsNeeded == 12)
        #expect(try db.entitlement("bedding", household: "00422").quantity == 6)
        // The unknown birth date of one member does not take her out of the count.
        #expect(try db.entitlements(household: "00422", distribution: dist).people == 6)
    }

    @Test func aListOfHouseholdsFoundAsTheDeskFindsThem() throws {
        let (db, dist) = try PlanFixtures.database()
        // `417` is 00417, as at the desk; a number twice counts once.
        let line = try db.setPlan(kit: "kitchen", audience: PlanFixtures.list("417", "00420", "00420"), quantity: .fixed(1),
                                  distribution: dist, context: Fixtures.desk1)
        #expect(line.plan?.audience == .list(listSize: 2))
        #expect(line.households == 2)
        #expect(line.kitsNeeded == 2)
        #expect(line.received == 1)
        #expect(line.shortfall == 1)
        #expect(try db.entitlement("kitchen", household: "00417").entitled)
        #expect(try db.entitlement("kitchen", household: "00420").entitled)
        #expect(try !db.entitlement("kitchen", household: "00418").entitled)
        #expect(try db.auditDetails("plan.set") == ["kitchen: list 2; fixed 1"])
        // Replaced by a plan for everyone: the list is gone with it.
        let everyone = try db.setPlan(kit: "kitchen", audience: .everyone, quantity: .fixed(1), distribution: dist,
                                      context: Fixtures.desk1)
        #expect(everyone.households == 6)
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM planHousehold") } == 0)
        #expect(try db.auditDetails("plan.set").last == "kitchen: everyone; fixed 1 (list; fixed 1)")
    }

    @Test func cityAndRegionAreReadAgainstTheHubsCity() throws {
        let (db, dist) = try PlanFixtures.database()
        // No city named: the register's largest settlement (Вінниця: 00417, 00420, 00422).
        let city = try db.setPlan(kit: "hygiene", audience: try PlanFixtures.criteria("city"), quantity: .fixed(1),
                                  distribution: dist, context: Fixtures.desk1)
        #expect(city.plan?.hubCity == "Вінниця")
        #expect(city.households == 3)
        // Named: another city, case and spaces as typed.
        let bar = try db.setPlan(kit: "hygiene", audience: try PlanFixtures.criteria("city"), quantity: .fixed(1),
                                 distribution: dist, hubCity: "  бар ", context: Fixtures.desk1)
        #expect(bar.plan?.hubCity == "бар")
        #expect(bar.households == 1)
        #expect(try db.entitlement("hygiene", household: "00421").entitled)
        let region = try db.setPlan(kit: "hygiene", audience: try PlanFixtures.criteria("region and age>=60"),
                                    quantity: .fixed(1), distribution: dist, context: Fixtures.desk1)
        // 00418 (Жмеринка) and 00419 (Козятин).
        #expect(region.households == 2)
    }

    @Test func kitsWithoutAPlanKeepTheCataloguesFigures() throws {
        let (db, dist) = try PlanFixtures.database()
        let bedding = try db.planLine("bedding", distribution: dist)
        #expect(bedding.plan == nil)
        #expect(bedding.households == 6)
        // One per person, at most 4: 2 + 4 + 1 + 2 + 1 + 4.
        #expect(bedding.kitsNeeded == 14)
        #expect(bedding.setBy == nil)
        let entitlements = try db.entitlements(household: "00418", distribution: dist)
        #expect(!entitlements.distributionHasPlan)
        #expect(entitlements.lines.map(\.quantity) == [1, 1, 4, 1])
        #expect(entitlements.lines.allSatisfy { $0.entitled && $0.plan == nil })
    }

    @Test func whatCannotBeSetIsRefusedAndChangesNothing() throws {
        let (db, dist) = try PlanFixtures.database()
        try db.setPlan(kit: "kitchen", audience: PlanFixtures.list("00417"), quantity: .fixed(1), distribution: dist,
                       context: Fixtures.desk1)
        let before = try db.planOverview(distribution: dist)
        let list: PlanAudienceRequest = .list([
            PlanListEntry(row: 2, number: "00417"), PlanListEntry(row: 3, number: "99999"),
            PlanListEntry(row: 5, number: "00418"), PlanListEntry(row: 7, number: "Іваненко"),
        ])
        #expect(throws: PlanError.unknownHouseholds([PlanListEntry(row: 3, number: "99999"),
                                                     PlanListEntry(row: 7, number: "Іваненко")])) {
            try db.setPlan(kit: "kitchen", audience: list, quantity: .fixed(1), distribution: dist, context: Fixtures.desk1)
        }
        #expect(throws: PlanError.emptyList) {
            try db.setPlan(kit: "kitchen", audience: .list([]), quantity: .fixed(1), distribution: dist, context: Fixtures.desk1)
        }
        #expect(throws: PlanError.kitNotInDistribution(kit: "lamp", distribution: "Зимова видача")) {
            try db.setPlan(kit: "lamp", audience: .everyone, quantity: .fixed(1), distribution: dist, context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.unknownKit("soap")) {
            try db.setPlan(kit: "soap", audience: .everyone, quantity: .fixed(1), distribution: dist, context: Fixtures.desk1)
        }
        #expect(throws: PlanError.badNumber(option: "--quantity", value: 0)) {
            try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(0), distribution: dist, context: Fixtures.desk1)
        }
        #expect(throws: PlanError.badNumber(option: "--cap", value: 0)) {
            try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .perPerson(cap: 0), distribution: dist,
                           context: Fixtures.desk1)
        }
        #expect(throws: PlanError.badNumber(option: "--per-people", value: -3)) {
            try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .perPeople(-3), distribution: dist,
                           context: Fixtures.desk1)
        }
        #expect(try db.planOverview(distribution: dist) == before)
        #expect(try db.auditDetails("plan.set").count == 1)
        #expect(try db.entitlement("kitchen", household: "00417").entitled)
        #expect(try !db.entitlement("kitchen", household: "00418").entitled)
    }

    @Test func aClosedDistributionsPlanStaysAsItWas() throws {
        let (db, dist) = try PlanFixtures.database()
        try db.setPlan(kit: "hygiene", audience: try PlanFixtures.criteria("age>=60"), quantity: .fixed(1),
                       distribution: dist, context: Fixtures.desk1)
        _ = try db.closeDistribution(id: dist, context: Fixtures.desk1, now: PlanFixtures.later)
        #expect(throws: PlanError.distributionClosed(name: "Зимова видача")) {
            try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(1), distribution: dist,
                           reason: "інакше", context: Fixtures.desk1)
        }
        // The schema says no as well.
        #expect(throws: DatabaseError.self) {
            try db.writer.write { db in
                try db.execute(sql: "UPDATE kitPlan SET audience = 'everyone', criteria = NULL WHERE distributionId = ?",
                               arguments: [dist])
            }
        }
        let overview = try db.planOverview(distribution: dist)
        #expect(!overview.isOpen)
        #expect(try db.planLine("hygiene", distribution: dist).plan?.audience == .criteria(.age(.atLeast, 60)))
    }

    @Test func changingAPlanOnceTheKitIsOutNeedsAReason() throws {
        let (db, dist) = try PlanFixtures.database()
        try db.setPlan(kit: "winterization", audience: try PlanFixtures.criteria("age>=60"), quantity: .fixed(1),
                       distribution: dist, context: Fixtures.desk1, now: PlanFixtures.today)
        // Before the first kit is out, the coordinator changes it freely.
        try db.setPlan(kit: "winterization", audience: try PlanFixtures.criteria("age>=60 or age<5"), quantity: .fixed(1),
                       distribution: dist, context: Fixtures.desk1, now: PlanFixtures.today)
        _ = try db.issue(household: "00418", kits: ["winterization"], distribution: dist, context: Fixtures.desk2,
                         now: PlanFixtures.later)
        #expect(throws: PlanError.reasonRequired(kit: "winterization", issued: 1)) {
            try db.setPlan(kit: "winterization", audience: .everyone, quantity: .fixed(1), distribution: dist,
                           context: Fixtures.desk1)
        }
        #expect(throws: PlanError.reasonRequired(kit: "winterization", issued: 1)) {
            try db.setPlan(kit: "winterization", audience: .everyone, quantity: .fixed(1), distribution: dist,
                           reason: "   ", context: Fixtures.desk1)
        }
        #expect(try db.planLine("winterization").plan?.audience == .criteria(.or(.age(.atLeast, 60), .age(.below, 5))))
        // Another kit is not held by it.
        try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(1), distribution: dist, context: Fixtures.desk1)

        let changed = try db.setPlan(kit: "winterization", audience: .everyone, quantity: .fixed(1), distribution: dist,
                                     reason: "донор дозволив усім", context: Fixtures.desk1, now: PlanFixtures.later)
        #expect(changed.plan?.audience == .everyone)
        #expect(changed.reason == "донор дозволив усім")
        #expect(changed.issued == 1)
        #expect(changed.servedHouseholds == 1)
        #expect(try db.auditDetails("plan.set").last
                == "winterization: everyone; fixed 1 (criteria age>=60 or age<5; fixed 1) — донор дозволив усім")
    }

    @Test func aKitOutAndVoidedStillNeedsAReasonToChangeItsPlan() throws {
        let (db, dist) = try PlanFixtures.database()
        try db.setPlan(kit: "winterization", audience: try PlanFixtures.criteria("age>=60"), quantity: .fixed(1),
                       distribution: dist, context: Fixtures.desk1, now: PlanFixtures.today)
        let receipt = try db.issue(household: "00418", kits: ["winterization"], distribution: dist, context: Fixtures.desk2,
                                   now: PlanFixtures.later)
        try db.void(issuance: receipt.kits[0].id, reason: "не та сім'я", context: Fixtures.desk1, now: PlanFixtures.later)
        // The plan has been used at the desk: a change now is still the coordinator's reasoned decision.
        #expect(throws: PlanError.reasonRequired(kit: "winterization", issued: 0)) {
            try db.setPlan(kit: "winterization", audience: .everyone, quantity: .fixed(1), distribution: dist,
                           context: Fixtures.desk1)
        }
    }

    @Test func aVolunteerCannotSetAPlan() throws {
        let hub = try SignedInHub()
        expectNotAllowed(.volunteer, .distributions) {
            try hub.volunteer.setPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(1), distribution: hub.distribution,
                                      context: Fixtures.desk1)
        }
        let line = try hub.coordinator.setPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(1),
                                               distribution: hub.distribution, context: Fixtures.desk1)
        #expect(line.setBy == "Ганна Координаторка")
        // Everyone who serves families reads the plan.
        #expect(try hub.volunteer.planOverview(distribution: hub.distribution).lines.count == 4)
        #expect(try hub.assistant.entitlements(household: "00417", distribution: hub.distribution).lines.count == 4)
    }
}

@Suite("Entitlement plans and merged households: one family, each person once")
struct PlanMergedFamilyTests {
    @Test func aListNamingAMergedHouseholdEntitlesTheFamilyItJoined() throws {
        let (db, dist) = try DuplicateFixtures.database(stock: [("hygiene", 10), ("kitchen", 10)])
        _ = try db.mergeHouseholds(keep: "00417", other: "00501", reason: "одна сім'я", context: Fixtures.desk1)
        let line = try db.setPlan(kit: "kitchen", audience: PlanFixtures.list("00501"), quantity: .fixed(1),
                                  distribution: dist, context: Fixtures.desk1)
        #expect(line.households == 1)
        #expect(try db.entitlement("kitchen", household: "00417").entitled)
        #expect(try db.entitlements(household: "00501", distribution: dist).household == "00417")
        #expect(try db.availability("kitchen", household: "00417", distribution: dist).status == .success(1))
        #expect(try db.availability("kitchen", household: "00418", distribution: dist).isOffPlan)
        let given = try db.issue(household: "00501", kits: ["kitchen"], distribution: dist, context: Fixtures.desk2,
                                 now: PlanFixtures.later)
        #expect(given.household == "00417")
        #expect(given.kits[0].overrideReason == nil)
        #expect(try db.planLine("kitchen").servedHouseholds == 1)
    }

    @Test func aListSetBeforeTheMergeStillEntitlesTheFamilyAfterIt() throws {
        let (db, dist) = try DuplicateFixtures.database(stock: [("hygiene", 10), ("kitchen", 10)])
        try db.setPlan(kit: "kitchen", audience: PlanFixtures.list("00501", "00504"), quantity: .fixed(1),
                       distribution: dist, context: Fixtures.desk1)
        #expect(try !db.entitlement("kitchen", household: "00417").entitled)
        _ = try db.mergeHouseholds(keep: "00417", other: "00501", reason: "одна сім'я", context: Fixtures.desk1)
        #expect(try db.entitlement("kitchen", household: "00417").entitled)
        let line = try db.planLine("kitchen")
        #expect(line.households == 2)
        #expect(line.kitsNeeded == 2)
        #expect(try db.availability("kitchen", household: "00417", distribution: dist).status == .success(1))
    }

    @Test func peopleOfMergedHouseholdsAreCountedOnce() throws {
        let (db, dist) = try DuplicateFixtures.database(stock: [("hygiene", 30), ("winterization", 10)])
        try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .perPerson(cap: nil), distribution: dist,
                       context: Fixtures.desk1)
        try db.setPlan(kit: "winterization", audience: try PlanFixtures.criteria("age>=60"), quantity: .fixed(1),
                       distribution: dist, context: Fixtures.desk1)
        // 7 households, 12 people: 2 + 5 + 1 + 1 + 1 + 1 + 1.
        #expect(try db.planOverview(distribution: dist).families == 7)
        #expect(try db.planLine("hygiene").kitsNeeded == 12)

        // 00501 is 00417's head registered twice: the family stays two people.
        _ = try db.mergeHouseholds(keep: "00417", other: "00501", reason: "та сама людина", context: Fixtures.desk1)
        #expect(try db.entitlements(household: "00417", distribution: dist).people == 2)
        #expect(try db.entitlement("hygiene", household: "00417").quantity == 2)
        var overview = try db.planOverview(distribution: dist)
        #expect(overview.families == 6)
        let hygiene = try #require(overview.lines.first { $0.kit == "hygiene" })
        #expect(hygiene.households == 6)
        #expect(hygiene.kitsNeeded == 11)

        // 00503 is someone else (born 1960): now three people, one of them 66.
        #expect(try !db.entitlement("winterization", household: "00417").entitled)
        _ = try db.mergeHouseholds(keep: "00417", other: "00503", reason: "живуть разом", context: Fixtures.desk1)
        #expect(try db.entitlements(household: "00417", distribution: dist).people == 3)
        #expect(try db.entitlement("hygiene", household: "00417").quantity == 3)
        #expect(try db.entitlement("winterization", household: "00417").entitled)
        overview = try db.planOverview(distribution: dist)
        #expect(overview.families == 5)
        // 00503's one person moved to 00417: still 11 people.
        #expect(try #require(overview.lines.first { $0.kit == "hygiene" }).kitsNeeded == 11)
        // 00417, 00418 (76 and 73), 00419 and 00502 (the same Галина, not merged: 82).
        #expect(try #require(overview.lines.first { $0.kit == "winterization" }).households == 4)

        // The desk gives what the plan says, to the family under its surviving number.
        #expect(try db.availability("hygiene", household: "00503", distribution: dist).status == .success(3))
        let given = try db.issue(household: "00503", kits: ["hygiene", "winterization"], distribution: dist,
                                 context: Fixtures.desk2, now: PlanFixtures.later)
        #expect(given.household == "00417")
        #expect(given.kits.map(\.quantity) == [3, 1])
        #expect(try db.planLine("winterization").servedHouseholds == 1)
    }
}

@Suite("Entitlement plans at the desk: refusals, overrides, quantities")
struct PlanIssueTests {
    /// The signed-in hub with winterization planned for families with someone aged 60 or more.
    static func hub() throws -> SignedInHub {
        let hub = try SignedInHub()
        try hub.coordinator.setPlan(kit: "winterization", audience: try PlanFixtures.criteria("age>=60"),
                                    quantity: .fixed(1), distribution: hub.distribution, context: Fixtures.desk1)
        return hub
    }

    @Test func aKitOffThePlanIsRefusedWithoutACoordinatorsReason() throws {
        let hub = try Self.hub()
        let refusal = IssueRefusal.notOnPlan(kit: "winterization", rule: "age>=60")
        #expect(throws: refusal) {
            try hub.volunteer.issue(household: "00417", kits: ["winterization"], distribution: hub.distribution,
                                    context: Fixtures.desk1)
        }
        #expect(throws: refusal) {
            try hub.coordinator.issue(household: "00417", kits: ["winterization"], distribution: hub.distribution,
                                      context: Fixtures.desk1)
        }
        #expect(throws: EngineError.reasonRequired) {
            try hub.coordinator.issue(household: "00417", kits: ["winterization"], distribution: hub.distribution,
                                      overrideReason: "  ", context: Fixtures.desk1)
        }
        // All or nothing: the hygiene kit asked for with it is not given either.
        #expect(throws: refusal) {
            try hub.volunteer.issue(household: "00417", kits: ["hygiene", "winterization"], distribution: hub.distribution,
                                    context: Fixtures.desk1)
        }
        // A volunteer cannot override at all, even for kits the family is entitled to.
        expectNotAllowed(.volunteer, .overridePlan) {
            try hub.volunteer.issue(household: "00417", kits: ["winterization"], distribution: hub.distribution,
                                    overrideReason: "дуже просили", context: Fixtures.desk1)
        }
        expectNotAllowed(.volunteer, .overridePlan) {
            try hub.volunteer.issue(household: "00418", kits: ["winterization"], distribution: hub.distribution,
                                    overrideReason: "дуже просили", context: Fixtures.desk1)
        }
        #expect(try hub.plain.liveIssuances() == 0)
        #expect(try hub.plain.auditDetails("issue.override").isEmpty)
    }

    @Test func aCoordinatorGivesItWithAReasonAndTheReasonIsKept() throws {
        let hub = try Self.hub()
        let given = try hub.coordinator.issue(
            household: "00417", kits: ["hygiene", "winterization"], distribution: hub.distribution,
            overrideReason: "дитина з астмою, холодна квартира", context: Fixtures.desk1, now: PlanFixtures.later)
        // The hygiene kit has no plan: given as usual, not an override.
        #expect(given.kits.map(\.kit) == ["hygiene", "winterization"])
        #expect(given.kits.map(\.overrideReason) == [nil, "дитина з астмою, холодна квартира"])
        let stored = try hub.plain.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT kitCode, overrideReason, operator FROM issuance ORDER BY id")
        }
        #expect(stored.map { $0["kitCode"] as String } == ["hygiene", "winterization"])
        #expect(stored.map { $0["overrideReason"] as String? } == [nil, "дитина з астмою, холодна квартира"])
        #expect(stored.allSatisfy { $0["operator"] as String == "Ганна Координаторка" })
        let audit = try hub.plain.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT operator, detail FROM audit WHERE action = 'issue.override'")
        }
        #expect(audit.count == 1)
        #expect(audit.first?["operator"] as String? == "Ганна Координаторка")
        let detail: String = try #require(audit.first?["detail"])
        #expect(detail == "#\(given.kits[1].id) winterization×1: дитина з астмою, холодна квартира")
        // The override is given once: the rules still hold.
        let again = #expect(throws: IssueRefusal.self) {
            try hub.coordinator.issue(household: "00417", kits: ["winterization"], distribution: hub.distribution,
                                      overrideReason: "ще раз", context: Fixtures.desk1)
        }
        if case .alreadyIssued = again {} else { Issue.record("expected alreadyIssued, got \(String(describing: again))") }
    }

    @Test func kitsTheFamilyIsEntitledToAreNotOverridesEvenWithAReason() throws {
        let hub = try Self.hub()
        let given = try hub.coordinator.issue(
            household: "00418", kits: ["winterization", "bedding"], distribution: hub.distribution,
            overrideReason: "про всяк випадок", context: Fixtures.desk1)
        #expect(given.kits.allSatisfy { $0.overrideReason == nil })
        #expect(try hub.plain.auditDetails("issue.override").isEmpty)
        #expect(try hub.plain.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM issuance WHERE overrideReason IS NOT NULL") } == 0)
    }

    @Test func theDeskGivesThePlansQuantities() throws {
        let (db, dist) = try PlanFixtures.database(stock: [("hygiene", 30), ("winterization", 30), ("bedding", 30)])
        try db.setPlan(kit: "winterization", audience: .everyone, quantity: .perPeople(3), distribution: dist,
                       context: Fixtures.desk1)
        try db.setPlan(kit: "bedding", audience: .everyone, quantity: .fixed(1), distribution: dist, context: Fixtures.desk1)
        try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .perPerson(cap: 3), distribution: dist,
                       context: Fixtures.desk1)
        // 00418: five people. The catalogue would give 1 winterization, 4 bedding, 1 hygiene.
        let big = try db.issue(household: "00418", kits: ["winterization", "bedding", "hygiene"], distribution: dist,
                               context: Fixtures.desk1, now: PlanFixtures.later)
        #expect(big.kits.map(\.quantity) == [2, 1, 3])
        let small = try db.issue(household: "00419", kits: ["winterization", "bedding", "hygiene"], distribution: dist,
                                 context: Fixtures.desk1, now: PlanFixtures.later)
        #expect(small.kits.map(\.quantity) == [1, 1, 1])
        let line = try db.planLine("winterization")
        #expect(line.issued == 3)
        #expect(line.servedHouseholds == 2)
    }

    @Test func anOverridesReasonCannotBeChangedOrRemovedButTheIssuanceCanBeVoided() throws {
        let hub = try Self.hub()
        let given = try hub.coordinator.issue(
            household: "00417", kits: ["winterization"], distribution: hub.distribution,
            overrideReason: "рішення координатора", context: Fixtures.desk1)
        let plain = try hub.coordinator.issue(household: "00418", kits: ["winterization"], distribution: hub.distribution,
                                              context: Fixtures.desk1)
        for (id, value) in [(given.kits[0].id, "'інша причина'"), (given.kits[0].id, "NULL"), (plain.kits[0].id, "'заднім числом'")] {
            #expect(throws: DatabaseError.self) {
                try hub.plain.writer.write { db in
                    try db.execute(sql: "UPDATE issuance SET overrideReason = \(value) WHERE id = ?", arguments: [id])
                }
            }
        }
        try hub.coordinator.void(issuance: given.kits[0].id, reason: "помилка", context: Fixtures.desk1)
        let kept = try hub.plain.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT overrideReason, voidedAt FROM issuance WHERE id = ?", arguments: [given.kits[0].id])
        }
        #expect(kept?["overrideReason"] as String? == "рішення координатора")
        #expect(kept?["voidedAt"] as Date? != nil)
        #expect(try hub.plain.writer.read {
            try String.fetchOne($0, sql: "SELECT overrideReason FROM issuance WHERE id = ?", arguments: [plain.kits[0].id])
        } == nil)
    }

    @Test func theDeskCardMarksPlannedKitsAndThoseOffThePlan() throws {
        let hub = try Self.hub()
        let lines = try hub.volunteer.kitAvailability(household: "00417", distribution: hub.distribution,
                                                      context: Fixtures.desk1)
        #expect(lines.map(\.kit) == ["hygiene", "winterization", "bedding", "kitchen"])
        #expect(lines.map(\.planned) == [false, true, false, false])
        #expect(lines.map(\.isOffPlan) == [false, true, false, false])
        #expect(lines[1].status == .failure(.notOnPlan(kit: "winterization", rule: "age>=60")))
        #expect(lines[0].status == .success(1))
        #expect(lines[2].status == .success(2))
        let entitled = try hub.volunteer.kitAvailability(household: "00418", distribution: hub.distribution,
                                                         context: Fixtures.desk1)
        #expect(entitled.map(\.planned) == [false, true, false, false])
        #expect(!entitled[1].isOffPlan)
        #expect(entitled[1].status == .success(1))
        // Once given, the line says so, and no longer off the plan.
        _ = try hub.coordinator.issue(household: "00417", kits: ["winterization"], distribution: hub.distribution,
                                      overrideReason: "рішення", context: Fixtures.desk1)
        let after = try hub.volunteer.kitAvailability(household: "00417", distribution: hub.distribution,
                                                      context: Fixtures.desk1)
        #expect(!after[1].isOffPlan)
        if case .failure(.alreadyIssued) = after[1].status {} else { Issue.record("got \(after[1].status)") }
    }

    @Test func oneFamilysEntitlementsKitByKit() throws {
        let (db, dist) = try PlanFixtures.database()
        try db.setPlan(kit: "winterization", audience: try PlanFixtures.criteria("age>=60 or age<5"), quantity: .fixed(1),
                       distribution: dist, context: Fixtures.desk1)
        try db.setPlan(kit: "kitchen", audience: PlanFixtures.list("00418"), quantity: .fixed(1), distribution: dist,
                       context: Fixtures.desk1)
        let family = try db.entitlements(household: "420", distribution: nil)
        #expect(family.household == "00420")
        #expect(family.distributionId == dist)
        #expect(family.distributionName == "Зимова видача")
        #expect(family.date == CivilDate(year: 2026, month: 11, day: 25))
        #expect(family.people == 2)
        #expect(family.distributionHasPlan)
        #expect(family.lines.map(\.kit) == ["hygiene", "winterization", "bedding", "kitchen"])
        #expect(family.lines.map(\.entitled) == [true, true, true, false])
        #expect(family.lines.map(\.quantity) == [1, 1, 2, 1])
        #expect(family.lines.map { $0.plan != nil } == [false, true, false, true])
        #expect(throws: IssueRefusal.unknownHousehold("99999")) { try db.entitlements(household: "99999", distribution: dist) }
        // What the card shows matches: entitled and available, or off the plan.
        let card = try db.kitAvailability(household: "00420", distribution: dist, context: Fixtures.desk1)
        #expect(card.map(\.isAvailable) == [true, true, true, false])
        #expect(card.map(\.isOffPlan) == [false, false, false, true])
    }
}

@Suite("Entitlement plans on the demo register: the issue's done-when")
struct PlanDemoRegisterTests {
    static let date = CivilDate(year: 2026, month: 11, day: 25)!

    static func demoRegister() throws -> Register {
        let names = try DemoNames(
            maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
            femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
            surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
            settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
        // Ages as of spring, so that some birthdays fall between the register and the distribution.
        return DemoRegister.generate(households: DemoRegister.defaultHouseholds, names: names,
                                     seed: DemoRegister.defaultSeed, today: CivilDate(year: 2026, month: 3, day: 14)!)
    }

    /// Winterization for families with someone aged 60 or more or a child under 5, hygiene one
    /// for every three people, kitchen sets for a list of 100 households: every family's card
    /// shows exactly those kits and quantities, and only a coordinator gives a kitchen set off the list.
    @Test func everyFamilyIsOfferedExactlyWhatThePlanSays() throws {
        let register = try Self.demoRegister()
        #expect(register.households.count == 860)
        let now = Fixtures.day("2026-11-25", hour: 9)
        let database = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try database.importRegister(register, context: Fixtures.desk1, now: now)
        let dist = try database.openDistribution(
            name: "Зимова видача", date: Self.date, place: "Вінниця",
            stock: [("hygiene", 5000), ("winterization", 5000), ("bedding", 5000), ("kitchen", 5000)],
            context: Fixtures.desk1, now: now)
        let coordinator = try database.initialise(coordinator: "Ганна", pin: "4821", desk: "1", now: now)
        try coordinator.addOperator(name: "Марія", role: .volunteer, pin: "2580", context: Fixtures.desk1, now: now)
        let volunteer = try database.signIn(name: "Марія", pin: "2580", desk: "2")

        // The donor's list, as a CSV from a spreadsheet: every eighth family from the fifth, 100 of them.
        let numbers = register.households.map(\.number)
        let listed = Array(stride(from: 4, to: numbers.count, by: 8).prefix(100).map { numbers[$0] })
        #expect(listed.count == 100)
        let csv = "№ сім'ї;Примітка\n" + listed.map { "\($0);донор" }.joined(separator: "\n")
        try coordinator.setPlan(kit: "winterization", audience: .criteria(try EntitlementCriterion(parsing: "age>=60 or age<5")),
                                quantity: .fixed(1), distribution: dist, context: Fixtures.desk1, now: now)
        try coordinator.setPlan(kit: "hygiene", audience: .everyone, quantity: .perPeople(3), distribution: dist,
                                context: Fixtures.desk1, now: now)
        try coordinator.setPlan(kit: "kitchen", audience: .list(try PlanList.parse(csv)), quantity: .fixed(1),
                                distribution: dist, context: Fixtures.desk1, now: now)

        // The expectation, worked out here from each family's people.
        let onList = Set(listed)
        var winterFamilies = 0
        var hygieneKits = 0
        var mismatches: [String] = []
        for household in register.households {
            var seen = Set<String>()
            let people = household.members.filter { seen.insert($0.identityKey).inserted }
            let ages = people.compactMap(\.birthDate).filter { $0 <= Self.date }.map { $0.age(on: Self.date) }
            let winter = ages.contains { $0 >= 60 || $0 < 5 }
            let hygiene = (people.count + 2) / 3
            if winter { winterFamilies += 1 }
            hygieneKits += hygiene
            let expected: [KitLine] = [
                KitLine(kit: "hygiene", status: .success(hygiene), planned: true),
                KitLine(kit: "winterization",
                        status: winter ? .success(1) : .failure(.notOnPlan(kit: "winterization", rule: "age>=60 or age<5")),
                        planned: true),
                // No plan: the catalogue's one per person, at most 4.
                KitLine(kit: "bedding", status: .success(min(household.members.count, 4)), planned: false),
                KitLine(kit: "kitchen",
                        status: onList.contains(household.number) ? .success(1) : .failure(.notOnPlan(kit: "kitchen", rule: "list")),
                        planned: true),
            ]
            let card = try volunteer.kitAvailability(household: household.number, distribution: dist,
                                                     context: Fixtures.desk1, now: now)
            if card != expected { mismatches.append("\(household.number): \(card) ≠ \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) families differ, first: \(mismatches.prefix(3))")
        // The demo register has families on both sides of the criterion.
        #expect(winterFamilies > 100 && winterFamilies < 760)

        let overview = try volunteer.planOverview(distribution: dist)
        #expect(overview.families == 860)
        let lines = Dictionary(uniqueKeysWithValues: overview.lines.map { ($0.kit, $0) })
        #expect(lines["winterization"]?.households == winterFamilies)
        #expect(lines["winterization"]?.kitsNeeded == winterFamilies)
        #expect(lines["hygiene"]?.households == 860)
        #expect(lines["hygiene"]?.kitsNeeded == hygieneKits)
        #expect(lines["kitchen"]?.households == 100)
        #expect(lines["kitchen"]?.plan?.audience == .list(listSize: 100))

        // A family off the list: the volunteer cannot give it a kitchen set; the coordinator can, with a reason.
        let offList = try #require(numbers.first { !onList.contains($0) })
        #expect(throws: IssueRefusal.notOnPlan(kit: "kitchen", rule: "list")) {
            try volunteer.issue(household: offList, kits: ["kitchen"], distribution: dist, context: Fixtures.desk1, now: now)
        }
        expectNotAllowed(.volunteer, .overridePlan) {
            try volunteer.issue(household: offList, kits: ["kitchen"], distribution: dist, overrideReason: "попросили",
                                context: Fixtures.desk1, now: now)
        }
        let given = try coordinator.issue(household: offList, kits: ["kitchen"], distribution: dist,
                                          overrideReason: "сім'я щойно приїхала без речей", context: Fixtures.desk1, now: now)
        #expect(given.kits.map(\.quantity) == [1])
        #expect(given.kits.map(\.overrideReason) == ["сім'я щойно приїхала без речей"])
        // A family on the list gets its kitchen set from the volunteer.
        let listedGiven = try volunteer.issue(household: listed[0], kits: ["kitchen", "hygiene"], distribution: dist,
                                              context: Fixtures.desk1, now: now)
        #expect(listedGiven.kits.allSatisfy { $0.overrideReason == nil })
        let kitchen = try coordinator.planOverview(distribution: dist).lines.first { $0.kit == "kitchen" }
        #expect(kitchen?.issued == 2)
        #expect(kitchen?.servedHouseholds == 1, "the override is not counted as a planned family served")
    }
}

@Suite("Entitlement plans: what plan show says is what the desk gives")
struct PlanConsistencyTests {
    /// The demo register with some households merged into others and a plan of every kind:
    /// for every family, one family's entitlements and the desk card say the same, and the
    /// overview adds them up.
    @Test func theOverviewOneFamilyAndTheDeskCardAgree() throws {
        let register = try PlanDemoRegisterTests.demoRegister()
        let now = Fixtures.day("2026-11-25", hour: 9)
        let db = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try db.importRegister(register, context: Fixtures.desk1, now: now)
        let dist = try db.openDistribution(
            name: "Зимова видача", date: PlanDemoRegisterTests.date, place: "Вінниця",
            stock: [("hygiene", 9000), ("winterization", 9000), ("bedding", 9000), ("kitchen", 9000), ("blanket", 9000)],
            context: Fixtures.desk1, now: now)
        let numbers = register.households.map(\.number)
        // Households 00002, 00042, ... merged into the one before; 00081 and 00121 also take 00083 and 00123.
        var merged: [String] = []
        for i in stride(from: 1, to: 400, by: 40) {
            _ = try db.mergeHouseholds(keep: numbers[i - 1], other: numbers[i], reason: "одна сім'я", context: Fixtures.desk1)
            merged.append(numbers[i])
        }
        for i in [82, 122] {
            _ = try db.mergeHouseholds(keep: numbers[i - 2], other: numbers[i], reason: "одна сім'я", context: Fixtures.desk1)
            merged.append(numbers[i])
        }
        try db.setPlan(kit: "winterization", audience: try PlanFixtures.criteria("(age>=60 or age<5) and not city"),
                       quantity: .perPeople(2), distribution: dist, context: Fixtures.desk1)
        try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .perPerson(cap: 3), distribution: dist,
                       context: Fixtures.desk1)
        try db.setPlan(kit: "blanket", audience: try PlanFixtures.criteria("disability or size>=4"),
                       quantity: .perPerson(cap: nil), distribution: dist, context: Fixtures.desk1)
        // The list names merged-away households as well as others.
        let listed = merged.prefix(5) + stride(from: 500, to: 860, by: 9).map { numbers[$0] }
        try db.setPlan(kit: "kitchen", audience: .list(listed.enumerated().map { PlanListEntry(row: $0.offset + 2, number: $0.element) }),
                       quantity: .fixed(1), distribution: dist, context: Fixtures.desk1)

        let mergedAway = Set(merged)
        var families: [String: Int] = [:]
        var kits: [String: Int] = [:]
        var differences: [String] = []
        for number in numbers where !mergedAway.contains(number) {
            let entitlements = try db.entitlements(household: number, distribution: dist)
            let card = try db.kitAvailability(household: number, distribution: dist, context: Fixtures.desk1, now: now)
            #expect(entitlements.lines.map(\.kit) == card.map(\.kit))
            for (line, kit) in zip(entitlements.lines, card) {
                let said: Result<Int, IssueRefusal>? = line.entitled ? .success(line.quantity) : nil
                if line.entitled { families[line.kit, default: 0] += 1; kits[line.kit, default: 0] += line.quantity }
                if let said, said != kit.status { differences.append("\(number) \(line.kit): \(said) ≠ \(kit.status)") }
                if said == nil, !kit.isOffPlan { differences.append("\(number) \(line.kit): not entitled, card \(kit.status)") }
                if (line.plan != nil) != kit.planned { differences.append("\(number) \(line.kit): planned differs") }
            }
        }
        #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.prefix(5))")
        let overview = try db.planOverview(distribution: dist)
        #expect(overview.families == 860 - merged.count)
        for line in overview.lines {
            #expect(line.households == families[line.kit, default: 0], "\(line.kit)")
            #expect(line.kitsNeeded == kits[line.kit, default: 0], "\(line.kit)")
        }
        // The list's merged-away households count for the families they joined.
        #expect(overview.lines.first { $0.kit == "kitchen" }?.households == listed.count)
    }

    /// For a merged family, a kit with no plan: `plan show --household`, the desk card and the
    /// issue itself name the same quantity, and the overview counts it so.
    @Test func aKitWithNoPlanForAMergedFamily() throws {
        let (db, dist) = try DuplicateFixtures.database(stock: [("hygiene", 30), ("bedding", 30)])
        try db.setPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(1), distribution: dist, context: Fixtures.desk1)
        // 00503 is someone else than 00417's two: a family of three under 00417.
        _ = try db.mergeHouseholds(keep: "00417", other: "00503", reason: "живуть разом", context: Fixtures.desk1)
        let said = try db.entitlement("bedding", household: "00417").quantity
        let card = try db.availability("bedding", household: "00417", distribution: dist).status
        let before = try db.planLine("bedding").kitsNeeded
        let given = try db.issue(household: "00417", kits: ["bedding"], distribution: dist, context: Fixtures.desk2,
                                 now: PlanFixtures.later)
        #expect(card == .success(given.kits[0].quantity))
        #expect(said == given.kits[0].quantity)
        // Every other family by itself: 5 + 1 + 1 + 1 + 1 (00418 capped at 4: 4).
        #expect(before == given.kits[0].quantity + 4 + 1 + 1 + 1 + 1)
    }
}

@Suite("Entitlement plans: the family as the plan sees it")
struct PlanFamilyTests {
    /// The same person registered twice, once marked with a disability: after the merge the
    /// family still has a member with a disability, at the desk and in the overview alike,
    /// whichever household is kept.
    @Test(arguments: [("00417", "00501"), ("00501", "00417")])
    func aDisabilityMarkedInEitherRegistrationCounts(keep: String, other: String) throws {
        var register = DuplicateFixtures.register
        let index = try #require(register.households.firstIndex { $0.number == "00501" })
        register.households[index].members[0].hasDisability = true
        let database = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try database.importRegister(register, context: Fixtures.desk1, now: PlanFixtures.today)
        let dist = try database.openDistribution(
            name: "Зимова видача", date: CivilDate(year: 2026, month: 11, day: 25)!, place: "Вінниця",
            stock: [("hygiene", 10), ("blanket", 10)], context: Fixtures.desk1, now: PlanFixtures.today)
        try database.setPlan(kit: "blanket", audience: try PlanFixtures.criteria("disability"), quantity: .fixed(1),
                             distribution: dist, context: Fixtures.desk1)
        #expect(try database.planLine("blanket").households == 1)

        _ = try database.mergeHouseholds(keep: keep, other: other, reason: "та сама людина", context: Fixtures.desk1)
        #expect(try database.entitlements(household: keep, distribution: dist).people == 2)
        #expect(try database.entitlement("blanket", household: keep).entitled)
        #expect(try database.availability("blanket", household: keep, distribution: dist).status == .success(1))
        #expect(try database.planLine("blanket").households == 1)
    }

    /// Ages are those on the distribution's date, not on the day the desk asks.
    @Test func agesAreTakenOnTheDistributionsDateNotTheDayOfAsking() throws {
        var register = PlanFixtures.register
        register.households.append(Household(number: "00430", settlement: "Вінниця", members: [
            PlanFixtures.person("Лисенко", "Ольга", "1966-12-01", head: true),
        ]))
        let database = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try database.importRegister(register, context: Fixtures.desk1, now: PlanFixtures.today)
        // Set up on 25 November for a distribution on 1 December, her sixtieth birthday.
        let dist = try database.openDistribution(
            name: "Грудень", date: CivilDate(year: 2026, month: 12, day: 1)!, place: "Вінниця",
            stock: [("winterization", 10)], context: Fixtures.desk1, now: PlanFixtures.today)
        try database.setPlan(kit: "winterization", audience: try PlanFixtures.criteria("age>=60"), quantity: .fixed(1),
                             distribution: dist, context: Fixtures.desk1, now: PlanFixtures.today)
        #expect(try database.entitlement("winterization", household: "00430").entitled)
        #expect(try database.availability("winterization", household: "00430", distribution: dist).status == .success(1))
        // 00418 (76) and 00419 (82) too.
        #expect(try database.planLine("winterization").households == 3)
        let given = try database.issue(household: "00430", kits: ["winterization"], distribution: dist,
                                       context: Fixtures.desk1, now: PlanFixtures.today)
        #expect(given.kits[0].overrideReason == nil)
    }
}
