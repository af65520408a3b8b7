import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// A demo day in an in-memory database: the demo register (plus two families whose register
/// rows lack sex or birth date), a distribution opened at 08:30 with a stock adjustment, ~140
/// families served at three desks from 09:00 into the afternoon, a few issues voided.
struct ReportDemoDay {
    static let day = "2026-11-25"
    let database: DeskDatabase
    let distribution: Int64
    let register: Register
    let coordinator = DeskContext(operatorName: "Координатор", desk: "1", timeZone: Fixtures.kyiv)

    init() throws {
        let names = try DemoNames(
            maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
            femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
            surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
            settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
        var register = DemoRegister.generate(
            households: 400, names: names, seed: DemoRegister.defaultSeed, today: CivilDate(parsing: Self.day)!)
        register.households.append(Household(number: "90001", settlement: "Бар", members: [
            Person(surname: "Безданих", givenName: "Марія", isHead: true),
            Person(surname: "Безданих", givenName: "Іван", birthDate: CivilDate(parsing: "2019-04-01")),
        ]))
        register.households.append(Household(number: "90002", settlement: "", members: [
            Person(surname: "Невідома", givenName: "Олена", sex: .female, isHead: true),
        ]))
        self.register = register
        database = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try database.importRegister(register, context: coordinator, now: Fixtures.day(Self.day, hour: 8, minute: 0))
        distribution = try database.openDistribution(
            name: "Зимова видача", date: CivilDate(parsing: Self.day)!, place: "Вінниця",
            stock: [("hygiene", 200), ("winterization", 90), ("bedding", 400), ("kitchen", 60)],
            context: coordinator, now: Fixtures.day(Self.day, hour: 8, minute: 30))
        try database.adjustStock(distribution: distribution, kit: "hygiene", by: 25, reason: "друга машина",
                                 context: coordinator, now: Fixtures.day(Self.day, hour: 11, minute: 0))
        let numbers = register.households.map(\.number)
        var served = 0
        for (i, number) in numbers.enumerated() where i % 3 == 0 || number.hasPrefix("9") {
            let kits = number.hasPrefix("9") ? ["hygiene"]
                : i % 2 == 0 ? ["hygiene", "bedding"] : ["hygiene", "winterization", "kitchen"]
            let minutes = served * 3
            let desk = DeskContext(operatorName: ["Марія", "Олег", "Ірина"][served % 3], desk: "\(1 + served % 3)",
                                   timeZone: Fixtures.kyiv)
            do {
                _ = try database.issue(household: number, kits: kits, distribution: distribution, context: desk,
                                       now: Fixtures.day(Self.day, hour: 9 + minutes / 60, minute: minutes % 60))
                served += 1
            } catch is IssueRefusal {
                continue  // out of stock for a kit late in the day: the family gets nothing, as at the desk
            }
        }
        // A few issues voided: the kits go back to stock, and one family keeps nothing.
        let voids = try database.writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM issuance WHERE distributionId = ? ORDER BY id LIMIT 5",
                               arguments: [distribution])
        }
        for id in voids {
            try database.void(issuance: id, reason: "помилка", context: coordinator, now: Fixtures.day(Self.day, hour: 15))
        }
    }

    /// What the register says about the families with a live issuance: computed apart from the engine.
    func servedHouseholds() throws -> [Household] {
        let served = try database.writer.read { db in
            try Set(String.fetchAll(db, sql: """
                SELECT DISTINCT h.number FROM issuance i JOIN household h ON h.id = i.householdId
                WHERE i.distributionId = ? AND i.voidedAt IS NULL
                """, arguments: [distribution]))
        }
        return register.households.filter { served.contains($0.number) }
    }
}

@Suite("Distribution report over the database")
struct ReportQueriesTests {
    @Test func aDemoDayAddsUp() throws {
        let demo = try ReportDemoDay()
        let report = try demo.database.report(distribution: nil, timeZone: Fixtures.kyiv)
        let served = try demo.servedHouseholds()
        #expect(served.count > 100)
        #expect(report.distribution.id == demo.distribution)
        #expect(report.households == served.count)
        #expect(report.people == served.reduce(0) { $0 + $1.members.count })

        // Per kit: issued + left = received; received includes the adjustment; the ledger agrees.
        let status = try demo.database.status().distributions.first { $0.id == demo.distribution }!
        for kit in report.kits {
            #expect(kit.issued + kit.left == kit.received, "\(kit.kit)")
            let stock = status.stock.first { $0.kit == kit.kit }!
            #expect((kit.received, kit.issued, kit.left) == (stock.received, stock.issued, stock.left))
        }
        #expect(report.kits.first { $0.kit == "hygiene" }?.received == 225)
        #expect(report.voidedTotal >= 5)

        // Sex × age: computed again from the register, on the distribution day.
        var expected: [ReportSex: [AgeBand: Int]] = [:]
        for person in served.flatMap(\.members) {
            expected[ReportSex(person.sex), default: [:]][
                AgeBand(birthDate: person.birthDate, on: CivilDate(parsing: ReportDemoDay.day)!), default: 0] += 1
        }
        for sex in ReportSex.allCases {
            for band in AgeBand.allCases {
                #expect(report.people(sex, band) == expected[sex]?[band] ?? 0, "\(sex) \(band)")
            }
        }
        #expect(ReportSex.allCases.reduce(0) { $0 + report.people(sex: $1) } == report.people)
        // The two families with gaps in the register are counted, as unknown.
        #expect(report.people(sex: .unknown) >= 2 && report.people(.unknown, .unknown) >= 1)
        #expect(report.people(.female, .unknown) >= 1)

        // City and region: the demo's hub city has the most households.
        #expect(report.hubCity == "Вінниця" && !report.hubCityNamed)
        #expect(report.city.households + report.region.households == report.households)
        #expect(report.city.people + report.region.people == report.people)
        #expect(report.city.households == served.filter { $0.settlement == "Вінниця" }.count)
        #expect(report.city.households > 0 && report.region.households > 0)

        // Desks and hours, local time.
        #expect(report.perDesk.map(\.key) == ["1", "2", "3"])
        #expect(report.perDesk.reduce(0) { $0 + $1.households } == report.households)
        #expect(report.perHour.first?.key == "09:00")
        #expect(report.perHour.reduce(0) { $0 + $1.households } == report.households)
        #expect(report.perHour.reduce(0) { $0 + $1.kits } == report.issuedTotal)
        #expect(report.checkedIn >= report.households)
        #expect(report.reconciliation.isEmpty)
    }

    @Test func theHubCityCanBeNamed() throws {
        let demo = try ReportDemoDay()
        let report = try demo.database.report(distribution: demo.distribution, hubCity: "Жмеринка", timeZone: Fixtures.kyiv)
        let served = try demo.servedHouseholds()
        #expect(report.hubCity == "Жмеринка" && report.hubCityNamed)
        #expect(report.city.households == served.filter { $0.settlement == "Жмеринка" }.count)
        #expect(report.city.households + report.region.households == report.households)
    }

    @Test func theDefaultIsTheOpenDistributionElseTheLatest() throws {
        let (db, first) = try Fixtures.database()
        #expect(try db.reportDistributionId(nil) == first)
        let second = try Fixtures.openAnotherTheOldWay(db, name: "Друга", stock: [("hygiene", 5)])
        #expect(throws: IssueRefusal.severalOpenDistributions([first, second])) { try db.reportDistributionId(nil) }
        #expect(try db.reportDistributionId(first) == first)
        try db.closeDistribution(id: second, counts: [], context: Fixtures.desk1)
        #expect(try db.reportDistributionId(nil) == first)
        try db.closeDistribution(id: first, counts: [], context: Fixtures.desk1)
        #expect(try db.reportDistributionId(nil) == second)  // none open: the latest
        #expect(throws: IssueRefusal.unknownDistribution(99)) { try db.report(distribution: 99) }
        let empty = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        #expect(throws: IssueRefusal.noOpenDistribution) { try empty.report(distribution: nil) }
    }

    @Test func aMergedHouseholdCountsOnceAndItsPeopleOnce() throws {
        let (db, dist) = try Fixtures.database()
        // 00419 turns out to be the same family as 00417, with Олена registered in both.
        _ = try db.importRegister(Register(households: [
            Household(number: "00419", settlement: "Козятин", members: [
                Fixtures.person("Шевчук", "Галина", "Олексіївна", "20.06.1944", .female, head: true),
                Fixtures.person("Коваленко", "Олена", "Петрівна", "12.03.1981", .female),
            ]),
        ]), context: Fixtures.desk1)
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1)
        _ = try db.issue(household: "00419", kits: ["bedding"], distribution: dist, context: Fixtures.desk2)
        try db.writer.write { db in
            try db.execute(sql: """
                UPDATE household SET mergedInto = (SELECT id FROM household WHERE number = '00417') WHERE number = '00419'
                """)
        }
        let report = try db.report(distribution: dist, timeZone: Fixtures.kyiv)
        #expect(report.households == 1)
        #expect(report.people == 3)  // Олена, Марко, Галина: Олена once
        #expect(report.perDesk.reduce(0) { $0 + $1.households } == 1)
        #expect(report.city.households + report.region.households == 1)
    }
}

@Suite("Close-out: counts recorded and the distribution closed in one transaction")
struct CloseOutStoreTests {
    func auditActions(_ db: DeskDatabase) throws -> [String] {
        try db.writer.read { db in try String.fetchAll(db, sql: "SELECT action FROM audit ORDER BY id") }
    }

    func reconciliationRows(_ db: DeskDatabase) throws -> Int {
        try db.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reconciliation") ?? 0 }
    }

    @Test func countsWithReasonsGoIntoTheReport() throws {
        let demo = try ReportDemoDay()
        let sheet = try demo.database.closeOutSheet(distribution: nil)
        #expect(sheet.lines.map(\.kit) == ["hygiene", "winterization", "bedding", "kitchen"])
        let status = try demo.database.status().distributions[0]
        for line in sheet.lines {
            #expect(line.expected == status.stock.first { $0.kit == line.kit }!.left)
        }
        let counts = sheet.lines.map { line in
            line.kit == "hygiene"
                ? KitCount(kit: line.kit, counted: line.expected - 2, reason: "дві пошкоджені при розвантаженні",
                           expectedShown: line.expected)
                : KitCount(kit: line.kit, counted: line.expected, expectedShown: line.expected)
        }
        let closeAt = Fixtures.day(ReportDemoDay.day, hour: 18)
        let closed = try demo.database.closeDistribution(id: nil, counts: counts, context: demo.coordinator, now: closeAt)
        #expect(!closed.isOpen)
        #expect(try reconciliationRows(demo.database) == 4)
        #expect(try auditActions(demo.database).suffix(2) == ["closeout.count", "distribution.close"])

        let report = try demo.database.report(distribution: nil, timeZone: Fixtures.kyiv)  // closed: the latest
        #expect(!report.distribution.isOpen)
        #expect(report.distribution.closedBy == "Координатор")
        #expect(report.reconciliation.map(\.kit) == ["hygiene", "winterization", "bedding", "kitchen"])
        let hygiene = try #require(report.reconciliation.first)
        #expect(hygiene.difference == -2)
        #expect(hygiene.expected == report.kits.first { $0.kit == "hygiene" }!.left)
        #expect(hygiene.reason == "дві пошкоджені при розвантаженні")
        #expect(hygiene.operatorName == "Координатор" && hygiene.at == closeAt)
        #expect(report.reconciliation.dropFirst().allSatisfy { $0.difference == 0 && $0.reason.isEmpty })
        // A closed distribution takes no more issuance, and its count is final.
        #expect(throws: IssueRefusal.self) {
            try demo.database.issue(household: "00002", kits: ["hygiene"], distribution: demo.distribution, context: demo.coordinator)
        }
        #expect(throws: EngineError.distributionAlreadyClosed(name: "Зимова видача")) {
            try demo.database.closeDistribution(id: demo.distribution, counts: counts, context: demo.coordinator)
        }
        #expect(throws: (any Error).self) {
            try demo.database.writer.write { db in try db.execute(sql: "UPDATE reconciliation SET counted = 0") }
        }
    }

    @Test func aDifferenceWithoutAReasonWritesNothing() throws {
        let (db, dist) = try Fixtures.database()
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1)
        let before = try auditActions(db)
        let counts = [KitCount(kit: "hygiene", counted: 8), KitCount(kit: "winterization", counted: 10),
                      KitCount(kit: "bedding", counted: 20), KitCount(kit: "kitchen", counted: 1)]
        #expect(throws: CloseOutError.reasonRequired(kit: "hygiene", expected: 9, counted: 8)) {
            try db.closeDistribution(id: dist, counts: counts, context: Fixtures.desk1)
        }
        #expect(throws: CloseOutError.missingCounts(kits: ["winterization", "bedding", "kitchen"])) {
            try db.closeDistribution(id: dist, counts: [KitCount(kit: "hygiene", counted: 9)], context: Fixtures.desk1)
        }
        #expect(throws: CloseOutError.kitNotInDistribution(kit: "lamp")) {
            try db.closeDistribution(id: dist, counts: [KitCount(kit: "lamp", counted: 9)], context: Fixtures.desk1)
        }
        #expect(try db.status().distributions[0].isOpen)
        #expect(try reconciliationRows(db) == 0)
        #expect(try auditActions(db) == before)
    }

    @Test func aCountAgainstAFigureThatMovedIsRefused() throws {
        let (db, dist) = try Fixtures.database()
        let sheet = try db.closeOutSheet(distribution: dist)
        // Another desk issues while the coordinator counts.
        _ = try db.issue(household: "00418", kits: ["hygiene"], distribution: dist, context: Fixtures.desk2)
        let counts = sheet.lines.map { KitCount(kit: $0.kit, counted: $0.expected, expectedShown: $0.expected) }
        #expect(throws: CloseOutError.expectedChanged(kit: "hygiene", shown: 10, now: 9)) {
            try db.closeDistribution(id: dist, counts: counts, context: Fixtures.desk1)
        }
        #expect(try db.status().distributions[0].isOpen)
        // Counted again against the new figure, it goes through.
        let again = try db.closeOutSheet(distribution: dist)
        try db.closeDistribution(
            id: dist, counts: again.lines.map { KitCount(kit: $0.kit, counted: $0.expected, expectedShown: $0.expected) },
            context: Fixtures.desk1)
        let report = try db.report(distribution: dist, timeZone: Fixtures.kyiv)
        #expect(report.reconciliation.first { $0.kit == "hygiene" }?.expected == 9)
    }

    @Test func closingWithoutCountsRecordsNone() throws {
        let (db, dist) = try Fixtures.database()
        let closed = try db.closeDistribution(id: nil, counts: [], context: Fixtures.desk1)
        #expect(closed.id == dist && !closed.isOpen)
        #expect(try reconciliationRows(db) == 0)
        #expect(try auditActions(db).last == "distribution.close")
        #expect(try db.report(distribution: dist).reconciliation.isEmpty)
        #expect(throws: EngineError.distributionAlreadyClosed(name: "Зимова видача")) { try db.closeOutSheet(distribution: dist) }
    }
}
