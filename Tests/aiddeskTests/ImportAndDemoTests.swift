import DeskCore
import Foundation
import Testing

@Suite("Import and demo from the command line", .serialized)
struct ImportAndDemoTests {
    /// The walk-through in docs/commands.md: an Excel register (Windows-1251, semicolons) imports whole,
    /// a second import changes nothing, and a dry run writes nothing.
    @Test func anExcelRegisterImportsOnceAndOnlyOnce() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let csv = hub.folder.appendingPathComponent("register.csv").path
        let written = try AidDeskBinary.run(["demo", "--register-csv", csv])
        #expect(written.status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
        #expect(bytes.contains(0x3B))  // semicolons
        #expect(String(data: bytes, encoding: .utf8) == nil)  // not UTF-8: Windows-1251

        let dry = try hub.aiddesk(["import", csv, "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("windows1251"))
        #expect(try hub.aiddesk(["status", "--json"]).stdout.contains("\"households\":0"))

        let first = try hub.aiddesk(["import", csv])
        #expect(first.status == 0, "\(first.stderr)")
        let status = try #require(jsonObject(try hub.aiddesk(["status", "--json"]).stdout))
        #expect(status["households"] as? Int == 860)
        let people = try #require(status["people"] as? Int)
        #expect((1_700...2_100).contains(people))

        let again = try hub.aiddesk(["import", csv, "--lang", "en"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("households added 0, updated 0; people added 0, updated 0, unchanged \(people)"))
    }

    @Test func aFileWithErrorsImportsNothingAndListsEveryBadRow() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let text = """
            № сім'ї;Прізвище;Ім'я;По батькові;Дата народження;Стать;Телефон
            00001;Петренко;Ірина;Іванівна;01.02.1980;ж;0501234567
            00002;Сидоренко;Віктор;Олегович;31.02.1970;ч;050 123 45 67
            00003;Мельник;Ольга;;12.12.1990;x;12345
            """
        let file = hub.folder.appendingPathComponent("bad.csv")
        try Windows1251.encode(text)!.write(to: file)
        let result = try hub.aiddesk(["import", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("рядок 3, стовпець «Дата народження», значення «31.02.1970»"))
        #expect(result.stderr.contains("рядок 4, стовпець «Стать», значення «x»"))
        #expect(result.stderr.contains("рядок 4, стовпець «Телефон», значення «12345»"))
        // Nothing was written: not even an empty hub, which `status` refuses as no database at all.
        #expect(try hub.aiddesk(["status", "--json"]).status == 5)
    }

    @Test func theDemoNeverTouchesTheRealDatabase() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 2)
        let refused = try AidDeskBinary.run(["demo", "--db", hub.databasePath, "--status"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("не є демонстраційним"))

        // $AIDDESK_DB is the real database: the demo goes to its own file in the data folder.
        let xdg = hub.folder.appendingPathComponent("xdg").path
        let demo = try AidDeskBinary.run(["demo", "--status"], environment: ["AIDDESK_DB": hub.databasePath, "XDG_DATA_HOME": xdg])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("сімей — 860"))
        #expect(FileManager.default.fileExists(atPath: xdg + "/aiddesk/demo.sqlite"))
        #expect(try hub.aiddesk(["status", "--json"]).stdout.contains("\"households\":2"))
        // The demo day is in progress: an open distribution with families already served.
        let status = try #require(jsonObject(try AidDeskBinary.run(["status", "--json", "--db", xdg + "/aiddesk/demo.sqlite"]).stdout))
        let distributions = try #require(status["distributions"] as? [[String: Any]])
        #expect(distributions.contains { $0["open"] as? Bool == true && ($0["households_served"] as? Int ?? 0) > 0 })
    }
}
