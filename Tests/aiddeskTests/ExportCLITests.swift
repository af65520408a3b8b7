import DeskCore
import Foundation
import Testing

@Suite("aiddesk export: the register and the issuances as CSV", .serialized)
struct ExportCLITests {
    func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Export with contacts, import into a fresh database, export again: the same bytes.
    func roundTrip(from database: String, in folder: URL, excel: Bool) throws {
        let tag = excel ? "excel" : "utf8"
        let first = folder.appendingPathComponent("first-\(tag).csv").path
        let second = folder.appendingPathComponent("second-\(tag).csv").path
        let fresh = folder.appendingPathComponent("fresh-\(tag).sqlite").path
        let flags = ["--with-contacts"] + (excel ? ["--excel"] : [])
        let exported = try AidDeskBinary.run(["export", "registry", "--db", database, "--out", first] + flags)
        #expect(exported.status == 0, "\(exported.stderr)")
        let imported = try AidDeskBinary.run(["import", first, "--db", fresh])
        #expect(imported.status == 0, "\(imported.stderr)")
        let again = try AidDeskBinary.run(["export", "registry", "--db", fresh, "--out", second] + flags)
        #expect(again.status == 0, "\(again.stderr)")
        let a = try read(first)
        let b = try read(second)
        #expect(a.count > 100)
        #expect(a == b, "\(tag): the re-imported register exports differently")
        if excel {
            #expect(String(data: a, encoding: .utf8) == nil)
            #expect(Windows1251.decode(a).hasPrefix("№ сім’ї;Прізвище;"))
        } else {
            #expect(Array(a.prefix(3)) == [0xEF, 0xBB, 0xBF])
        }
    }

    @Test func theDemoRegisterImportsBackUnchangedInBothFlavours() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let demo = hub.folder.appendingPathComponent("demo.sqlite").path
        let made = try AidDeskBinary.run(["demo", "--fresh", "--db", demo, "--status"])
        #expect(made.status == 0, "\(made.stderr)")
        try roundTrip(from: demo, in: hub.folder, excel: false)
        try roundTrip(from: demo, in: hub.folder, excel: true)
        // The fresh database holds the same register: households and people.
        let original = try #require(jsonObject(try AidDeskBinary.run(["status", "--json", "--db", demo]).stdout))
        let copy = try #require(jsonObject(
            try AidDeskBinary.run(["status", "--json", "--db", hub.folder.appendingPathComponent("fresh-utf8.sqlite").path]).stdout))
        #expect(original["households"] as? Int == copy["households"] as? Int)
        #expect(original["people"] as? Int == copy["people"] as? Int)
    }

    @Test func awkwardNamesSurviveTheRoundTrip() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let text = #"""
            № сім'ї,Прізвище,Ім'я,По батькові,Дата народження,Стать,Телефон,Номер довідки ВПО,Населений пункт,Голова
            00001,Дʼяченко,Марʼяна,Олегівна,01.02.1980,ж,0501234567,0504-000001,"Вінниця, Замостя",так
            00001,"Коваль ""Старший""",Іван,,03.04.2010,ч,,,"Вінниця, Замостя",
            00002,Сім;кін,Ґанна,Євгенівна,05.06.1950,ж,+380 67 765 43 21,АА 123456,Бар,так
            """#
        let source = hub.folder.appendingPathComponent("source.csv")
        try Data(text.utf8).write(to: source)
        let imported = try hub.aiddesk(["import", source.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        try roundTrip(from: hub.databasePath, in: hub.folder, excel: false)
        try roundTrip(from: hub.databasePath, in: hub.folder, excel: true)
        let rows = csvRows(String(decoding: try read(hub.folder.appendingPathComponent("first-utf8.csv").path), as: UTF8.self))
        #expect(rows.count == 4)
        #expect(rows[2][1] == "Коваль \"Старший\"" && rows[2][8] == "Вінниця, Замостя")
        #expect(rows[3][1] == "Сім;кін" && rows[3][6] == "+380677654321")
    }

    /// A register with the disability column: the marks go through import, export (with the
    /// contacts only, last) and import again, byte for byte.
    @Test func disabilityMarksRoundTripWithTheContacts() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let text = """
            № сім'ї;Прізвище;Ім'я;Дата народження;Телефон;Особа з інвалідністю;Голова
            00001;Дʼяченко;Марʼяна;01.02.1980;0501234567;ІІ група;так
            00001;Дʼяченко;Іван;03.04.2010;;;
            00002;Семенко;Ганна;05.06.1950;;ні;так
            00003;Бондар;Петро;07.08.1962;;+;так
            """
        let source = hub.folder.appendingPathComponent("source.csv")
        try #require(Windows1251.encode(text)).write(to: source)
        let imported = try hub.aiddesk(["import", source.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        try roundTrip(from: hub.databasePath, in: hub.folder, excel: false)
        try roundTrip(from: hub.databasePath, in: hub.folder, excel: true)
        let rows = csvRows(String(decoding: try read(hub.folder.appendingPathComponent("first-utf8.csv").path), as: UTF8.self))
        #expect(rows[0].suffix(3) == ["Населений пункт", "Голова", "Інвалідність"])
        #expect(rows.dropFirst().map { $0.last } == ["так", "", "", "так"])
        let bare = csvRows(try hub.aiddesk(["export", "registry"]).stdout)
        #expect(bare[0].last == "Голова" && !bare[0].contains("Інвалідність"))

        // A bad mark is a listed row problem, and nothing is imported.
        let bad = hub.folder.appendingPathComponent("bad.csv")
        try Data("household;surname;given_name;disability\n00009;Нова;Олена;можливо\n".utf8).write(to: bad)
        let refused = try hub.aiddesk(["import", bad.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("рядок 2, стовпець «disability», значення «можливо»"), "\(refused.stderr)")
        #expect(try hub.aiddesk(["status", "--json"]).stdout.contains("\"households\":3"))
    }

    @Test func contactsOnlyWhenAskedForInBothExports() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let demo = hub.folder.appendingPathComponent("demo.sqlite").path
        #expect(try AidDeskBinary.run(["demo", "--fresh", "--db", demo, "--status"]).status == 0)
        let registry = try AidDeskBinary.run(["export", "registry", "--db", demo])
        #expect(registry.status == 0)
        #expect(registry.stdout.hasPrefix("\u{FEFF}№ сімʼї,Прізвище,Імʼя,По батькові,Дата народження,Стать,Населений пункт,Голова\r\n"))
        #expect(!registry.stdout.contains("+380"))
        #expect(!registry.stdout.contains("Телефон") && !registry.stdout.contains("довідки"))
        let withContacts = try AidDeskBinary.run(["export", "registry", "--db", demo, "--with-contacts"])
        #expect(withContacts.stdout.contains("Телефон,Номер довідки ВПО"))
        #expect(withContacts.stdout.contains(",+380"))
        #expect(csvRows(registry.stdout).count == csvRows(withContacts.stdout).count)

        let issuances = try AidDeskBinary.run(["export", "issuances", "--db", demo])
        #expect(issuances.status == 0)
        #expect(!issuances.stdout.contains("+380"))
        let issuancesWithContacts = try AidDeskBinary.run(["export", "issuances", "--db", demo, "--with-contacts"])
        #expect(issuancesWithContacts.stdout.contains("+380"))
        #expect(csvRows(issuancesWithContacts.stdout)[0].contains("Номер довідки ВПО отримувача"))
    }

    @Test func issuancesOneRowEachWithTheVoidsMarked() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 6)
        #expect(try hub.aiddesk(["distribution", "open", "Зимова видача", "--kit", "hygiene=10", "--kit", "bedding=10"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00001", "hygiene"], desk: "2").status == 0)
        #expect(try hub.aiddesk(["issue", "00003", "hygiene", "bedding", "--collected-by", "=Сусідка, Галина"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00004", "hygiene"]).status == 0)
        #expect(try hub.aiddesk(["void", "4", "--reason", "не та сім'я; повернули"]).status == 0)

        let out = hub.folder.appendingPathComponent("issuances.csv").path
        let result = try hub.aiddesk(["export", "issuances", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("рядків — 4"))
        let rows = csvRows(String(decoding: try read(out), as: UTF8.self))
        #expect(rows[0] == [
            "№ запису", "№ видачі", "Видача", "№ сім'ї", "Код набору", "Набір", "Кількість", "Отримав(ла)", "Довірена особа",
            "Видано", "Стіл", "Видав(ла)", "Скасовано", "Скасував(ла)", "Причина скасування",
            "Причина видачі поза планом",
        ])
        #expect(rows.count == 5)
        #expect(rows.dropFirst().map { $0[0] } == ["1", "2", "3", "4"])
        #expect(Array(rows[1].prefix(9)) == [
            "1", "1", "Зимова видача", "00001", "hygiene", "Гігієнічний набір", "1", "Тестенко Олена Іванівна", "ні",
        ])
        #expect(rows[1][10] == "2" && rows[1][11] == "Тест")
        #expect(rows.dropFirst().allSatisfy { isLocalDateTime($0[9]) })
        #expect(rows[3][4] == "bedding" && rows[3][6] == "2")
        #expect(rows[3][7] == "'=Сусідка, Галина" && rows[3][8] == "так")
        #expect(rows[1][12] == "" && rows[1][14] == "")
        #expect(isLocalDateTime(rows[4][12]))
        #expect(rows[4][13] == "Тест" && rows[4][14] == "не та сім'я; повернули")

        // One distribution only; English headers; older Excel.
        #expect(try hub.aiddesk(["distribution", "close", "1"]).status == 0)
        #expect(try hub.aiddesk(["distribution", "open", "Друга", "--kit", "hygiene=5"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00005", "hygiene", "--distribution", "2"]).status == 0)
        #expect(csvRows(try hub.aiddesk(["export", "issuances"]).stdout).count == 6)
        let second = csvRows(try hub.aiddesk(["export", "issuances", "--distribution", "2", "--lang", "en"]).stdout)
        #expect(second.count == 2 && second[1][3] == "00005" && second[1][8] == "no")
        #expect(second[0].first == "id" && second[0].last == "override_reason")
        let excelPath = hub.folder.appendingPathComponent("issuances-excel.csv").path
        #expect(try hub.aiddesk(["export", "issuances", "--excel", "--out", excelPath]).status == 0)
        let excel = try read(excelPath)
        #expect(String(data: excel, encoding: .utf8) == nil)
        #expect(csvRows(Windows1251.decode(excel), delimiter: ";").count == 6)
        #expect(try hub.aiddesk(["export", "issuances", "--distribution", "9"]).status == 5)
    }

    @Test func theRegisterOfOneDistributionHoldsTheHouseholdsServedInIt() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 6)
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=10"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00002", "hygiene"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00006", "hygiene"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00005", "hygiene"]).status == 0)
        #expect(try hub.aiddesk(["void", "3", "--reason", "помилка"]).status == 0)
        let rows = csvRows(try hub.aiddesk(["export", "registry", "--distribution", "1"]).stdout)
        #expect(rows.dropFirst().map { $0[0] } == ["00002", "00006", "00006"])
        #expect(csvRows(try hub.aiddesk(["export", "registry"]).stdout).count == 1 + 8)
        #expect(try hub.aiddesk(["export", "nonsense"]).status == 64)
    }
}

/// `25.11.2026 10:42`.
func isLocalDateTime(_ text: String) -> Bool {
    let shape = Array("dd.dd.dddd dd:dd")
    let characters = Array(text)
    guard characters.count == shape.count else { return false }
    return zip(characters, shape).allSatisfy { c, s in s == "d" ? c.isASCII && c.isNumber : c == s }
}

@Suite("Export without contacts, imported back", .serialized)
struct ExportWithoutContactsTests {
    @Test func importingItOverTheHubKeepsEveryPhone() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let demo = hub.folder.appendingPathComponent("register.csv").path
        #expect(try AidDeskBinary.run(["demo", "--register-csv", demo]).status == 0)
        #expect(try hub.aiddesk(["import", demo]).status == 0)
        let before = try hub.aiddesk(["export", "registry", "--with-contacts"]).stdout
        let bare = hub.folder.appendingPathComponent("bare.csv")
        let export = try hub.aiddesk(["export", "registry"])
        try Data(export.stdout.utf8).write(to: bare)
        let again = try hub.aiddesk(["import", bare.path, "--lang", "en"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("people added 0, updated 0"))
        #expect(try hub.aiddesk(["export", "registry", "--with-contacts"]).stdout == before)
        // The disability marks too: the bare export has no column for them, and the hub keeps them.
        #expect(!export.stdout.contains("Інвалідність"))
        #expect(before.hasPrefix("\u{FEFF}№ сімʼї,") && before.contains(",Населений пункт,Голова,Інвалідність\r\n"))
        #expect(csvRows(before).filter { $0.last == "так" }.count > 40)
    }
}
