import Foundation
import Testing

@Suite("aiddesk duplicates, and the import's progress bar and duplicate summary", .serialized)
struct DuplicatesCLITests {
    /// Four families, three of them sharing people with another: a certificate written two
    /// ways, a near name with the same birth date, a shared phone.
    static let register = """
        № сім'ї;Прізвище;Ім'я;По батькові;Дата народження;Стать;Телефон;Номер довідки ВПО;Населений пункт;Голова
        00417;Коваленко;Олена;Петрівна;12.03.1981;ж;050 123 45 67;0512-5001234567;Вінниця;так
        00417;Коваленко;Марко;Іванович;01.09.2012;ч;;;Вінниця;
        00501;Коваленко;Олена;Петрівна;12.03.1981;ж;;05125001234567;Бар;так
        00502;Коваленко;Марко;;01.09.2012;ч;;;Бар;так
        00503;Ткаченко;Ніна;Іванівна;01.01.1960;ж;0501234567;;Вінниця;так
        00504;Мельник;Ольга;Іванівна;02.02.1990;ж;;;Вінниця;так

        """

    static func hubWithRegister() throws -> (ScratchHub, AidDeskBinary.Result) {
        let hub = try ScratchHub()
        let csv = hub.folder.appendingPathComponent("register.csv")
        try Data(register.utf8).write(to: csv)
        return (hub, try hub.aiddesk(["import", csv.path]))
    }

    @Test func theImportSaysWhatItFoundAndTheListShowsTheEvidence() throws {
        let (hub, imported) = try Self.hubWithRegister()
        defer { hub.remove() }
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Можливі дублікати в реєстрі: 3. Перші:"))
        #expect(imported.stdout.contains("00417/1 Коваленко Олена Петрівна і 00501/1 Коваленко Олена Петрівна: номер довідки ВПО, ім'я та дата народження"))
        #expect(imported.stdout.contains("aiddesk duplicates"))
        // Not on a terminal: no progress bar in the log.
        #expect(!imported.stderr.contains("█"))

        let text = try hub.aiddesk(["duplicates"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Можливі дублікати (одна особа в різних сім'ях): 3."))
        #expect(text.stdout.contains("1. Збіг: номер довідки ВПО, ім'я та дата народження"))
        #expect(text.stdout.contains("   00502/1  Коваленко Марко, 01.09.2012, Бар"))
        #expect(text.stdout.contains("aiddesk duplicates merge 00417 00501 --reason"))
        #expect(text.stdout.contains("aiddesk duplicates not 00417/1 00501/1"))

        let english = try hub.aiddesk(["duplicates", "--lang", "en"])
        #expect(english.stdout.contains("2. Matching: phone"))

        let json = try #require(jsonObject(try hub.aiddesk(["duplicates", "--json"]).stdout))
        #expect(json["count"] as? Int == 3)
        let pairs = try #require(json["pairs"] as? [[String: Any]])
        #expect(pairs.map { $0["evidence"] as? [String] ?? [] } == [
            ["certificate", "name_birth_date"], ["phone"], ["similar_name_birth_date"],
        ])
        let people = try #require(pairs[2]["people"] as? [[String: Any]])
        #expect(people.map { $0["ref"] as? String } == ["00417/2", "00502/1"])
        #expect(people[1]["name"] as? String == "Коваленко Марко")
        #expect(people[1]["birth_date"] as? String == "2012-09-01")
    }

    @Test func notADuplicateAndMergeFromTheCommandLine() throws {
        let (hub, _) = try Self.hubWithRegister()
        defer { hub.remove() }
        let not = try hub.aiddesk(["duplicates", "not", "417/1", "00503/1", "--reason", "сусідка дала свій телефон"])
        #expect(not.status == 0, "\(not.stderr)")
        #expect(not.stdout.contains("00417/1 (Коваленко Олена Петрівна) і 00503/1 (Ткаченко Ніна Іванівна) — різні люди"))
        #expect(try hub.aiddesk(["duplicates", "not", "00503/1", "00417/1"]).stdout.contains("уже позначено"))
        #expect(!(try hub.aiddesk(["duplicates"]).stdout.contains("00503/1")))

        #expect(try hub.aiddesk(["duplicates", "not", "00417", "00503/1"]).status == 64)
        #expect(try hub.aiddesk(["duplicates", "not", "00417/7", "00503/1"]).status == 5)
        #expect(try hub.aiddesk(["duplicates", "not", "99999/1", "00503/1"]).status == 5)

        // A kit to each registration, then the merge: done, and the double issue reported.
        #expect(try hub.aiddesk(["distribution", "open", "Зимова видача", "--kit", "hygiene=10", "--kit", "winterization=10"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00417", "hygiene"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00501", "hygiene", "winterization"]).status == 0)
        #expect(try hub.aiddesk(["duplicates", "merge", "00417", "00501"]).status == 64)  // --reason is required
        let merged = try hub.aiddesk(["duplicates", "merge", "00417", "00501", "--reason", "одна жінка, дві реєстрації"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("Сім'ю 00501 об'єднано з сім'єю 00417"))
        #expect(merged.stdout.contains("«Гігієнічний набір» у видачі «Зимова видача» тепер видано цій сім'ї двічі (видачі № 1, 2)"))
        #expect(merged.stdout.contains("aiddesk void 2 --reason"))

        // The family cannot collect winterization under its other number, nor under 00501.
        let refused = try hub.aiddesk(["issue", "00417", "winterization"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("вже видано"))
        #expect(try hub.aiddesk(["issue", "501", "winterization"]).status == 3)
        let history = try hub.aiddesk(["history", "00501"])
        #expect(history.stdout.contains("Сім'я № 00417"))
        let again = try hub.aiddesk(["duplicates", "merge", "00417", "00501", "--reason", "ще раз"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("уже об'єднано з сім'єю 00417"))
        #expect(try hub.aiddesk(["duplicates", "merge", "00417", "417", "--reason", "x"]).status == 64)
        #expect(try hub.aiddesk(["duplicates", "merge", "00417", "77777", "--reason", "x"]).status == 5)
        // The merged registrations are no longer proposed.
        #expect(!(try hub.aiddesk(["duplicates"]).stdout.contains("00501/1")))
    }

    /// On a terminal (a pseudo-terminal made by `script`) the import draws its bar on stderr.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func theProgressBarAppearsOnATerminal() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let csv = hub.folder.appendingPathComponent("register.csv")
        try Data(Self.register.utf8).write(to: csv)
        let command = [AidDeskBinary.url.path, "--db", hub.databasePath, "import", csv.path]
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.environment = AidDeskBinary.cleanEnvironment
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("Імпорт ██████████████████████████████ 100%"))
        #expect(text.contains("Імпортовано: сімей додано 5"))
    }
}
