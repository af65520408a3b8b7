import Foundation
import Testing

@Suite("distribution close says where its backup went; restore is in the audit log", .serialized)
struct RestoreCLITests {
    @Test func closePrintsWhereTheBackupWent() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=5"]).status == 0)
        let closed = try hub.aiddesk(["distribution", "close", "--no-count"])
        #expect(closed.status == 0, "\(closed.stderr)")
        let backups = hub.folder.appendingPathComponent("backups").path
        let line = try #require(closed.stdout.split(separator: "\n").first { $0.hasPrefix("Резервну копію записано: ") })
        let path = String(line.dropFirst("Резервну копію записано: ".count))
        #expect(path.hasPrefix(backups + "/aiddesk-"), "\(closed.stdout)")
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!closed.stderr.contains("НЕ записано"))
    }

    @Test func closeWarnsWhenTheBackupCannotBeWrittenAndTheLogKeepsIt() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        // A file where the backups folder goes: the copy cannot be written.
        let backups = hub.folder.appendingPathComponent("backups").path
        #expect(FileManager.default.createFile(atPath: backups, contents: Data("не тека".utf8)))
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=5"]).status == 0)
        let closed = try hub.aiddesk(["distribution", "close", "--no-count"])
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(closed.stdout.contains("Закрито видачу № 1"))
        #expect(!closed.stdout.contains("Резервну копію записано"))
        #expect(closed.stderr.contains("видачу закрито, але автоматичну резервну копію НЕ записано"), "\(closed.stderr)")
        #expect(closed.stderr.contains(backups))
        #expect(closed.stderr.contains("aiddesk backup"))
        let status = try #require(jsonObject(try hub.aiddesk(["status", "--json"]).stdout))
        #expect((status["distributions"] as? [[String: Any]])?.first?["open"] as? Bool == false)

        // In English too, and the log has both failures.
        #expect(try hub.aiddesk(["distribution", "open", "Second", "--kit", "hygiene=5"]).status == 0)
        let english = try hub.aiddesk(["distribution", "close", "--no-count", "--lang", "en"])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stderr.contains("the distribution is closed, but its automatic backup was NOT written"))
        let log = try hub.aiddesk(["audit", "--action", "backup"])
        #expect(log.status == 0, "\(log.stderr)")
        let lines = log.stdout.split(separator: "\n").filter { $0.contains("копію не записано") }
        #expect(lines.count == 2, "\(log.stdout)")
        #expect(lines.allSatisfy { $0.contains(backups) && $0.contains("Тест") })
    }

    @Test func restoreThenAuditShowsTheRestoreAndKeepsTheLaterEntries() throws {
        let signed = try SignedInScratchHub(households: 4)
        defer { signed.remove() }
        #expect(try signed.run(["issue", "00001", "hygiene"], as: "Марія", desk: "2").status == 0)
        let copy = signed.hub.folder.appendingPathComponent("copy.sqlite").path
        #expect(try signed.run(["backup", copy], as: "Ганна").status == 0)
        #expect(try signed.run(["issue", "00002", "hygiene"], as: "Марія", desk: "2").status == 0)

        let restored = try signed.run(["restore", copy, "--accept-loss"], as: "Ганна", desk: "3")
        #expect(restored.status == 0, "\(restored.stderr)")
        // The issue after the backup wrote two entries: the family's arrival and the issue.
        #expect(restored.stdout.contains("перенесено у відновлену базу: 2"), "\(restored.stdout)")

        let log = try signed.run(["audit", "--limit", "0"], as: "Ганна")
        #expect(log.status == 0, "\(log.stderr)")
        let lines = log.stdout.split(separator: "\n").map(String.init)
        // The issue made after the backup is still in the log, for its family; the restore follows.
        let issues = lines.filter { $0.contains("видача") && $0.contains("hygiene×1") }
        #expect(issues.count == 2 && issues.last?.contains("00002") == true, "\(log.stdout)")
        let restore = try #require(lines.first { $0.contains("відновлено з копії") }, "\(log.stdout)")
        #expect(restore.contains("Ганна") && restore.contains("стіл 3") && restore.contains("copy.sqlite"))
        #expect(restore.contains(signed.hub.folder.appendingPathComponent("backups").path))
        #expect(lines.firstIndex(of: restore)! > lines.lastIndex(of: issues.last!)!)
        // The family's issue itself is gone with the rest of what the backup did not have.
        let stock = try signed.run(["status", "--json"], as: "Ганна")
        let hygiene = ((jsonObject(stock.stdout)?["distributions"] as? [[String: Any]])?.first?["stock"]
            as? [String: [String: Int]])?["hygiene"]
        #expect(hygiene?["issued"] == 1)
    }
}
