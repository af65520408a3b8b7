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
}
