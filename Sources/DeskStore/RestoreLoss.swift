import DeskCore
import Foundation
import GRDB

/// What a restore would lose: today's records that the backup does not hold. Said before
/// anything is replaced, and replaced only when the coordinator accepts it.
public struct RestoreLoss: Sendable, Hashable {
    public struct Issuance: Sendable, Hashable {
        public var id: Int64
        public var household: String
        public var kit: String
        public var quantity: Int
        public var issuedAt: Date
        public var distribution: String
    }

    public struct CheckIn: Sendable, Hashable {
        public var household: String
        public var distribution: String
        public var checkedInAt: Date
    }

    /// Issued after the backup was taken.
    public var issuances: [Issuance] = []
    /// Voided after the backup was taken: live again once it is restored.
    public var voids: [Issuance] = []
    public var checkIns: [CheckIn] = []

    public var isEmpty: Bool { issuances.isEmpty && voids.isEmpty && checkIns.isEmpty }
}

extension DeskDatabase {
    /// What restoring the backup at `source` would lose (see `RestoreLoss`), after checking that
    /// the backup is sound, is an AidDesk database, and is a demo exactly when this hub is one.
    public func restoreLoss(from source: String) throws -> RestoreLoss {
        try writer.read { db in _ = try authorize(db, .maintenance) }
        try Self.verifyBackup(source)
        var config = Configuration()
        config.readonly = true
        let backup = try DatabaseQueue(path: source, configuration: config)
        defer { try? backup.close() }
        try refuseMixingDemoAndReal(backup)
        return try lossAgainst(backup)
    }

    /// A demo backup never replaces a real register, nor a real backup the demo (whose file
    /// `demo --fresh` deletes, and which would then be marked demo by the carried-over log).
    func refuseMixingDemoAndReal(_ backup: DatabaseQueue) throws {
        let backupIsDemo = try backup.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit WHERE action = 'demo.create')") ?? false
        }
        let hereIsDemo = try isDemo()
        if backupIsDemo && !hereIsDemo { throw RestoreError.demoIntoRealHub }
        if !backupIsDemo && hereIsDemo { throw RestoreError.realIntoDemo }
    }

    func lossAgainst(_ backup: DatabaseQueue) throws -> RestoreLoss {
        struct Held: Hashable {
            var issuedAt: DatabaseValue
            var kit: String
            var voided: Bool
        }
        let (heldIssuances, heldCheckIns) = try backup.read { db -> ([Int64: Held], [Int64: DatabaseValue]) in
            var issuances: [Int64: Held] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, issuedAt, kitCode, voidedAt IS NOT NULL FROM issuance") {
                issuances[row[0]] = Held(issuedAt: row[1], kit: row[2], voided: row[3])
            }
            var checkIns: [Int64: DatabaseValue] = [:]
            if try db.tableExists("checkIn") {
                for row in try Row.fetchAll(db, sql: "SELECT id, checkedInAt FROM checkIn") { checkIns[row[0]] = row[1] }
            }
            return (issuances, checkIns)
        }
        return try writer.read { db in
            var loss = RestoreLoss()
            for row in try Row.fetchAll(db, sql: """
                SELECT i.id, i.issuedAt, i.kitCode, i.voidedAt IS NOT NULL AS voided, h.number, i.quantity, d.name
                FROM issuance i JOIN household h ON h.id = i.householdId JOIN distribution d ON d.id = i.distributionId
                ORDER BY i.id
                """) {
                let issuance = RestoreLoss.Issuance(id: row[0], household: row[4], kit: row[2], quantity: row[5],
                                                    issuedAt: row[1], distribution: row[6])
                let id: Int64 = row[0]
                guard let held = heldIssuances[id], held.issuedAt == row[1], held.kit == issuance.kit else {
                    loss.issuances.append(issuance)
                    continue
                }
                if (row["voided"] as Bool) && !held.voided { loss.voids.append(issuance) }
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT c.id, c.checkedInAt, h.number, d.name FROM checkIn c
                JOIN household h ON h.id = c.householdId JOIN distribution d ON d.id = c.distributionId
                ORDER BY c.checkedInAt, c.id
                """) {
                let id: Int64 = row[0]
                if heldCheckIns[id] != row[1] {
                    loss.checkIns.append(RestoreLoss.CheckIn(household: row[2], distribution: row[3], checkedInAt: row[1]))
                }
            }
            return loss
        }
    }
}
