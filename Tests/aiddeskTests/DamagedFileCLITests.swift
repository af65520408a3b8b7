import DeskCore
import Foundation
import GRDB
import Testing

@Suite("A damaged database file: every command says so, backups never keep it, restore brings a copy back", .serialized)
struct DamagedFileCLITests {
    /// Overwrites `count` bytes at `offset` with a pattern no SQLite page holds.
    func scribble(_ path: String, at offset: Int, count: Int) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        handle.write(Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 89) }))
    }

    func size(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    func backups(_ hub: ScratchHub) -> [String] {
        let folder = hub.folder.appendingPathComponent("backups").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".sqlite") }.sorted()
    }

    /// A hub with a day's work, a backup of it, and then 4 KiB scribbled over the middle of the file.
    func damagedHub() throws -> ScratchHub {
        let hub = try ScratchHub()
        try hub.seed(households: 400)
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=50"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00001", "hygiene"]).status == 0)
        #expect(try hub.aiddesk(["backup"]).status == 0)
        let wal = hub.databasePath + "-wal"
        let walSize = FileManager.default.fileExists(atPath: wal) ? try size(wal) : 0
        #expect(walSize == 0)
        try scribble(hub.databasePath, at: try size(hub.databasePath) / 2 / 4096 * 4096, count: 4096)
        return hub
    }

    @Test func everyCommandOnADamagedFileSaysSoAndPointsToRestore() throws {
        let hub = try damagedHub()
        defer { hub.remove() }
        let commands: [[String]] = [
            ["status"], ["issue", "00002", "hygiene"], ["history", "00001"], ["find", "Тестенко"], ["report"],
            ["export", "registry"], ["check"], ["backup"], ["audit"], ["distribution", "list"],
        ]
        for command in commands {
            let run = try hub.aiddesk(command)
            #expect(run.status == 2, "\(command): \(run.status) \(run.stdout) \(run.stderr)")
            #expect(run.stderr.contains("пошкоджений"), "\(command): \(run.stderr)")
            #expect(run.stderr.contains("aiddesk restore " + hub.folder.appendingPathComponent("backups").path),
                    "\(command): \(run.stderr)")
        }
        let check = try hub.aiddesk(["--lang", "en", "check"])
        #expect(check.status == 2 && check.stderr.contains("is damaged") && check.stderr.contains("  - "), "\(check.stderr)")
    }

    @Test func aBackupOfADamagedFileIsRefusedAndNeverPushesOutAGoodOne() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 400)
        for _ in 0..<10 { #expect(try hub.aiddesk(["backup"]).status == 0) }
        let good = backups(hub)
        #expect(good.count == 10)
        try scribble(hub.databasePath, at: try size(hub.databasePath) / 2 / 4096 * 4096, count: 4096)
        for _ in 0..<3 {
            let run = try hub.aiddesk(["backup"])
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr.contains("aiddesk restore"))
        }
        #expect(backups(hub) == good)
        let folder = hub.folder.appendingPathComponent("backups").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.hasSuffix(".partial") })
        let elsewhere = hub.folder.appendingPathComponent("copy.sqlite").path
        #expect(try hub.aiddesk(["backup", elsewhere]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: elsewhere))
    }

    @Test func aDamagedHeaderIsNotADatabaseAndRestoreBringsTheBackupBack() throws {
        let hub = try damagedHub()
        defer { hub.remove() }
        try scribble(hub.databasePath, at: 0, count: 100)
        let status = try hub.aiddesk(["status"])
        #expect(status.status == 2 && status.stderr.contains("aiddesk restore"), "\(status.stderr)")
        let backup = try #require(backups(hub).last)
        let restored = try hub.aiddesk(["restore", hub.folder.appendingPathComponent("backups/" + backup).path])
        #expect(restored.status == 0, "\(restored.stderr)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: hub.folder.appendingPathComponent("backups").path)
        #expect(kept.contains { $0.hasPrefix("damaged-aiddesk-") && $0.hasSuffix(".sqlite") }, "\(kept)")
        #expect(try hub.aiddesk(["check"]).status == 0)
        #expect(try hub.aiddesk(["history", "00001"]).stdout.contains("Гігієнічний набір"))
        let log = try hub.aiddesk(["audit", "--action", "restore"])
        #expect(log.stdout.contains("damaged"), "\(log.stdout)")
    }
}
