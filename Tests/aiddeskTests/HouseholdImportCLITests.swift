import DeskCore
import Foundation
import Testing

/// What a volunteer sees when the import is given something that is not the register, or a
/// register that writes household numbers another way.
@Suite("Import: files that are not a register, and numbers written two ways", .serialized)
struct HouseholdImportCLITests {
    static let register = [
        "household;surname;given_name;patronymic;birth_date;sex;settlement;head",
        "00417;Коваленко;Олена;Петрівна;12.03.1981;ж;Вінниця;так",
        "00417;Коваленко;Марко;Іванович;01.09.2012;ч;Вінниця;",
        "00418;Бондар;Василь;Миколайович;05.05.1950;ч;Жмеринка;так",
        "00419;Шевчук;Галина;Олексіївна;20.06.1944;ж;Козятин;так",
    ]

    static func write(_ lines: [String], to url: URL) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    /// Refused with a message naming what the file is, in both languages, exit 1, nothing imported.
    static func expectRefused(
        _ hub: ScratchHub, _ path: String, uk: String, en: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let ukrainian = try hub.aiddesk(["import", path])
        #expect(ukrainian.status == 1, sourceLocation: sourceLocation)
        #expect(ukrainian.stderr.contains(uk), "\(ukrainian.stderr)", sourceLocation: sourceLocation)
        let english = try hub.aiddesk(["import", path, "--lang", "en"])
        #expect(english.status == 1, sourceLocation: sourceLocation)
        #expect(english.stderr.contains(en), "\(english.stderr)", sourceLocation: sourceLocation)
        for result in [ukrainian, english] {
            #expect(!result.stderr.contains("NSCocoaErrorDomain"), sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("permission"), sourceLocation: sourceLocation)
            #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        }
    }

    @Test func aFolderADeviceAWorkbookAndAHugeFileAreRefusedInPlainWords() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try Self.expectRefused(hub, hub.folder.path, uk: "це тека, а не файл", en: "is a folder, not a file")
        try Self.expectRefused(hub, "/dev/zero", uk: "не звичайний файл", en: "not a regular file")

        // A damaged .xlsx (a zip cut short): its bytes never reach the terminal.
        let xlsx = hub.folder.appendingPathComponent("Реєстр.xlsx")
        var zip = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00])
        zip.append(Data("[Content_Types].xml".utf8))
        zip.append(Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
        try zip.write(to: xlsx)
        try Self.expectRefused(hub, xlsx.path, uk: "пошкоджений або обрізаний", en: "damaged or cut short")
        let shown = try hub.aiddesk(["import", xlsx.path]).stderr
        #expect(!shown.contains("Content_Types"))
        #expect(!shown.contains("PK"))
        // The old .xls (or an .xlsx with a password, which is the same kind of file).
        let xls = hub.folder.appendingPathComponent("Реєстр.xls")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 1000)).write(to: xls)
        try Self.expectRefused(hub, xls.path, uk: "збережіть як «Книга Excel (.xlsx)»", en: "save it as \"Excel Workbook (.xlsx)\"")

        // Larger than any register: refused before it is read (a sparse file, no disk used).
        let huge = hub.folder.appendingPathComponent("huge.csv")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: Data("household;surname;given_name\n".utf8)))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 129 * 1024 * 1024)
        try handle.close()
        try Self.expectRefused(hub, huge.path, uk: "більший за 128 МБ", en: "larger than 128 MB")

        try Self.expectRefused(hub, hub.folder.appendingPathComponent("немає.csv").path, uk: "немає", en: "there is no file")
        // Nothing was imported, and no hub was made for it.
        #expect(!FileManager.default.fileExists(atPath: hub.databasePath))
    }

    @Test func aKOI8URegisterImportsAsUkrainian() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let file = hub.folder.appendingPathComponent("koi8.csv")
        try KOI8U.encode(Self.register.joined(separator: "\r\n") + "\r\n")!.write(to: file)
        let result = try hub.aiddesk(["import", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("koi8-u"))
        let history = try hub.aiddesk(["history", "00417"])
        #expect(history.stdout.contains("Коваленко Олена Петрівна"))
        #expect(history.stdout.contains("Коваленко Марко Іванович"))
    }

    /// The case seen: `00417` had hygiene; a register with the zeros stripped doubled the hub,
    /// `issue 417 hygiene` went through and `history 0417` found nothing.
    @Test func aRegisterWithoutLeadingZerosIsTheSameHub() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let file = hub.folder.appendingPathComponent("register.csv")
        try Self.write(Self.register, to: file)
        #expect(try hub.aiddesk(["import", file.path]).status == 0)
        #expect(try hub.aiddesk(["distribution", "open", "Зимова видача", "--kit", "hygiene=10"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00417", "hygiene"]).status == 0)

        let stripped = hub.folder.appendingPathComponent("stripped.csv")
        try Self.write(Self.register.map { $0.hasPrefix("00") ? String($0.drop { $0 == "0" }) : $0 }, to: stripped)
        let again = try hub.aiddesk(["import", stripped.path, "--lang", "en"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("households added 0, updated 0; people added 0, updated 0, unchanged 4"))
        #expect(jsonObject(try hub.aiddesk(["status", "--json"]).stdout)?["households"] as? Int == 3)

        let twice = try hub.aiddesk(["issue", "417", "hygiene"])
        #expect(twice.status == 3, "\(twice.stdout)\(twice.stderr)")
        let history = try hub.aiddesk(["history", "0417"])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("00417"))

        // One file writing one household two ways: one household, and the rows named.
        let mixed = hub.folder.appendingPathComponent("mixed.csv")
        try Self.write(Self.register + ["417;Коваленко;Софія;Іванівна;03.03.2020;ж;Вінниця;"], to: mixed)
        let read = try hub.aiddesk(["import", mixed.path])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("Рядок 6: номер сім'ї «417» — це той самий номер, що «00417» у рядку 2"))
        #expect(jsonObject(try hub.aiddesk(["status", "--json"]).stdout)?["households"] as? Int == 3)
        #expect(try hub.aiddesk(["check"]).status == 0)
    }
}
