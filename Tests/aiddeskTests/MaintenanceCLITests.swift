import DeskCore
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
        let restored = try hub.aiddesk(["restore", copy, "--accept-loss"])
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
        // The binary checks a distribution's date against its own clock: dates relative to it, so
        // that the test holds on any day.
        let autumn = CivilDate(Date().addingTimeInterval(-60 * 86_400), in: .current)
        let before = CivilDate(Date().addingTimeInterval(-30 * 86_400), in: .current)
        _ = try hub.aiddesk(["distribution", "open", "Осінь", "--kit", "hygiene=5", "--date", autumn.iso])
        _ = try hub.aiddesk(["issue", "00001", "hygiene", "--collected-by", "Сусід Петро Іваненко"])
        _ = try hub.aiddesk(["distribution", "close", "--no-count"])
        let dry = try hub.aiddesk(["purge", "--before", before.iso, "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("Буде знеособлено"))
        #expect(try hub.aiddesk(["history", "00001"]).stdout.contains("Сусід Петро Іваненко"))
        let purge = try hub.aiddesk(["purge", "--before", before.dotted])
        #expect(purge.status == 0, "\(purge.stderr)")
        let history = try hub.aiddesk(["history", "00001"]).stdout
        #expect(!history.contains("Сусід Петро Іваненко"))
        #expect(history.contains("Гігієнічний набір"))
        #expect(try hub.aiddesk(["check"]).status == 0)
    }
}
