import DeskCore
import Foundation
import GRDB
import Testing

@testable import DeskStore

@Suite("Backups, restore and the check")
struct MaintenanceTests {
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-maint-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func hub(at path: String) throws -> DeskDatabase {
        let db = try DeskDatabase.open(path: path, catalogue: Fixtures.catalogue())
        _ = try db.importRegister(Fixtures.register, context: Fixtures.desk1)
        _ = try db.openDistribution(name: "Видача", date: CivilDate(parsing: "2026-11-25")!, place: "",
                                    stock: [("hygiene", 10), ("bedding", 10)], context: Fixtures.desk1)
        return db
    }

    @Test func aBackupIsAPrivateCompleteCopyThatRestores() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try hub(at: folder.appendingPathComponent("hub.sqlite").path)
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try db.backup(to: copy)
        #expect((try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int) == 0o600)

        // Work goes on after the backup, then the backup is restored: the later work is gone,
        // the earlier is there, and the database is sound.
        _ = try db.issue(household: "00418", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        try db.restore(from: copy)
        #expect(try db.history(household: "00417", context: Fixtures.desk1).entries.count == 1)
        #expect(try db.history(household: "00418", context: Fixtures.desk1).entries.isEmpty)
        #expect(try db.check().isEmpty)
        // And issuing goes on normally after a restore.
        _ = try db.issue(household: "00418", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
    }

    @Test func rotatingBackupsKeepTheNewest() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try hub(at: folder.appendingPathComponent("hub.sqlite").path)
        let backups = folder.appendingPathComponent("backups").path
        var made: [String] = []
        for minute in 0..<5 {
            made.append(try db.rotatingBackup(
                in: backups, keep: 3, now: Date(timeIntervalSince1970: 1_795_596_120 + Double(minute) * 60)))
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: backups).sorted()
        #expect(kept == made.suffix(3).map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect((try FileManager.default.attributesOfItem(atPath: backups)[.posixPermissions] as? Int) == 0o700)
    }

    @Test func aDamagedOrForeignFileIsNotRestored() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try hub(at: folder.appendingPathComponent("hub.sqlite").path)
        let foreign = folder.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE t(x)") }
        #expect(throws: DeskDatabase.RestoreError.notAnAidDeskDatabase) { try db.restore(from: foreign) }
        let garbage = folder.appendingPathComponent("garbage.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: garbage)
        #expect(throws: (any Error).self) { try db.restore(from: garbage.path) }
        #expect(try db.status().households == 3)
    }

    @Test func theCheckFindsADoubleIssueTheSchemaWouldHaveStopped() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try hub(at: folder.appendingPathComponent("hub.sqlite").path)
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        #expect(try db.check().isEmpty)
        // Someone edits the file by hand, past the engine and without the unique index.
        try db.writer.write { sql in
            try sql.execute(sql: "DROP INDEX issuance_live_once")
            try sql.execute(sql: """
                INSERT INTO issuance (distributionId, householdId, kitCode, quantity, collectedBy, operator, desk, issuedAt)
                SELECT distributionId, householdId, kitCode, quantity, collectedBy, operator, desk, issuedAt FROM issuance
                """)
        }
        let problems = try db.check()
        #expect(problems.contains(.doubleIssue(distribution: 1, household: "00417", kit: "hygiene", count: 2)))
        #expect(problems.contains(.unaudited(issuance: 2)))
        #expect(!problems.contains(.unaudited(issuance: 1)))
    }
}

@Suite("The check and the status after a merge")
struct MergedCheckTests {
    @Test func aMergedFamilyHoldingAKitTwiceIsReportedAndCountedOnce() throws {
        let (db, _) = try Fixtures.database()
        _ = try db.issue(household: "00418", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        _ = try db.issue(household: "00419", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        #expect(try db.check().isEmpty)
        _ = try db.mergeHouseholds(keep: "00418", other: "00419", reason: "одна родина", context: Fixtures.desk1)
        #expect(try db.check().contains(.doubleIssue(distribution: 1, household: "00418", kit: "hygiene", count: 2)))
        #expect(try db.status().households == 2)
    }
}

@Suite("Automatic backup on close")
struct BackupOnCloseTests {
    @Test func closingADistributionLeavesABackupBesideTheDatabase() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-close-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try DeskDatabase.open(path: folder.appendingPathComponent("hub.sqlite").path, catalogue: Fixtures.catalogue())
        _ = try db.importRegister(Fixtures.register, context: Fixtures.desk1)
        _ = try db.openDistribution(name: "Видача", date: CivilDate(parsing: "2026-11-25")!, place: "",
                                    stock: [("hygiene", 10)], context: Fixtures.desk1)
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        try db.closeDistribution(id: nil, counts: [], context: Fixtures.desk1)
        let backups = folder.appendingPathComponent("backups")
        let files = try FileManager.default.contentsOfDirectory(atPath: backups.path)
        #expect(files.count == 1)
        let copy = try DeskDatabase.open(path: backups.appendingPathComponent(files[0]).path, catalogue: Fixtures.catalogue())
        #expect(try copy.status().distributions.first?.isOpen == false)
        #expect(try copy.history(household: "00417", context: Fixtures.desk1).entries.count == 1)
    }
}
