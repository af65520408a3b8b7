import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// One row of the `audit` table as stored, with the household's number.
private struct StoredEntry: Equatable {
    var id: Int64
    var at: String
    var operatorName: String
    var desk: String
    var action: String
    var household: String?
    var distributionId: Int64?
    var detail: String

    /// Everything but the id.
    var content: [String?] { [at, operatorName, desk, action, household, distributionId.map { "\($0)" }, detail] }
}

private func storedAudit(_ db: DeskDatabase) throws -> [StoredEntry] {
    try db.writer.read { db in
        try Row.fetchAll(db, sql: """
            SELECT a.id, a.at, a.operator, a.desk, a.action, h.number, a.distributionId, a.detail
            FROM audit a LEFT JOIN household h ON h.id = a.householdId ORDER BY a.id
            """).map {
            StoredEntry(id: $0[0], at: $0[1], operatorName: $0[2], desk: $0[3], action: $0[4], household: $0[5],
                        distributionId: $0[6], detail: $0[7])
        }
    }
}

private func scratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-restore-audit-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

@Suite("Restore keeps today's audit entries and is itself audited")
struct RestoreAuditTests {
    @Test func entriesWrittenAfterTheBackupSurviveTheRestoreWhichNamesTheOperator() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try DeskDatabase.open(path: folder.appendingPathComponent("hub.sqlite").path, catalogue: Fixtures.catalogue())
        _ = try db.importRegister(Fixtures.register, context: Fixtures.desk1, now: Fixtures.day("2026-11-24"))
        let coordinator = try db.initialise(coordinator: "Ганна", pin: "4821", desk: "1")
        let first = try coordinator.openDistribution(
            name: "Зимова видача", date: CivilDate(parsing: "2026-11-25")!, place: "", stock: [("hygiene", 10)],
            context: Fixtures.desk1, now: Fixtures.day("2026-11-25", hour: 8))
        _ = try coordinator.issue(household: "00417", kits: ["hygiene"], distribution: first, context: Fixtures.desk1,
                                  now: Fixtures.day("2026-11-25", hour: 9))
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try coordinator.backup(to: copy)
        let inBackup = try storedAudit(db).count

        // The day goes on after the backup: an issue, look-ups, a family registered since, the
        // close, and a distribution the backup never saw.
        _ = try coordinator.issue(household: "00418", kits: ["hygiene"], distribution: first, context: Fixtures.desk2,
                                  now: Fixtures.day("2026-11-25", hour: 10))
        try coordinator.recordLookup(household: "00419", context: Fixtures.desk2, now: Fixtures.day("2026-11-25", hour: 11))
        let newcomer = Register(households: [
            Household(number: "00512", settlement: "Бар", members: [
                Fixtures.person("Ткаченко", "Ольга", "Іванівна", "07.07.1977", .female, head: true),
            ]),
        ])
        _ = try coordinator.importRegister(newcomer, context: Fixtures.desk1, now: Fixtures.day("2026-11-25", hour: 12))
        try coordinator.recordLookup(household: "00512", context: Fixtures.desk1, now: Fixtures.day("2026-11-25", hour: 12))
        try coordinator.closeDistribution(id: first, context: Fixtures.desk1, now: Fixtures.day("2026-11-25", hour: 18))
        _ = try coordinator.openDistribution(
            name: "Друга видача", date: CivilDate(parsing: "2026-12-02")!, place: "", stock: [("hygiene", 5)],
            context: Fixtures.desk1, now: Fixtures.day("2026-11-25", hour: 19))
        let before = try storedAudit(db)
        #expect(before.count > inBackup)

        let restoredAt = Fixtures.day("2026-11-25", hour: 20)
        let carried = try coordinator.restore(
            from: copy, safetyCopy: "/srv/aiddesk/backups/aiddesk-20261125-200000.sqlite",
            context: DeskContext(operatorName: "хтось інший", desk: "3"), now: restoredAt, acceptingLoss: true)
        let after = try storedAudit(db)

        // Nothing of today's log is lost, nothing is there twice: the backup's entries, then the
        // later ones under their old ids, then the restore.
        #expect(carried == before.count - inBackup)
        #expect(after.count == before.count + 1)
        #expect(after.dropLast().map(\.id) == before.map(\.id))
        #expect(after.dropLast().map { [$0.at, $0.operatorName, $0.desk, $0.action] }
            == before.map { [$0.at, $0.operatorName, $0.desk, $0.action] })
        // The later entries still point at what the restored data has...
        let later = Array(after[inBackup..<before.count])
        #expect(later.first { $0.action == "issue" }?.household == "00418")
        #expect(later.first { $0.action == "lookup.card" && $0.detail.isEmpty }?.household == "00419")
        #expect(later.first { $0.action == "distribution.close" }?.distributionId == first)
        // ...and say in words what it does not have.
        let lookupOfNewcomer = try #require(later.last { $0.action == "lookup.card" })
        #expect(lookupOfNewcomer.household == nil && lookupOfNewcomer.detail.contains("household 00512"))
        let secondOpened = try #require(later.last { $0.action == "distribution.open" })
        #expect(secondOpened.distributionId == nil && secondOpened.detail.contains("«Друга видача»"))

        // The restore itself: under the signed-in operator, at the caller's desk, naming both files.
        let restore = try #require(after.last)
        #expect(restore.action == "restore")
        #expect(restore.operatorName == "Ганна" && restore.desk == "3")
        #expect(restore.detail.contains("copy.sqlite"))
        #expect(restore.detail.contains("/srv/aiddesk/backups/aiddesk-20261125-200000.sqlite"))
        #expect(try coordinator.check().isEmpty)
        // What the log shows through the engine.
        let shown = try coordinator.auditLog(AuditFilter(action: "restore"), context: Fixtures.desk1).entries
        #expect(shown.map(\.operatorName) == ["Ганна"])
        #expect(shown.first?.at == restoredAt)

        // The same backup restored again carries the same entries once more, none of them twice.
        let again = try storedAudit(db)
        try coordinator.restore(from: copy, safetyCopy: nil, context: Fixtures.desk1, acceptingLoss: true)
        let twice = try storedAudit(db)
        #expect(twice.dropLast().map(\.id) == again.map(\.id))
        #expect(twice.dropLast().map(\.content) == again.map(\.content))
        #expect(twice.filter { $0.action == "issue" && $0.household == "00418" }.count == 1)
        #expect(twice.last?.action == "restore")
    }

    @Test func aBackupFromAnotherHubKeepsBothLogsWhoseIdsClash() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let here = try DeskDatabase.open(path: folder.appendingPathComponent("here.sqlite").path, catalogue: Fixtures.catalogue())
        _ = try here.importRegister(Fixtures.register, context: Fixtures.desk1, now: Fixtures.day("2026-11-20"))
        try here.recordLookup(household: "00419", context: Fixtures.desk1, now: Fixtures.day("2026-11-21"))
        let elsewhere = try DeskDatabase.open(
            path: folder.appendingPathComponent("elsewhere.sqlite").path, catalogue: Fixtures.catalogue())
        _ = try elsewhere.importRegister(Fixtures.register, context: Fixtures.desk2, now: Fixtures.day("2026-10-01"))
        let copy = folder.appendingPathComponent("elsewhere-copy.sqlite").path
        try elsewhere.backup(to: copy)
        let theirs = try storedAudit(elsewhere)
        let ours = try storedAudit(here)
        #expect(theirs.first?.id == ours.first?.id)  // id 1 in both, for different entries

        let carried = try here.restore(from: copy, safetyCopy: nil, context: Fixtures.desk1, acceptingLoss: true)
        let log = try storedAudit(here)
        #expect(carried == ours.count)
        #expect(log.map(\.content) == theirs.map(\.content) + ours.map(\.content) + [log.last!.content])
        #expect(log.last?.action == "restore" && log.last?.operatorName == "Марія")
    }
}

@Suite("The automatic backup on close says where it went, or that it failed")
struct BackupOutcomeTests {
    func hub(in folder: URL) throws -> DeskDatabase {
        let db = try DeskDatabase.open(path: folder.appendingPathComponent("hub.sqlite").path, catalogue: Fixtures.catalogue())
        _ = try db.importRegister(Fixtures.register, context: Fixtures.desk1)
        return db
    }

    func open(_ db: DeskDatabase, _ name: String) throws -> Int64 {
        try db.openDistribution(name: name, date: CivilDate(parsing: "2026-11-25")!, place: "", stock: [("hygiene", 10)],
                                context: Fixtures.desk1)
    }

    @Test func aBackupTheDiskRefusesDoesNotStopTheCloseAndIsReportedAndAudited() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try hub(in: folder)
        // Where the backups folder should be, a file: no copy can be written there.
        let backups = folder.appendingPathComponent("backups").path
        #expect(FileManager.default.createFile(atPath: backups, contents: Data("не тека".utf8)))

        let first = try open(db, "Зимова видача")
        let closed = try db.closeDistribution(id: first, counts: [], context: Fixtures.desk1)
        #expect(closed.id == first && !closed.isOpen)
        #expect(try db.status().distributions.first { $0.id == first }?.isOpen == false)
        guard case .failed(let reportedFolder, let cause) = closed.backup else {
            Issue.record("the backup was reported as \(closed.backup)")
            return
        }
        #expect(reportedFolder == backups)
        #expect(cause == .diskError(folder: backups, detail: String(cString: strerror(ENOTDIR))))
        var failures = try db.auditLog(AuditFilter(action: "backup.failed"), context: Fixtures.desk1).entries
        #expect(failures.count == 1)
        #expect(failures.first?.distributionId == first)
        #expect(failures.first?.operatorName == "Марія" && failures.first?.desk == "1")
        #expect(failures.first?.detail.hasPrefix(backups + ": ") == true)

        // The other way to close (no counting) reports and records it too.
        let second = try open(db, "Друга видача")
        let closedAtOnce = try db.closeDistribution(id: second, context: Fixtures.desk2)
        #expect(!closedAtOnce.isOpen)
        guard case .failed = closedAtOnce.backup else {
            Issue.record("the backup was reported as \(closedAtOnce.backup)")
            return
        }
        failures = try db.auditLog(AuditFilter(action: "backup.failed"), context: Fixtures.desk1).entries
        #expect(failures.map(\.distributionId) == [first, second])
        #expect(failures.last?.operatorName == "Олег")

        // In words, for the command line and the desk.
        let strings = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let said = try #require(strings.explain(closed.backup))
        #expect(said.contains("НЕ записано") && said.contains(backups) && said.contains("aiddesk backup"))
    }

    @Test func aBackupWrittenIsReportedWithItsPathAndNoFailureIsAudited() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try hub(in: folder)
        let closed = try db.closeDistribution(id: try open(db, "Зимова видача"), counts: [], context: Fixtures.desk1)
        guard case .written(let path) = closed.backup else {
            Issue.record("the backup was reported as \(closed.backup)")
            return
        }
        #expect(path.hasPrefix(folder.appendingPathComponent("backups").path + "/aiddesk-"))
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try db.auditLog(AuditFilter(action: "backup.failed"), context: Fixtures.desk1).entries.isEmpty)
        let strings = try Strings(language: .en, json: DeskResources.stringsJSON(language: "en"))
        #expect(strings.explain(closed.backup) == "Backup written: \(path)")

        let (memory, _) = try Fixtures.database()
        #expect(try memory.closeDistribution(id: nil, context: Fixtures.desk1).backup == .inMemory)
    }
}
