import DeskCore
import Foundation
import GRDB
import Testing

@testable import DeskStore

@Suite("v11: a hub from before keeps its rows and ids, numbers on above them, and checks clean")
struct IdsNeverReusedTests {
    @Test func anUpgradedHubKeepsItsIdsAndMatchesAFreshSchema() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-v11-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        // A hub as the version before v11 left it: a distribution, three issuances and a check-in.
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "v8: disability mark from the register")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO kit (code, position, nameUk, nameEn) VALUES ('hygiene', 0, 'Гігієнічний набір', 'Hygiene kit');
                INSERT INTO household (id, number) VALUES (1, '00417'), (2, '00418'), (3, '00419');
                INSERT INTO distribution (id, name, date, openedAt, openedBy) VALUES (1, 'Видача', '2026-11-25', '2026-11-25 08:00:00', 'Марія');
                INSERT INTO stock (distributionId, kitCode, received) VALUES (1, 'hygiene', 10);
                INSERT INTO issuance (id, distributionId, householdId, kitCode, quantity, collectedBy, operator, desk, issuedAt)
                VALUES (1, 1, 1, 'hygiene', 1, 'x', 'Марія', '1', '2026-11-25 08:42:00'),
                       (2, 1, 2, 'hygiene', 1, 'x', 'Марія', '1', '2026-11-25 08:43:00'),
                       (3, 1, 3, 'hygiene', 1, 'x', 'Марія', '1', '2026-11-25 08:44:00');
                INSERT INTO checkIn (id, distributionId, householdId, checkedInAt, operator, desk) VALUES (1, 1, 1, '2026-11-25 08:41:00', 'Марія', '1');
                """)
        }
        try old.close()

        let upgraded = try DeskDatabase.open(path: path, catalogue: Fixtures.catalogue())
        try upgraded.writer.read { db in
            #expect(try Int64.fetchAll(db, sql: "SELECT id FROM issuance ORDER BY id") == [1, 2, 3])
            #expect(try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'issuance'") == 3)
            #expect(try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'checkIn'") == 1)
            let tampering = try DeskDatabase.schemaTampering(db)
            #expect(tampering.isEmpty, "\(tampering)")
            // The append-only guards came back with the rebuilt table.
            #expect(throws: (any Error).self) { try db.execute(sql: "DELETE FROM issuance WHERE id = 1") }
        }
        // Removed rows never give their number to a new one (what a restore relies on).
        try upgraded.writer.write { db in
            try db.execute(sql: "DROP TRIGGER issuance_never_deleted")
            try db.execute(sql: "DELETE FROM issuance WHERE id = 3")
            try db.execute(sql: """
                INSERT INTO issuance (distributionId, householdId, kitCode, quantity, collectedBy, operator, desk, issuedAt)
                VALUES (1, 3, 'hygiene', 1, 'x', 'Марія', '1', '2026-11-25 09:00:00')
                """)
            #expect(db.lastInsertedRowID == 4)
            let missing = try DeskDatabase.missingRows(db)
            #expect(missing == [.missingRows(table: "issuance", ids: [3])])
        }
    }
}
