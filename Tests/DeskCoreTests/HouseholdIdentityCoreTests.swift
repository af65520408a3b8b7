import DeskCore
import Foundation
import Testing

private typealias F = RegisterImportFixture

@Suite("Household identity: one number, one family (DeskCore)")
struct HouseholdNumberTests {
    @Test func digitsCompareWithoutLeadingZerosAndAnythingElseAsWritten() {
        #expect(HouseholdNumber.key("00417") == "417")
        #expect(HouseholdNumber.key("0417") == HouseholdNumber.key("417"))
        #expect(HouseholdNumber.key(" 417 ") == "417")
        #expect(HouseholdNumber.key("000") == "0")
        #expect(HouseholdNumber.key("0") == "0")
        #expect(HouseholdNumber.key("А-017") == "А-017")
        #expect(HouseholdNumber.key("417") != HouseholdNumber.key("4170"))
        #expect(HouseholdNumber.key("") == "")
    }

    @Test func oneFileThatWritesANumberTwoWaysIsOneHousehold() throws {
        let parsed = try F.parsed(F.lines([
            "household;surname;given_name;birth_date;head",
            "00417;Вигаденко;Олена;01.03.1981;так",
            "00418;Уявний;Ігор;02.02.1970;так",
            "417;Вигаденко;Марко;01.09.2012;",
            "0417;Вигаденко;Софія;03.03.2015;ні",
        ]))
        #expect(parsed.register.households.map(\.number) == ["00417", "00418"])
        #expect(parsed.register.households[0].members.map(\.givenName) == ["Олена", "Марко", "Софія"])
        #expect(parsed.respelledNumbers == [
            RespelledNumber(number: "00417", firstRow: 2, spelling: "417", row: 4),
            RespelledNumber(number: "00417", firstRow: 2, spelling: "0417", row: 5),
        ])
    }

    /// Read as one household, its rows are checked together: two heads or one person twice
    /// under two spellings are refused with both rows named.
    @Test func rowsOfOneHouseholdUnderTwoSpellingsAreCheckedTogether() throws {
        let heads = try F.problems(F.lines([
            "household;surname;given_name;head", "00417;Вигаденко;Олена;так", "417;Вигаденко;Марко;так",
        ]))
        #expect(heads.map(\.reason) == [.twoHeads])
        #expect(heads.first?.row == 3 && heads.first?.relatedRow == 2)

        let twice = try F.problems(F.lines([
            "household;surname;given_name;birth_date", "00417;Вигаденко;Олена;01.03.1981", "417;Вигаденко;Олена;01.03.1981",
        ]))
        #expect(twice.map(\.reason) == [.duplicatePerson])
        #expect(twice.first?.row == 3 && twice.first?.relatedRow == 2)
    }

    @Test func aFileThatMarksNoHeadSaysSo() throws {
        let parsed = try F.parsed(F.lines([
            "household;surname;given_name;head", "00417;Вигаденко;Олена;так", "00417;Вигаденко;Марко;",
            "418;Уявний;Ігор;ні", "418;Уявна;Ірина;",
        ]))
        #expect(parsed.headNotMarked == ["418"])
        let noColumn = try F.parsed(F.lines(["household;surname;given_name", "00417;Вигаденко;Олена"]))
        #expect(noColumn.headNotMarked == ["417"])
        // The register itself still lists a head first, as before.
        #expect(noColumn.register.households[0].members[0].isHead)
    }
}

@Suite("Register import: files that are not a CSV register, and KOI8-U")
struct RegisterFileKindTests {
    // KOI8-U has no №: the English header, the people in Ukrainian.
    static let register = F.lines([
        F.englishHeader,
        "00417;Коваленко;Олена;Петрівна;12.03.1981;ж;;;Вінниця;так;",
        "00417;Коваленко;Марко;Іванович;01.09.2012;ч;;;Вінниця;;",
        "00418;Бондар;Василь;Миколайович;05.05.1950;ч;;;Жмеринка;так;ні",
        "00418;Бондар;Ганна;Степанівна;17.10.1953;ж;;;Жмеринка;;",
        "00419;Шевчук;Галина;Олексіївна;20.06.1944;ж;;;Козятин;так;ІІ група",
        "00420;Їжак;Євгенія;Юріївна;07.07.1977;ж;;;Гнівань;так;",
        "00420;Їжак;Ґлиб;Ігорович;08.08.2008;ч;;;Гнівань;;",
    ])

    /// What the import reads from a KOI8-U file is the register, not `кОВАЛЕНКО`-like noise.
    @Test func aKOI8UFileReadsAsUkrainian() throws {
        let koi8 = try #require(KOI8U.encode(Self.register))
        #expect(RegisterEncoding.detect(koi8) == .koi8u)
        let parsed = try F.parsed(koi8)
        #expect(parsed.encoding == .koi8u)
        let utf8 = try F.parsed(Self.register)
        #expect(parsed.register == utf8.register)
        #expect(parsed.register.households[3].members.map(\.givenName) == ["Євгенія", "Ґлиб"])
    }

    /// Windows-1251 stays Windows-1251, for short files and single words as for whole registers.
    @Test func windows1251IsNotMistakenForKOI8U() throws {
        let cp1251 = try #require(Windows1251.encode(Self.register))
        #expect(RegisterEncoding.detect(cp1251) == .windows1251)
        #expect(try F.parsed(cp1251).register == F.parsed(Self.register).register)
        for word in ["Коваленко", "ОЛЕНА", "Їжак", "Шевчук Галина", "Прізвище;Ім'я;По батькові", "Вінниця"] {
            #expect(RegisterEncoding.detect(Windows1251.encode(word)!) == .windows1251, "\(word)")
            #expect(RegisterEncoding.detect(KOI8U.encode(word)!) == .koi8u, "\(word)")
        }
    }

    @Test func theKOI8UTableDecodesEveryByteToItself() {
        let all = Data((0...255).map { UInt8($0) })
        #expect(KOI8U.encode(KOI8U.decode(all)) == all)
        #expect(KOI8U.decode(Data([0xEB, 0xCF, 0xD7, 0xC1, 0xCC, 0xC5, 0xCE, 0xCB, 0xCF])) == "Коваленко")
        #expect(KOI8U.decode(Data([0xA4, 0xA6, 0xA7, 0xAD, 0xB4, 0xB6, 0xB7, 0xBD])) == "єіїґЄІЇҐ")
    }

    /// A workbook given to the CSV reader (a zip, `.xlsx`, or an OLE file, `.xls`) is refused as
    /// such, not read as text whose bytes end up in the error message; the message says which
    /// workbooks the import reads. (The import command sends `.xlsx` to the workbook reader.)
    @Test func aWorkbookIsNotReadAsCSV() throws {
        var xlsx = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
        xlsx.append(Data("[Content_Types].xml".utf8))
        xlsx.append(Data((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        let xls = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 500))
        for data in [xlsx, xls] {
            let problems = try F.problems(data)
            #expect(problems.map(\.reason) == [.spreadsheetWorkbook])
            #expect(problems.allSatisfy { $0.value.isEmpty && $0.isFileLevel })
            #expect(problems[0].message(uk: true).contains(".xlsx"))
            #expect(problems[0].message(uk: true).contains("паролем"))
            #expect(problems[0].message(uk: false).contains("save an old .xls"))
        }
    }
}

private func p(_ surname: String, _ given: String, _ birth: String?, _ sex: Sex? = nil, cert: String? = nil,
              patronymic: String = "") -> Person {
    Person(surname: surname, givenName: given, patronymic: patronymic, birthDate: birth.flatMap(CivilDate.init(parsing:)),
           sex: sex, idpCertificate: cert)
}

@Suite("Member matching: a corrected row updates the person")
struct MemberMatchingTests {
    static let stored = [
        p("Коваленко", "Олена", "1981-03-12", .female, patronymic: "Петрівна"),
        p("Коваленко", "Марко", "2012-09-01", .male, patronymic: "Іванович"),
    ]

    @Test func aCorrectedNameAndBirthDateIsTheSamePerson() {
        let filed = [
            p("Коваленко", "Олена", "1981-03-12", .female, patronymic: "Петрівна"),
            p("Коваленко", "Марк", "2013-09-01", .male, patronymic: "Іванович"),
        ]
        #expect(MemberMatching.match(filed: filed, stored: Self.stored) == [0, 1])
        // Rows in another order match all the same.
        #expect(MemberMatching.match(filed: filed.reversed(), stored: Self.stored) == [1, 0])
    }

    @Test func eachKindOfEvidenceMatches() {
        // The certificate, whatever else was corrected.
        let stored = [p("Вигаденко", "Олена", "1981-03-12", .female, cert: "0000-1111111111")]
        #expect(MemberMatching.match(filed: [p("Вигаденко", "Алена", "1980-01-01", .female, cert: "00001111111111")], stored: stored) == [0])
        // The same name, the birth date corrected by years.
        #expect(MemberMatching.match(filed: [p("Вигаденко", "Олена", "1971-03-12")], stored: stored) == [0])
        // A new surname (marriage), the given name and birth date the same.
        #expect(MemberMatching.match(filed: [p("Уявна", "Олена", "1981-03-12")], stored: stored) == [0])
    }

    @Test func weakEvidenceNeverGuessesBetweenTwoPeople() {
        // Two stored children both close to the corrected row: a new person, not a guess.
        let stored = [p("Вигаденко", "Марко", "2012-01-01", .male), p("Вигаденко", "Марк", "2013-01-01", .male)]
        #expect(MemberMatching.match(filed: [p("Вигаденко", "Марка", "2012-06-01", .male)], stored: stored) == [nil])
        // A different sex, a name far off or years apart: a different person.
        let one = [p("Вигаденко", "Марко", "2012-01-01", .male)]
        #expect(MemberMatching.match(filed: [p("Вигаденко", "Марта", "2012-01-01", .female)], stored: one) == [nil])
        #expect(MemberMatching.match(filed: [p("Вигаденко", "Остап", "2012-01-01", .male)], stored: one) == [nil])
        #expect(MemberMatching.match(filed: [p("Вигаденко", "Марк", "2020-01-01", .male)], stored: one) == [nil])
        // A certificate copied onto every member's row identifies nobody.
        let shared = [p("Вигаденко", "Олена", "1981-03-12", cert: "1234-5678901234"), p("Вигаденко", "Ігор", "1979-01-01", cert: "1234-5678901234")]
        let filed = [p("Вигаденко", "Ігор", "1979-01-01", cert: "1234-5678901234"), p("Вигаденко", "Олена", "1981-03-12", cert: "1234-5678901234")]
        #expect(MemberMatching.match(filed: filed, stored: shared) == [1, 0])
        // A certificate pasted onto another person's row does not rename them.
        #expect(MemberMatching.match(filed: [p("Уявний", "Ігор", "1990-05-05", cert: "0000-1111111111")],
                                     stored: [p("Вигаденко", "Олена", "1981-03-12", cert: "0000-1111111111")]) == [nil])
    }

    @Test func anExactMatchIsNeverTakenByAWeakerOne() {
        // Марк (new) and Марко (stored, still in the file): Марко matches Марко; Марк is new.
        let filed = [p("Коваленко", "Марк", "2013-09-01", .male), p("Коваленко", "Марко", "2012-09-01", .male)]
        let stored = [p("Коваленко", "Марко", "2012-09-01", .male)]
        #expect(MemberMatching.match(filed: filed, stored: stored) == [nil, 0])
    }
}
