import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// The fixture register plus households that repeat its people in the ways registers do.
enum DuplicateFixtures {
    static func person(
        _ surname: String, _ given: String, _ patronymic: String, _ birth: String, _ sex: Sex, head: Bool = false,
        phone: String? = nil, certificate: String? = nil
    ) -> Person {
        Person(surname: surname, givenName: given, patronymic: patronymic, birthDate: CivilDate(parsing: birth),
               sex: sex, phone: phone, idpCertificate: certificate, isHead: head)
    }

    static var register: Register {
        var households = Fixtures.register.households
        // 00417's head carries a certificate; 00418's head has the fixture phone.
        households[0].members[0].idpCertificate = "0512-5001234567"
        households.append(contentsOf: [
            // The same woman under another number, certificate written without the dash.
            Household(number: "00501", settlement: "Бар", members: [
                person("Коваленко", "Олена", "Петрівна", "12.03.1981", .female, head: true, certificate: "05125001234567"),
            ]),
            // Galyna Shevchuk again, patronymic left out.
            Household(number: "00502", settlement: "Козятин", members: [
                person("Шевчук", "Галина", "", "20.06.1944", .female, head: true),
            ]),
            // Someone else with 00417's phone (the fixture gives every head +380671234567).
            Household(number: "00503", settlement: "Вінниця", members: [
                person("Ткаченко", "Ніна", "Іванівна", "01.01.1960", .female, head: true),
            ]),
            // A different person: nothing in common.
            Household(number: "00504", settlement: "Вінниця", members: [
                person("Мельник", "Ольга", "Іванівна", "02.02.1990", .female, head: true),
            ]),
        ])
        return Register(households: households)
    }

    static func database(
        stock: [(kit: String, quantity: Int)] = [("hygiene", 10), ("winterization", 10), ("bedding", 20)],
        now: Date = Fixtures.day("2026-11-25", hour: 9)
    ) throws -> (DeskDatabase, Int64) {
        let database = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try database.importRegister(register, context: Fixtures.desk1, now: now)
        let id = try database.openDistribution(
            name: "Зимова видача", date: CivilDate(now, in: Fixtures.kyiv), place: "Вінниця", stock: stock,
            context: Fixtures.desk1, now: now)
        return (database, id)
    }

    static func pairs(_ report: DuplicateReport) -> [String: [DuplicateEvidence]] {
        Dictionary(uniqueKeysWithValues: report.matches.map {
            ("\($0.first.reference) \($0.second.reference)", $0.evidence)
        })
    }
}

@Suite("Duplicate registrations in the database: list, not-a-duplicate, merge, desk warnings")
struct DuplicateStoreTests {
    @Test func eachKindOfEvidenceIsFoundAcrossHouseholds() throws {
        let (db, _) = try DuplicateFixtures.database()
        let report = try db.possibleDuplicates()
        let pairs = DuplicateFixtures.pairs(report)
        #expect(pairs["00417/1 00501/1"] == [.certificate, .nameAndBirthDate])
        #expect(pairs["00419/1 00502/1"] == [.similarNameAndBirthDate])
        // Every fixture head has the same phone: 00417, 00418, 00419.
        #expect(pairs["00417/1 00418/1"] == [.phone])
        #expect(pairs["00418/1 00419/1"] == [.phone])
        // Members of one household are never proposed, nor people with nothing in common.
        #expect(!report.matches.contains { $0.first.household == $0.second.household })
        #expect(!report.matches.contains { $0.first.household == "00504" || $0.second.household == "00504" })
        // Strongest first.
        #expect(report.matches.first?.evidence.first == .certificate)
        let first = try #require(report.matches.first)
        #expect(first.first.person.fullName == "Коваленко Олена Петрівна")
        #expect(first.second.settlement == "Бар")
    }

    @Test func aPairMarkedNotADuplicateIsNotProposedAgain() throws {
        let (db, _) = try DuplicateFixtures.database()
        let marked = try db.markNotDuplicate("417/1", "00418/1", reason: "сусіди, один телефон", context: Fixtures.desk1)
        #expect(marked.isNew)
        #expect(marked.first.reference == "00417/1")
        #expect(marked.second.person.fullName == "Бондар Василь Миколайович")
        #expect(DuplicateFixtures.pairs(try db.possibleDuplicates())["00417/1 00418/1"] == nil)
        // Either order names the same pair; marking twice writes nothing more.
        #expect(try db.markNotDuplicate("00418/1", "00417/1", context: Fixtures.desk2).isNew == false)
        let audit = try db.writer.read { db in
            try String.fetchAll(db, sql: "SELECT detail FROM audit WHERE action = 'duplicate.not'")
        }
        #expect(audit == ["00417/1 Коваленко Олена Петрівна ≠ 00418/1 Бондар Василь Миколайович: сусіди, один телефон"])

        #expect(throws: DuplicateError.badPersonReference("00417")) {
            try db.markNotDuplicate("00417", "00418/1", context: Fixtures.desk1)
        }
        #expect(throws: DuplicateError.unknownPerson("00417/3")) {
            try db.markNotDuplicate("00417/3", "00418/1", context: Fixtures.desk1)
        }
        #expect(throws: DuplicateError.samePerson("00417/1")) {
            try db.markNotDuplicate("00417/1", "417/1", context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.unknownHousehold("99999")) {
            try db.markNotDuplicate("99999/1", "00417/1", context: Fixtures.desk1)
        }
    }

    @Test func aMergedHouseholdsIssuancesCountForTheFamilyItJoined() throws {
        let autumn = Fixtures.day("2026-10-01", hour: 9)
        let (db, _) = try DuplicateFixtures.database(now: autumn)
        let earlier = try db.issue(household: "00501", kits: ["winterization"], distribution: nil, context: Fixtures.desk2, now: autumn)
        try db.closeDistribution(id: nil, context: Fixtures.desk1, now: autumn)
        let today = Fixtures.day("2026-11-25", hour: 9)
        let winter = try db.openDistribution(
            name: "Зимова видача", date: CivilDate(today, in: Fixtures.kyiv), place: "Вінниця",
            stock: [("hygiene", 10), ("winterization", 10)], context: Fixtures.desk1, now: today)
        _ = try db.issue(household: "00501", kits: ["hygiene"], distribution: winter, context: Fixtures.desk2, now: today)

        // Before the merge 00417 may have both kits.
        #expect(try db.kitAvailability(household: "00417", distribution: winter, context: Fixtures.desk1, now: today)
            .allSatisfy { (try? $0.status.get()) != nil })

        let outcome = try db.mergeHouseholds(keep: "00417", other: "501", reason: "одна сім'я, дві реєстрації",
                                             context: Fixtures.desk1, now: today)
        #expect(outcome.kept == "00417")
        #expect(outcome.merged == ["00501"])
        #expect(outcome.doubleIssues.isEmpty)

        // The rules now see 00501's kits as 00417's: hygiene already issued, winterization not again within 180 days.
        let refusal = #expect(throws: IssueRefusal.self) {
            try db.issue(household: "00417", kits: ["hygiene"], distribution: winter, context: Fixtures.desk1, now: today)
        }
        guard case .alreadyIssued(let prior) = refusal else {
            Issue.record("expected alreadyIssued, got \(String(describing: refusal))")
            return
        }
        #expect(prior.desk == "2")
        let winterRefusal = #expect(throws: IssueRefusal.self) {
            try db.issue(household: "00417", kits: ["winterization"], distribution: winter, context: Fixtures.desk1, now: today)
        }
        guard case .notEligibleUntil(_, let winterPrior) = winterRefusal else {
            Issue.record("expected notEligibleUntil, got \(String(describing: winterRefusal))")
            return
        }
        #expect(winterPrior.id == earlier.kits[0].id)
        let availability = try db.kitAvailability(household: "00417", distribution: winter, context: Fixtures.desk1, now: today)
        #expect(availability.allSatisfy { (try? $0.status.get()) == nil })

        // 00501's number leads to 00417: the card, the history (both households'), the rules.
        #expect(try db.household(number: "00501")?.number == "00417")
        let history = try db.history(household: "00501", context: Fixtures.desk1)
        #expect(history.household.number == "00417")
        #expect(history.entries.map(\.kit).sorted() == ["hygiene", "winterization"])
        #expect(throws: IssueRefusal.self) {
            try db.issue(household: "00501", kits: ["hygiene"], distribution: winter, context: Fixtures.desk1, now: today)
        }
        // Nothing was lost: 00501's rows and issuances are still its own.
        let rows = try db.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person p JOIN household h ON h.id = p.householdId WHERE h.number = '00501'"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM issuance i JOIN household h ON h.id = i.householdId WHERE h.number = '00501'"),
             try String.fetchOne(db, sql: "SELECT detail FROM audit WHERE action = 'household.merge'"))
        }
        #expect(rows.0 == 1 && rows.1 == 2)
        #expect(rows.2 == "00501 → 00417: одна сім'я, дві реєстрації")
        // One family now: its two registrations are no longer proposed as duplicates.
        #expect(DuplicateFixtures.pairs(try db.possibleDuplicates())["00417/1 00501/1"] == nil)
    }

    @Test func mergingRefusesNonsenseAndFollowsEarlierMerges() throws {
        let (db, _) = try DuplicateFixtures.database()
        #expect(throws: DuplicateError.sameHousehold("00417")) {
            try db.mergeHouseholds(keep: "00417", other: "417", reason: "x", context: Fixtures.desk1)
        }
        #expect(throws: EngineError.reasonRequired) {
            try db.mergeHouseholds(keep: "00417", other: "00501", reason: " ", context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.unknownHousehold("77777")) {
            try db.mergeHouseholds(keep: "00417", other: "77777", reason: "x", context: Fixtures.desk1)
        }
        _ = try db.mergeHouseholds(keep: "00501", other: "00417", reason: "x", context: Fixtures.desk1)
        #expect(throws: DuplicateError.alreadyMerged(household: "00417", into: "00501")) {
            try db.mergeHouseholds(keep: "00418", other: "00417", reason: "x", context: Fixtures.desk1)
        }
        #expect(throws: DuplicateError.alreadyMerged(household: "00417", into: "00501")) {
            try db.mergeHouseholds(keep: "00417", other: "00418", reason: "x", context: Fixtures.desk1)
        }
        // 00501 (with 00417 in it) into 00418: 00417 follows, one level deep.
        let outcome = try db.mergeHouseholds(keep: "00418", other: "00501", reason: "x", context: Fixtures.desk1)
        #expect(outcome.merged == ["00501", "00417"])
        #expect(try db.household(number: "00417")?.number == "00418")
        let family = try db.writer.read { sql in try db.familyIds(sql, householdId: 2) }
        #expect(family.count == 3)
    }

    @Test func aMergeThatMakesADoubleIssueIsDoneAndReported() throws {
        let (db, dist) = try DuplicateFixtures.database()
        let mine = try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1)
        let theirs = try db.issue(household: "00501", kits: ["hygiene", "bedding"], distribution: dist, context: Fixtures.desk2)
        let outcome = try db.mergeHouseholds(keep: "00417", other: "00501", reason: "x", context: Fixtures.desk1)
        #expect(outcome.doubleIssues == [
            DoubleIssue(distributionId: dist, distributionName: "Зимова видача", distributionOpen: true, kit: "hygiene",
                        issuanceIds: [mine.kits[0].id, theirs.kits[0].id]),
        ])
        // Voiding the extra one clears it; the family still cannot get a third.
        try db.void(issuance: theirs.kits[0].id, reason: "подвійна реєстрація", context: Fixtures.desk1)
        #expect(try db.writer.read { sql in try db.doubleIssues(sql, family: db.familyIds(sql, householdId: 1)) }.isEmpty)
        #expect(throws: IssueRefusal.self) {
            try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1)
        }
    }

    @Test func theDeskCardWarnsWhenAMemberAppearsInAnotherHouseholdThatHasTheKit() throws {
        let (db, dist) = try DuplicateFixtures.database()
        _ = try db.issue(household: "00501", kits: ["hygiene", "bedding"], distribution: dist, context: Fixtures.desk2)
        let warnings = try db.duplicateWarnings(household: "417", distribution: dist)
        let certificate = try #require(warnings.first)
        #expect(certificate.member.reference == "00417/1")
        #expect(certificate.other.reference == "00501/1")
        #expect(certificate.otherHousehold == "00501")
        #expect(certificate.evidence == [.certificate, .nameAndBirthDate])
        #expect(certificate.kitsReceived == ["hygiene", "bedding"])
        // The shared phone: a warning too, with nothing received yet.
        #expect(warnings.contains { $0.otherHousehold == "00418" && $0.evidence == [.phone] && $0.kitsReceived.isEmpty })
        // From the other side as well.
        #expect(try db.duplicateWarnings(household: "00501", distribution: dist).map(\.otherHousehold) == ["00417"])
        // Near name and birth date.
        #expect(try db.duplicateWarnings(household: "00502", distribution: dist).map(\.other.reference) == ["00419/1"])
        #expect(try db.duplicateWarnings(household: "00504", distribution: dist).isEmpty)

        // Marked different people: no warning.
        try db.markNotDuplicate("00417/1", "00501/1", context: Fixtures.desk1)
        #expect(!(try db.duplicateWarnings(household: "00417", distribution: dist)).contains { $0.otherHousehold == "00501" })
        // Merged: one family, no warning between its households; others see the family's kits.
        _ = try db.mergeHouseholds(keep: "00418", other: "00501", reason: "x", context: Fixtures.desk1)
        let afterMerge = try db.duplicateWarnings(household: "00417", distribution: dist)
        let phone = try #require(afterMerge.first { $0.otherHousehold == "00418" })
        #expect(phone.kitsReceived == ["hygiene", "bedding"])
        #expect(try db.duplicateWarnings(household: "00501", distribution: dist).allSatisfy { $0.member.family == "00418" })
        #expect(throws: IssueRefusal.unknownHousehold("12345")) {
            try db.duplicateWarnings(household: "12345", distribution: dist)
        }
    }

    @Test func certificateDigitsAreKeptByTheImportAndFilledByTheMigration() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v3: close-out counts, duplicate decisions, merged households")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO household (id, number) VALUES (1, '00001')")
            try db.execute(sql: """
                INSERT INTO person (householdId, position, surname, givenName, idpCertificate)
                VALUES (1, 0, 'Коваленко', 'Олена', 'ВПО 0512-5001234567'), (1, 1, 'Коваленко', 'Марко', '-')
                """)
        }
        let db = try DeskDatabase(queue, catalogue: Fixtures.catalogue())
        let digits = try queue.read { db in try String?.fetchAll(db, sql: "SELECT certificateDigits FROM person ORDER BY id") }
        #expect(digits == ["05125001234567", nil])
        _ = try db.importRegister(DuplicateFixtures.register, context: Fixtures.desk1)
        let imported = try queue.read { db in
            try String?.fetchOne(db, sql: "SELECT certificateDigits FROM person p JOIN household h ON h.id = p.householdId WHERE h.number = '00501'")
        }
        #expect(imported == "05125001234567")
    }
}
