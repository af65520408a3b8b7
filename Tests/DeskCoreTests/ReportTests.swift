import DeskCore
import DeskResources
import Foundation
import Testing

/// The report's arithmetic and its three renderings, on hand-made facts.
@Suite("Distribution report (pure)")
struct ReportTests {
    static let kyiv = TimeZone(identifier: "Europe/Kyiv")!
    static let day = CivilDate(year: 2026, month: 11, day: 25)!

    static func at(_ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = kyiv
        return calendar.date(from: DateComponents(year: 2026, month: 11, day: 25, hour: hour, minute: minute))!
    }

    static func member(_ sex: Sex?, _ birth: String?, _ name: String) -> ReportFacts.Member {
        ReportFacts.Member(sex: sex, birthDate: birth.flatMap(CivilDate.init(parsing:)), identity: name)
    }

    static func strings(_ language: Language = .uk) throws -> Strings {
        try Strings(language: language, json: DeskResources.stringsJSON(language: language.rawValue))
    }

    static func catalogue() throws -> KitCatalogue { try KitCatalogue(json: DeskResources.kitCatalogueJSON()) }

    /// Three households served (one in the city), one more that had its only kit voided.
    static func facts(counts: [ReportFacts.Count] = [], isOpen: Bool = true, hubCity: String? = nil) -> ReportFacts {
        ReportFacts(
            distribution: .init(id: 2, name: "Зимова видача", date: day, place: "Вінниця", isOpen: isOpen,
                                closedAt: isOpen ? nil : at(18), closedBy: isOpen ? nil : "Координатор"),
            stock: [.init(kit: "hygiene", received: 10), .init(kit: "bedding", received: 20), .init(kit: "kitchen", received: 0)],
            issuances: [
                .init(household: "00001", kit: "hygiene", quantity: 1, desk: "1", issuedAt: at(9, 5), isVoided: false),
                .init(household: "00001", kit: "bedding", quantity: 3, desk: "1", issuedAt: at(9, 5), isVoided: false),
                .init(household: "00002", kit: "hygiene", quantity: 1, desk: "2", issuedAt: at(9, 40), isVoided: false),
                // 00002 comes back to desk 10 in the afternoon: still one household, counted at desk 2, 09:00.
                .init(household: "00002", kit: "bedding", quantity: 2, desk: "10", issuedAt: at(12, 10), isVoided: false),
                .init(household: "00003", kit: "hygiene", quantity: 1, desk: "10", issuedAt: at(12, 30), isVoided: false),
                .init(household: "00004", kit: "hygiene", quantity: 1, desk: "1", issuedAt: at(10, 0), isVoided: true),
            ],
            servedHouseholds: [
                .init(number: "00001", settlement: "Вінниця", members: [
                    member(.female, "1981-03-12", "a"), member(.male, "2012-09-01", "b"), member(.female, "2024-01-01", "c"),
                ]),
                .init(number: "00002", settlement: "Жмеринка", members: [
                    member(.male, "1950-05-05", "d"),
                    // Born on the distribution day 60 years earlier: 60 that day.
                    member(.female, "1966-11-25", "e"),
                ]),
                .init(number: "00003", settlement: "", members: [
                    member(nil, "1990-01-01", "f"), member(.female, nil, "g"), member(nil, nil, "h"),
                    // The same person twice (households merged): counted once.
                    member(nil, nil, "h"),
                ]),
                .init(number: "00004", settlement: "Вінниця", members: [member(.female, "1970-01-01", "i")]),
            ],
            householdsBySettlement: ["Вінниця": 40, "Жмеринка": 40, "Бар": 12],
            checkedIn: 5, counts: counts, hubCity: hubCity)
    }

    @Test func figuresAddUp() {
        let report = DistributionReport(facts: Self.facts(), timeZone: Self.kyiv)
        #expect(report.households == 3)
        #expect(report.people == 8)
        #expect(report.checkedIn == 5)
        let hygiene = report.kits.first { $0.kit == "hygiene" }!
        #expect((hygiene.received, hygiene.issued, hygiene.voided, hygiene.left) == (10, 3, 1, 7))
        let bedding = report.kits.first { $0.kit == "bedding" }!
        #expect((bedding.issued, bedding.left) == (5, 15))
        #expect(report.kits.map(\.kit) == ["hygiene", "bedding", "kitchen"])
        for kit in report.kits { #expect(kit.issued + kit.left == kit.received) }
        // Every person in exactly one cell.
        #expect(ReportSex.allCases.reduce(0) { $0 + report.people(sex: $1) } == report.people)
        #expect(AgeBand.allCases.reduce(0) { $0 + report.people(age: $1) } == report.people)
        #expect(report.city.households + report.region.households == report.households)
        #expect(report.city.people + report.region.people == report.people)
        #expect(report.perDesk.reduce(0) { $0 + $1.households } == report.households)
        #expect(report.perHour.reduce(0) { $0 + $1.households } == report.households)
        #expect(report.perDesk.reduce(0) { $0 + $1.kits } == report.issuedTotal)
        #expect(report.perHour.reduce(0) { $0 + $1.kits } == report.issuedTotal)
    }

    @Test func sexAndAgeBandsOnTheDistributionDay() {
        let report = DistributionReport(facts: Self.facts(), timeZone: Self.kyiv)
        #expect(report.people(.female, .adult) == 1)  // born 1981
        #expect(report.people(.female, .infant) == 1)  // born 2024
        #expect(report.people(.male, .child) == 1)  // born 2012: 14
        #expect(report.people(.male, .older) == 1)
        #expect(report.people(.female, .older) == 1)  // 60 on the day itself
        #expect(report.people(.unknown, .adult) == 1)
        #expect(report.people(.female, .unknown) == 1)
        #expect(report.people(.unknown, .unknown) == 1)
        #expect(AgeBand(age: 4) == .infant && AgeBand(age: 5) == .child && AgeBand(age: 17) == .child)
        #expect(AgeBand(age: 18) == .adult && AgeBand(age: 59) == .adult && AgeBand(age: 60) == .older)
        #expect(AgeBand(age: -1) == .unknown && AgeBand(age: nil) == .unknown)
        // Born after the distribution day: a register error, counted as unknown, not dropped.
        #expect(AgeBand(birthDate: CivilDate(parsing: "2027-01-01"), on: Self.day) == .unknown)
        #expect(AgeBand(birthDate: CivilDate(parsing: "2021-11-26"), on: Self.day) == .infant)
        #expect(AgeBand(birthDate: CivilDate(parsing: "2021-11-25"), on: Self.day) == .child)
    }

    @Test func perDeskAndPerHourCountEachHouseholdWhereItWasFirstServed() {
        let report = DistributionReport(facts: Self.facts(), timeZone: Self.kyiv)
        #expect(report.perDesk.map(\.key) == ["1", "2", "10"])
        #expect(report.perDesk.map(\.households) == [1, 1, 1])
        #expect(report.perDesk.map(\.kits) == [4, 1, 3])
        // Quiet hours in between are shown as zero, so the chart shows the lull.
        #expect(report.perHour.map(\.key) == ["09:00", "10:00", "11:00", "12:00"])
        #expect(report.perHour.map(\.households) == [2, 0, 0, 1])
        #expect(report.perHour.map(\.kits) == [5, 0, 0, 3])
        // The same instants read in another zone fall in other hours.
        let utc = DistributionReport(facts: Self.facts(), timeZone: TimeZone(identifier: "UTC")!)
        #expect(utc.perHour.first?.key == "07:00")
    }

    @Test func hubCityIsTheLargestSettlementUnlessNamed() {
        // A tie (40 and 40) goes to the first alphabetically: Вінниця before Жмеринка.
        let derived = DistributionReport(facts: Self.facts(), timeZone: Self.kyiv)
        #expect(derived.hubCity == "Вінниця" && !derived.hubCityNamed)
        #expect((derived.city.households, derived.city.people) == (1, 3))
        // No settlement recorded: not the city, so in the region.
        #expect((derived.region.households, derived.region.people) == (2, 5))
        let named = DistributionReport(facts: Self.facts(hubCity: " жмеринка "), timeZone: Self.kyiv)
        #expect(named.hubCity == "жмеринка" && named.hubCityNamed)
        #expect((named.city.households, named.city.people) == (1, 2))
        #expect(named.city.households + named.region.households == named.households)
    }

    @Test func anEmptyDistributionReportsZeros() {
        var facts = Self.facts()
        facts.issuances = []
        facts.servedHouseholds = []
        let report = DistributionReport(facts: facts, timeZone: Self.kyiv)
        #expect(report.households == 0 && report.people == 0)
        #expect(report.perHour.isEmpty && report.perDesk.isEmpty)
        #expect(report.kits.allSatisfy { $0.left == $0.received })
    }

    // MARK: Arrivals

    /// `checked_in = served + waiting`, `registered = checked_in + not_come`.
    static func expectArrivalsAddUp(_ a: DistributionReport.Arrivals, _ comment: Comment? = nil) {
        #expect(a.checkedIn == a.served + a.waiting, comment)
        #expect(a.registered == a.checkedIn + a.notCome, comment)
        #expect([a.registered, a.checkedIn, a.served, a.waiting, a.notCome].allSatisfy { $0 >= 0 }, comment)
    }

    @Test func arrivalsAddUpFromTheNumbersCheckedIn() {
        // 00001 checked in and served; 00002 served with no check-in record (still came);
        // 00004 checked in, its only kit voided; 00005 checked in, listed twice; 00003 served.
        var facts = Self.facts()
        facts.checkedInHouseholds = ["00001", "00004", "00005", "00005"]
        let report = DistributionReport(facts: facts, timeZone: Self.kyiv)
        #expect(report.arrivals == .init(registered: 92, checkedIn: 5, served: 3, waiting: 2, notCome: 87))
        #expect(report.arrivals.served == report.households)
        #expect(report.checkedIn == report.arrivals.checkedIn)
        Self.expectArrivalsAddUp(report.arrivals)

        // Only a count of the checked in (no numbers): the served are among them.
        let counted = DistributionReport(facts: Self.facts(), timeZone: Self.kyiv)
        #expect(counted.arrivals == .init(registered: 92, checkedIn: 5, served: 3, waiting: 2, notCome: 87))
        facts.checkedInHouseholds = nil
        facts.checkedIn = 1  // fewer than were served: the served came all the same
        let fewer = DistributionReport(facts: facts, timeZone: Self.kyiv)
        #expect(fewer.arrivals == .init(registered: 92, checkedIn: 3, served: 3, waiting: 0, notCome: 89))
        Self.expectArrivalsAddUp(fewer.arrivals)

        // A register smaller than those who came (the engine never allows it): still adds up.
        facts.householdsBySettlement = ["Вінниця": 2]
        facts.checkedInHouseholds = ["00001", "00004", "00005"]
        let small = DistributionReport(facts: facts, timeZone: Self.kyiv)
        #expect(small.arrivals == .init(registered: 5, checkedIn: 5, served: 3, waiting: 2, notCome: 0))
        Self.expectArrivalsAddUp(small.arrivals)

        // Nobody yet.
        facts = Self.facts()
        facts.issuances = []
        facts.servedHouseholds = []
        facts.checkedInHouseholds = []
        let empty = DistributionReport(facts: facts, timeZone: Self.kyiv)
        #expect(empty.arrivals == .init(registered: 92, checkedIn: 0, served: 0, waiting: 0, notCome: 92))
    }

    @Test func arrivalsTextIsABlockUnderTheTotals() throws {
        var facts = Self.facts()
        facts.checkedInHouseholds = ["00001", "00004", "00005"]
        for isOpen in [true, false] {
            facts.distribution.isOpen = isOpen
            facts.distribution.closedAt = isOpen ? nil : Self.at(18)
            facts.distribution.closedBy = isOpen ? nil : "Координатор"
            let report = DistributionReport(facts: facts, timeZone: Self.kyiv)
            for language in Language.allCases {
                let strings = try Self.strings(language)
                let spans = ReportText(report, strings: strings, catalogue: try Self.catalogue()).lines()
                let lines = spans.map(\.plainText)
                for line in lines { #expect(line.count <= 80, "\(language): \(line)") }
                let heading = try #require(lines.firstIndex { $0.hasPrefix(strings("report.arrivals") + " ") })
                for line in lines[heading...(heading + 5)] {
                    #expect(!line.hasSuffix(" "), "\(language): trailing space in «\(line)»")
                }
                // Right after the totals, before the stock.
                #expect(lines[heading - 2].contains(strings("report.households")))
                #expect(lines.firstIndex { $0.hasPrefix(strings("report.stock")) }! > heading)
                let figures = lines[(heading + 1)...(heading + 5)].map { line in
                    Int(line.split(separator: " ").last { Int($0) != nil }!)!
                }
                #expect(figures == [92, 5, 3, 2, 87], "\(language) open: \(isOpen)")
                // The figures right-aligned in one column, under the column's name.
                let ends = spans[heading...(heading + 5)].map { $0[0].text.count }
                #expect(Set(ends).count == 1, "\(language): \(ends)")
                let registered = strings(isOpen ? "report.arrivals.registered" : "report.arrivals.registeredNow")
                #expect(lines[heading + 1].hasPrefix("  " + registered + " "))
                #expect(lines[heading + 3].hasPrefix("    " + strings("report.arrivals.served")))
                #expect(lines[heading + 4].hasPrefix("    " + strings("report.arrivals.waiting")))
                let notCome = strings(isOpen ? "report.arrivals.notCome" : "report.arrivals.notCame")
                #expect(lines[heading + 5].hasPrefix("  " + notCome + " "))
                // A closed distribution says its register is today's.
                let words = lines.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                #expect(words.contains(strings("report.arrivals.registerNow")) == !isOpen)
            }
        }
        let uk = ReportText(DistributionReport(facts: facts, timeZone: Self.kyiv), strings: try Self.strings(),
                            catalogue: try Self.catalogue()).text
        #expect(uk.contains("  У реєстрі зараз                         92  "))
        #expect(uk.contains("    не обслуговано                         2  "))
        #expect(uk.contains("  Не прийшли                              87  "))
    }

    @Test func arrivalsInCSVAndJSON() throws {
        var facts = Self.facts()
        facts.checkedInHouseholds = ["00001", "00004", "00005"]
        let report = DistributionReport(facts: facts, timeZone: Self.kyiv)
        let text = String(decoding: report.csv(strings: try Self.strings(), catalogue: try Self.catalogue()).dropFirst(3),
                          as: UTF8.self)
        let rows = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("arrivals,") }
        #expect(rows == [
            "arrivals,,registered,92,У реєстрі", "arrivals,,checked_in,5,Прибули",
            "arrivals,,served,3,Прибули — обслуговано", "arrivals,,waiting,2,Прибули — не обслуговано",
            "arrivals,,not_come,87,Ще не прийшли",
        ])
        let english = String(decoding: report.csv(strings: try Self.strings(.en), catalogue: try Self.catalogue()),
                             as: UTF8.self)
        #expect(english.contains("arrivals,,waiting,2,Checked in — not served\r\n"))

        let json = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        let arrivals = try #require(json["arrivals"] as? [String: Int])
        #expect(arrivals == ["registered": 92, "checked_in": 5, "served": 3, "waiting": 2, "not_come": 87])
        #expect(arrivals["checked_in"]! == arrivals["served"]! + arrivals["waiting"]!)
        #expect(arrivals["registered"]! == arrivals["checked_in"]! + arrivals["not_come"]!)
        #expect(arrivals["served"] == json["households"] as? Int)
        #expect(arrivals["checked_in"] == json["checked_in"] as? Int)
        // Every key of before, unchanged, and the one new.
        #expect(Set(json.keys) == [
            "distribution", "households", "people", "checked_in", "arrivals", "kits", "per_desk", "per_hour",
            "people_by_sex_age", "hub_city", "hub_city_from_register", "city", "region", "reconciliation", "time_zone",
        ])
    }

    @Test func aReportReadsBackAndOneFrozenBeforeArrivalsStillLoads() throws {
        let report = DistributionReport(facts: Self.facts(isOpen: false), timeZone: Self.kyiv)
        let data = try report.json()
        let decoded = try ReportJSON.decode(data)
        #expect(decoded == ReportJSON(report))
        let arrivals = try #require(decoded.arrivals)
        let figures: [Int] = [arrivals.registered, arrivals.checked_in, arrivals.served, arrivals.waiting, arrivals.not_come]
        #expect(figures == [92, 5, 3, 2, 87])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(try encoder.encode(decoded) == data)

        // As `aiddesk purge` froze a report before the report counted arrivals.
        let frozen = #"""
            {"checked_in":2,"city":{"households":1,"people":2},"distribution":{"closed_at":"2026-10-01T18:00:00+03:00",\#
            "closed_by":"Координатор","date":"2026-10-01","id":1,"name":"Осінь","open":false,"place":""},"households":1,\#
            "hub_city":"Вінниця","hub_city_from_register":true,"kits":{"bedding":{"issued":1,"left":9,"received":10,\#
            "voided":0},"hygiene":{"issued":1,"left":9,"received":10,"voided":1}},"people":2,"people_by_sex_age":{"F":\#
            {"0-4":0,"18-59":1,"5-17":0,"60+":0,"unknown":0},"M":{"0-4":0,"18-59":0,"5-17":1,"60+":0,"unknown":0},\#
            "unknown":{"0-4":0,"18-59":0,"5-17":0,"60+":0,"unknown":0}},"per_desk":{"1":{"households":1,"kits":2}},\#
            "per_hour":{"10:00":{"households":1,"kits":2}},"reconciliation":null,"region":{"households":0,"people":0},\#
            "time_zone":"Europe/Kyiv"}
            """#
        let old = try ReportJSON.decode(Data(frozen.utf8))
        #expect(old.arrivals == nil)
        #expect(old.households == 1 && old.checked_in == 2 && old.reconciliation == nil)
        #expect(old.kits["hygiene"]?.voided == 1)
        #expect(old.distribution.closed_by == "Координатор")
        // Written again, it is the frozen report: no arrivals made up.
        #expect(String(decoding: try encoder.encode(old), as: UTF8.self) == frozen)
    }

    @Test func barsUseEighthBlocks() {
        #expect(BarChart.bar(0, of: 10, width: 10) == "")
        #expect(BarChart.bar(10, of: 10, width: 10) == String(repeating: "█", count: 10))
        #expect(BarChart.bar(5, of: 10, width: 3) == "█▌")
        #expect(BarChart.bar(1, of: 1000, width: 10) == "▏")  // small but never invisible
        #expect(BarChart.bar(20, of: 10, width: 4) == "████")  // never past the width
        for value in 0...64 {
            let bar = BarChart.bar(value, of: 64, width: 8)
            #expect(bar.count <= 8)
            let eighths = bar.reduce(0) { total, c in
                total + (c == "█" ? 8 : (BarChart.eighths.firstIndex(of: c).map { $0 + 1 } ?? 0))
            }
            #expect(eighths == max(value == 0 ? 0 : 1, value))
        }
        #expect(BarChart.share(3, of: 12, width: 8) == "██░░░░░░")
        #expect(BarChart.share(0, of: 0, width: 4) == "    ")
        #expect(BarChart.share(7, of: 7, width: 5).count == 5)
    }

    @Test func textFitsEightyColumnsAndShowsTheFigures() throws {
        let counts = [
            ReportFacts.Count(kit: "hygiene", expected: 7, counted: 5, reason: "дві коробки промокли під дощем біля входу, списано за актом",
                              operatorName: "Координатор", at: Self.at(18)),
            ReportFacts.Count(kit: "bedding", expected: 15, counted: 15, reason: "", operatorName: "Координатор", at: Self.at(18)),
            ReportFacts.Count(kit: "kitchen", expected: 0, counted: 0, reason: "", operatorName: "Координатор", at: Self.at(18)),
        ]
        let report = DistributionReport(facts: Self.facts(counts: counts, isOpen: false), timeZone: Self.kyiv)
        for language in Language.allCases {
            let text = ReportText(report, strings: try Self.strings(language), catalogue: try Self.catalogue()).text
            for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(language): \(line)") }
            #expect(!text.contains("report."), "a missing string in \(language)")
            #expect(text.contains("█"))
            #expect(text.contains("-2"))
            #expect(text.contains("промокли"))
        }
        let uk = ReportText(report, strings: try Self.strings(), catalogue: try Self.catalogue()).text
        #expect(uk.contains("Звіт про видачу № 2 «Зимова видача»"))
        #expect(uk.contains("закрита 25.11.2026 о 18:00, Координатор"))
        #expect(uk.contains("Гігієнічний набір"))
        #expect(uk.contains("Вінниця (місто хабу)"))
        #expect(uk.contains("Розбіжностей: 1"))
        // Wider terminals get longer bars, never a wrong figure.
        let wide = ReportText(report, strings: try Self.strings(), catalogue: try Self.catalogue(), width: 120).text
        #expect(wide.split(separator: "\n").contains { $0.count > 80 })
    }

    @Test func reconciliationStatesWhenNotCounted() throws {
        let strings = try Self.strings()
        let open = ReportText(DistributionReport(facts: Self.facts(), timeZone: Self.kyiv), strings: strings,
                              catalogue: try Self.catalogue()).text
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(words(open).contains(strings("report.reconciliation.open")))
        let uncounted = ReportText(DistributionReport(facts: Self.facts(isOpen: false), timeZone: Self.kyiv),
                                   strings: strings, catalogue: try Self.catalogue()).text
        #expect(words(uncounted).contains(strings("report.reconciliation.none")))
    }

    @Test func jsonHasTheAgreedShape() throws {
        let counts = [ReportFacts.Count(kit: "hygiene", expected: 7, counted: 6, reason: "одна пошкоджена",
                                        operatorName: "Координатор", at: Self.at(18))]
        let report = DistributionReport(facts: Self.facts(counts: counts, isOpen: false), timeZone: Self.kyiv)
        let json = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        #expect(json["households"] as? Int == 3)
        #expect(json["people"] as? Int == 8)
        #expect(json["checked_in"] as? Int == 5)
        let kits = try #require(json["kits"] as? [String: [String: Int]])
        #expect(kits["hygiene"] == ["issued": 3, "voided": 1, "received": 10, "left": 7])
        let bySexAge = try #require(json["people_by_sex_age"] as? [String: [String: Int]])
        #expect(Set(bySexAge.keys) == ["F", "M", "unknown"])
        for (_, bands) in bySexAge { #expect(Set(bands.keys) == ["0-4", "5-17", "18-59", "60+", "unknown"]) }
        #expect(bySexAge["F"]?["60+"] == 1)
        #expect(bySexAge.values.reduce(0) { $0 + $1.values.reduce(0, +) } == 8)
        let perHour = try #require(json["per_hour"] as? [String: [String: Int]])
        #expect(perHour["09:00"] == ["households": 2, "kits": 5])
        let perDesk = try #require(json["per_desk"] as? [String: [String: Int]])
        #expect(perDesk["10"] == ["households": 1, "kits": 3])
        #expect(json["hub_city"] as? String == "Вінниця")
        #expect((json["city"] as? [String: Int]) == ["households": 1, "people": 3])
        #expect((json["region"] as? [String: Int]) == ["households": 2, "people": 5])
        let reconciliation = try #require(json["reconciliation"] as? [String: [String: Any]])
        #expect(reconciliation["hygiene"]?["difference"] as? Int == -1)
        #expect(reconciliation["hygiene"]?["reason"] as? String == "одна пошкоджена")
        let distribution = try #require(json["distribution"] as? [String: Any])
        #expect(distribution["id"] as? Int == 2)
        #expect(distribution["name"] as? String == "Зимова видача")
        #expect(distribution["date"] as? String == "2026-11-25")
        #expect(distribution["open"] as? Bool == false)
        #expect(json["time_zone"] as? String == "Europe/Kyiv")
        // Not counted: an explicit null, so scripts can tell.
        let open = try #require(
            try JSONSerialization.jsonObject(with: DistributionReport(facts: Self.facts(), timeZone: Self.kyiv).json())
                as? [String: Any])
        #expect(open["reconciliation"] is NSNull)
        #expect((open["distribution"] as? [String: Any])?["closed_at"] is NSNull)
    }

    @Test func csvIsOneFigurePerRowWithABOM() throws {
        let counts = [ReportFacts.Count(kit: "hygiene", expected: 7, counted: 6, reason: "=HYPERLINK(\"x\"), одна",
                                        operatorName: "Координатор", at: Self.at(18))]
        let report = DistributionReport(facts: Self.facts(counts: counts, isOpen: false), timeZone: Self.kyiv)
        let data = report.csv(strings: try Self.strings(), catalogue: try Self.catalogue())
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("section,item,measure,value,label\r\n"))
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.contains("kits,hygiene,issued,3,Гігієнічний набір — видано"))
        #expect(rows.contains("kits,hygiene,left,7,Гігієнічний набір — залишок"))
        #expect(rows.contains("totals,,people,8,Осіб у них"))
        #expect(rows.contains { $0.hasPrefix("people_by_sex_age,F,60+,1,") })
        #expect(rows.contains { $0.hasPrefix("reconciliation,hygiene,difference,-1,") })
        // A reason that looks like a formula stays text, quoted because of its comma and quotes.
        #expect(rows.contains { $0.hasPrefix("reconciliation,hygiene,reason,\"'=HYPERLINK(\"\"x\"\"), одна\",") })
        let sexAgeRows = rows.filter { $0.hasPrefix("people_by_sex_age,") }
        #expect(sexAgeRows.count == ReportSex.allCases.count * AgeBand.allCases.count)
        #expect(sexAgeRows.reduce(0) { $0 + Int($1.split(separator: ",")[3])! } == 8)
    }
}

@Suite("Close-out counts (pure)")
struct CloseOutTests {
    static let sheet = CloseOutSheet(
        distributionId: 1, name: "Видача", date: CivilDate(year: 2026, month: 11, day: 25)!,
        lines: [.init(kit: "hygiene", received: 10, issued: 3), .init(kit: "bedding", received: 20, issued: 5)])

    @Test func everyKitOnceAndAReasonForEachDifference() {
        #expect(Self.sheet.lines.map(\.expected) == [7, 15])
        #expect(Self.sheet.problem(with: []) == nil)  // closing with no count at all
        #expect(Self.sheet.problem(with: [KitCount(kit: "hygiene", counted: 7), KitCount(kit: "bedding", counted: 15)]) == nil)
        #expect(Self.sheet.problem(with: [KitCount(kit: "hygiene", counted: 7)]) == .missingCounts(kits: ["bedding"]))
        #expect(Self.sheet.problem(with: [KitCount(kit: "hygiene", counted: 6), KitCount(kit: "bedding", counted: 15)])
                == .reasonRequired(kit: "hygiene", expected: 7, counted: 6))
        #expect(Self.sheet.problem(with: [KitCount(kit: "hygiene", counted: 6, reason: "  "), KitCount(kit: "bedding", counted: 15)])
                == .reasonRequired(kit: "hygiene", expected: 7, counted: 6))
        #expect(Self.sheet.problem(with: [KitCount(kit: "hygiene", counted: 9, reason: "знайшли коробку"),
                                          KitCount(kit: "bedding", counted: 15)]) == nil)
        #expect(Self.sheet.problem(with: [KitCount(kit: "hygiene", counted: -1, reason: "x"), KitCount(kit: "bedding", counted: 15)])
                == .negativeCount(kit: "hygiene", counted: -1))
        #expect(Self.sheet.problem(with: [KitCount(kit: "lamp", counted: 1)]) == .kitNotInDistribution(kit: "lamp"))
        #expect(Self.sheet.problem(with: [KitCount(kit: "hygiene", counted: 7), KitCount(kit: "hygiene", counted: 7)])
                == .repeatedCount(kit: "hygiene"))
        #expect(Self.sheet.problem(with: [KitCount(kit: "hygiene", counted: 7, expectedShown: 8), KitCount(kit: "bedding", counted: 15)])
                == .expectedChanged(kit: "hygiene", shown: 8, now: 7))
    }

    @Test func parsesScriptOptions() throws {
        let counts = try KitCount.parse(counts: ["hygiene=6", " bedding = 15 "], reasons: ["hygiene=одна пошкоджена = списано"])
        #expect(counts == [KitCount(kit: "hygiene", counted: 6, reason: "одна пошкоджена = списано"),
                           KitCount(kit: "bedding", counted: 15)])
        #expect(throws: CloseOutError.badCountLine("hygiene")) { try KitCount.parse(counts: ["hygiene"], reasons: []) }
        #expect(throws: CloseOutError.badCountLine("hygiene=много")) { try KitCount.parse(counts: ["hygiene=много"], reasons: []) }
        #expect(throws: CloseOutError.repeatedCount(kit: "hygiene")) {
            try KitCount.parse(counts: ["hygiene=1", "hygiene=2"], reasons: [])
        }
        #expect(throws: CloseOutError.badReasonLine("пошкоджено")) { try KitCount.parse(counts: [], reasons: ["пошкоджено"]) }
        #expect(throws: CloseOutError.reasonWithoutCount(kit: "bedding")) {
            try KitCount.parse(counts: ["hygiene=1"], reasons: ["bedding=x"])
        }
    }

    @Test func everyErrorHasWordsInBothLanguages() throws {
        let catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON())
        let errors: [CloseOutError] = [
            .kitNotInDistribution(kit: "lamp"), .repeatedCount(kit: "hygiene"), .negativeCount(kit: "hygiene", counted: -1),
            .reasonRequired(kit: "hygiene", expected: 7, counted: 6), .missingCounts(kits: ["bedding"]),
            .expectedChanged(kit: "hygiene", shown: 8, now: 7), .badCountLine("x"), .badReasonLine("y"),
            .reasonWithoutCount(kit: "bedding"),
        ]
        for language in Language.allCases {
            let strings = try Strings(language: language, json: DeskResources.stringsJSON(language: language.rawValue))
            for error in errors {
                let text = strings.explain(error, catalogue: catalogue)
                #expect(!text.hasPrefix("closeout."), "\(language) \(error)")
                #expect(!text.contains("{"), "\(language) \(error): \(text)")
            }
        }
        let uk = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let text = uk.explain(.reasonRequired(kit: "hygiene", expected: 7, counted: 6), catalogue: catalogue)
        #expect(text.contains("Гігієнічний набір") && text.contains("-1") && text.contains("--reason hygiene="))
    }

    @Test func reportStringsMatchBetweenLanguages() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/strings")
        func keys(_ file: String) throws -> Set<String> {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            return Set(try JSONDecoder().decode([String: String].self, from: data).keys)
        }
        #expect(try keys("uk.report.json") == keys("en.report.json"))
        // None of ours shadows a key of the main tables (the main table would win at load).
        #expect(try keys("uk.report.json").isDisjoint(with: keys("uk.json")))
    }
}
