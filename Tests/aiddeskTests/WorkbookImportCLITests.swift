import DeskCore
import Foundation
import Testing

/// The untidy registers of `Tests/DeskWorkbookTests/Fixtures/untidy_registers.py`, written by
/// openpyxl (a real spreadsheet library) where python3 has it; `.ci/run` installs it.
enum UntidyWorkbooks {
    static let python = RealParts.path("python3")

    static let folder: URL? = {
        guard let python, (try? RealParts.run(python, ["-c", "import openpyxl"]).status) == 0 else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-untidy-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DeskWorkbookTests/Fixtures/untidy_registers.py")
        guard (try? RealParts.run(python, [script.path, folder.path]).status) == 0 else { return nil }
        return folder
    }()

    static var available: Bool { folder != nil }

    static func path(_ name: String) -> String { folder!.appendingPathComponent(name).path }
}

@Suite(
    "aiddesk import FILE.xlsx: the register as hubs keep it", .serialized,
    .enabled(if: UntidyWorkbooks.available, "python3 with openpyxl is not installed: skipped (.ci/run installs it)"))
struct WorkbookImportCLITests {
    @Test func aRegisterWithTitleRowsNumbersAndTotalsImportsTheRightPeople() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let imported = try hub.aiddesk(["import", UntidyWorkbooks.path("hub.xlsx")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Прочитано аркуш «Аркуш1», рядків: 5; сімей: 3, осіб: 5."))
        #expect(imported.stdout.contains("у рядку 4"))
        #expect(imported.stdout.contains("пропущено: 11, 12."))
        let history = try hub.aiddesk(["history", "417"])
        #expect(history.stdout.contains("Вигаденко Олена Петрівна"))
        #expect(history.stdout.contains("01.03.1957"))
        let exported = try hub.aiddesk(["export", "registry", "--with-contacts"])
        #expect(exported.stdout.contains("+380501234567"), "the phone stored as a number lost its leading zero")
        #expect(exported.stdout.contains("1234567890123"))
        #expect(!exported.stdout.contains("E+"))
        // The same workbook again changes nothing.
        let again = try hub.aiddesk(["import", UntidyWorkbooks.path("hub.xlsx"), "--lang", "en"])
        #expect(again.stdout.contains("unchanged 5"), "\(again.stdout)")
    }

    @Test func aBadCellIsNamedAndNothingIsImported() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let refused = try hub.aiddesk(["import", UntidyWorkbooks.path("bad-cell.xlsx")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("клітинка Аркуш1!E17, стовпець «phone», значення «12345»"), "\(refused.stderr)")
        let english = try hub.aiddesk(["import", UntidyWorkbooks.path("bad-cell.xlsx"), "--lang", "en"])
        #expect(english.stderr.contains("cell Аркуш1!E17, column \"phone\", value \"12345\""), "\(english.stderr)")
        #expect(!FileManager.default.fileExists(atPath: hub.databasePath))
    }

    @Test func aSheetIsChosenByName() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let file = UntidyWorkbooks.path("sheets.xlsx")
        let missing = try hub.aiddesk(["import", file, "--sheet", "Нема"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("аркуша «Нема» у книзі немає; є: «Службовий», «Реєстр ВПО», «Видачі»"), "\(missing.stderr)")
        let chosen = try hub.aiddesk(["import", file, "--sheet", "Видачі"])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(chosen.stdout.contains("«Видачі», рядків: 2"))
        let csv = hub.folder.appendingPathComponent("register.csv")
        try Data("household;surname;given_name\n1;Вигаденко;Олена\n".utf8).write(to: csv)
        let notABook = try hub.aiddesk(["import", csv.path, "--sheet", "Аркуш1"])
        #expect(notABook.status == 1)
        #expect(notABook.stderr.contains("лише для книг Excel"), "\(notABook.stderr)")
    }
}
