import DeskCore
import Foundation
import GRDB
import Testing

@testable import DeskStore

@Suite("Rotating backups never share a name, and their names sort oldest first")
struct BackupNameTests {
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-backup-names-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func hub(in folder: URL) throws -> DeskDatabase {
        let db = try DeskDatabase.open(path: folder.appendingPathComponent("hub.sqlite").path, catalogue: Fixtures.catalogue())
        _ = try db.importRegister(Fixtures.register, context: Fixtures.desk1)
        return db
    }

    /// 25 November 2026 at 12:03:`second`.`millisecond`, in the local time backups are named in.
    func at(_ second: Int, _ millisecond: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let whole = calendar.date(from: DateComponents(year: 2026, month: 11, day: 25, hour: 12, minute: 3, second: second))!
        return whole.addingTimeInterval(Double(millisecond) / 1000)
    }

    func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    func listing(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func twoBackupsInTheSameInstantBothStay() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try hub(in: folder)
        let backups = folder.appendingPathComponent("backups").path

        // A close's backup and a restore's safety copy in the same millisecond.
        let first = try db.rotatingBackup(in: backups, now: at(4, 123))
        let second = try db.rotatingBackup(in: backups, now: at(4, 123))
        #expect(name(first) == "aiddesk-20261125-120304_123.sqlite")
        #expect(name(second) == "aiddesk-20261125-120304_124.sqlite")
        // Another process's copy still being written holds its name: the next one is taken.
        let claimed = backups + "/aiddesk-20261125-120304_125.sqlite.partial"
        #expect(FileManager.default.createFile(atPath: claimed, contents: nil))
        let third = try db.rotatingBackup(in: backups, now: at(4, 123))
        #expect(name(third) == "aiddesk-20261125-120304_126.sqlite")
        try FileManager.default.removeItem(atPath: claimed)
        // The last millisecond of a second moves on to the next second.
        _ = try db.rotatingBackup(in: backups, now: at(5, 999))
        let rolled = try db.rotatingBackup(in: backups, now: at(5, 999))
        #expect(name(rolled) == "aiddesk-20261125-120306_000.sqlite")

        #expect(try listing(backups) == [
            "aiddesk-20261125-120304_123.sqlite", "aiddesk-20261125-120304_124.sqlite",
            "aiddesk-20261125-120304_126.sqlite", "aiddesk-20261125-120305_999.sqlite",
            "aiddesk-20261125-120306_000.sqlite",
        ])
        // Each is a whole copy of its own.
        for path in [first, second, third] {
            let copy = try DatabaseQueue(path: path)
            #expect(try copy.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM household") } == 3)
            try copy.close()
        }
    }

    @Test func rotationStillKeepsTheNewest() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try hub(in: folder)
        let backups = folder.appendingPathComponent("backups").path
        var made: [String] = []
        for _ in 0..<5 { made.append(try db.rotatingBackup(in: backups, keep: 3, now: at(4))) }
        #expect(Set(made).count == 5)
        #expect(try listing(backups) == made.suffix(3).map(name))
    }

    @Test func oldNamesToTheSecondSortAmongTheNewOnesByTime() throws {
        // '.' sorts before '_' (and '-' before '.'): a name of the old kind comes before the new
        // ones of its second, and after every one of the seconds before.
        #expect("aiddesk-20261125-120304.sqlite" < "aiddesk-20261125-120304_000.sqlite")
        #expect("aiddesk-20261125-120304.sqlite" < "aiddesk-20261125-120304_123.sqlite")
        #expect("aiddesk-20261125-120303_999.sqlite" < "aiddesk-20261125-120304.sqlite")
        #expect("aiddesk-20261125-120304_999.sqlite" < "aiddesk-20261125-120305.sqlite")
        #expect(DeskDatabase.rotatingBackupName(millisecond: Int64((at(4, 123).timeIntervalSince1970 * 1000).rounded()))
            == "aiddesk-20261125-120304_123.sqlite")

        // Backups from before the change beside new ones: the rotation keeps the newest by time.
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try hub(in: folder)
        let backups = folder.appendingPathComponent("backups").path
        _ = try db.rotatingBackup(in: backups, now: at(0))
        for old in ["aiddesk-20261125-120303.sqlite", "aiddesk-20261125-120304.sqlite", "aiddesk-20261125-120306.sqlite"] {
            try FileManager.default.copyItem(atPath: backups + "/aiddesk-20261125-120300_000.sqlite", toPath: backups + "/" + old)
        }
        try FileManager.default.removeItem(atPath: backups + "/aiddesk-20261125-120300_000.sqlite")
        _ = try db.rotatingBackup(in: backups, keep: 3, now: at(4, 500))
        #expect(try listing(backups) == [
            "aiddesk-20261125-120304.sqlite", "aiddesk-20261125-120304_500.sqlite", "aiddesk-20261125-120306.sqlite",
        ])
        _ = try db.rotatingBackup(in: backups, keep: 3, now: at(5))
        #expect(try listing(backups) == [
            "aiddesk-20261125-120304_500.sqlite", "aiddesk-20261125-120305_000.sqlite", "aiddesk-20261125-120306.sqlite",
        ])
    }
}
