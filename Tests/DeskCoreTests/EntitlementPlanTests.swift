import DeskCore
import DeskResources
import Foundation
import Testing

/// Reads a criterion; a test that expects it to read fails if it does not.
private func parse(_ text: String) throws -> EntitlementCriterion {
    try EntitlementCriterion(parsing: text)
}

/// The error a criterion that cannot be read gives, or nil when it reads.
private func failure(_ text: String) -> CriterionError? {
    do {
        _ = try EntitlementCriterion(parsing: text)
        return nil
    } catch {
        return error
    }
}

private let old60: EntitlementCriterion = .age(.atLeast, 60)
private let under5: EntitlementCriterion = .age(.below, 5)

@Suite("Entitlement criteria: reading what a coordinator types")
struct CriterionParsingTests {
    @Test func everyConditionAndComparisonReads() throws {
        let expected: [(String, EntitlementCriterion)] = [
            ("age>=60", .age(.atLeast, 60)), ("age<=5", .age(.atMost, 5)), ("age>17", .age(.above, 17)),
            ("age<5", .age(.below, 5)), ("age=3", .age(.equal, 3)), ("age==3", .age(.equal, 3)),
            ("age!=3", .age(.notEqual, 3)), ("age≥60", .age(.atLeast, 60)), ("age≤5", .age(.atMost, 5)),
            ("age=>60", .age(.atLeast, 60)), ("age=<5", .age(.atMost, 5)), ("age>=0", .age(.atLeast, 0)),
            ("age>=200", .age(.atLeast, 200)), ("age>=060", .age(.atLeast, 60)),
            ("size>=5", .size(.atLeast, 5)), ("size=1", .size(.equal, 1)),
            ("disability", .disability), ("disabled", .disability), ("city", .city), ("region", .region),
        ]
        for (text, criterion) in expected {
            #expect(try parse(text) == criterion, "\(text)")
        }
    }

    @Test func ukrainianWordsMeanTheSameAsEnglishOnes() throws {
        let expected: [(String, EntitlementCriterion)] = [
            ("вік>=60", old60), ("віку<5", under5), ("розмір>=5", .size(.atLeast, 5)),
            ("людей>=5", .size(.atLeast, 5)), ("осіб>=5", .size(.atLeast, 5)), ("інвалідність", .disability),
            ("місто", .city), ("регіон", .region), ("область", .region), ("район", .region),
            ("вік>=60 або вік<5", .or(old60, under5)),
            ("вік>=60 і інвалідність", .and(old60, .disability)),
            ("вік>=60 та інвалідність", .and(old60, .disability)),
            ("вік>=60 й інвалідність", .and(old60, .disability)),
            ("не місто", .not(.city)), ("без інвалідність", .not(.disability)),
            // Mixed, as a coordinator switching layouts types it.
            ("age>=60 або disability", .or(old60, .disability)),
        ]
        for (text, criterion) in expected {
            #expect(try parse(text) == criterion, "\(text)")
        }
    }

    @Test func caseSpacesAndProgrammersSymbolsDoNotMatter() throws {
        let same: [(String, EntitlementCriterion)] = [
            ("AGE>=60 OR Age<5", .or(old60, under5)),
            ("ВІК>=60 АБО ВІК<5", .or(old60, under5)),
            ("  age >= 60   or   age < 5  ", .or(old60, under5)),
            ("age>=60 || age<5", .or(old60, under5)),
            ("age>=60||age<5", .or(old60, under5)),
            ("age>=60 | age<5", .or(old60, under5)),
            ("age>=60&&disability", .and(old60, .disability)),
            ("age>=60 & disability", .and(old60, .disability)),
            ("(age>=60)or(age<5)", .or(old60, under5)),
            ("age>=60\tor\nage<5", .or(old60, under5)),
            ("DISABILITY and NOT City", .and(.disability, .not(.city))),
        ]
        for (text, criterion) in same {
            #expect(try parse(text) == criterion, "\(text)")
        }
    }

    @Test func andBindsTighterThanOrAndBracketsSayOtherwise() throws {
        #expect(try parse("age>=60 or age<5 and disability") == .or(old60, .and(under5, .disability)))
        #expect(try parse("age>=60 and age<5 or disability") == .or(.and(old60, under5), .disability))
        #expect(try parse("(age>=60 or age<5) and disability") == .and(.or(old60, under5), .disability))
        #expect(try parse("city and (age>=60 or age<5)") == .and(.city, .or(old60, under5)))
        // A chain reads from the left.
        #expect(try parse("city or region or disability") == .or(.or(.city, .region), .disability))
        #expect(try parse("city and region and disability") == .and(.and(.city, .region), .disability))
        // `not` takes the one condition after it, or a bracket.
        #expect(try parse("not city and disability") == .and(.not(.city), .disability))
        #expect(try parse("not (city and disability)") == .not(.and(.city, .disability)))
        #expect(try parse("not not city") == .not(.not(.city)))
        #expect(try parse("((disability))") == .disability)
    }

    @Test func theCanonicalTextReadsBackToTheSameCriterion() throws {
        let written: [(typed: String, canonical: String)] = [
            ("ВІК >= 60 АБО вік<5", "age>=60 or age<5"),
            ("(disability)", "disability"),
            ("(age>=60 || age<5) && city", "(age>=60 or age<5) and city"),
            ("age>=60 or (age<5 and region)", "age>=60 or age<5 and region"),
            ("не (місто або інвалідність)", "not (city or disability)"),
            ("not (city and disability)", "not (city and disability)"),
            ("not not size=>5", "not not size>=5"),
            ("age≤17 and size!=1", "age<=17 and size!=1"),
            ("disabled and (size>4 or age==0)", "disability and (size>4 or age=0)"),
        ]
        for (typed, canonical) in written {
            let criterion = try parse(typed)
            #expect(criterion.text == canonical, "\(typed)")
            #expect(try parse(criterion.text) == criterion, "\(typed)")
        }
    }

    /// Criteria built in any shape (not only as the reader builds them) are written so that they
    /// read back to the same meaning, and what is read back is written the same way again.
    @Test func anyCriterionIsWrittenSoThatItReadsBackWithTheSameMeaning() throws {
        var random = SplitMix64(state: 14)
        let families = (0..<60).map { _ in randomFamily(&random) }
        let date = CivilDate(year: 2026, month: 11, day: 25)!
        for _ in 0..<400 {
            let criterion = randomCriterion(&random, depth: 4)
            let read = try parse(criterion.text)
            #expect(read.text == criterion.text, "\(criterion)")
            #expect(try parse(read.text) == read, "\(criterion)")
            for family in families {
                #expect(read.holds(for: family, on: date, hubCity: "Вінниця")
                        == criterion.holds(for: family, on: date, hubCity: "Вінниця"), Comment(rawValue: criterion.text))
            }
        }
    }

    @Test func whatCannotBeReadSaysWhatAndWhere() {
        let cases: [(String, CriterionError.Problem, Int)] = [
            ("", .empty, 0),
            ("   ", .empty, 0),
            ("age>=60 or pension", .unknownWord("pension"), 11),
            ("вік>=60 або пенсія", .unknownWord("пенсія"), 12),
            ("Pension", .unknownWord("pension"), 0),
            ("age 60", .comparisonExpected(after: "age"), 4),
            ("size", .comparisonExpected(after: "size"), 4),
            ("city or size disability", .comparisonExpected(after: "size"), 13),
            ("age>=", .numberExpected(after: "age>="), 5),
            ("size< or city", .numberExpected(after: "size<"), 6),
            ("вік=>", .numberExpected(after: "вік>="), 5),
            ("age>=201", .numberTooLarge("201"), 5),
            ("age < 600 or city", .numberTooLarge("600"), 6),
            ("size>=99999999999999999999999", .numberTooLarge("99999999999999999999999"), 6),
            ("age>=60 and", .conditionExpected, 11),
            ("age>=60 or ", .conditionExpected, 11),
            ("not", .conditionExpected, 3),
            ("or city", .conditionExpected, 0),
            ("age>=60 and or city", .conditionExpected, 12),
            ("()", .conditionExpected, 1),
            ("(age>=60 or city", .unclosedBracket, 0),
            ("city and (age>=60", .unclosedBracket, 9),
            ("age>=60)", .unopenedBracket, 7),
            ("city or age<5) and disability", .unopenedBracket, 13),
            ("age>=60 disability", .joinExpected("disability"), 8),
            ("(city region)", .joinExpected("region"), 6),
            ("age>=60 age<5", .joinExpected("age"), 8),
        ]
        for (text, problem, position) in cases {
            #expect(failure(text) == CriterionError(problem, at: position), "\(text)")
        }
    }

    @Test func theExplanationPointsAtThePlaceWithACaret() throws {
        let en = try Strings(language: .en, json: DeskResources.stringsJSON(language: "en"))
        let uk = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))

        let text = "age>=60 or pension"
        let error = try #require(failure(text))
        let lines = en.explain(error, in: text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "Unknown word \"pension\".")
        #expect(lines[1] == "  age>=60 or pension")
        #expect(lines[2] == "  " + String(repeating: " ", count: 11) + "^")
        #expect(lines[3].contains("age>=60 or age<5"), "the explanation ends with the words the language knows")

        // A caret after the last character for what is missing at the end.
        let dangling = "age>=60 and"
        let danglingLines = en.explain(try #require(failure(dangling)), in: dangling).split(separator: "\n").map(String.init)
        #expect(danglingLines[2] == "  " + String(repeating: " ", count: dangling.count) + "^")

        // Counted in characters, so the caret stands under the Cyrillic word, not somewhere to its right.
        let cyrillic = "вік>=60 або пенсія"
        let ukLines = uk.explain(try #require(failure(cyrillic)), in: cyrillic).split(separator: "\n").map(String.init)
        #expect(ukLines[0] == "Незрозуміле слово «пенсія».")
        let caretColumn = try #require(ukLines[2].firstIndex(of: "^")).utf16Offset(in: ukLines[2])
        let under = Array(ukLines[1])[Array(ukLines[2]).firstIndex(of: "^")!]
        #expect(under == "п")
        #expect(caretColumn == 2 + 12)

        // A criterion typed over two lines is shown on one, the caret still under the place.
        let twoLines = "age>=60\nor pension"
        let twoLinesText = en.explain(try #require(failure(twoLines)), in: twoLines).split(separator: "\n").map(String.init)
        #expect(twoLinesText[1] == "  age>=60 or pension")
        #expect(twoLinesText[2] == "  " + String(repeating: " ", count: 11) + "^")

        // A tab or a Windows line end (one character each) shows as one space, so the caret stays in place.
        for typed in ["age>=60\tor pension", "age>=60\r\nor pension", "age>=60\u{0B}or pension"] {
            let shown = en.explain(try #require(failure(typed)), in: typed).split(separator: "\n").map(String.init)
            #expect(shown[1] == "  age>=60 or pension", "\(typed.debugDescription)")
            #expect(shown[2] == "  " + String(repeating: " ", count: 11) + "^", "\(typed.debugDescription)")
        }

        // Every problem has its own words in both languages (no key shown bare).
        let problems: [String] = ["", "age", "age>=", "age>=300", "age>=60 and", "(city", "city)", "city region", "xyz"]
        for typed in problems {
            let error = try #require(failure(typed), "\(typed)")
            for strings in [en, uk] {
                let first = strings.explain(error, in: typed).split(separator: "\n").first.map(String.init) ?? ""
                #expect(!first.contains("plan.criterion"), "\(typed): \(first)")
                #expect(!first.contains("{"), "\(typed): \(first)")
            }
        }
    }
}

// MARK: - Evaluation

private let distributionDay = CivilDate(year: 2026, month: 11, day: 25)!

private func member(_ born: String?, disability: Bool? = nil) -> PlanFamily.Member {
    PlanFamily.Member(birthDate: born.flatMap(CivilDate.init(parsing:)), hasDisability: disability)
}

private func family(_ members: [PlanFamily.Member], in settlement: String = "Вінниця") -> PlanFamily {
    PlanFamily(household: "00001", members: members, settlement: settlement)
}

private func holds(_ text: String, _ family: PlanFamily, on date: CivilDate = distributionDay,
                   hubCity: String = "Вінниця") throws -> Bool {
    try parse(text).holds(for: family, on: date, hubCity: hubCity)
}

@Suite("Entitlement criteria: who meets them on the distribution's date")
struct CriterionEvaluationTests {
    @Test func agesAreTakenOnTheDistributionsDate() throws {
        // Turning 60 on the day of the distribution counts; the day after does not.
        #expect(try holds("age>=60", family([member("1966-11-25")])))
        #expect(try holds("age>=60", family([member("1966-11-24")])))
        #expect(try !holds("age>=60", family([member("1966-11-26")])))
        // The same person the day before their birthday is 59.
        #expect(try !holds("age>=60", family([member("1966-11-25")]), on: CivilDate(year: 2026, month: 11, day: 24)!))
        // Under 5: the fifth birthday on the day ends it.
        #expect(try holds("age<5", family([member("2021-11-26")])))
        #expect(try !holds("age<5", family([member("2021-11-25")])))
        // Newborn on the day is 0.
        #expect(try holds("age<1", family([member("2026-11-25")])))
        #expect(try holds("age=60", family([member("1966-01-01")])))
        #expect(try holds("age!=60", family([member("1970-01-01")])))
        #expect(try holds("age<=59", family([member("1966-11-26")])))
        #expect(try holds("age>59", family([member("1966-11-25")])))
    }

    @Test func bornOnThe29thOfFebruary() throws {
        let leapling = family([member("1964-02-29")])
        #expect(try !holds("age>=60", leapling, on: CivilDate(year: 2024, month: 2, day: 28)!))
        #expect(try holds("age>=60", leapling, on: CivilDate(year: 2024, month: 2, day: 29)!))
        // In a year without the 29th the birthday has come once February is over.
        let child = family([member("2020-02-29")])
        #expect(try holds("age<5", child, on: CivilDate(year: 2025, month: 2, day: 28)!))
        #expect(try !holds("age<5", child, on: CivilDate(year: 2025, month: 3, day: 1)!))
    }

    @Test func anAgeConditionAsksWhetherAnyMemberMeetsIt() throws {
        let threeGenerations = family([member("1985-04-02"), member("1950-06-01"), member("2023-01-15")])
        #expect(try holds("age>=60", threeGenerations))
        #expect(try holds("age<5", threeGenerations))
        #expect(try holds("age>=60 and age<5", threeGenerations))
        let adults = family([member("1985-04-02"), member("1988-09-09")])
        #expect(try !holds("age>=60 or age<5", adults))
        #expect(try holds("not age>=60", adults))
        // Any member: `age>=18` holds for a family with one adult among children.
        #expect(try holds("age>=18", family([member("2015-01-01"), member("1990-01-01")])))
    }

    @Test func anUnknownBirthDateMeetsNoAgeCondition() throws {
        let unknown = family([member(nil)])
        for text in ["age>=60", "age<5", "age>=0", "age!=30", "age<=200"] {
            #expect(try !holds(text, unknown), "\(text)")
        }
        #expect(try holds("not age>=60", unknown))
        // A birth date after the distribution (a typing mistake) counts as unknown, not as a baby.
        #expect(try !holds("age<5", family([member("2027-03-01")])))
        // A family where only one member's date is known is judged by that member.
        #expect(try holds("age>=60", family([member(nil), member("1940-01-01")])))
    }

    @Test func disabilityIsAMemberMarkedSo() throws {
        #expect(try holds("disability", family([member("1980-01-01"), member("2010-01-01", disability: true)])))
        #expect(try !holds("disability", family([member("1980-01-01", disability: false)])))
        // Not recorded is not a disability.
        #expect(try !holds("disability", family([member("1980-01-01", disability: nil)])))
        #expect(try holds("not disability", family([member("1980-01-01", disability: nil)])))
        #expect(try !holds("disability", family([])))
    }

    @Test func sizeCountsThePeopleInTheFamily() throws {
        let five = family((0..<5).map { _ in member("1990-01-01") })
        let four = family((0..<4).map { _ in member("1990-01-01") })
        #expect(try holds("size>=5", five))
        #expect(try !holds("size>=5", four))
        #expect(try holds("size=1", family([member(nil)])))
        #expect(try holds("size<2", family([member(nil)])))
        #expect(try holds("size>3", four))
    }

    @Test func cityAndRegionAreTheHubsCityAndEverywhereElse() throws {
        let inCity = family([member("1980-01-01")], in: "Вінниця")
        let inTown = family([member("1980-01-01")], in: "Жмеринка")
        #expect(try holds("city", inCity))
        #expect(try !holds("region", inCity))
        #expect(try holds("region", inTown))
        #expect(try !holds("city", inTown))
        // Case and spaces are ignored, on either side.
        #expect(try holds("city", family([member(nil)], in: "  ВІННИЦЯ ")))
        #expect(try holds("city", inCity, hubCity: " вінниця  "))
        // With no city known, every family is in the region.
        #expect(try !holds("city", inCity, hubCity: ""))
        #expect(try holds("region", inCity, hubCity: ""))
        #expect(try holds("region", inCity, hubCity: "   "))
        #expect(try holds("region", family([member(nil)], in: ""), hubCity: ""))
    }

    @Test func notAndOrCombineTheConditions() throws {
        let oldInTown = family([member("1950-01-01")], in: "Жмеринка")
        let oldInCity = family([member("1950-01-01")], in: "Вінниця")
        let youngDisabledInCity = family([member("1990-01-01", disability: true), member("2015-01-01")], in: "Вінниця")
        let rule = "(age>=60 or disability) and not city"
        #expect(try holds(rule, oldInTown))
        #expect(try !holds(rule, oldInCity))
        #expect(try !holds(rule, youngDisabledInCity))
        #expect(try holds("age>=60 and region or disability", youngDisabledInCity))
        #expect(try !holds("age>=60 and (region or disability)", youngDisabledInCity))
        #expect(try holds("not not city", oldInCity))
    }

    @Test func aPlanEntitlesByItsAudienceAndKeepsItsHubCity() {
        let inCity = family([member("1980-01-01")], in: "Вінниця")
        let everyone = KitPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(1))
        #expect(everyone.entitles(inCity, onList: false, on: distributionDay))
        let list = KitPlan(kit: "kitchen", audience: .list(listSize: 100), quantity: .fixed(1))
        #expect(list.entitles(inCity, onList: true, on: distributionDay))
        #expect(!list.entitles(inCity, onList: false, on: distributionDay))
        // The criterion is read against the city kept with the plan.
        let cityPlan = KitPlan(kit: "blanket", audience: .criteria(.city), quantity: .fixed(1), hubCity: "Вінниця")
        #expect(cityPlan.entitles(inCity, onList: false, on: distributionDay))
        let elsewhere = KitPlan(kit: "blanket", audience: .criteria(.city), quantity: .fixed(1), hubCity: "Бар")
        #expect(!elsewhere.entitles(inCity, onList: false, on: distributionDay))
    }
}

// MARK: - Quantities

@Suite("Entitlement plans: how many each family gets")
struct PlanQuantityTests {
    @Test func aFixedQuantityIsTheSameForEveryFamily() {
        for size in [0, 1, 4, 12] {
            #expect(KitPlan.Quantity.fixed(1).forFamily(of: size) == 1)
            #expect(KitPlan.Quantity.fixed(3).forFamily(of: size) == 3)
        }
    }

    @Test func onePerPersonUpToTheCap() {
        #expect(KitPlan.Quantity.perPerson(cap: nil).forFamily(of: 4) == 4)
        #expect(KitPlan.Quantity.perPerson(cap: nil).forFamily(of: 11) == 11)
        #expect(KitPlan.Quantity.perPerson(cap: 3).forFamily(of: 5) == 3)
        #expect(KitPlan.Quantity.perPerson(cap: 3).forFamily(of: 3) == 3)
        #expect(KitPlan.Quantity.perPerson(cap: 3).forFamily(of: 2) == 2)
        // A family on the plan is never entitled to nothing.
        #expect(KitPlan.Quantity.perPerson(cap: nil).forFamily(of: 0) == 1)
    }

    @Test func oneForEveryNPeopleRoundedUp() {
        let perThree = KitPlan.Quantity.perPeople(3)
        #expect(perThree.forFamily(of: 4) == 2)
        #expect(perThree.forFamily(of: 3) == 1)
        #expect(perThree.forFamily(of: 1) == 1)
        #expect(perThree.forFamily(of: 0) == 1)
        #expect(perThree.forFamily(of: 6) == 2)
        #expect(perThree.forFamily(of: 7) == 3)
        #expect(KitPlan.Quantity.perPeople(1).forFamily(of: 5) == 5)
        #expect(KitPlan.Quantity.perPeople(2).forFamily(of: 5) == 3)
    }

    @Test func anEntitlementTakesThePlansQuantityOrElseTheCatalogues() throws {
        let catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON())
        let bedding = try #require(catalogue["bedding"])
        let six = family((0..<6).map { _ in member("1990-01-01") })
        // No plan: the catalogue's one per person, at most 4.
        #expect(PlanEntitlement.of(six, kit: bedding, plan: nil, onList: false, on: distributionDay)
                == PlanEntitlement(plan: nil, entitled: true, quantity: 4))
        let plan = KitPlan(kit: "bedding", audience: .criteria(.size(.atLeast, 5)), quantity: .perPeople(3))
        #expect(PlanEntitlement.of(six, kit: bedding, plan: plan, onList: false, on: distributionDay)
                == PlanEntitlement(plan: plan, entitled: true, quantity: 2))
        // Not entitled, but the quantity is what an override would give.
        let four = family((0..<4).map { _ in member("1990-01-01") })
        #expect(PlanEntitlement.of(four, kit: bedding, plan: plan, onList: false, on: distributionDay)
                == PlanEntitlement(plan: plan, entitled: false, quantity: 2))
    }
}

// MARK: - Lists

@Suite("Entitlement plans: reading a list of households")
struct PlanListTests {
    func numbers(_ entries: [PlanListEntry]) -> [String] { entries.map(\.number) }
    func rows(_ entries: [PlanListEntry]) -> [Int] { entries.map(\.row) }

    @Test func oneNumberALineWithRowsAsInTheFile() throws {
        let entries = try PlanList.parse("00017\n00018\n\n  00019  \n\n")
        #expect(numbers(entries) == ["00017", "00018", "00019"])
        #expect(rows(entries) == [1, 2, 4])
        let windows = try PlanList.parse("\r\n00017\r\n00018\r\n")
        #expect(numbers(windows) == ["00017", "00018"])
        #expect(rows(windows) == [2, 3])
        let oldMac = try PlanList.parse("17\r18")
        #expect(numbers(oldMac) == ["17", "18"])
        // A number in quotes, as some programs export it.
        #expect(numbers(try PlanList.parse("\"00017\"\n00018")) == ["00017", "00018"])
    }

    @Test func aCSVWithAnEnglishHouseholdColumn() throws {
        let text = """
            name;household;phone
            Іваненко Олена;00017;+380501112233

            Петренко Іван;00018;
            """
        let entries = try PlanList.parse(text)
        #expect(numbers(entries) == ["00017", "00018"])
        #expect(rows(entries) == [2, 4])
        #expect(numbers(try PlanList.parse("HOUSEHOLD\n00017\n00018")) == ["00017", "00018"])
        #expect(numbers(try PlanList.parse("Household Number,Name\n00017,A\n00018,B")) == ["00017", "00018"])
    }

    @Test func aCSVWithAUkrainianHouseholdColumn() throws {
        #expect(numbers(try PlanList.parse("Прізвище,№ сім'ї\nІваненко,00017\nПетренко,00018")) == ["00017", "00018"])
        #expect(numbers(try PlanList.parse("Домогосподарство\tПрізвище\n00017\tІваненко")) == ["00017"])
        #expect(numbers(try PlanList.parse("ПІБ;Сім’я\nІваненко;00017")) == ["00017"])
        #expect(numbers(try PlanList.parse("№;ПІБ\n00017;Іваненко")) == ["00017"])
        #expect(numbers(try PlanList.parse("Номер сім'ї;ПІБ\n00017;Іваненко")) == ["00017"])
    }

    @Test func semicolonsCommasTabsAndQuotedCells() throws {
        let comma = "\"name\",\"household\"\n\"Іваненко, Олена\",\"00017\"\n\"Петренко \"\"Мала\"\"\", 00018 \n"
        let entries = try PlanList.parse(comma)
        #expect(numbers(entries) == ["00017", "00018"])
        #expect(rows(entries) == [2, 3])
        // The delimiter inside quotes does not move the column.
        #expect(numbers(try PlanList.parse("name;household\n\"Коваль; Ганна\";00042")) == ["00042"])
        #expect(numbers(try PlanList.parse("household\tname\n00042\tГанна\n00043\t")) == ["00042", "00043"])
        // A row without a number in the household column is skipped; its neighbours keep their rows.
        let gaps = try PlanList.parse("household;name\n;Хтось\n00018;Хтось інший")
        #expect(numbers(gaps) == ["00018"])
        #expect(rows(gaps) == [3])
    }

    @Test func aFileWithoutAHouseholdColumnOrWithoutNumbersIsRefused() {
        #expect(throws: PlanError.noHouseholdColumn(header: "name;phone")) {
            try PlanList.parse("name;phone\nІваненко;+380501112233")
        }
        #expect(throws: PlanError.noHouseholdColumn(header: "Прізвище")) { try PlanList.parse("Прізвище\nІваненко") }
        #expect(throws: PlanError.emptyList) { try PlanList.parse("") }
        #expect(throws: PlanError.emptyList) { try PlanList.parse("\n  \n\r\n") }
        #expect(throws: PlanError.emptyList) { try PlanList.parse("household;name\n") }
        #expect(throws: PlanError.emptyList) { try PlanList.parse("household;name\n;Іваненко\n") }
    }

    @Test func refusalsOfAListAreExplained() throws {
        let en = try Strings(language: .en, json: DeskResources.stringsJSON(language: "en"))
        let catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON())
        let unknown = (1...23).map { PlanListEntry(row: $0 + 1, number: "9\($0)") }
        let text = en.explain(PlanError.unknownHouseholds(unknown), catalogue: catalogue)
        #expect(text.contains("23 numbers"))
        #expect(text.contains("row 2: 91"))
        #expect(text.contains("row 21: 920"))
        #expect(!text.contains("row 22:"))
        #expect(text.contains("and 3 more"))
        let reason = en.explain(PlanError.reasonRequired(kit: "kitchen", issued: 4), catalogue: catalogue)
        #expect(reason.contains("Kitchen set"))
        #expect(reason.contains("(4)"))
    }
}

// MARK: - The rules with a plan

@Suite("Issuing rules with the distribution's plan")
struct PlanRulesTests {
    static let winter = KitDefinition(code: "winterization", uk: "Зимовий набір", en: "Winterization kit",
                                      notAgainWithinDays: 180)
    static let bedding = KitDefinition(code: "bedding", uk: "Постіль", en: "Bedding", perPerson: true, householdCap: 4)
    static let winterPlan = KitPlan(kit: "winterization", audience: .criteria(.or(old60, under5)), quantity: .perPeople(3))
    static let listPlan = KitPlan(kit: "winterization", audience: .list(listSize: 100), quantity: .fixed(1))

    func facts(_ kit: KitDefinition = winter, open: Bool = true, left: Int? = 10, size: Int = 4,
               here: PriorIssuance? = nil, anywhere: PriorIssuance? = nil, today: String = "2026-11-25",
               entitlement: PlanEntitlement? = nil, override: Bool = false) -> IssuanceFacts {
        IssuanceFacts(kit: kit, distributionName: "Видача", distributionOpen: open, stockLeft: left, householdSize: size,
                      issuedInThisDistribution: here, lastIssuedAnywhere: anywhere, today: CivilDate(parsing: today)!,
                      entitlement: entitlement, overridesPlan: override)
    }

    func prior(_ kit: String, on day: String) -> PriorIssuance {
        PriorIssuance(id: 7, kitCode: kit, quantity: 1, distributionName: "Осінь", issuedAt: Date(timeIntervalSince1970: 0),
                      issuedOn: CivilDate(parsing: day)!, desk: "2", operatorName: "Оксана", collectedBy: "Голова")
    }

    static let notEntitled = PlanEntitlement(plan: winterPlan, entitled: false, quantity: 2)
    static let entitled = PlanEntitlement(plan: winterPlan, entitled: true, quantity: 2)

    @Test func aFamilyOffThePlanIsRefusedWithTheRule() {
        #expect(IssuanceRules.decide(facts(entitlement: Self.notEntitled))
                == .failure(.notOnPlan(kit: "winterization", rule: "age>=60 or age<5")))
        let offList = PlanEntitlement(plan: Self.listPlan, entitled: false, quantity: 1)
        #expect(IssuanceRules.decide(facts(entitlement: offList)) == .failure(.notOnPlan(kit: "winterization", rule: "list")))
        #expect(IssueRefusal.notOnPlan(kit: "winterization", rule: "list").isRuleRefusal)
        #expect(!IssueRefusal.notOnPlan(kit: "winterization", rule: "list").isOutOfStock)
    }

    @Test func anOverrideGivesThePlansQuantity() {
        #expect(IssuanceRules.decide(facts(entitlement: Self.notEntitled, override: true)) == .success(2))
        // And is still held to the stock.
        #expect(IssuanceRules.decide(facts(left: 1, entitlement: Self.notEntitled, override: true))
                == .failure(.outOfStock(kit: "winterization", left: 1, needed: 2)))
    }

    @Test func anEntitledFamilyGetsThePlansQuantityNotTheCatalogues() {
        #expect(IssuanceRules.decide(facts(entitlement: Self.entitled)) == .success(2))
        let fixedBedding = KitPlan(kit: "bedding", audience: .everyone, quantity: .fixed(1))
        #expect(IssuanceRules.decide(facts(Self.bedding, size: 6,
                                           entitlement: PlanEntitlement(plan: fixedBedding, entitled: true, quantity: 1)))
                == .success(1))
        #expect(IssuanceRules.decide(facts(left: 1, entitlement: Self.entitled))
                == .failure(.outOfStock(kit: "winterization", left: 1, needed: 2)))
    }

    @Test func theOtherRulesComeFirst() {
        let here = prior("winterization", on: "2026-11-25")
        #expect(IssuanceRules.decide(facts(open: false, entitlement: Self.notEntitled))
                == .failure(.distributionClosed(name: "Видача")))
        #expect(IssuanceRules.decide(facts(here: here, entitlement: Self.notEntitled)) == .failure(.alreadyIssued(here)))
        // Even a coordinator's override does not give the kit twice.
        #expect(IssuanceRules.decide(facts(here: here, entitlement: Self.notEntitled, override: true))
                == .failure(.alreadyIssued(here)))
        let last = prior("winterization", on: "2026-10-01")
        #expect(IssuanceRules.decide(facts(anywhere: last, entitlement: Self.notEntitled))
                == .failure(.notEligibleUntil(CivilDate(parsing: "2027-03-30")!, previous: last)))
        #expect(IssuanceRules.decide(facts(anywhere: last, entitlement: Self.notEntitled, override: true))
                == .failure(.notEligibleUntil(CivilDate(parsing: "2027-03-30")!, previous: last)))
        #expect(IssuanceRules.decide(facts(left: nil, entitlement: Self.notEntitled))
                == .failure(.kitNotInDistribution(kit: "winterization", distribution: "Видача")))
        // Off the plan is said before out of stock: the family should not wait for a restock.
        #expect(IssuanceRules.decide(facts(left: 0, entitlement: Self.notEntitled))
                == .failure(.notOnPlan(kit: "winterization", rule: "age>=60 or age<5")))
    }

    @Test func aKitWithNoPlanIsDecidedAsBefore() {
        #expect(IssuanceRules.decide(facts(Self.bedding, size: 6)) == .success(4))
        #expect(IssuanceRules.decide(facts(Self.bedding, size: 6, override: true)) == .success(4))
        let unplanned = PlanEntitlement.unplanned(Self.bedding, familySize: 6)
        #expect(IssuanceRules.decide(facts(Self.bedding, size: 6, entitlement: unplanned)) == .success(4))
        #expect(IssuanceRules.decide(facts(Self.winter, left: 0))
                == .failure(.outOfStock(kit: "winterization", left: 0, needed: 1)))
    }

    @Test func theRefusalNamesTheRuleInBothLanguages() throws {
        let catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON())
        let uk = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let en = try Strings(language: .en, json: DeskResources.stringsJSON(language: "en"))
        let utc = TimeZone(identifier: "UTC")!
        let criteria = IssueRefusal.notOnPlan(kit: "winterization", rule: "age>=60 or age<5")
        #expect(en.explain(criteria, catalogue: catalogue, timeZone: utc)
                == "Winterization kit is not on today's plan for this family (plan: age>=60 or age<5). Only a coordinator can give it, with a reason.")
        #expect(uk.explain(criteria, catalogue: catalogue, timeZone: utc).contains("age>=60 or age<5"))
        let list = IssueRefusal.notOnPlan(kit: "kitchen", rule: "list")
        #expect(en.explain(list, catalogue: catalogue, timeZone: utc).contains("not on the list"))
        #expect(uk.explain(list, catalogue: catalogue, timeZone: utc).contains("Кухонний набір"))
    }
}

// MARK: - Random criteria and families

private func randomCriterion(_ random: inout SplitMix64, depth: Int) -> EntitlementCriterion {
    let comparisons = EntitlementCriterion.Comparison.allCases
    if depth == 0 || random.below(3) == 0 {
        switch random.below(5) {
        case 0: return .age(comparisons[random.below(comparisons.count)], random.below(90))
        case 1: return .size(comparisons[random.below(comparisons.count)], random.below(8))
        case 2: return .disability
        case 3: return .city
        default: return .region
        }
    }
    switch random.below(3) {
    case 0: return .not(randomCriterion(&random, depth: depth - 1))
    case 1: return .and(randomCriterion(&random, depth: depth - 1), randomCriterion(&random, depth: depth - 1))
    default: return .or(randomCriterion(&random, depth: depth - 1), randomCriterion(&random, depth: depth - 1))
    }
}

private func randomFamily(_ random: inout SplitMix64) -> PlanFamily {
    let members = (0..<(1 + random.below(6))).map { _ -> PlanFamily.Member in
        let born = random.below(10) == 0 ? nil : CivilDate(year: 1930 + random.below(97), month: 1 + random.below(12),
                                                         day: 1 + random.below(28))
        let disability: Bool? = [true, false, nil][random.below(3)]
        return PlanFamily.Member(birthDate: born, hasDisability: disability)
    }
    return PlanFamily(household: "00001", members: members, settlement: random.below(2) == 0 ? "Вінниця" : "Бар")
}
