import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// The import reads and writes in bulk; these check it does exactly what one household at a
/// time did. (Its speed is measured by DeskBench, not by a timed test: machines are shared.)
@Suite("Register import in bulk")
struct ImportBulkTests {
    static func demo(people: Int, seed: UInt64 = 11) throws -> Register {
        let names = try DemoNames(
            maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
            femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
            surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
            settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
        var register = DemoRegister.generate(people: people, names: names, seed: seed, today: CivilDate(year: 2026, month: 11, day: 25)!)
        // The generator may give twins one name and birth date; the parser would refuse them.
        for h in register.households.indices {
            var seen = Set<String>()
            for m in register.households[h].members.indices {
                while !seen.insert(register.households[h].members[m].identityKey).inserted {
                    register.households[h].members[m].birthDate = register.households[h].members[m].birthDate?.adding(days: 1)
                }
            }
        }
        return register
    }

    /// Every register row, in a comparable form (ids included: the same rows get the same ids).
    static func contents(_ db: DeskDatabase) throws -> [String] {
        try db.writer.read { db in
            let households = try Row.fetchAll(db, sql: "SELECT id, number, settlement, mergedInto FROM household ORDER BY id")
            let people = try Row.fetchAll(db, sql: "SELECT * FROM person ORDER BY id")
            return households.map(\.description) + people.map(\.description)
        }
    }

    static func total(_ summaries: [ImportSummary]) -> ImportSummary {
        var sum = ImportSummary()
        for s in summaries {
            sum.householdsAdded += s.householdsAdded
            sum.householdsUpdated += s.householdsUpdated
            sum.peopleAdded += s.peopleAdded
            sum.peopleUpdated += s.peopleUpdated
            sum.peopleUnchanged += s.peopleUnchanged
        }
        return sum
    }

    /// The import as it was before it went bulk (one household at a time through GRDB records,
    /// without the audit entry), kept here as the reference.
    static func referenceImport(_ database: DeskDatabase, _ register: Register) throws -> ImportSummary {
        try database.writer.write { db in
            var summary = ImportSummary()
            for household in register.households {
                var record = try HouseholdRecord.filter(Column("number") == household.number).fetchOne(db)
                if var existing = record {
                    if existing.settlement != household.settlement {
                        existing.settlement = household.settlement
                        try existing.update(db)
                        summary.householdsUpdated += 1
                    }
                } else {
                    var new = HouseholdRecord(id: nil, number: household.number, settlement: household.settlement)
                    try new.insert(db)
                    record = new
                    summary.householdsAdded += 1
                }
                let householdId = record!.id!
                let existing = try PersonRecord.filter(Column("householdId") == householdId).fetchAll(db)
                var byKey = Dictionary(existing.map { ($0.person.identityKey, $0) }, uniquingKeysWith: { a, _ in a })
                for (position, person) in household.members.enumerated() {
                    var wanted = PersonRecord(person, householdId: householdId, position: position)
                    if let old = byKey.removeValue(forKey: person.identityKey) {
                        wanted.id = old.id
                        if old.person != person || old.position != position {
                            try wanted.update(db)
                            summary.peopleUpdated += 1
                        } else {
                            summary.peopleUnchanged += 1
                        }
                    } else {
                        try wanted.insert(db)
                        summary.peopleAdded += 1
                    }
                }
            }
            // The reference knows nothing of the duplicate checks' column: fill it as the import does.
            for row in try Row.fetchAll(db, sql: "SELECT id, idpCertificate FROM person") {
                try db.execute(sql: "UPDATE person SET certificateDigits = ? WHERE id = ?",
                               arguments: [DuplicateDetector.certificateKey(row[1]), row[0] as Int64])
            }
            return summary
        }
    }

    @Test func fiveThousandRowsImportedTwiceChangeNothingTheSecondTime() throws {
        let register = try Self.demo(people: 5_000)
        let db = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        var calls: [(Int, Int)] = []
        let first = try db.importRegister(register, context: Fixtures.desk1, progress: { calls.append(($0, $1)) })
        #expect(first.peopleAdded == 5_000)
        #expect(first.householdsAdded == register.households.count)
        #expect(first.householdsUpdated + first.peopleUpdated + first.peopleUnchanged == 0)
        // The progress goes from 0 to all of them, never backwards.
        #expect(calls.first.map { [$0.0, $0.1] } == [0, 5_000])
        #expect(calls.last.map { [$0.0, $0.1] } == [5_000, 5_000])
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.0 <= $1.0 })
        #expect(calls.count > 10)

        let before = try Self.contents(db)
        let auditBefore = try db.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit") }
        let second = try db.importRegister(register, context: Fixtures.desk1)
        #expect(second.peopleUnchanged == 5_000)
        #expect(!second.changedAnything)
        #expect(try Self.contents(db) == before)
        #expect(try db.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit") } == auditBefore)
    }

    /// The bulk import, the same register brought in one household at a time, and the import as
    /// it was before give the same rows and the same counts, for a first import and for a
    /// corrected file: a phone changed, a family moved, a member added, a member left out.
    @Test func bulkImportGivesTheSameDatabaseAsBefore() throws {
        let register = try Self.demo(people: 3_000, seed: 5)
        var corrected = register
        corrected.households[3].members[0].phone = "+380991112233"
        corrected.households[10].settlement = "Хмільник"
        corrected.households[20].members.append(
            Person(surname: "Новенька", givenName: "Дарина", birthDate: CivilDate(year: 2026, month: 10, day: 1), sex: .female))
        corrected.households[30].members.removeLast()
        corrected.households[40].members.reverse()
        corrected.households.append(Household(number: "99999", settlement: "Бар", members: [
            Person(surname: "Остання", givenName: "Віра", isHead: true),
        ]))

        let bulk = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        let single = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        let reference = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        for version in [register, corrected] {
            let bulkSummary = try bulk.importRegister(version, context: Fixtures.desk1)
            // One household at a time takes the import's other path (looking households up one by one).
            let singleSummary = Self.total(try version.households.map { household in
                try single.importRegister(Register(households: [household]), context: Fixtures.desk1)
            })
            let referenceSummary = try Self.referenceImport(reference, version)
            #expect(bulkSummary == referenceSummary)
            #expect(singleSummary == referenceSummary)
            #expect(try Self.contents(bulk) == Self.contents(reference))
            #expect(try Self.contents(single) == Self.contents(reference))
        }
        let second = try bulk.importRegister(corrected, context: Fixtures.desk1)
        #expect(!second.changedAnything)
        // The corrected import: one new family, two families changed, nobody removed.
        let again = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try again.importRegister(register, context: Fixtures.desk1)
        let summary = try again.importRegister(corrected, context: Fixtures.desk1)
        #expect(summary.householdsAdded == 1)
        #expect(summary.householdsUpdated == 1)
        #expect(summary.peopleAdded == 2)
        #expect(summary.peopleUpdated >= 3)
        #expect(try again.status().people == register.peopleCount + 2)
    }

    @Test func aDryRunWritesNothing() throws {
        let db = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        let summary = try db.importRegister(try Self.demo(people: 500), context: Fixtures.desk1, dryRun: true)
        #expect(summary.peopleAdded == 500)
        #expect(try db.status().people == 0)
        #expect(try Self.contents(db).isEmpty)
    }
}
