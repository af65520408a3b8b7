import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

private func at(_ hour: Int, _ minute: Int = 0) -> Date { Fixtures.day("2026-11-25", hour: hour, minute: minute) }

/// The report's arrivals over a real database: the same figures as `aiddesk status` and the
/// desk (`arrivalCounts`), adding up.
@Suite("Distribution report: arrivals over the database")
struct ReportArrivalsTests {
    /// Seven families in the register (00422 is merged into 00421):
    /// - 00417 checked in at the door, then served;
    /// - 00418 checked in at the door, not served;
    /// - 00419 served with no door check-in (the issue checks it in);
    /// - 00420 checked in, served, its only kit voided: checked in, not served;
    /// - 00421 served, and 00422 checked in at the door under its own number, then merged
    ///   into 00421: one family, served, counted once;
    /// - 00423, 00424 not come.
    func day() throws -> (DeskDatabase, Int64) {
        let (db, dist) = try Fixtures.database()
        _ = try db.importRegister(Register(households: [
            Household(number: "00420", settlement: "Вінниця", members: [
                Fixtures.person("Мельник", "Оксана", "Іванівна", "02.02.1975", .female, head: true),
            ]),
            Household(number: "00421", settlement: "Бар", members: [
                Fixtures.person("Ткаченко", "Петро", "Петрович", "03.03.1960", .male, head: true),
            ]),
            Household(number: "00422", settlement: "Бар", members: [
                Fixtures.person("Ткаченко", "Петро", "Петрович", "03.03.1960", .male, head: true),
                Fixtures.person("Ткаченко", "Ніна", "Петрівна", "04.04.2010", .female),
            ]),
            Household(number: "00423", settlement: "Козятин", members: [
                Fixtures.person("Кравець", "Ольга", "Миколаївна", "05.05.1988", .female, head: true),
            ]),
            Household(number: "00424", settlement: "", members: [
                Fixtures.person("Лисенко", "Андрій", "Олегович", "06.06.1991", .male, head: true),
            ]),
        ]), context: Fixtures.desk1, now: at(8))
        _ = try db.checkIn(household: "00417", distribution: dist, document: .passport, context: Fixtures.desk1, now: at(9))
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1, now: at(9, 10))
        _ = try db.checkIn(household: "00418", distribution: dist, context: Fixtures.desk1, now: at(9, 5))
        _ = try db.issue(household: "00419", kits: ["hygiene"], distribution: dist, context: Fixtures.desk2, now: at(9, 20))
        _ = try db.checkIn(household: "00420", distribution: dist, context: Fixtures.desk1, now: at(9, 30))
        let voided = try db.issue(household: "00420", kits: ["bedding"], distribution: dist, context: Fixtures.desk1,
                                  now: at(9, 35))
        try db.void(issuance: voided.kits[0].id, reason: "не той набір", context: Fixtures.desk1, now: at(9, 36))
        _ = try db.checkIn(household: "00422", distribution: dist, context: Fixtures.desk1, now: at(9, 40))
        _ = try db.issue(household: "00421", kits: ["bedding"], distribution: dist, context: Fixtures.desk2, now: at(9, 45))
        _ = try db.mergeHouseholds(keep: "00421", other: "00422", reason: "одна сім'я", context: Fixtures.desk1,
                                   now: at(10))
        return (db, dist)
    }

    func expectAddsUp(_ a: DistributionReport.Arrivals, _ comment: Comment? = nil) {
        #expect(a.checkedIn == a.served + a.waiting, comment)
        #expect(a.registered == a.checkedIn + a.notCome, comment)
    }

    /// The report's arrivals are the counts the status and the desk show.
    func expectSameAsArrivalCounts(_ db: DeskDatabase, _ dist: Int64, _ report: DistributionReport) throws {
        let counts = try db.arrivalCounts(distribution: dist)
        #expect(report.arrivals == DistributionReport.Arrivals(
            registered: counts.registered, checkedIn: counts.checkedIn, served: counts.served, waiting: counts.waiting,
            notCome: counts.notCome))
    }

    @Test func theFiguresOfADayAddUpAndAgreeWithTheDoor() throws {
        let (db, dist) = try day()
        let report = try db.report(distribution: dist, timeZone: Fixtures.kyiv)
        #expect(report.arrivals == .init(registered: 7, checkedIn: 5, served: 3, waiting: 2, notCome: 2))
        expectAddsUp(report.arrivals)
        #expect(report.households == report.arrivals.served)
        #expect(report.checkedIn == report.arrivals.checkedIn)
        try expectSameAsArrivalCounts(db, dist, report)
        // The same families as the waiting list and the list of who has not come.
        #expect(try db.waitingList(distribution: dist, day: CivilDate(parsing: "2026-11-25")!).map(\.household)
                == ["00418", "00420"])
        #expect(try db.absentFamilies(distribution: dist).map(\.household).sorted() == ["00423", "00424"])

        let json = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        #expect(json["arrivals"] as? [String: Int]
                == ["registered": 7, "checked_in": 5, "served": 3, "waiting": 2, "not_come": 2])
        let text = ReportText(report, strings: try strings(), catalogue: try Fixtures.catalogue()).text
        #expect(text.contains("  У реєстрі                                7  "))
        #expect(text.contains("    не обслуговано                         2  "))
        #expect(text.contains("  Ще не прийшли                            2  "))
    }

    @Test func aClosedDistributionCountsTheRegisterAsItIsNow() throws {
        let (db, dist) = try day()
        try db.closeDistribution(id: dist, counts: [], context: Fixtures.desk1, now: at(18))
        // Two families registered after the distribution: they are in the register now, and
        // the register cannot tell when they came into it.
        _ = try db.importRegister(Register(households: [
            Household(number: "00425", settlement: "Бар", members: [
                Fixtures.person("Новенька", "Марія", "Іванівна", "07.07.1977", .female, head: true),
            ]),
            Household(number: "00426", settlement: "Бар", members: [
                Fixtures.person("Новенький", "Іван", "Іванович", "08.08.1978", .male, head: true),
            ]),
        ]), context: Fixtures.desk1, now: Fixtures.day("2026-11-26"))
        let report = try db.report(distribution: dist, timeZone: Fixtures.kyiv)
        #expect(report.arrivals == .init(registered: 9, checkedIn: 5, served: 3, waiting: 2, notCome: 4))
        expectAddsUp(report.arrivals)
        try expectSameAsArrivalCounts(db, dist, report)
        let strings = try strings()
        let text = ReportText(report, strings: strings, catalogue: try Fixtures.catalogue()).text
        #expect(text.contains("  У реєстрі зараз                          9  "))
        #expect(text.contains("  Не прийшли                               4  "))
        #expect(text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    .contains(strings("report.arrivals.registerNow")))
    }

    @Test func aPurgedDistributionsFrozenReportCarriesThemAndAnOlderOneLoadsWithout() throws {
        let (db, dist) = try day()
        try db.closeDistribution(id: dist, counts: [], context: Fixtures.desk1, now: at(18))
        let before = try db.report(distribution: dist, timeZone: Fixtures.kyiv)
        _ = try db.purge(before: CivilDate(parsing: "2026-12-01")!, context: Fixtures.desk1, now: at(19))
        let frozen = try ReportJSON.decode(try #require(try db.purgedReport(distribution: dist)))
        let arrivals = try #require(frozen.arrivals)
        let figures: [Int] = [arrivals.registered, arrivals.checked_in, arrivals.served, arrivals.waiting, arrivals.not_come]
        #expect(figures == [7, 5, 3, 2, 2])
        #expect(frozen == ReportJSON(before))
        // The purge removes names, not arrivals: the live figures stay the same.
        #expect(try db.report(distribution: dist, timeZone: Fixtures.kyiv).arrivals == before.arrivals)

        // A report frozen by a version before arrivals: the same row without the key.
        let data = try #require(try db.purgedReport(distribution: dist))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["arrivals"] = nil
        let old = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        try db.writer.write { sql in
            try sql.execute(sql: "UPDATE purgedReport SET report = ? WHERE distributionId = ?", arguments: [old, dist])
        }
        let loaded = try ReportJSON.decode(try #require(try db.purgedReport(distribution: dist)))
        #expect(loaded.arrivals == nil)
        #expect(loaded.households == 3 && loaded.checked_in == 5)
        #expect(loaded.kits == frozen.kits && loaded.distribution == frozen.distribution)
    }

    func strings() throws -> Strings {
        try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
    }
}
