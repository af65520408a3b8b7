import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

private func at(_ hour: Int, _ minute: Int) -> Date { Fixtures.day("2026-11-25", hour: hour, minute: minute) }
private let today = CivilDate(parsing: "2026-11-25")!

/// The register's disability marks in the database: stored by the import, never erased by a file
/// that does not say, exported with the contacts, and a priority on the waiting list.
@Suite("Disability marks in the store")
struct DisabilityStoreTests {
    /// What `aiddesk import` does: parse the file, then import with the columns it had.
    static func importFile(_ db: DeskDatabase, _ lines: [String]) throws -> ImportSummary {
        let text = lines.joined(separator: "\n") + "\n"
        let parsed = try RegisterParser.parse(Data(text.utf8), today: today).get()
        return try db.importRegister(parsed.register, columns: Set(parsed.columns.keys), context: Fixtures.desk1)
    }

    static func marks(_ db: DeskDatabase, _ number: String) throws -> [Bool?] {
        try #require(try db.household(number: number)).members.map(\.hasDisability)
    }

    static let header = "№ сім'ї;Прізвище;Ім'я;По батькові;Дата народження;Голова"

    /// The fixture's family 00418, all five in the register's order, with `marks` in a last column
    /// under `header` (no column when nil).
    static func bondar(_ header: String?, _ marks: [String]) -> [String] {
        let rows = [
            "00418;Бондар;Василь;Миколайович;05.05.1950;так", "00418;Бондар;Ганна;Степанівна;17.10.1953;",
            "00418;Бондар;Ірина;Василівна;02.02.1980;", "00418;Бондар;Софія;Андріївна;03.03.2015;",
            "00418;Бондар;Денис;Андрійович;04.04.2019;",
        ]
        guard let header else { return [Self.header] + rows }
        return [Self.header + ";" + header] + zip(rows, marks).map { $0 + ";" + $1 }
    }

    @Test func theImportStoresTheMarksAndAFileWithoutTheColumnKeepsThem() throws {
        let (db, _) = try Fixtures.database()
        // The fixture came in without the column: nobody is marked, nor marked "no".
        #expect(try Self.marks(db, "00418") == [nil, nil, nil, nil, nil])

        let first = try Self.importFile(db, Self.bondar("Інвалідність", ["ІІ група", "", "ні", "0", "так"]))
        #expect(first.peopleUpdated == 5)
        #expect(try Self.marks(db, "00418") == [true, false, false, false, true])

        // The same people from a file without the column (an export without contacts, an old
        // template): nothing changes, nothing is erased.
        let without = try Self.importFile(db, Self.bondar(nil, []))
        #expect(without.peopleUpdated == 0 && without.peopleUnchanged == 5)
        #expect(try Self.marks(db, "00418") == [true, false, false, false, true])

        // Nor does a caller that passes no columns at all: the people themselves do not say.
        var register = Fixtures.register
        register.households = [register.households[1]]
        #expect(register.households[0].members.allSatisfy { $0.hasDisability == nil })
        let again = try db.importRegister(register, context: Fixtures.desk1)
        #expect(again.peopleUpdated == 0)
        #expect(try Self.marks(db, "00418") == [true, false, false, false, true])

        // A file with the column and an empty cell says "no": a mark can be taken back.
        let corrected = try Self.importFile(db, Self.bondar("Особа з інвалідністю", ["так", "", "", "", ""]))
        #expect(corrected.peopleUpdated == 1)
        #expect(try Self.marks(db, "00418") == [true, false, false, false, false])
        // The same file twice changes nothing.
        #expect(try Self.importFile(db, Self.bondar("Особа з інвалідністю", ["так", "", "", "", ""])).changedAnything == false)
    }

    @Test func theRegistryExportCarriesTheMarksWithTheContactsOnly() throws {
        let (db, _) = try Fixtures.database()
        _ = try Self.importFile(db, [
            Self.header + ";Інвалідність", "00419;Шевчук;Галина;Олексіївна;20.06.1944;так;ІІІ гр.",
        ])
        let full = try db.exportRegister(withContacts: true)
        let people = full.households.flatMap(\.members)
        #expect(people.map(\.hasDisability) == [nil, nil, nil, nil, nil, nil, nil, true])
        let bare = try db.exportRegister(withContacts: false)
        #expect(bare.households.flatMap(\.members).allSatisfy { $0.hasDisability == nil })
        // Written and read back: the mark survives, the others read as "no".
        let data = try #require(RegisterWriter.csv(full, flavour: .excel1251, withContacts: true))
        let reread = try RegisterParser.parse(data, today: today).get()
        #expect(reread.register.households.last?.members.first?.hasDisability == true)
    }

    @Test func aMarkedMemberMakesTheFamilyAPriorityCaseOnTheWaitingList() throws {
        let (db, dist) = try Fixtures.database()
        var register = Fixtures.register
        register.households[0].members[1].hasDisability = true  // Марко, 14: only the mark
        register.households[1].members[2].hasDisability = true  // Ірина: 60+ already
        register.households[2].members[0].hasDisability = false
        let summary = try db.importRegister(register, context: Fixtures.desk1)
        #expect(summary.peopleUpdated == 3 && summary.peopleAdded == 0)
        for number in ["00417", "00418", "00419"] {
            _ = try db.checkIn(household: number, distribution: nil, context: Fixtures.desk1, now: at(10, 0))
        }
        let waiting = try db.waitingList(distribution: dist, day: today)
        #expect(waiting.map(\.household) == ["00417", "00418", "00419"])
        #expect(waiting.map(\.priority) == [[.disability], [.over60, .disability], [.over60]])
    }

    @Test func aMergedFamilyCountsTheMarksOfBothRegistrations() throws {
        let (db, dist) = try Fixtures.database()
        let other = Household(number: "00420", settlement: "Бар", members: [
            Person(surname: "Коваленко", givenName: "Іван", patronymic: "Петрович", birthDate: CivilDate(parsing: "1979-04-04"),
                   sex: .male, isHead: true, hasDisability: true),
        ])
        _ = try db.importRegister(Register(households: [other]), context: Fixtures.desk1)
        _ = try db.mergeHouseholds(keep: "00417", other: "00420", reason: "одна сім'я", context: Fixtures.desk1)
        _ = try db.checkIn(household: "00417", distribution: nil, context: Fixtures.desk1, now: at(9, 0))
        let waiting = try db.waitingList(distribution: dist, day: today)
        #expect(waiting.map(\.priority) == [[.disability]])
    }
}

@Suite("Migration v8")
struct DisabilityMigrationTests {
    @Test func peopleStoredBeforeV8AreNotSaidAndTheColumnTakesOnlyYesOrNo() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v7: purge of old distributions' personal data")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO household (id, number, settlement) VALUES (1, '00001', 'Бар');
                INSERT INTO person (householdId, position, surname, givenName, birthDate, isHead)
                VALUES (1, 0, 'Тестенко', 'Олена', '1990-01-01', 1);
                """)
        }
        let db = try DeskDatabase(queue, catalogue: Fixtures.catalogue())
        #expect(try db.household(number: "00001")?.members.map(\.hasDisability) == [nil])
        #expect(try queue.read { try Bool?.fetchOne($0, sql: "SELECT hasDisability FROM person") } == .some(nil))
        try queue.write { try $0.execute(sql: "UPDATE person SET hasDisability = 1") }
        #expect(try db.household(number: "00001")?.members.map(\.hasDisability) == [true])
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE person SET hasDisability = 2") }
        }
    }
}
