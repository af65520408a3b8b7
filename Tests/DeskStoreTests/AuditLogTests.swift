import DeskCore
import Foundation
import GRDB
import Testing

@testable import DeskStore

@Suite("The audit log: append-only, look-ups recorded, filters")
struct AuditLogTests {
    @Test func theDatabaseRefusesToChangeOrDeleteIssuancesAndTheAuditEvenThroughSQL() throws {
        let (db, dist) = try Fixtures.database()
        let receipt = try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1)
        let id = receipt.kits[0].id
        func refused(_ sql: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let error = #expect(throws: DatabaseError.self, sourceLocation: sourceLocation) {
                try db.writer.write { db in try db.execute(sql: sql) }
            }
            #expect(error?.message?.contains(message) == true, "\(sql): \(String(describing: error))",
                    sourceLocation: sourceLocation)
        }
        let ledger = "an issuance can only be voided, once"
        refused("DELETE FROM issuance", "issuances are never deleted")
        refused("DELETE FROM issuance WHERE id = \(id)", "issuances are never deleted")
        refused("UPDATE issuance SET quantity = 2 WHERE id = \(id)", ledger)
        refused("UPDATE issuance SET operator = 'Хтось' WHERE id = \(id)", ledger)
        refused("UPDATE issuance SET householdId = 2 WHERE id = \(id)", ledger)
        refused("UPDATE issuance SET issuedAt = '2020-01-01 00:00:00.000' WHERE id = \(id)", ledger)
        refused("UPDATE audit SET detail = 'нічого' WHERE action = 'issue'", "the audit log is append-only")
        refused("UPDATE audit SET operator = 'Хтось'", "the audit log is append-only")
        refused("DELETE FROM audit", "the audit log is append-only")
        refused("DELETE FROM audit WHERE action = 'issue'", "the audit log is append-only")
        // A void is the one change, once; un-voiding is refused.
        try db.writer.write { db in
            try db.execute(sql: "UPDATE issuance SET voidedAt = CURRENT_TIMESTAMP, voidedBy = 'SQL', voidReason = 'тест' WHERE id = \(id)")
        }
        refused("UPDATE issuance SET voidedAt = NULL, voidReason = NULL WHERE id = \(id)", ledger)
        refused("UPDATE issuance SET voidReason = 'інша' WHERE id = \(id)", ledger)
        // Everything still there.
        #expect(try db.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM issuance") } == 1)
        let actions = try db.auditLog(AuditFilter(), context: Fixtures.desk1).entries.map(\.action)
        #expect(actions == ["import", "distribution.open", "checkin", "issue"])
    }

    @Test func lookUpsAreRecordedWithOperatorAndDesk() throws {
        let hub = try SignedInHub()
        let at = Fixtures.day("2026-11-25", hour: 11)
        try hub.assistant.recordLookup(household: "417", kind: .card, context: Fixtures.desk2, now: at)
        try hub.volunteer.recordLookup(household: "00418", kind: .history, context: Fixtures.desk1, now: at)
        try hub.assistant.recordLookups(households: ["00417", "00419", "00417"], kind: .find, context: Fixtures.desk2, now: at)
        #expect(throws: IssueRefusal.unknownHousehold("99999")) {
            try hub.assistant.recordLookup(household: "99999", context: Fixtures.desk2)
        }
        let lookups = try hub.coordinator.auditLog(AuditFilter(action: "lookup"), context: Fixtures.desk1).entries
        #expect(lookups.map(\.action) == ["lookup.card", "lookup.history", "lookup.find", "lookup.find"])
        #expect(lookups.map(\.household) == ["00417", "00418", "00417", "00419"])
        #expect(lookups.map(\.operatorName) == ["Олег", "Марія", "Олег", "Олег"])
        #expect(lookups.map(\.desk) == ["2", "1", "2", "2"])
        #expect(lookups.allSatisfy { $0.at == at })
        // Reading the log is itself in the log.
        let reads = try hub.coordinator.auditLog(AuditFilter(action: "audit.read"), context: Fixtures.desk1).entries
        #expect(reads.count == 1)
        #expect(reads[0].detail == "action lookup")
        #expect(reads[0].operatorName == "Ганна Координаторка")
    }

    @Test func theLogFiltersByHouseholdOperatorDayActionAndLimit() throws {
        let hub = try SignedInHub()
        let morning = Fixtures.day("2026-11-25", hour: 9, minute: 30)
        let nextDay = Fixtures.day("2026-11-26", hour: 10)
        _ = try hub.volunteer.issue(household: "00417", kits: ["hygiene"], distribution: hub.distribution,
                                    context: Fixtures.desk1, now: morning)
        _ = try hub.coordinator.issue(household: "00418", kits: ["hygiene"], distribution: hub.distribution,
                                      context: Fixtures.desk2, now: morning)
        try hub.assistant.recordLookup(household: "00417", context: Fixtures.desk2, now: nextDay)
        // 00419 merged into 00417: its entries are the family's.
        _ = try hub.coordinator.mergeHouseholds(keep: "00417", other: "00419", reason: "одна сім'я",
                                                context: Fixtures.desk1, now: nextDay)
        try hub.volunteer.recordLookup(household: "00419", context: Fixtures.desk1, now: nextDay)

        let coordinator = hub.coordinator
        func log(_ filter: AuditFilter) throws -> [AuditEntry] { try coordinator.auditLog(filter, context: Fixtures.desk1).entries }

        let family = try log(AuditFilter(household: "417"))
        #expect(family.map(\.action) == ["checkin", "issue", "lookup.card", "household.merge", "lookup.card"])
        #expect(family.last?.household == "00419")
        #expect(try log(AuditFilter(household: "00418")).map(\.action) == ["checkin", "issue"])
        #expect(throws: IssueRefusal.unknownHousehold("555")) { try log(AuditFilter(household: "555")) }

        // Before operators existed (setup mode), the fixture imported and opened as "Марія" too.
        let byMaria = try log(AuditFilter(operatorName: "марія"))
        #expect(byMaria.map(\.action) == ["import", "distribution.open", "checkin", "issue", "lookup.card"])
        #expect(try log(AuditFilter(operatorName: "Олег", action: "lookup")).map(\.household) == ["00417"])

        let kyiv = Fixtures.kyiv
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = kyiv
        let since = try log(AuditFilter(since: calendar.startOfDay(for: nextDay)))
        #expect(since.map(\.action).prefix(3) == ["lookup.card", "household.merge", "lookup.card"])
        #expect(since.allSatisfy { $0.action == "audit.read" || $0.at >= calendar.startOfDay(for: nextDay) })

        // The coordinator's reading of the family's log above is in the family's log too.
        let limited = try coordinator.auditLog(AuditFilter(household: "00417", limit: 2), context: Fixtures.desk1)
        #expect(limited.matching == 6)
        #expect(limited.entries.map(\.action) == ["lookup.card", "audit.read"])
        #expect(try log(AuditFilter(action: "issue")).map(\.household) == ["00417", "00418"])
        #expect(try log(AuditFilter(action: "iss")).isEmpty)
    }
}
