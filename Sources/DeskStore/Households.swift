import DeskCore
import Foundation
import GRDB

// Finding a household by the number the family knows, following merges, and the family it
// belongs to: what every look-up, check-in and issue starts from.

extension DeskDatabase {
    /// A household with its members, head first, by the number the family knows.
    public func household(number: String) throws -> Household? {
        try writer.read { db in
            try authorize(db, .lookUp)
            guard let record = try findHousehold(db, number: number) else { return nil }
            return try loadHousehold(db, record)
        }
    }

    /// The household the family is served under, by the number as written (failing that, by
    /// its value, so `417` finds `00417`): a household merged into another leads to the one
    /// it was merged into.
    func findHousehold(_ db: Database, number: String) throws -> HouseholdRecord? {
        guard var record = try findRegisteredHousehold(db, number: number) else { return nil }
        var seen: Set<Int64> = [record.id!]
        while let target = try Int64.fetchOne(db, sql: "SELECT mergedInto FROM household WHERE id = ?", arguments: [record.id]),
            seen.insert(target).inserted,
            let next = try HouseholdRecord.fetchOne(db, key: target)
        {
            record = next
        }
        return record
    }

    /// The ids of the households whose issuances count as this one's: itself and every
    /// household merged into it (a merge re-points earlier merges, so one level is all there is).
    func familyIds(_ db: Database, householdId: Int64) throws -> [Int64] {
        [householdId] + (try Int64.fetchAll(db, sql: "SELECT id FROM household WHERE mergedInto = ? ORDER BY id",
                                            arguments: [householdId]))
    }

    /// By the number as written; failing that, by the number it is (`HouseholdNumber.key`:
    /// `417` and `0417` find `00417`), the family served under it first. Merges are not followed.
    func findRegisteredHousehold(_ db: Database, number: String) throws -> HouseholdRecord? {
        let number = number.trimmingSpaces()
        if let exact = try HouseholdRecord.filter({ $0.number == number }).fetchOne(db) { return exact }
        return try HouseholdRecord.fetchOne(db, sql: """
            SELECT * FROM household WHERE numberKey = ? ORDER BY mergedInto IS NOT NULL, id LIMIT 1
            """, arguments: [HouseholdNumber.key(number)])
    }

    func loadHousehold(_ db: Database, _ record: HouseholdRecord) throws -> Household {
        let members = try PersonRecord.filter { $0.householdId == record.id! }.order { $0.position }.fetchAll(db)
        return Household(number: record.number, settlement: record.settlement, members: members.map(\.person))
    }
}
