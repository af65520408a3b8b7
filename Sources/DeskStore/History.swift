import DeskCore
import Foundation
import GRDB

// What a family received, newest first, voids included: under every number merged into it.

extension DeskDatabase {
    /// What the household received, newest first, voids included and marked.
    public func history(household number: String, context: DeskContext) throws -> HouseholdHistory {
        try writer.read { db in
            try authorize(db, .lookUp)
            guard let record = try findHousehold(db, number: number) else {
                throw IssueRefusal.unknownHousehold(number)
            }
            let household = try loadHousehold(db, record)
            // A merged family's history is its households' histories together.
            let family = try familyIds(db, householdId: record.id!)
            let marks = databaseQuestionMarks(count: family.count)
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.*, d.name AS distributionName, d.place AS place
                FROM issuance i JOIN distribution d ON d.id = i.distributionId
                WHERE i.householdId IN (\(marks)) ORDER BY i.issuedAt DESC, i.id DESC
                """, arguments: StatementArguments(family))
            let entries = rows.map { row in
                HistoryLine(
                    issuanceId: row["id"], kit: row["kitCode"], quantity: row["quantity"],
                    distributionId: row["distributionId"], distributionName: row["distributionName"],
                    place: row["place"], issuedAt: row["issuedAt"], desk: row["desk"],
                    operatorName: row["operator"], collectedBy: row["collectedBy"],
                    collectedByProxy: (row["collectedByPersonId"] as Int64?) == nil,
                    isVoided: (row["voidedAt"] as Date?) != nil, voidedAt: row["voidedAt"], voidedBy: row["voidedBy"],
                    voidReason: row["voidReason"], overrideReason: row["overrideReason"])
            }
            return HouseholdHistory(household: household, entries: entries)
        }
    }
}
