import DeskCore
import Foundation
import GRDB
import Testing

@testable import DeskStore

@Suite("Purge of old distributions' personal data")
struct PurgeTests {
    /// Autumn (closed, before the date) is purged; winter (open) is not.
    func twoDistributions() throws -> (DeskDatabase, autumn: Int64, winter: Int64) {
        let db = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        let october = Fixtures.day("2026-10-01")
        _ = try db.importRegister(Fixtures.register, context: Fixtures.desk1, now: october)
        let autumn = try db.openDistribution(name: "Осінь", date: CivilDate(parsing: "2026-10-01")!, place: "",
                                             stock: [("hygiene", 10), ("bedding", 10)], context: Fixtures.desk1, now: october)
        _ = try db.issue(household: "00417", kits: ["hygiene", "bedding"], distribution: autumn,
                         collectedBy: "Сусідка Тетяна Гнатюк", context: Fixtures.desk1, now: october)
        let voided = try db.issue(household: "00418", kits: ["hygiene"], distribution: autumn, context: Fixtures.desk1,
                                  now: october)
        try db.void(issuance: voided.kits[0].id, reason: "записали Бондаря замість Шевчук", context: Fixtures.desk1, now: october)
        try db.checkIn(household: "00419", distribution: autumn, member: "Шевчук Галина", context: Fixtures.desk1, now: october)
        try db.closeDistribution(id: autumn, context: Fixtures.desk1, now: october)
        let november = Fixtures.day("2026-11-25")
        let winter = try db.openDistribution(name: "Зима", date: CivilDate(parsing: "2026-11-25")!, place: "",
                                             stock: [("hygiene", 10)], context: Fixtures.desk1, now: november)
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: winter,
                         collectedBy: "Сусідка Тетяна Гнатюк", context: Fixtures.desk1, now: november)
        return (db, autumn, winter)
    }

    @Test func namesGoAndTheFiguresStay() throws {
        let (db, autumn, winter) = try twoDistributions()
        let before = try db.report(distribution: autumn, timeZone: Fixtures.kyiv).json()
        let outcomes = try db.purge(before: CivilDate(parsing: "2026-11-01")!, context: Fixtures.desk1)
        #expect(outcomes.map(\.distributionId) == [autumn])
        #expect(outcomes[0].issuances == 3 && outcomes[0].checkIns >= 1)

        let everything = try db.writer.read { sql in
            try String.fetchAll(sql, sql: """
                SELECT collectedBy || ' ' || COALESCE(voidReason, '') FROM issuance WHERE distributionId = ?
                UNION ALL SELECT COALESCE(member, '') || COALESCE(documentNote, '') || COALESCE(memberPersonId, '')
                    FROM checkIn WHERE distributionId = ?
                UNION ALL SELECT detail FROM audit WHERE distributionId = ?
                """, arguments: [autumn, autumn, autumn]).joined(separator: "\n")
        }
        for name in ["Сусідка", "Тетяна", "Коваленко", "Бондар", "Шевчук"] {
            #expect(!everything.contains(name), "\(name) is still in the purged distribution")
        }
        // The anonymous ledger and figures stay; the frozen report equals the one before.
        let history = try db.history(household: "00417", context: Fixtures.desk1)
        #expect(history.entries.filter { $0.distributionId == autumn }.map(\.kit).sorted() == ["bedding", "hygiene"])
        #expect(try db.purgedReport(distribution: autumn) == before)
        let status = try db.status().distributions.first { $0.id == autumn }!
        #expect(status.stock.first { $0.kit == "hygiene" }?.issued == 1)
        #expect(status.householdsServed == 1)
        #expect(try db.check().isEmpty)
        // The open distribution keeps its names, and a purge is done once.
        #expect(try db.history(household: "00417", context: Fixtures.desk1).entries.first { $0.distributionId == winter }?
            .collectedBy == "Сусідка Тетяна Гнатюк")
        #expect(try db.purge(before: CivilDate(parsing: "2026-12-31")!, context: Fixtures.desk1).isEmpty)
    }

    @Test func aDryRunChangesNothing() throws {
        let (db, autumn, _) = try twoDistributions()
        let outcomes = try db.purge(before: CivilDate(parsing: "2026-11-01")!, dryRun: true, context: Fixtures.desk1)
        #expect(outcomes.count == 1)
        #expect(try db.history(household: "00417", context: Fixtures.desk1).entries
            .contains { $0.distributionId == autumn && $0.collectedBy == "Сусідка Тетяна Гнатюк" })
        #expect(try db.purgedReport(distribution: autumn) == nil)
    }

    @Test func theLedgerStillRefusesEveryOtherChange() throws {
        let (db, autumn, winter) = try twoDistributions()
        _ = try db.purge(before: CivilDate(parsing: "2026-11-01")!, context: Fixtures.desk1)
        try db.writer.write { sql in
            // Names may not be blanked in a distribution that was not purged.
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: "UPDATE issuance SET collectedBy = '', collectedByPersonId = NULL WHERE distributionId = ?",
                                arguments: [winter])
            }
            // Nor may a purged record be rewritten to someone else.
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: "UPDATE issuance SET collectedBy = 'Хтось' WHERE distributionId = ?", arguments: [autumn])
            }
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: "UPDATE issuance SET quantity = 9 WHERE distributionId = ?", arguments: [autumn])
            }
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: "UPDATE audit SET detail = 'інше' WHERE distributionId = ?", arguments: [autumn])
            }
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: "UPDATE audit SET detail = '' WHERE distributionId = ?", arguments: [winter])
            }
            #expect(throws: DatabaseError.self) { try sql.execute(sql: "DELETE FROM audit WHERE distributionId = ?", arguments: [autumn]) }
        }
    }
}
