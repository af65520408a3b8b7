import DeskCore
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// Names that the purged distribution holds before its purge (collectors, a proxy, a void
/// reason, a check-in and its document) and must never hold again.
private let purgedNames = ["Сусідка", "Тетяна", "Гнатюк", "Коваленко", "Бондар", "Шевчук"]

private func scratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-restore-purge-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Everything personal a distribution's records hold: collectors, void reasons, check-ins,
/// audit details.
private func personalData(_ db: DeskDatabase, distribution id: Int64) throws -> String {
    try db.writer.read { sql in
        try String.fetchAll(sql, sql: """
            SELECT collectedBy || ' ' || COALESCE(collectedByPersonId, '') || ' ' || COALESCE(voidReason, '')
                FROM issuance WHERE distributionId = ?
            UNION ALL SELECT COALESCE(member, '') || ' ' || COALESCE(documentNote, '') || ' ' || COALESCE(memberPersonId, '')
                FROM checkIn WHERE distributionId = ?
            UNION ALL SELECT detail FROM audit WHERE distributionId = ?
            """, arguments: [id, id, id]).joined(separator: "\n")
    }
}

/// The distribution's purge as stored: its `purgedAt` and its `purgedReport` row, as text.
private func purgeState(_ db: DeskDatabase, distribution id: Int64) throws -> [String?] {
    try db.writer.read { sql in
        let row = try #require(try Row.fetchOne(sql, sql: """
            SELECT d.purgedAt, p.report, p.purgedAt, p.purgedBy
            FROM distribution d LEFT JOIN purgedReport p ON p.distributionId = d.id WHERE d.id = ?
            """, arguments: [id]))
        return [row[0], row[1], row[2], row[3]]
    }
}

/// The distribution's ledger, check-ins and log as stored, purged fields included.
private func records(_ db: DeskDatabase, distribution id: Int64) throws -> [[DatabaseValue]] {
    try db.writer.read { sql in
        try Row.fetchAll(sql, sql: """
            SELECT 'issuance', id, householdId, kitCode, collectedBy, collectedByPersonId, voidedAt, voidReason
                FROM issuance WHERE distributionId = ?
            UNION ALL SELECT 'checkIn', id, householdId, member, memberPersonId, proxy, documentKind, documentNote
                FROM checkIn WHERE distributionId = ?
            UNION ALL SELECT 'audit', id, at, operator, desk, action, householdId, detail
                FROM audit WHERE distributionId = ?
            ORDER BY 1, 2
            """, arguments: [id, id, id]).map { Array($0.databaseValues) }
    }
}

private func auditEntries(_ db: DeskDatabase, action: String) throws -> [AuditEntry] {
    try db.auditLog(AuditFilter(action: action), context: Fixtures.desk1).entries
}

@Suite("A restore does not undo a purge")
struct RestorePurgeTests {
    static let purgeDay = CivilDate(parsing: "2026-11-01")!

    /// A hub whose autumn distribution (opened at `openedHour` on 1 October) has kits issued to a
    /// proxy and to a member, a kit voided with a reason that names people, and a check-in with
    /// its document; it is closed. The winter one, still open, has a proxy's name too.
    /// - Parameter backupBeforeClose: where to take a backup while the autumn distribution is still open.
    func hub(at path: String, openedHour: Int = 9, backupBeforeClose: String? = nil) throws
        -> (DeskDatabase, autumn: Int64, winter: Int64)
    {
        let db = try DeskDatabase.open(path: path, catalogue: Fixtures.catalogue())
        let october = Fixtures.day("2026-10-01", hour: openedHour)
        _ = try db.importRegister(Fixtures.register, context: Fixtures.desk1, now: october)
        let autumn = try db.openDistribution(
            name: "Осінь", date: CivilDate(parsing: "2026-10-01")!, place: "", stock: [("hygiene", 10), ("bedding", 10)],
            context: Fixtures.desk1, now: october)
        let later = october.addingTimeInterval(600)
        _ = try db.checkIn(household: "00419", distribution: autumn, member: "Шевчук Галина",
                           document: .other("довідка від Гнатюк"), context: Fixtures.desk1, now: later)
        _ = try db.issue(household: "00417", kits: ["hygiene", "bedding"], distribution: autumn,
                         collectedBy: "Сусідка Тетяна Гнатюк", context: Fixtures.desk1, now: later)
        _ = try db.issue(household: "00418", kits: ["hygiene"], distribution: autumn, collectedBy: "Бондар Ганна",
                         context: Fixtures.desk2, now: later)
        let voided = try db.issue(household: "00419", kits: ["hygiene"], distribution: autumn, context: Fixtures.desk1,
                                  now: later)
        try db.void(issuance: voided.kits[0].id, reason: "записали Шевчук замість Бондаря", context: Fixtures.desk1,
                    now: later)
        if let backupBeforeClose { try db.backup(to: backupBeforeClose) }
        _ = try db.closeDistribution(id: autumn, context: Fixtures.desk1, now: october.addingTimeInterval(3600))
        let november = Fixtures.day("2026-11-25")
        let winter = try db.openDistribution(
            name: "Зима", date: CivilDate(parsing: "2026-11-25")!, place: "", stock: [("hygiene", 10)],
            context: Fixtures.desk1, now: november)
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: winter,
                         collectedBy: "Сусідка Тетяна Гнатюк", context: Fixtures.desk1, now: november)
        return (db, autumn, winter)
    }

    func expectPurged(_ db: DeskDatabase, distribution id: Int64, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let data = try personalData(db, distribution: id)
        for name in purgedNames {
            #expect(!data.contains(name), "\(name) is in the purged distribution", sourceLocation: sourceLocation)
        }
    }

    @Test func aBackupTakenBeforeThePurgeDoesNotBringTheNamesBack() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (db, autumn, winter) = try hub(at: folder.appendingPathComponent("hub.sqlite").path)
        let beforePurge = folder.appendingPathComponent("before-purge.sqlite").path
        try db.backup(to: beforePurge)
        #expect(try personalData(db, distribution: autumn).contains("Сусідка Тетяна Гнатюк"))

        let outcomes = try db.purge(before: Self.purgeDay, context: Fixtures.desk1, now: Fixtures.day("2026-11-26", hour: 9))
        #expect(outcomes.map(\.distributionId) == [autumn])
        try expectPurged(db, distribution: autumn)
        let frozen = try #require(try db.purgedReport(distribution: autumn))
        let purged = try purgeState(db, distribution: autumn)
        let anonymous = try records(db, distribution: autumn)

        let restored = try db.restoreBackup(from: beforePurge, safetyCopy: nil, context: Fixtures.desk2,
                                            now: Fixtures.day("2026-11-26", hour: 11), acceptingLoss: true)
        #expect(restored.purgedAgain == 1)
        try expectPurged(db, distribution: autumn)
        #expect(try db.purgedReport(distribution: autumn) == frozen)
        #expect(try purgeState(db, distribution: autumn) == purged)
        // Record for record what the purge left (the log but for its ids: the purge's own entry
        // was carried over from today's log).
        let now = try records(db, distribution: autumn)
        let audit = "audit".databaseValue
        #expect(now.filter { $0[0] != audit } == anonymous.filter { $0[0] != audit })
        #expect(now.filter { $0[0] == audit }.map { Array($0.dropFirst(2)) }
            == anonymous.filter { $0[0] == audit }.map { Array($0.dropFirst(2)) })
        #expect(try db.check().isEmpty)

        // The log: today's purge entry, once, still about the autumn distribution; the restore
        // says it purged one again.
        #expect(try auditEntries(db, action: "purge").map(\.distributionId) == [autumn])
        let restore = try #require(try auditEntries(db, action: "restore").last)
        #expect(restore.detail.contains("before-purge.sqlite"))
        #expect(restore.detail.contains("distributions purged again: 1"))
        // The distribution that was not purged keeps its names, and nothing is left to purge.
        #expect(try db.history(household: "00417", context: Fixtures.desk1).entries
            .first { $0.distributionId == winter }?.collectedBy == "Сусідка Тетяна Гнатюк")
        #expect(try db.purge(before: Self.purgeDay, dryRun: true, context: Fixtures.desk1).isEmpty)

        // The same old backup restored once more: purged again, once more, the same way.
        let again = try db.restoreBackup(from: beforePurge, safetyCopy: nil, context: Fixtures.desk1, acceptingLoss: true)
        #expect(again.purgedAgain == 1)
        try expectPurged(db, distribution: autumn)
        #expect(try purgeState(db, distribution: autumn) == purged)
        #expect(try auditEntries(db, action: "purge").map(\.distributionId) == [autumn])
        #expect(try db.check().isEmpty)
    }

    @Test func aBackupTakenBeforeTheCloseComesBackClosedAndPurged() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stillOpen = folder.appendingPathComponent("still-open.sqlite").path
        let (db, autumn, winter) = try hub(at: folder.appendingPathComponent("hub.sqlite").path,
                                           backupBeforeClose: stillOpen)
        // Today the winter distribution is open; the backup holds the autumn one open instead.
        try db.closeDistribution(id: winter, context: Fixtures.desk1, now: Fixtures.day("2026-11-25", hour: 18))
        _ = try db.purge(before: Self.purgeDay, context: Fixtures.desk1, now: Fixtures.day("2026-11-26", hour: 9))
        let restored = try db.restoreBackup(from: stillOpen, safetyCopy: nil, context: Fixtures.desk1, acceptingLoss: true)
        #expect(restored.purgedAgain == 1)
        try expectPurged(db, distribution: autumn)
        let autumnNow = try #require(try db.status().distributions.first { $0.id == autumn })
        #expect(!autumnNow.isOpen, "a purged distribution must not take new names")
        #expect(throws: (any Error).self) {
            try db.issue(household: "00418", kits: ["bedding"], distribution: autumn, collectedBy: "Нове Ім'я",
                         context: Fixtures.desk1)
        }
        #expect(try db.check().isEmpty)
    }

    @Test func aBackupTakenAfterThePurgeChangesNothingPurgeWise() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (db, autumn, _) = try hub(at: folder.appendingPathComponent("hub.sqlite").path)
        _ = try db.purge(before: Self.purgeDay, context: Fixtures.desk1, now: Fixtures.day("2026-11-26", hour: 9))
        let afterPurge = folder.appendingPathComponent("after-purge.sqlite").path
        try db.backup(to: afterPurge)
        let purged = try purgeState(db, distribution: autumn)
        let anonymous = try records(db, distribution: autumn)

        let restored = try db.restoreBackup(from: afterPurge, safetyCopy: nil, context: Fixtures.desk1, acceptingLoss: true)
        #expect(restored.purgedAgain == 0)
        #expect(try purgeState(db, distribution: autumn) == purged)
        #expect(try records(db, distribution: autumn) == anonymous)
        let restore = try #require(try auditEntries(db, action: "restore").last)
        #expect(!restore.detail.contains("purged again"))
        #expect(try auditEntries(db, action: "purge").map(\.distributionId) == [autumn])
        #expect(try db.check().isEmpty)
    }

    @Test func anotherHubsDistributionOfTheSameNameIsNotPurged() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (here, autumn, _) = try hub(at: folder.appendingPathComponent("here.sqlite").path)
        _ = try here.purge(before: Self.purgeDay, context: Fixtures.desk1)
        // Another hub's «Осінь», same id, opened at another hour: not the one purged here.
        let (elsewhere, theirs, _) = try hub(at: folder.appendingPathComponent("elsewhere.sqlite").path, openedHour: 8)
        #expect(theirs == autumn)
        let copy = folder.appendingPathComponent("elsewhere-copy.sqlite").path
        try elsewhere.backup(to: copy)

        let restored = try here.restoreBackup(from: copy, safetyCopy: nil, context: Fixtures.desk1, acceptingLoss: true)
        #expect(restored.purgedAgain == 0)
        #expect(try purgeState(here, distribution: theirs) == [nil, nil, nil, nil])
        #expect(try personalData(here, distribution: theirs).contains("Сусідка Тетяна Гнатюк"))
        #expect(try here.check().isEmpty)
    }
}
