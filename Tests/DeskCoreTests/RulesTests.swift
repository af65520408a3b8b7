import DeskCore
import DeskResources
import Foundation
import Testing

@Suite("Issuing rules, as a pure decision")
struct IssuanceRulesTests {
    static let winter = KitDefinition(code: "winterization", uk: "Зимовий набір", en: "Winterization kit",
                                      notAgainWithinDays: 180)
    static let bedding = KitDefinition(code: "bedding", uk: "Постіль", en: "Bedding", perPerson: true, householdCap: 4)

    func facts(_ kit: KitDefinition, open: Bool = true, left: Int? = 10, size: Int = 3,
               here: PriorIssuance? = nil, anywhere: PriorIssuance? = nil, today: String = "2026-11-25") -> IssuanceFacts {
        IssuanceFacts(kit: kit, distributionName: "Видача", distributionOpen: open, stockLeft: left, householdSize: size,
                      issuedInThisDistribution: here, lastIssuedAnywhere: anywhere, today: CivilDate(parsing: today)!)
    }

    func prior(_ kit: String, on day: String) -> PriorIssuance {
        PriorIssuance(id: 7, kitCode: kit, quantity: 1, distributionName: "Осінь", issuedAt: Date(timeIntervalSince1970: 0),
                      issuedOn: CivilDate(parsing: day)!, desk: "2", operatorName: "Оксана", collectedBy: "Голова")
    }

    @Test func quantityPerPersonUpToTheCap() {
        #expect(Self.bedding.quantity(forHouseholdOf: 1) == 1)
        #expect(Self.bedding.quantity(forHouseholdOf: 3) == 3)
        #expect(Self.bedding.quantity(forHouseholdOf: 9) == 4)
        #expect(Self.winter.quantity(forHouseholdOf: 9) == 1)
        #expect(IssuanceRules.decide(facts(Self.bedding, size: 6)) == .success(4))
    }

    @Test func refusalsComeInTheOrderAFamilyShouldHearThem() {
        let here = prior("winterization", on: "2026-11-25")
        // Closed beats everything; already-issued beats out-of-stock.
        #expect(IssuanceRules.decide(facts(Self.winter, open: false, left: 0, here: here))
                == .failure(.distributionClosed(name: "Видача")))
        #expect(IssuanceRules.decide(facts(Self.winter, left: 0, here: here)) == .failure(.alreadyIssued(here)))
        #expect(IssuanceRules.decide(facts(Self.winter, left: 0)) == .failure(.outOfStock(kit: "winterization", left: 0, needed: 1)))
        #expect(IssuanceRules.decide(facts(Self.winter, left: nil))
                == .failure(.kitNotInDistribution(kit: "winterization", distribution: "Видача")))
    }

    @Test func notAgainWithinNDaysCountsCalendarDays() {
        let last = prior("winterization", on: "2026-06-01")
        let eligible = CivilDate(parsing: "2026-11-28")!  // 2026-06-01 + 180 days
        #expect(IssuanceRules.decide(facts(Self.winter, anywhere: last, today: "2026-11-27"))
                == .failure(.notEligibleUntil(eligible, previous: last)))
        #expect(IssuanceRules.decide(facts(Self.winter, anywhere: last, today: "2026-11-28")) == .success(1))
        // A kit without the rule ignores earlier distributions.
        #expect(IssuanceRules.decide(facts(Self.bedding, anywhere: prior("bedding", on: "2026-11-20"))) == .success(3))
    }

    @Test func refusalsAreExplainedInBothLanguages() throws {
        let catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON())
        let refusal = IssueRefusal.notEligibleUntil(CivilDate(parsing: "2027-05-24")!, previous: prior("winterization", on: "2026-11-25"))
        let uk = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let en = try Strings(language: .en, json: DeskResources.stringsJSON(language: "en"))
        let ukText = uk.explain(refusal, catalogue: catalogue, timeZone: TimeZone(identifier: "UTC")!)
        #expect(ukText == "Зимовий набір видано цій сім'ї 25.11.2026 о 00:00, стіл 2, видав(ла) Оксана (видача «Осінь»). Наступний можна отримати з 24.05.2027.")
        let enText = en.explain(refusal, catalogue: catalogue, timeZone: TimeZone(identifier: "UTC")!)
        #expect(enText.contains("Winterization kit was issued"))
        #expect(enText.contains("Eligible again from 24.05.2027"))
    }
}

@Suite("Resources")
struct ResourceTests {
    @Test func everyStringExistsInBothLanguagesAndEveryBlankIsFilled() throws {
        let uk = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let en = try Strings(language: .en, json: DeskResources.stringsJSON(language: "en"))
        #expect(uk.keys == en.keys)
        for key in uk.keys {
            let blanks: (String) -> Set<String> = { text in
                Set(text.split(separator: "{", omittingEmptySubsequences: false).dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) })
            }
            #expect(blanks(uk[key]) == blanks(en[key]), "\(key) has different blanks")
        }
    }

    @Test func theCatalogueHasTheFourDefaultKitsWithTheirRules() throws {
        let catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON())
        #expect(Array(catalogue.kits.map(\.code).prefix(4)) == ["hygiene", "winterization", "bedding", "kitchen"])
        #expect(catalogue["bedding"]?.perPerson == true && catalogue["bedding"]?.householdCap == 4)
        #expect(catalogue["winterization"]?.notAgainWithinDays != nil)
        #expect(catalogue.kits.allSatisfy { !$0.uk.isEmpty && !$0.en.isEmpty })
    }

    @Test func aCatalogueWithARepeatedCodeIsRefused() {
        let json = #"{"kits": [{"code": "a", "uk": "А", "en": "A"}, {"code": "a", "uk": "Б", "en": "B"}]}"#
        #expect(throws: KitCatalogue.CatalogueError.duplicateCode("a")) { try KitCatalogue(json: Data(json.utf8)) }
    }

    @Test func languageFollowsTheLocale() {
        #expect(Language.fromLocale(environment: [:]) == .uk)
        #expect(Language.fromLocale(environment: ["LANG": "en_US.UTF-8"]) == .en)
        #expect(Language.fromLocale(environment: ["LANG": "uk_UA.UTF-8"]) == .uk)
        #expect(Language.fromLocale(environment: ["LANG": "en_US.UTF-8", "LC_ALL": "uk_UA.UTF-8"]) == .uk)
        #expect(Language.fromLocale(environment: ["LANG": "C.UTF-8"]) == .uk)
    }
}

@Suite("Dates and phones")
struct ValueTests {
    @Test func civilDatesParseBothShapesAndRefuseNonsense() {
        #expect(CivilDate(parsing: "01.03.1957") == CivilDate(year: 1957, month: 3, day: 1))
        #expect(CivilDate(parsing: "1.3.1957") == CivilDate(year: 1957, month: 3, day: 1))
        #expect(CivilDate(parsing: "1957-03-01") == CivilDate(year: 1957, month: 3, day: 1))
        #expect(CivilDate(parsing: "29.02.2023") == nil)
        #expect(CivilDate(parsing: "29.02.2024") != nil)
        #expect(CivilDate(parsing: "01.03.57") == nil)
        #expect(CivilDate(parsing: "32.01.2000") == nil)
        #expect(CivilDate(parsing: "") == nil)
    }

    @Test func dayArithmeticAndAges() {
        let d = CivilDate(parsing: "2024-02-28")!
        #expect(d.adding(days: 1).iso == "2024-02-29")
        #expect(d.adding(days: 2).iso == "2024-03-01")
        #expect(CivilDate(parsing: "1970-01-01")!.dayNumber == 0)
        #expect(CivilDate(dayNumber: -1).iso == "1969-12-31")
        let birth = CivilDate(parsing: "2010-11-26")!
        #expect(birth.age(on: CivilDate(parsing: "2026-11-25")!) == 15)
        #expect(birth.age(on: CivilDate(parsing: "2026-11-26")!) == 16)
    }

    @Test(arguments: ["0501234567", "050 123 45 67", "(050) 123-45-67", "+380501234567", "380501234567",
                      "+38 (050) 123-45-67", "80501234567", "501234567"])
    func phonesInEveryUsualShape(_ text: String) {
        #expect(PhoneNumber.normalise(text) == "+380501234567")
    }

    @Test(arguments: ["", "12345", "050123456", "+4915112345678", "050-ABC-4567", "0001234567"])
    func thingsThatAreNotUkrainianPhones(_ text: String) {
        #expect(PhoneNumber.normalise(text) == nil)
    }
}

@Suite("Register writer")
struct RegisterWriterTests {
    static let register = Register(households: [
        Household(number: "00417", settlement: "Вінниця", members: [
            Person(surname: "Дем\u{2BC}янчук", givenName: "Олена", patronymic: "Петрівна",
                   birthDate: CivilDate(parsing: "12.03.1981"), sex: .female, phone: "+380501234567",
                   idpCertificate: "0512-0000000417", isHead: true, hasDisability: false),
            Person(surname: "Дем\u{2BC}янчук", givenName: "Марко", patronymic: "", birthDate: nil, sex: .male,
                   hasDisability: true),
        ]),
        Household(number: "00418", settlement: "Бар; село \"Нове\"", members: [
            Person(surname: "Ґонта", givenName: "Їжак", patronymic: "Єгорович", sex: .male, isHead: true,
                   hasDisability: false),
        ]),
    ])

    @Test(arguments: [RegisterWriter.Flavour.utf8, .excel1251])
    func aWrittenRegisterReadsBackUnchanged(_ flavour: RegisterWriter.Flavour) throws {
        let data = try #require(RegisterWriter.csv(Self.register, flavour: flavour, withContacts: true))
        let parsed = try RegisterParser.parse(data, today: CivilDate(parsing: "2026-11-25")!).get()
        #expect(parsed.register == Self.register)
        #expect(parsed.encoding == (flavour == .utf8 ? .utf8BOM : .windows1251))
        #expect(parsed.delimiter == (flavour == .utf8 ? .comma : .semicolon))
    }

    @Test func contactsOnlyWhenAsked() throws {
        let data = try #require(RegisterWriter.csv(Self.register, flavour: .utf8, withContacts: false))
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("+380501234567"))
        #expect(!text.contains("0512-0000000417"))
        #expect(!text.contains("Телефон"))
        #expect(!text.contains("Інвалідність"))  // health data: with the contacts only
        #expect(text.contains("Демʼянчук"))
    }
}
