import Foundation
import Testing

@Suite("backup, restore, check from the command line", .serialized)
struct MaintenanceCLITests {
    @Test func backupRestoreAndCheck() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 4)
        _ = try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=5"])
        _ = try hub.aiddesk(["issue", "00001", "hygiene"])
        let copy = hub.folder.appendingPathComponent("copy.sqlite").path
        #expect(try hub.aiddesk(["backup", copy]).status == 0)
        #expect(try hub.aiddesk(["backup", copy]).status != 0)  // never overwrites
        let rotating = try hub.aiddesk(["backup"])
        #expect(rotating.status == 0)
        #expect(rotating.stdout.contains(hub.folder.appendingPathComponent("backups").path))

        _ = try hub.aiddesk(["issue", "00002", "hygiene"])
        let restored = try hub.aiddesk(["restore", copy])
        #expect(restored.status == 0, "\(restored.stderr)")
        let status = try #require(jsonObject(try hub.aiddesk(["status", "--json"]).stdout))
        let stock = ((status["distributions"] as? [[String: Any]])?.first?["stock"] as? [String: [String: Int]])?["hygiene"]
        #expect(stock?["issued"] == 1)

        let check = try hub.aiddesk(["check"])
        #expect(check.status == 0)
        #expect(check.stdout.contains("усе гаразд"))
    }

    @Test func purgeRemovesNamesFromAClosedDistribution() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        _ = try hub.aiddesk(["distribution", "open", "Осінь", "--kit", "hygiene=5", "--date", "2026-10-01"])
        _ = try hub.aiddesk(["issue", "00001", "hygiene", "--collected-by", "Сусід Петро Іваненко"])
        _ = try hub.aiddesk(["distribution", "close", "--no-count"])
        let dry = try hub.aiddesk(["purge", "--before", "2026-11-01", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("Буде знеособлено"))
        #expect(try hub.aiddesk(["history", "00001"]).stdout.contains("Сусід Петро Іваненко"))
        let purge = try hub.aiddesk(["purge", "--before", "01.11.2026"])
        #expect(purge.status == 0, "\(purge.stderr)")
        let history = try hub.aiddesk(["history", "00001"]).stdout
        #expect(!history.contains("Сусід Петро Іваненко"))
        #expect(history.contains("Гігієнічний набір"))
        #expect(try hub.aiddesk(["check"]).status == 0)
    }
}
