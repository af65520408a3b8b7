import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// One family, one number, one head; re-imports update and never multiply.
@Suite("Household identity in the store")
struct HouseholdIdentityTests {
    static let today = CivilDate(year: 2026, month: 11, day: 25)!

    static func parsed(_ lines: [String]) throws -> ParsedRegister {
        try RegisterParser.parse(Data((lines.joined(separator: "\n") + "\n").utf8), today: today).get()
    }

    /// Imports a CSV the way `aiddesk import` does.
    @discardableResult
    static func importCSV(_ db: DeskDatabase, _ lines: [String], now: Date = Fixtures.day("2026-11-25", hour: 11)) throws -> ImportSummary {
        let parsed = try parsed(lines)
        return try db.importRegister(
            parsed.register, columns: Set(parsed.columns.keys), headNotMarked: parsed.headNotMarked,
            context: Fixtures.desk1, now: now)
    }

    static func heads(_ db: DeskDatabase, _ number: String) throws -> [String] {
        try db.writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT p.givenName FROM person p JOIN household h ON h.id = p.householdId
                WHERE h.number = ? AND p.isHead ORDER BY p.position
                """, arguments: [number])
        }
    }

    // MARK: One number

    /// The case seen: `00417` had hygiene, a register wrote `417`; the kit went twice and
    /// `history 0417` found nothing. Now `417`, `0417` and `00417` are one family everywhere.
    @Test func aNumberWithoutItsZerosIsTheSameFamilyEverywhere() throws {
        let (db, dist) = try Fixtures.database()
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1,
                         now: Fixtures.day("2026-11-25", hour: 10))
        var stripped = Fixtures.register
        stripped.households[0].number = "417"
        let summary = try db.importRegister(stripped, context: Fixtures.desk1, now: Fixtures.day("2026-11-25", hour: 11))
        #expect(summary.householdsAdded == 0 && summary.peopleAdded == 0)
        #expect(try db.status().households == 3)

        #expect(throws: IssueRefusal.self) {
            try db.issue(household: "417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk2,
                         now: Fixtures.day("2026-11-25", hour: 12))
        }
        let history = try db.history(household: "0417", context: Fixtures.desk1)
        #expect(history.household.number == "00417", "the register's spelling is kept")
        #expect(history.entries.map(\.kit) == ["hygiene"])
        #expect(try db.household(number: " 417 ")?.number == "00417")
        let checkIn = try db.checkIn(household: "0000417", distribution: dist, context: Fixtures.desk2,
                                     now: Fixtures.day("2026-11-25", hour: 12))
        #expect(!checkIn.isNew, "the issue checked the family in already")
        #expect(try db.check().isEmpty)
    }

    /// A whole register saved again by Excel with its zeros gone matches every household.
    @Test func aRegisterStrippedOfItsZerosMatchesEveryHousehold() throws {
        let register = try ImportBulkTests.demo(people: 1_500, seed: 3)
        #expect(register.households.allSatisfy { $0.number.hasPrefix("0") })
        let db = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try db.importRegister(register, context: Fixtures.desk1)
        var stripped = register
        for index in stripped.households.indices {
            stripped.households[index].number = String(Int(stripped.households[index].number)!)
        }
        let summary = try db.importRegister(stripped, context: Fixtures.desk1)
        #expect(summary.householdsAdded == 0)
        #expect(summary.peopleAdded == 0)
        #expect(summary.peopleUnchanged == register.peopleCount)
        #expect(try db.status().households == register.households.count)
        // One household at a time takes the import's other path (households looked up one by one).
        let one = try db.importRegister(Register(households: [stripped.households[7]]), context: Fixtures.desk1)
        #expect(one.householdsAdded == 0 && one.peopleAdded == 0)
    }

    @Test func theSchemaHoldsOneSpellingPerNumberAndOneHeadPerHousehold() throws {
        let (db, _) = try Fixtures.database()
        #expect(throws: DatabaseError.self) {
            try db.writer.write { db in try db.execute(sql: "INSERT INTO household (number) VALUES ('417')") }
        }
        #expect(throws: DatabaseError.self) {
            try db.writer.write { db in
                try db.execute(sql: """
                    UPDATE person SET isHead = 1
                    WHERE householdId = (SELECT id FROM household WHERE number = '00418') AND givenName = 'Ганна'
                    """)
            }
        }
        // Any other number is still welcome.
        try db.writer.write { db in try db.execute(sql: "INSERT INTO household (number) VALUES ('4170')") }
    }

    /// SQLite computes the key the UNIQUE index holds; the engine computes it in Swift to look
    /// numbers up. They must agree on every spelling, or a lookup would miss a family the index
    /// knows.
    @Test func theSchemaAndTheEngineComputeTheSameKey() throws {
        let spellings = ["00417", "417", "0", "000", "0417", "А-017", "17а", "12 34", "٤١٧", "４１７", "-417", "+417"]
        let queue = try DatabaseQueue()
        let keys = try queue.read { db in
            try spellings.map { spelling in
                try String.fetchOne(db, sql: "SELECT \(HouseholdNumber.sqlExpression(column: "?"))",
                                    arguments: StatementArguments(Array(repeating: spelling, count: 4)))
            }
        }
        // (Stored numbers are trimmed by the import and the commands, so spaces around are not tried.)
        #expect(keys == spellings.map(HouseholdNumber.key))
    }

    /// A database from before v10 that holds `00417` and `417`, each with a kit, and families
    /// with three heads and with none: nothing is lost, the family is one from now on, and
    /// every repair is in the audit log.
    @Test func theMigrationMergesTwoSpellingsAndRepairsHeadsWithoutLosingAnything() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v8: disability mark from the register")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO kit (code, position, nameUk, nameEn) VALUES ('hygiene', 0, 'Гігієнічний набір', 'Hygiene kit');
                INSERT INTO household (id, number, settlement) VALUES (1, '00417', 'Вінниця'), (2, '417', 'Вінниця'),
                    (3, '00418', 'Жмеринка'), (4, '00419', 'Козятин'), (5, '0952', 'Бар'), (6, '952', 'Бар');
                INSERT INTO person (householdId, position, surname, givenName, isHead) VALUES
                    (1, 0, 'Коваленко', 'Олена', 1), (2, 0, 'Коваленко', 'Олена', 1),
                    (3, 0, 'Бондар', 'Василь', 0), (3, 1, 'Бондар', 'Ганна', 1), (3, 2, 'Бондар', 'Ірина', 1),
                    (3, 3, 'Бондар', 'Софія', 1),
                    (4, 0, 'Шевчук', 'Галина', 0), (4, 1, 'Шевчук', 'Петро', 0),
                    (5, 0, 'Мельник', 'Іван', 1), (6, 0, 'Мельник', 'Іван', 1);
                INSERT INTO distribution (id, name, date, openedAt, openedBy)
                    VALUES (1, 'Зимова видача', '2026-11-25', '2026-11-25 08:00:00.000', 'Марія');
                INSERT INTO stock (distributionId, kitCode, received) VALUES (1, 'hygiene', 10);
                INSERT INTO issuance (id, distributionId, householdId, kitCode, quantity, collectedBy, operator, desk, issuedAt)
                    VALUES (1, 1, 1, 'hygiene', 1, 'Коваленко Олена', 'Марія', '1', '2026-11-25 08:10:00.000'),
                           (2, 1, 2, 'hygiene', 1, 'Коваленко Олена', 'Олег', '2', '2026-11-25 08:20:00.000');
                INSERT INTO audit (at, operator, desk, action, householdId, distributionId, detail) VALUES
                    ('2026-11-25 08:10:00.000', 'Марія', '1', 'issue', 1, 1, '#1 hygiene×1 → Коваленко Олена'),
                    ('2026-11-25 08:20:00.000', 'Олег', '2', 'issue', 2, 1, '#2 hygiene×1 → Коваленко Олена');
                """)
        }
        let db = try DeskDatabase(queue, catalogue: Fixtures.catalogue())
        let households = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT number, mergedInto FROM household ORDER BY id").map { "\($0[0] as String)→\($0[1] as Int64? ?? 0)" }
        }
        #expect(households == ["00417→0", "417→1", "00418→0", "00419→0", "0952→0", "952→5"])
        #expect(try Self.heads(db, "00418") == ["Ганна"], "the first marked head, by position, stays")
        #expect(try Self.heads(db, "00419") == ["Галина"], "no head: the first member")
        let audit = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT action || ': ' || detail FROM audit WHERE desk = 'v10' ORDER BY id")
        }
        #expect(audit == [
            "household.merge: 417 → 00417: the same household number written two ways",
            "household.merge: 952 → 0952: the same household number written two ways",
            "household.head: several heads were marked: Бондар Ганна stays the head; no longer head: Бондар Ірина, Бондар Софія",
            "household.head: no head was marked: Шевчук Галина is the head",
        ])
        // Both kits are kept, seen as the one family's, and the one too many is reported.
        let history = try db.history(household: "417", context: Fixtures.desk1)
        #expect(history.household.number == "00417")
        #expect(history.entries.map(\.issuanceId) == [2, 1])
        #expect(try db.check() == [.doubleIssue(distribution: 1, household: "00417", kit: "hygiene", count: 2)])
        #expect(try db.status().households == 4)
    }

    /// `aiddesk check` sees what a file edited around the schema holds.
    @Test func checkReportsCollidingNumbersAndHeadsWhenTheSchemaWasBypassed() throws {
        let (db, _) = try Fixtures.database()
        try db.writer.write { db in
            try db.execute(sql: """
                DROP INDEX household_numberKey;
                DROP INDEX person_one_head;
                INSERT INTO household (number) VALUES ('417');
                UPDATE person SET isHead = 1 WHERE householdId = (SELECT id FROM household WHERE number = '00418');
                UPDATE person SET isHead = 0 WHERE householdId = (SELECT id FROM household WHERE number = '00419');
                """)
        }
        let problems = try db.check()
        #expect(problems == [
            .household(.sameNumber(["00417", "417"])),
            .household(.heads(household: "00418", count: 5)),
            .household(.heads(household: "00419", count: 0)),
            // Dropping the indexes that keep these out is itself seen.
            .tampering(.schemaMissing(type: "index", name: "household_numberKey")),
            .tampering(.schemaMissing(type: "index", name: "person_one_head")),
        ])
        let uk = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let en = try Strings(language: .en, json: DeskResources.stringsJSON(language: "en"))
        #expect(uk.explain(problems[0]).contains("00417, 417"))
        #expect(en.explain(problems[1]) == "Household 00418 has 5 heads; it must have one.")
        #expect(uk.explain(problems[2]) == "Сім'я № 00419 не має голови.")
    }

    /// `duplicates merge` takes numbers as typed too, and two spellings of one number are one
    /// household, never two to merge.
    @Test func mergesTakeNumbersWithoutTheirZeros() throws {
        let (db, _) = try Fixtures.database()
        #expect(throws: DuplicateError.sameHousehold("00417")) {
            try db.mergeHouseholds(keep: "417", other: "00417", reason: "x", context: Fixtures.desk1)
        }
        let outcome = try db.mergeHouseholds(keep: "417", other: "0419", reason: "одна сім'я", context: Fixtures.desk1)
        #expect(outcome.kept == "00417" && outcome.merged == ["00419"])
        #expect(try db.history(household: "419", context: Fixtures.desk1).household.number == "00417")
    }

    // MARK: Re-imports update

    /// `Марко 2012` corrected to `Марк 2013`: the same child, so the bedding stays two sets.
    @Test func aCorrectedChildIsCorrectedNotAdded() throws {
        let (db, dist) = try Fixtures.database()
        var corrected = Fixtures.register
        corrected.households[0].members[1].givenName = "Марк"
        corrected.households[0].members[1].birthDate = CivilDate(year: 2013, month: 9, day: 1)
        let summary = try db.importRegister(corrected, context: Fixtures.desk1)
        #expect(summary.peopleAdded == 0)
        #expect(summary.peopleUpdated == 1)
        let members = try #require(try db.household(number: "00417")).members
        #expect(members.map(\.givenName) == ["Олена", "Марк"])
        #expect(members[1].birthDate == CivilDate(year: 2013, month: 9, day: 1))
        let receipt = try db.issue(household: "00417", kits: ["bedding"], distribution: dist, context: Fixtures.desk1,
                                   now: Fixtures.day("2026-11-25", hour: 12))
        #expect(receipt.kits.map(\.quantity) == [2])
    }

    /// Files that add a member and leave the head column empty or `ні`, or have none: the
    /// household keeps its one head, whatever the order of the rows.
    @Test func aFileThatMarksNoHeadKeepsTheStoredHead() throws {
        let (db, _) = try Fixtures.database()
        let header = "household;surname;given_name;patronymic;birth_date;head"
        try Self.importCSV(db, [header, "00417;Коваленко;Софія;Іванівна;2020-01-01;"])
        try Self.importCSV(db, [header, "417;Коваленко;Денис;Іванович;2021-02-02;ні",
                                "417;Коваленко;Марко;Іванович;2012-09-01;ні"])
        try Self.importCSV(db, ["household;surname;given_name;birth_date", "0417;Коваленко;Ярина;2022-03-03"])
        #expect(try Self.heads(db, "00417") == ["Олена"])
        let household = try #require(try db.household(number: "00417"))
        #expect(household.members.count == 5)
        #expect(household.head?.givenName == "Олена")
        #expect(try db.check().isEmpty)
    }

    /// A file that marks another head moves the mark: still exactly one.
    @Test func aFileThatMarksAnotherHeadMovesTheMark() throws {
        let (db, _) = try Fixtures.database()
        let header = "household;surname;given_name;patronymic;birth_date;head"
        let summary = try Self.importCSV(db, [
            header, "00418;Бондар;Ганна;Степанівна;17.10.1953;так", "00418;Бондар;Василь;Миколайович;05.05.1950;",
        ])
        #expect(summary.peopleUpdated == 2)
        #expect(try Self.heads(db, "00418") == ["Ганна"])
        // A new person marked head, the old head left out of the file.
        try Self.importCSV(db, [header, "00419;Шевчук;Оксана;Петрівна;1970-01-01;так"])
        #expect(try Self.heads(db, "00419") == ["Оксана"])
        #expect(try db.household(number: "00419")?.members.count == 2)
        #expect(try db.check().isEmpty)
    }
}

