import DeskCore
import Foundation
import Testing

/// The command line is a contract that scripts use: exit statuses, JSON shapes, messages.
@Suite("CLI contract", .serialized)
struct CLIContractTests {
    @Test func issueOnceThenRefuseWithReasonAndStatus3() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        let open = try hub.aiddesk(["distribution", "open", "Зимова видача", "--kit", "hygiene=2", "--kit", "bedding=10"])
        #expect(open.status == 0)
        #expect(open.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")

        let first = try hub.aiddesk(["issue", "00001", "hygiene", "--json"], desk: "2")
        #expect(first.status == 0)
        let issued = (jsonObject(first.stdout)?["issued"] as? [[String: Any]])?.first
        #expect(issued?["kit"] as? String == "hygiene")
        #expect(issued?["quantity"] as? Int == 1)
        #expect(issued?["id"] as? Int == 1)

        let second = try hub.aiddesk(["issue", "1", "hygiene"], desk: "3")
        #expect(second.status == 3)
        #expect(second.stderr.contains("вже видано"))
        #expect(second.stderr.contains("стіл 2"))
        #expect(second.stderr.contains("Тест"))

        let english = try hub.aiddesk(["issue", "00001", "hygiene", "--lang", "en"])
        #expect(english.status == 3)
        #expect(english.stderr.contains("already issued"))

        _ = try hub.aiddesk(["issue", "00002", "hygiene"])
        let out = try hub.aiddesk(["issue", "00003", "hygiene"])
        #expect(out.status == 4)
        #expect(out.stderr.contains("закінчився запас"))

        let unknown = try hub.aiddesk(["issue", "77777", "hygiene"])
        #expect(unknown.status == 5)
        let badKit = try hub.aiddesk(["issue", "00003", "soap"])
        #expect(badKit.status != 0 && badKit.status != 3 && badKit.status != 4)
        #expect(badKit.stderr.contains("soap"))
    }

    @Test func statusJSONHasTheAgreedShape() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 4)
        _ = try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=300", "--kit", "bedding=50",
                             "--date", CivilDate(Date(), in: .current).iso, "--place", "Вінниця"])
        _ = try hub.aiddesk(["issue", "00003", "hygiene", "bedding"])
        let status = try hub.aiddesk(["status", "--json"])
        #expect(status.status == 0)
        let json = try #require(jsonObject(status.stdout))
        #expect(json["households"] as? Int == 4)
        #expect(json["people"] as? Int == 5)
        let distribution = try #require((json["distributions"] as? [[String: Any]])?.first)
        #expect(distribution["id"] as? Int == 1)
        #expect(distribution["name"] as? String == "Видача")
        #expect(distribution["open"] as? Bool == true)
        let stock = try #require(distribution["stock"] as? [String: [String: Int]])
        #expect(stock["hygiene"] == ["received": 300, "issued": 1, "left": 299])
        #expect(stock["bedding"] == ["received": 50, "issued": 2, "left": 48])
    }

    @Test func voidHistoryAndClose() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 2)
        _ = try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=5"])
        _ = try hub.aiddesk(["issue", "00001", "hygiene", "--collected-by", "Сусід Петро"])
        #expect(try hub.aiddesk(["void", "1"]).status != 0)  // a reason is required
        let void = try hub.aiddesk(["void", "1", "--reason", "не та сім'я"])
        #expect(void.status == 0)
        let history = try hub.aiddesk(["history", "00001", "--json"])
        let json = try #require(jsonObject(history.stdout))
        let entries = try #require(json["issuances"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries[0]["voided"] as? Bool == true)
        #expect(entries[0]["void_reason"] as? String == "не та сім'я")
        #expect(entries[0]["collected_by"] as? String == "Сусід Петро")
        #expect(entries[0]["proxy"] as? Bool == true)
        let text = try hub.aiddesk(["history", "00001"])
        #expect(text.stdout.contains("СКАСОВАНО"))
        #expect(try hub.aiddesk(["issue", "00001", "hygiene"]).status == 0)  // a void gives the kit back

        #expect(try hub.aiddesk(["distribution", "close"]).status == 0)
        let closed = try hub.aiddesk(["issue", "00002", "hygiene", "--distribution", "1"])
        #expect(closed.status == 3)
        #expect(closed.stderr.contains("закрито"))
        let noneOpen = try hub.aiddesk(["issue", "00002", "hygiene"])
        #expect(noneOpen.status == 1)
        #expect(noneOpen.stderr.contains("Немає відкритої видачі"))
        #expect(try hub.aiddesk(["checkin", "00002", "--distribution", "1"]).status == 3)
    }

    @Test func globalOptionsBeforeOrAfterTheCommandAndFromTheEnvironment() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 1)
        let before = try AidDeskBinary.run(["--db", hub.databasePath, "--lang", "en", "status"])
        #expect(before.status == 0 && before.stdout.contains("1 households"))
        let fromEnvironment = try AidDeskBinary.run(["status"], environment: ["AIDDESK_DB": hub.databasePath])
        #expect(fromEnvironment.stdout.contains("сімей — 1"))
        let xdg = hub.folder.appendingPathComponent("xdg").path
        // A command that starts a hub creates it at the default place; one that only reads would refuse.
        #expect(try AidDeskBinary.run(["status"], environment: ["XDG_DATA_HOME": xdg]).status == 5)
        _ = try AidDeskBinary.run(["operator", "init", "--name", "Ганна"],
                                  environment: ["XDG_DATA_HOME": xdg, "AIDDESK_PIN": "4821"])
        let made = xdg + "/aiddesk/aiddesk.sqlite"
        #expect(FileManager.default.fileExists(atPath: made))
        #expect((try FileManager.default.attributesOfItem(atPath: made)[.posixPermissions] as? Int) == 0o600)
    }
}
