import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

private func at(_ hour: Int, _ minute: Int) -> Date { Fixtures.day("2026-11-25", hour: hour, minute: minute) }
private let today = CivilDate(parsing: "2026-11-25")!

@Suite("Check-in rules")
struct CheckInRuleTests {
    @Test func whoCameAndTheDocumentAreRecorded() throws {
        let (db, dist) = try Fixtures.database()
        let outcome = try db.checkIn(household: "00418", distribution: nil, member: "бондар ірина",
                                     document: .passport, context: Fixtures.desk1, now: at(9, 30))
        #expect(outcome.isNew)
        let arrival = try #require(try db.arrival(household: "00418", distribution: dist))
        #expect(arrival.cameName == "Бондар Ірина Василівна")
        #expect(!arrival.cameAsProxy)
        #expect(arrival.document == .passport)
        #expect(arrival.checkedInAt == at(9, 30))
        #expect(arrival.desk == "1" && arrival.operatorName == "Марія")
        let personId = try db.writer.read { sql in
            try Int64.fetchOne(sql, sql: "SELECT memberPersonId FROM checkIn WHERE householdId = (SELECT id FROM household WHERE number = '00418')")
        }
        #expect(personId != nil)

        _ = try db.checkIn(household: "419", distribution: dist, proxy: "Сусідка Тетяна",
                           document: .other("свідоцтво про народження"), context: Fixtures.desk2, now: at(9, 31))
        let proxy = try #require(try db.arrival(household: "00419", distribution: dist))
        #expect(proxy.cameName == "Сусідка Тетяна" && proxy.cameAsProxy)
        #expect(proxy.document == .other("свідоцтво про народження"))

        // Nothing said: nothing recorded, still checked in.
        _ = try db.checkIn(household: "00417", distribution: nil, context: Fixtures.desk1, now: at(9, 32))
        let bare = try #require(try db.arrival(household: "00417", distribution: dist))
        #expect(bare.cameName == nil && bare.document == nil)

        // The audit says who came and what they showed.
        let audit = try db.writer.read { sql in
            try String.fetchAll(sql, sql: "SELECT detail FROM audit WHERE action = 'checkin' ORDER BY id")
        }
        #expect(audit == ["Бондар Ірина Василівна; passport", "Сусідка Тетяна (proxy); other: свідоцтво про народження", ""])
    }

    @Test func twiceIsHarmlessAndSaysWhenTheFirstWas() throws {
        let (db, dist) = try Fixtures.database()
        _ = try db.checkIn(household: "00418", distribution: nil, member: "Бондар Ганна", document: .idpCertificate,
                           context: Fixtures.desk1, now: at(9, 30))
        let again = try db.checkIn(household: "00418", distribution: dist, proxy: "Хтось Інший", document: .passport,
                                   context: Fixtures.desk2, now: at(11, 0))
        #expect(!again.isNew)
        #expect(again.arrival.checkedInAt == at(9, 30))
        #expect(again.arrival.desk == "1" && again.arrival.operatorName == "Марія")
        let arrival = try #require(try db.arrival(household: "00418", distribution: dist))
        #expect(arrival.cameName == "Бондар Ганна Степанівна" && arrival.document == .idpCertificate)
        #expect(try db.arrivalCounts(distribution: dist).checkedIn == 1)
        let rows = try db.writer.read { sql in try Int.fetchOne(sql, sql: "SELECT COUNT(*) FROM checkIn") }
        #expect(rows == 1)
    }

    @Test func aNameThatIsNoMemberIsRefusedAndOnePersonCame() throws {
        let (db, _) = try Fixtures.database()
        #expect(throws: ArrivalError.unknownMember(household: "00418", name: "Петренко Іван")) {
            try db.checkIn(household: "00418", distribution: nil, member: "Петренко Іван", context: Fixtures.desk1)
        }
        // Two members share the surname: "Бондар" alone names nobody in particular.
        #expect(throws: ArrivalError.unknownMember(household: "00418", name: "Бондар")) {
            try db.checkIn(household: "00418", distribution: nil, member: "Бондар", context: Fixtures.desk1)
        }
        #expect(throws: ArrivalError.memberAndProxy) {
            try db.checkIn(household: "00418", distribution: nil, member: "Бондар Ганна", proxy: "Сусідка",
                           context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.unknownHousehold("99999")) {
            try db.checkIn(household: "99999", distribution: nil, context: Fixtures.desk1)
        }
        #expect(try db.arrivalCounts(distribution: nil).checkedIn == 0)
    }

    @Test func aClosedDistributionRefuses() throws {
        let (db, dist) = try Fixtures.database()
        try db.closeDistribution(id: dist, context: Fixtures.desk1)
        #expect(throws: IssueRefusal.distributionClosed(name: "Зимова видача")) {
            try db.checkIn(household: "00417", distribution: dist, document: .passport, context: Fixtures.desk1)
        }
        #expect(try db.arrival(household: "00417", distribution: dist) == nil)
    }

    @Test func issuingChecksInWhoCollectedUnlessTheDoorDidFirst() throws {
        let (db, dist) = try Fixtures.database()
        _ = try db.issue(household: "00418", kits: ["hygiene"], distribution: nil, collectedBy: "Сусідка Тетяна",
                         context: Fixtures.desk1, now: at(10, 0))
        let byIssue = try #require(try db.arrival(household: "00418", distribution: dist))
        #expect(byIssue.cameName == "Сусідка Тетяна" && byIssue.cameAsProxy && byIssue.document == nil)

        _ = try db.checkIn(household: "00417", distribution: nil, member: "Коваленко Марко", document: .idpCertificate,
                           context: Fixtures.desk2, now: at(10, 1))
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1, now: at(10, 20))
        let door = try #require(try db.arrival(household: "00417", distribution: dist))
        #expect(door.cameName == "Коваленко Марко Іванович" && door.document == .idpCertificate && door.desk == "2")
        #expect(door.checkedInAt == at(10, 1))
        // Every served family is a checked-in family.
        let counts = try db.arrivalCounts(distribution: dist)
        #expect(counts.served == 2 && counts.checkedIn == 2 && counts.waiting == 0 && counts.notCome == 1)
    }
}

@Suite("The waiting list and who has not come")
struct WaitingListStoreTests {
    /// The fixture's register and a family with a small child, in another town.
    static func database() throws -> (DeskDatabase, Int64) {
        let (db, dist) = try Fixtures.database()
        let young = Household(number: "00420", settlement: "Бар", members: [
            Person(surname: "Мельник", givenName: "Ірина", patronymic: "Олегівна", birthDate: CivilDate(parsing: "1995-02-02"),
                   sex: .female, phone: "+380931112233", isHead: true),
            Person(surname: "Мельник", givenName: "Тарас", patronymic: "Іванович", birthDate: CivilDate(parsing: "2023-06-01"),
                   sex: .male),
        ])
        var register = Fixtures.register
        register.households.append(young)
        _ = try db.importRegister(register, context: Fixtures.desk1)
        return (db, dist)
    }

    @Test func arrivalOrderMinutesAndPriority() throws {
        let (db, dist) = try Self.database()
        _ = try db.checkIn(household: "00420", distribution: nil, member: "Мельник Ірина", document: .idpCertificate,
                           context: Fixtures.desk1, now: at(10, 5))
        _ = try db.checkIn(household: "00417", distribution: nil, context: Fixtures.desk1, now: at(10, 0))
        _ = try db.checkIn(household: "00419", distribution: nil, context: Fixtures.desk2, now: at(10, 10))
        _ = try db.checkIn(household: "00418", distribution: nil, context: Fixtures.desk2, now: at(10, 12))
        let waiting = try db.waitingList(distribution: dist, day: today)
        #expect(waiting.map(\.household) == ["00417", "00420", "00419", "00418"])
        #expect(waiting.map(\.priority) == [[], [.under5], [.over60], [.over60]])
        #expect(waiting[1].headName == "Мельник Ірина Олегівна" && waiting[1].settlement == "Бар" && waiting[1].memberCount == 2)
        #expect(waiting[1].cameName == "Мельник Ірина Олегівна")
        #expect(waiting[0].minutesWaited(at: at(10, 42)) == 42)

        // Served: off the list. A void puts the family back, at its place: it still waits for its kits.
        let receipt = try db.issue(household: "00420", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1,
                                   now: at(10, 30))
        #expect(try db.waitingList(distribution: dist, day: today).map(\.household) == ["00417", "00419", "00418"])
        try db.void(issuance: receipt.kits[0].id, reason: "не та сім'я", context: Fixtures.desk1, now: at(10, 31))
        #expect(try db.waitingList(distribution: dist, day: today).map(\.household) == ["00417", "00420", "00419", "00418"])

        let recent = try db.recentArrivals(distribution: dist, limit: 2)
        #expect(recent.map(\.household) == ["00418", "00419"])
        let counts = try db.arrivalCounts(distribution: dist)
        #expect(counts == ArrivalCounts(distributionId: dist, registered: 4, checkedIn: 4, served: 0, waiting: 4, notCome: 0))
    }

    @Test func sixtyOnTheDayCountsAndFiveDoesNot() throws {
        let members = [
            Person(surname: "А", givenName: "Б", birthDate: CivilDate(parsing: "1966-11-25")),  // 60 today
            Person(surname: "А", givenName: "В", birthDate: CivilDate(parsing: "2021-11-25")),  // 5 today
        ]
        #expect(PriorityReason.reasons(for: members, on: today) == [.over60])
        #expect(PriorityReason.reasons(for: members, on: CivilDate(parsing: "2026-11-24")!) == [.under5])
        #expect(PriorityReason.reasons(for: [Person(surname: "А", givenName: "Г")], on: today).isEmpty)
    }

    @Test func absentFamiliesBySettlementWithPhones() throws {
        let (db, dist) = try Self.database()
        #expect(try db.absentFamilies(distribution: dist).map(\.settlement) == ["Бар", "Вінниця", "Жмеринка", "Козятин"])
        _ = try db.checkIn(household: "00417", distribution: nil, context: Fixtures.desk1)
        _ = try db.issue(household: "00419", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        let absent = try db.absentFamilies(distribution: nil)
        #expect(absent.map(\.household) == ["00420", "00418"])
        #expect(absent[0].phone == "+380931112233" && absent[0].headName == "Мельник Ірина Олегівна")
        #expect(absent[1].phone == "+380671234567" && absent[1].memberCount == 5)
        let counts = try db.arrivalCounts(distribution: dist)
        #expect(counts.notCome == 2 && counts.checkedIn == 2 && counts.served == 1 && counts.waiting == 1)
        #expect(counts.checkedIn + counts.notCome == counts.registered)
    }

    @Test func ukrainianAlphabeticalOrderOfSettlements() {
        let names = ["Яготин", "Івано-Франківськ", "Ізюм", "Гайсин", "Ґорґани", "Єнакієве", "Житомир", "Ірпінь", "Ємільчине", "Євпаторія",
                     "", "Бар", "бар", "Їжакевичі", "Ичня", "Київ"]
        let sorted = names.sorted {
            let (a, b) = (DeskDatabase.settlementSortKey($0), DeskDatabase.settlementSortKey($1))
            return a == b ? $0 < $1 : a.lexicographicallyPrecedes(b)
        }
        #expect(sorted == ["Бар", "бар", "Гайсин", "Ґорґани", "Євпаторія", "Ємільчине", "Єнакієве", "Житомир", "Ичня",
                           "Івано-Франківськ", "Ізюм", "Ірпінь", "Їжакевичі", "Київ", "Яготин", ""])
    }

    @Test func aMergedFamilyIsOneFamily() throws {
        let (db, dist) = try Self.database()
        // The same family registered twice: 00420 merged into 00417.
        _ = try db.checkIn(household: "00420", distribution: nil, context: Fixtures.desk1, now: at(9, 0))
        _ = try db.mergeHouseholds(keep: "00417", other: "00420", reason: "одна сім'я", context: Fixtures.desk1)
        _ = try db.checkIn(household: "00417", distribution: nil, context: Fixtures.desk1, now: at(9, 30))
        let waiting = try db.waitingList(distribution: dist, day: today)
        #expect(waiting.map(\.household) == ["00417"])
        #expect(waiting[0].checkedInAt == at(9, 0))
        #expect(waiting[0].memberCount == 4)  // both registrations' members
        #expect(waiting[0].priority == [.under5])
        let counts = try db.arrivalCounts(distribution: dist)
        #expect(counts.registered == 3 && counts.checkedIn == 1 && counts.notCome == 2)
        #expect(!(try db.absentFamilies(distribution: dist)).contains { $0.household == "00420" || $0.household == "00417" })
    }
}

@Suite("Migration v5")
struct ArrivalMigrationTests {
    @Test func checkInsMadeBeforeV5Stay() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v4: look-ups for duplicate warnings and merged households")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO household (id, number, settlement) VALUES (1, '00001', 'Бар');
                INSERT INTO distribution (id, name, date, place, openedAt, openedBy) VALUES (1, 'Д', '2026-11-25', '', '2026-11-25 08:00:00', 'x');
                INSERT INTO checkIn (distributionId, householdId, checkedInAt, operator, desk, member)
                VALUES (1, 1, '2026-11-25 08:30:00.000', 'Марія', '1', 'Тестенко Олена');
                """)
        }
        let db = try DeskDatabase(queue, catalogue: Fixtures.catalogue())
        let arrival = try #require(try db.arrival(household: "00001", distribution: 1))
        #expect(arrival.cameName == "Тестенко Олена" && !arrival.cameAsProxy && arrival.document == nil)
        // The schema refuses a document kind it does not know.
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE checkIn SET documentKind = 'licence'") }
        }
    }
}
