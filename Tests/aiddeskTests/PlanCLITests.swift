import DeskCore
import DeskStore
import Foundation
import GRDB
import Testing

/// A scratch hub with four families and a distribution open today with hygiene, winterization
/// (two kits only) and kitchen sets.
private func planHub() throws -> ScratchHub {
    let hub = try ScratchHub()
    func person(_ surname: String, _ given: String, _ born: String, head: Bool = false) -> Person {
        Person(surname: surname, givenName: given, patronymic: "", birthDate: CivilDate(parsing: born), sex: .female,
               isHead: head)
    }
    let register = Register(households: [
        // A pensioner alone.
        Household(number: "00001", settlement: "Вінниця", members: [person("Петренко", "Іван", "1950-01-01", head: true)]),
        // A mother with two school children.
        Household(number: "00002", settlement: "Бар", members: [
            person("Коваль", "Олена", "1985-03-03", head: true), person("Коваль", "Марко", "2012-04-04"),
            person("Коваль", "Ніна", "2014-05-05"),
        ]),
        // A young woman alone: on no plan's criteria.
        Household(number: "00003", settlement: "Вінниця", members: [person("Шевчук", "Анна", "1990-06-06", head: true)]),
        // A pensioner couple.
        Household(number: "00004", settlement: "Бар", members: [
            person("Бондар", "Ганна", "1945-07-07", head: true), person("Бондар", "Іван", "1944-08-08"),
        ]),
    ])
    _ = try hub.openDatabase().importRegister(register, context: DeskContext(operatorName: "test", desk: "0"))
    let opened = try hub.aiddesk(["distribution", "open", "Зимова видача", "--kit", "hygiene=10", "--kit", "winterization=2",
                                  "--kit", "kitchen=5"])
    #expect(opened.status == 0, "\(opened.stderr)")
    return hub
}

private func write(_ text: String, in hub: ScratchHub, as name: String) throws -> String {
    let url = hub.folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

@Suite("aiddesk plan set and show", .serialized)
struct PlanCLITests {
    @Test func setAndShowAPlanAsTextAndJSON() throws {
        let hub = try planHub()
        defer { hub.remove() }
        let set = try hub.aiddesk(["plan", "set", "winterization", "--when", "AGE >= 60 або size>=3"])
        #expect(set.status == 0, "\(set.stderr)")
        let setLines = set.stdout.split(separator: "\n").map(String.init)
        #expect(setLines.first == "План для «Зимовий набір» записано.")
        #expect(setLines.contains("Зимовий набір [winterization]: age>=60 or size>=3; 1 на сім'ю"))
        // 00001, 00002, 00004: three families, two kits in stock.
        #expect(set.stdout.contains("сімей: 3, потрібно наборів: 3, отримано: 2, нестача: 1; видано: 0"))
        #expect(set.stdout.contains("Не вистачає 1 шт."))
        #expect(set.stdout.contains("задав(ла) Тест"))

        let perPeople = try hub.aiddesk(["plan", "set", "hygiene", "--everyone", "--per-people", "2"])
        #expect(perPeople.status == 0, "\(perPeople.stderr)")
        // 1 + 2 + 1 + 1.
        #expect(perPeople.stdout.contains("усі сім'ї; один на кожні 2 особи"))
        #expect(perPeople.stdout.contains("сімей: 4, потрібно наборів: 5, отримано: 10, нестача: 0"))

        let show = try hub.aiddesk(["plan", "show"])
        #expect(show.status == 0, "\(show.stderr)")
        let lines = show.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("План видачі № 1 «Зимова видача»") == true)
        #expect(lines.first?.hasSuffix("сімей у реєстрі: 4") == true)
        #expect(lines.contains("Гігієнічний набір [hygiene]: усі сім'ї; один на кожні 2 особи"))
        #expect(lines.contains("Зимовий набір [winterization]: age>=60 or size>=3; 1 на сім'ю"))
        #expect(lines.contains("Кухонний набір [kitchen]: без плану (усі сім'ї, кількість за каталогом)"))

        let english = try hub.aiddesk(["--lang", "en", "plan", "show"])
        #expect(english.stdout.contains("Winterization kit [winterization]: age>=60 or size>=3; 1 per family"))
        #expect(english.stdout.contains("families: 3, kits needed: 3, received: 2, short: 1"))

        let json = try hub.aiddesk(["plan", "show", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(jsonObject(json.stdout))
        #expect(object["families"] as? Int == 4)
        #expect(object["name"] as? String == "Зимова видача")
        let kits = try #require(object["kits"] as? [[String: Any]])
        #expect(kits.map { $0["kit"] as? String } == ["hygiene", "winterization", "kitchen"])
        let winter = kits[1]
        #expect(winter["households"] as? Int == 3)
        #expect(winter["kitsNeeded"] as? Int == 3)
        #expect(winter["received"] as? Int == 2)
        #expect(winter["shortfall"] as? Int == 1)
        #expect(winter["setBy"] as? String == "Тест")
        let rule = try #require(winter["plan"] as? [String: Any])
        #expect(rule["who"] as? String == "criteria")
        #expect(rule["criteria"] as? String == "age>=60 or size>=3")
        #expect(rule["quantity"] as? String == "fixed")
        #expect(rule["count"] as? Int == 1)
        #expect((kits[0]["plan"] as? [String: Any])?["quantity"] as? String == "perPeople")
        #expect((kits[0]["plan"] as? [String: Any])?["count"] as? Int == 2)
        #expect(kits[2]["plan"] == nil, "a kit with no plan has none in the JSON")
        #expect(kits[2]["households"] as? Int == 4)
    }

    @Test func oneFamilysEntitlementsAsTextAndJSON() throws {
        let hub = try planHub()
        defer { hub.remove() }
        #expect(try hub.aiddesk(["plan", "set", "winterization", "--when", "age>=60"]).status == 0)
        #expect(try hub.aiddesk(["plan", "set", "hygiene", "--everyone", "--per-person", "--cap", "2"]).status == 0)

        let two = try hub.aiddesk(["plan", "show", "--household", "2"])
        #expect(two.status == 0, "\(two.stderr)")
        let lines = two.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Сім'я 00002 (3 осіб) у видачі «Зимова видача»") == true)
        #expect(lines.contains("  Гігієнічний набір: належить 2 шт. (усі сім'ї)"))
        #expect(lines.contains("  Зимовий набір: не в плані (age>=60)"))
        #expect(lines.contains("  Кухонний набір: належить 1 шт."))

        let json = try hub.aiddesk(["plan", "show", "--household", "00004", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(jsonObject(json.stdout))
        #expect(object["household"] as? String == "00004")
        #expect(object["people"] as? Int == 2)
        let kits = try #require(object["kits"] as? [[String: Any]])
        #expect(kits.map { $0["kit"] as? String } == ["hygiene", "winterization", "kitchen"])
        #expect(kits.map { $0["planned"] as? Bool } == [true, true, false])
        #expect(kits.map { $0["entitled"] as? Bool } == [true, true, true])
        #expect(kits.map { $0["quantity"] as? Int } == [2, 1, 1])
        let notEntitled = try #require(jsonObject(try hub.aiddesk(["plan", "show", "--household", "00003", "--json"]).stdout))
        let winter = try #require((notEntitled["kits"] as? [[String: Any]])?[1])
        #expect(winter["entitled"] as? Bool == false)
        #expect(winter["quantity"] as? Int == 0)

        let unknown = try hub.aiddesk(["plan", "show", "--household", "99999"])
        #expect(unknown.status == 5)
    }

    @Test func cityAndRegionTakeTheHubsCityFromTheOptionTheEnvironmentOrTheRegister() throws {
        let hub = try planHub()
        defer { hub.remove() }
        // $AIDDESK_HUB_CITY names the city; Бар has 00002 and 00004.
        let fromEnvironment = try hub.aiddesk(["plan", "set", "hygiene", "--when", "city"],
                                              environment: ["AIDDESK_HUB_CITY": "Бар"])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(fromEnvironment.stdout.contains("Гігієнічний набір [hygiene]: city (місто: Бар); 1 на сім'ю"))
        #expect(fromEnvironment.stdout.contains("сімей: 2,"))
        let fromOption = try hub.aiddesk(["plan", "set", "hygiene", "--when", "region", "--hub-city", "Вінниця"],
                                         environment: ["AIDDESK_HUB_CITY": "Бар"])
        #expect(fromOption.stdout.contains("region (місто: Вінниця)"))
        let three = try #require(jsonObject(try hub.aiddesk(["plan", "show", "--household", "00003", "--json"]).stdout))
        #expect((three["kits"] as? [[String: Any]])?.first?["entitled"] as? Bool == false)
        let json = try #require(jsonObject(try hub.aiddesk(["plan", "show", "--json"]).stdout))
        let rule = (json["kits"] as? [[String: Any]])?.first?["plan"] as? [String: Any]
        #expect(rule?["hubCity"] as? String == "Вінниця")
        // A criterion without a place keeps no city.
        #expect(try hub.aiddesk(["plan", "set", "hygiene", "--when", "age>=60", "--hub-city", "Бар"]).stdout
            .contains("Гігієнічний набір [hygiene]: age>=60; 1 на сім'ю"))
    }

    @Test func aCriterionThatCannotBeReadIsShownWithACaret() throws {
        let hub = try planHub()
        defer { hub.remove() }
        let dangling = try hub.aiddesk(["plan", "set", "winterization", "--when", "age>=60 and"])
        #expect(dangling.status == 64)
        #expect(dangling.stdout.isEmpty)
        let lines = dangling.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "Тут потрібна умова (age, size, disability, city, region або дужки).")
        #expect(lines.contains("  age>=60 and"))
        #expect(lines.contains("  " + String(repeating: " ", count: 11) + "^"))
        let unknown = try hub.aiddesk(["--lang", "en", "plan", "set", "winterization", "--when", "age>=60 or pension"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Unknown word \"pension\".\n  age>=60 or pension\n             ^\n"))
        // Nothing was set.
        #expect(try hub.aiddesk(["plan", "show"]).stdout.contains(
            "Зимовий набір [winterization]: без плану (усі сім'ї, кількість за каталогом)"))
    }

    @Test func aListWithNumbersTheRegisterDoesNotHoldIsRefusedWithItsRows() throws {
        let hub = try planHub()
        defer { hub.remove() }
        let bad = try write("№ сім'ї;ПІБ\n00001;Петренко\n99999;Хтось\n\n4;Бондар\n12345;Ніхто\n", in: hub, as: "bad.csv")
        let refused = try hub.aiddesk(["plan", "set", "kitchen", "--list", bad])
        #expect(refused.status == 5)
        #expect(refused.stderr.contains("У списку 2 номерів, яких немає в реєстрі; план не змінено:"))
        #expect(refused.stderr.contains("рядок 3: 99999"))
        #expect(refused.stderr.contains("рядок 6: 12345"))
        #expect(!refused.stderr.contains("рядок 2"))
        #expect(try hub.aiddesk(["plan", "show"]).stdout.contains(
            "Кухонний набір [kitchen]: без плану (усі сім'ї, кількість за каталогом)"))

        let good = try write("00001\n4\n", in: hub, as: "good.txt")
        let set = try hub.aiddesk(["plan", "set", "kitchen", "--list", good])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("Кухонний набір [kitchen]: список (сімей: 2); 1 на сім'ю"))
        #expect(set.stdout.contains("сімей: 2, потрібно наборів: 2"))

        // As Excel saves it on a Ukrainian Windows: Windows-1251, semicolons, CRLF.
        let excel = try #require("Прізвище;№ сім'ї\r\nПетренко;00001\r\nКоваль;00002\r\n".data(using: .windowsCP1251))
        let excelPath = hub.folder.appendingPathComponent("excel.csv").path
        try excel.write(to: URL(fileURLWithPath: excelPath))
        let fromExcel = try hub.aiddesk(["plan", "set", "kitchen", "--list", excelPath])
        #expect(fromExcel.status == 0, "\(fromExcel.stderr)")
        #expect(fromExcel.stdout.contains("Кухонний набір [kitchen]: список (сімей: 2); 1 на сім'ю"))
        let second = try #require(jsonObject(try hub.aiddesk(["plan", "show", "--household", "00002", "--json"]).stdout))
        #expect((second["kits"] as? [[String: Any]])?.last?["entitled"] as? Bool == true)

        let noColumn = try write("ПІБ;Телефон\nПетренко;+380501112233\n", in: hub, as: "names.csv")
        let wrongFile = try hub.aiddesk(["plan", "set", "kitchen", "--list", noColumn])
        #expect(wrongFile.status == 64)
        #expect(wrongFile.stderr.contains("У файлі немає стовпця household"))
    }

    @Test func aChangeAfterTheKitIsOutNeedsAReason() throws {
        let hub = try planHub()
        defer { hub.remove() }
        #expect(try hub.aiddesk(["plan", "set", "winterization", "--when", "age>=60"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00001", "winterization"]).status == 0)
        let refused = try hub.aiddesk(["plan", "set", "winterization", "--everyone"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("Зимовий набір уже видано в цій видачі (1 шт.)"))
        #expect(refused.stderr.contains("--reason"))
        #expect(try hub.aiddesk(["plan", "show"]).stdout.contains("Зимовий набір [winterization]: age>=60; 1 на сім'ю"))
        let changed = try hub.aiddesk(["plan", "set", "winterization", "--everyone", "--reason", "донор дозволив"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("усі сім'ї; 1 на сім'ю"))
        #expect(changed.stdout.contains("— донор дозволив"))
    }

    @Test func anOffPlanKitIsRefusedWithTheReasonOnStderr() throws {
        let hub = try planHub()
        defer { hub.remove() }
        #expect(try hub.aiddesk(["plan", "set", "winterization", "--when", "age>=60"]).status == 0)
        let refused = try hub.aiddesk(["issue", "00003", "hygiene", "winterization"])
        #expect(refused.status == 3)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains(
            "Зимовий набір не в плані на сьогодні для цієї сім'ї (план: age>=60). Видати може лише координатор, із причиною."))
        // All or nothing: the hygiene kit was not given either.
        let after = try hub.aiddesk(["plan", "show", "--json"])
        let kits = try #require(jsonObject(after.stdout)?["kits"] as? [[String: Any]])
        #expect(kits.map { $0["issued"] as? Int } == [0, 0, 0])

        #expect(try hub.aiddesk(["plan", "set", "kitchen", "--list", try write("00001\n", in: hub, as: "l.txt")]).status == 0)
        let offList = try hub.aiddesk(["--lang", "en", "issue", "00002", "kitchen"])
        #expect(offList.status == 3)
        #expect(offList.stderr.contains("Kitchen set is not on today's plan: the family is not on the list."))
        // A family on the plan gets its kit as before.
        let given = try hub.aiddesk(["issue", "00004", "winterization", "--json"])
        #expect(given.status == 0, "\(given.stderr)")
    }

    @Test func overrideWithoutAReasonIsAUsageError() throws {
        let hub = try planHub()
        defer { hub.remove() }
        let noReason = try hub.aiddesk(["issue", "00003", "winterization", "--override"])
        #expect(noReason.status == 64)
        #expect(noReason.stderr.contains("--override needs --reason"))
        let blank = try hub.aiddesk(["issue", "00003", "winterization", "--override", "--reason", "  "])
        #expect(blank.status == 64)
        let reasonAlone = try hub.aiddesk(["issue", "00003", "winterization", "--reason", "бо так"])
        #expect(reasonAlone.status == 64)
        #expect(reasonAlone.stderr.contains("--reason goes with --override"))
    }
}

@Suite("aiddesk issue --override with operators", .serialized)
struct PlanOverrideCLITests {
    @Test func aCoordinatorOverridesWithAReasonAndAVolunteerCannot() throws {
        // Households 00003 and 00006 have two people; the others one.
        let signed = try SignedInScratchHub(households: 6)
        defer { signed.remove() }
        let volunteerSets = try signed.run(["plan", "set", "hygiene", "--when", "size>=2"], as: "Марія")
        #expect(volunteerSets.status == 8)
        let set = try signed.run(["plan", "set", "hygiene", "--when", "size>=2"], as: "Ганна")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("сімей: 2, потрібно наборів: 2"))

        let refused = try signed.run(["issue", "00001", "hygiene"], as: "Марія")
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("(план: size>=2)"))
        let volunteerOverride = try signed.run(["issue", "00001", "hygiene", "--override", "--reason", "просили"], as: "Марія")
        #expect(volunteerOverride.status == 8)
        #expect(!volunteerOverride.stderr.isEmpty)
        let coordinatorWithout = try signed.run(["issue", "00001", "hygiene"], as: "Ганна")
        #expect(coordinatorWithout.status == 3)

        let given = try signed.run(["issue", "00001", "hygiene", "--override", "--reason", "сім'я з немовлям"], as: "Ганна")
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stdout.contains("поза планом: сім'я з немовлям"))
        let entitled = try signed.run(["issue", "00003", "hygiene"], as: "Марія")
        #expect(entitled.status == 0, "\(entitled.stderr)")
        #expect(!entitled.stdout.contains("поза планом"))

        // What the database keeps: the reason with the issuance, and its own audit entry.
        let queue = try DatabaseQueue(path: signed.hub.databasePath)
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT h.number, i.overrideReason, i.operator FROM issuance i JOIN household h ON h.id = i.householdId
                ORDER BY i.id
                """)
        }
        #expect(rows.map { $0["number"] as String } == ["00001", "00003"])
        #expect(rows.map { $0["overrideReason"] as String? } == ["сім'я з немовлям", nil])
        #expect(rows.map { $0["operator"] as String } == ["Ганна", "Марія"])
        let audit = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT operator, detail FROM audit WHERE action = 'issue.override'")
        }
        #expect(audit.count == 1)
        #expect(audit.first?["operator"] as String? == "Ганна")
        #expect((audit.first?["detail"] as String?)?.hasSuffix("hygiene×1: сім'я з немовлям") == true)
    }
}
