import DeskCore
import Foundation
import Testing

@Suite("Restore says what it would lose, never reuses an id, never mixes the demo and a real hub", .serialized)
struct RestoreLossCLITests {
    func backupFiles(_ hub: ScratchHub) -> [String] {
        let folder = hub.folder.appendingPathComponent("backups").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func anOlderBackupIsRefusedUntilTheLossIsAcceptedAndIdsGoOnAboveTheHighest() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 4)
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=9"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00001", "hygiene"]).status == 0)
        let copy = hub.folder.appendingPathComponent("morning.sqlite").path
        #expect(try hub.aiddesk(["backup", copy]).status == 0)
        // Later, at another desk: an issue, a check-in and a void the backup does not hold.
        let later = try hub.aiddesk(["issue", "00002", "hygiene", "--json"], desk: "2")
        #expect(later.stdout.contains("\"id\":2"), "\(later.stdout)")
        #expect(try hub.aiddesk(["checkin", "00003"], desk: "2").status == 0)
        #expect(try hub.aiddesk(["void", "1", "--reason", "помилка"]).status == 0)

        let refused = try hub.aiddesk(["restore", copy])
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("видача № 2: сім'я 00002"), "\(refused.stderr)")
        #expect(refused.stderr.contains("скасування видачі № 1"), "\(refused.stderr)")
        #expect(refused.stderr.contains("прибуття сім'ї 00003"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--accept-loss"))
        #expect(backupFiles(hub).isEmpty, "no safety copy before the coordinator decides")
        #expect(try hub.aiddesk(["history", "00002"]).stdout.contains("Гігієнічний набір"))
        let english = try hub.aiddesk(["--lang", "en", "restore", copy])
        #expect(english.status == 3 && english.stderr.contains("issuance #2: household 00002"), "\(english.stderr)")

        let accepted = try hub.aiddesk(["restore", copy, "--accept-loss"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stderr.contains("видача № 2"))
        #expect(!backupFiles(hub).isEmpty)
        // The next kit takes a new number: #2 stays the kit the audit already names.
        let next = try hub.aiddesk(["issue", "00004", "hygiene", "--json"])
        #expect(next.status == 0 && next.stdout.contains("\"id\":3"), "\(next.stdout) \(next.stderr)")
        let log = try hub.aiddesk(["audit", "--action", "issue"]).stdout
        #expect(log.contains("#2 ") && log.contains("#3 "), "\(log)")
        let check = try hub.aiddesk(["check"])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        // A backup that holds everything restores without a word of loss.
        let now = hub.folder.appendingPathComponent("now.sqlite").path
        #expect(try hub.aiddesk(["backup", now]).status == 0)
        #expect(try hub.aiddesk(["restore", now]).status == 0)
    }

    @Test func theDemoAndARealHubNeverReplaceEachOther() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 2)
        let demo = hub.folder.appendingPathComponent("demo.sqlite").path
        #expect(try AidDeskBinary.run(["demo", "--db", demo, "--status"]).status == 0)
        let demoCopy = hub.folder.appendingPathComponent("demo-copy.sqlite").path
        #expect(try AidDeskBinary.run(["backup", demoCopy, "--db", demo]).status == 0)
        let realCopy = hub.folder.appendingPathComponent("real-copy.sqlite").path
        #expect(try hub.aiddesk(["backup", realCopy]).status == 0)

        let intoReal = try hub.aiddesk(["restore", demoCopy])
        #expect(intoReal.status == 3 && intoReal.stderr.contains("демонстраційної"), "\(intoReal.stderr)")
        #expect(try hub.aiddesk(["status", "--json"]).stdout.contains("\"households\":2"))
        let intoDemo = try AidDeskBinary.run(["restore", realCopy, "--db", demo, "--accept-loss"])
        #expect(intoDemo.status == 3 && intoDemo.stderr.contains("--fresh"), "\(intoDemo.stderr)")
        // The real hub is still not the demo's: `demo --fresh` refuses it.
        #expect(try AidDeskBinary.run(["demo", "--fresh", "--db", hub.databasePath, "--status"]).status != 0)
    }
}
