import DeskCore
import Foundation
import Testing

private typealias F = RegisterImportFixture

/// The register's optional disability column: its headers, its values, a bad value, its absence,
/// the writer, the priority it gives and the demo's marks.
@Suite("RegisterImport: disability column")
struct RegisterDisabilityTests {
    /// A one-household register: the head with `value` under `header`, a second member with an empty cell.
    static func parse(header: String, value: String) -> Result<ParsedRegister, RegisterImportFailure> {
        F.parse(F.lines([
            "№ сім'ї;Прізвище;Ім'я;\(header)", "1;Вигаденко;Олена;\(value)", "1;Вигаденко;Ігор;",
        ]))
    }

    @Test(arguments: [
        "Інвалідність", "інвалідність", "ІНВАЛІДНІСТЬ", "  Інвалідність ", "Особа з інвалідністю", "особа  з  ІНВАЛІДНІСТЮ",
        "Особа_з_інвалідністю", "Інвалідність (так/ні)", "інвалідність так/ні", "ІНВАЛІДНІСТЬ (ТАК / НІ)",
        "Група інвалідності", "Інвалідність (група)", "З інвалідністю", "ОзІ", "Disability", "DISABILITY", "disability ",
        "has_disability", "Has Disability", "person_with_disability", "disability_group",
    ])
    func headerSpellings(header: String) throws {
        let parsed = try F.parsed(F.lines(["№ сім'ї;Прізвище;Ім'я;\(header)", "1;Вигаденко;Олена;так"]))
        #expect(parsed.columns[.disability] != nil)
        #expect(parsed.ignoredColumns.isEmpty)
        #expect(F.onlyPerson(parsed)?.hasDisability == true)
        #expect(RegisterColumn(header: header) == .disability)
    }

    @Test(arguments: [
        "так", "Так", "ТАК", "т", "+", "1", "є", "Є", "x", "X", "х", "Х", "yes", "Yes", "YES", "y", "✓", "true",
        "І група", "I група", "і група", "1 група", "2 група", "3 група", "ІІ група", "II група", "ІІІ група", "III група",
        "III гр.", "ІІІ гр", "ІІ гр.", "2 гр.", "2гр", "група 2", "група ІІ", "Група I", "гр. 3", "І А група", "1а гр.",
        "І Б гр.", "інв. 2 гр.", "інвалідність ІІ групи", "ІІ", "ІІІ", "І", "II", "group 2", "Group II",
        "інвалідність", "Особа з інвалідністю", "дитина з інвалідністю",
    ])
    func yesAndGroups(value: String) throws {
        let parsed = try Self.parse(header: "Інвалідність", value: value).get()
        let members = try #require(parsed.register.households.first?.members)
        #expect(members.map(\.hasDisability) == [true, false], "\(value)")
    }

    @Test(arguments: ["", " ", "ні", "Ні", "НІ", "н", "0", "no", "No", "NO", "n", "-", "—", "немає", "нема", "false"])
    func noAndEmpty(value: String) throws {
        let parsed = try Self.parse(header: "Особа з інвалідністю", value: value).get()
        let members = try #require(parsed.register.households.first?.members)
        #expect(members.map(\.hasDisability) == [false, false], "\(value)")
    }

    @Test(arguments: [
        "можливо", "2", "3", "4 група", "V група", "IV група", "0 група", "група", "гр.", "ІІ А група", "так?", "інв",
        "Так, ІІ група", "ні ні", "yes please",
    ])
    func anythingElseIsABadRow(value: String) throws {
        let text = F.lines(["№ сім'ї;Прізвище;Ім'я;Інвалідність (так/ні)", "1;Вигаденко;Олена;\(value)"])
        let problems = try F.problems(text)
        #expect(problems == [RegisterProblem(row: 2, column: "Інвалідність (так/ні)", value: value, reason: .badDisability)])
    }

    @Test func aBadValueIsListedWithRowColumnAndValueLikeTheOthers() throws {
        let text = F.lines([
            "№ сім'ї;Прізвище;Ім'я;Стать;Інвалідність;Телефон",
            "1;Вигаденко;Олена;ж;ІІ група;0501234567",
            "1;Вигаденко;Ігор;x;можливо;123",
            "2;Уявна;Марʼяна;ж;IV група;",
        ])
        let problems = try F.problems(text)
        #expect(problems == [
            RegisterProblem(row: 3, column: "Стать", value: "x", reason: .badSex),
            RegisterProblem(row: 3, column: "Інвалідність", value: "можливо", reason: .badDisability),
            RegisterProblem(row: 3, column: "Телефон", value: "123", reason: .badPhone),
            RegisterProblem(row: 4, column: "Інвалідність", value: "IV група", reason: .badDisability),
        ])
        #expect(problems[1].message(uk: true)
            == "рядок 3, Інвалідність, «можливо»: позначку інвалідності не розпізнано (потрібно так, ні або група: І, ІІ, ІІІ група)")
        #expect(problems[3].message(uk: false).hasSuffix("disability mark not recognised (expected yes, no or a group: group I, II, III)"))
        #expect(!RegisterProblem.Reason.badDisability.isFileLevel)
    }

    @Test func withoutTheColumnTheRegisterDoesNotSay() throws {
        let parsed = try F.parsed(F.lines(["№ сім'ї;Прізвище;Ім'я;Голова", "1;Вигаденко;Олена;так", "1;Вигаденко;Ігор;"]))
        #expect(parsed.columns[.disability] == nil)
        #expect(parsed.register.households[0].members.map(\.hasDisability) == [nil, nil])
        // With the column, an empty cell is a no: the register said so.
        let with = try F.parsed(F.lines([F.ukrainianHeader] + F.sampleRows))
        #expect(with.register.households.flatMap(\.members).map(\.hasDisability) == [true, false, false])
        // A short row (no cell at all under the column) is a no too.
        let short = try F.parsed(F.lines(["№ сім'ї;Прізвище;Ім'я;Інвалідність", "1;Вигаденко;Олена"]))
        #expect(F.onlyPerson(short)?.hasDisability == false)
    }

    @Test func aRowWithOnlyADisabilityMarkIsNotBlank() throws {
        let problems = try F.problems(F.lines(["№ сім'ї;Прізвище;Ім'я;Інвалідність", "1;Вигаденко;Олена;", ";;;так"]))
        #expect(problems.map(\.reason) == [.emptyRequired, .emptyRequired, .emptyRequired])
        #expect(problems.allSatisfy { $0.row == 3 })
    }

    // MARK: The writer

    static let register = Register(households: [
        Household(number: "00001", settlement: "Бар", members: [
            Person(surname: "Вигаденко", givenName: "Олена", patronymic: "Петрівна", birthDate: CivilDate(parsing: "1957-03-01"),
                   sex: .female, phone: "+380501234567", idpCertificate: "0512-0000000001", isHead: true, hasDisability: true),
            Person(surname: "Вигаденко", givenName: "Ігор", birthDate: CivilDate(parsing: "2015-05-05"), sex: .male,
                   hasDisability: false),
        ]),
        Household(number: "00002", settlement: "Вінниця", members: [
            Person(surname: "Уявна", givenName: "Марʼяна", isHead: true, hasDisability: false),
        ]),
    ])

    @Test func theWriterPutsTheColumnLastWithContactsOnly() throws {
        for flavour in [RegisterWriter.Flavour.utf8, .excel1251] {
            let data = try #require(RegisterWriter.csv(Self.register, flavour: flavour, withContacts: true))
            let text = flavour == .utf8 ? String(decoding: data.dropFirst(3), as: UTF8.self) : Windows1251.decode(data)
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines[0].hasSuffix("Населений пункт\(flavour == .utf8 ? "," : ";")Голова\(flavour == .utf8 ? "," : ";")Інвалідність"))
            #expect(lines[1].hasSuffix("так\(flavour == .utf8 ? "," : ";")так"))
            #expect(lines[2].hasSuffix("Бар\(flavour == .utf8 ? ",," : ";;")"))
            // Read back as written: the marks, and the no's.
            let parsed = try F.parsed(data)
            #expect(parsed.register == Self.register)
            #expect(parsed.columns[.disability] == "Інвалідність")
        }
        // Without contacts: no column (health data), and a file that says nothing.
        let bare = try #require(RegisterWriter.csv(Self.register, flavour: .utf8, withContacts: false))
        #expect(!String(decoding: bare, as: UTF8.self).contains("Інвалідність"))
        #expect(try F.parsed(bare).register.households.flatMap(\.members).allSatisfy { $0.hasDisability == nil })
    }

    @Test func aPersonTheRegisterSaidNothingAboutIsWrittenEmpty() throws {
        var register = Self.register
        register.households[0].members[0].hasDisability = nil
        let data = try #require(RegisterWriter.csv(register, flavour: .utf8, withContacts: true))
        let lines = String(decoding: data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[1].hasSuffix(",так,"))
    }

    // MARK: Priority

    @Test func aMarkedMemberMakesTheFamilyAPriorityCase() {
        let today = CivilDate(parsing: "2026-11-25")!
        let marked = Person(surname: "А", givenName: "Б", birthDate: CivilDate(parsing: "1990-01-01"), hasDisability: true)
        let old = Person(surname: "А", givenName: "В", birthDate: CivilDate(parsing: "1950-01-01"), hasDisability: false)
        let baby = Person(surname: "А", givenName: "Г", birthDate: CivilDate(parsing: "2025-01-01"))
        #expect(PriorityReason.reasons(for: [marked], on: today) == [.disability])
        #expect(PriorityReason.reasons(for: [baby, marked, old], on: today) == [.over60, .under5, .disability])
        #expect(PriorityReason.reasons(for: [old], on: today) == [.over60])
        // Not said is not a yes.
        #expect(PriorityReason.reasons(for: [Person(surname: "А", givenName: "Д", hasDisability: nil)], on: today).isEmpty)
        #expect(PriorityReason.disability.rawValue == "disability")
    }
}

@Suite("Demo register: disability marks")
struct DemoDisabilityTests {
    @Test func aFewPercentMarkedMoreOftenWithAge() throws {
        for seed: UInt64 in [DemoRegisterTests.seed, 1, 99] {
            let people = try DemoRegisterTests.demo(seed: seed).households.flatMap(\.members)
            #expect(people.allSatisfy { $0.hasDisability != nil }, "the demo register has the column")
            let marked = people.filter { $0.hasDisability == true }
            let share = Double(marked.count) / Double(people.count)
            #expect((0.03...0.08).contains(share), "seed \(seed): \(share)")
            func shareOf(_ ages: ClosedRange<Int>) -> Double {
                let band = people.filter { ages.contains(DemoRegisterTests.age($0)) }
                return Double(band.filter { $0.hasDisability == true }.count) / Double(max(1, band.count))
            }
            #expect(shareOf(0...17) < shareOf(60...120), "seed \(seed)")
            #expect(shareOf(75...120) > 0.08, "seed \(seed)")
        }
    }

    /// The marks have a stream of their own: the default demo's marked people are pinned here,
    /// and everything else the demo holds is pinned, unchanged by the marks, in `theDemoRegisterIsPinned`.
    @Test func theDefaultDemosMarksArePinned() throws {
        let register = try DemoRegisterTests.demo()
        let people = register.households.flatMap(\.members)
        #expect(people.filter { $0.hasDisability == true }.count == 89)
        let families = register.households.filter { $0.members.contains { $0.hasDisability == true } }
        #expect(families.count == 87)
        #expect(try DemoRegisterTests.demo() == register)
    }
}
