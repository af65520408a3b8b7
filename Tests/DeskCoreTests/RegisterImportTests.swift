import DeskCore
import Foundation
import Testing

private typealias F = RegisterImportFixture

// MARK: - Windows-1251

@Suite("RegisterImport: Windows-1251")
struct RegisterImportWindows1251Tests {
    static let ukrainianUpper = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
    static let ukrainianLower = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"

    @Test func alphabetHas33LettersEachWay() {
        #expect(Self.ukrainianUpper.count == 33)
        #expect(Self.ukrainianLower.count == 33)
        #expect(Self.ukrainianUpper.lowercased() == Self.ukrainianLower)
    }

    @Test func everyUkrainianLetterAndNumeroSignRoundTrips() throws {
        let text = Self.ukrainianUpper + Self.ukrainianLower + "№"
        let encoded = try #require(Windows1251.encode(text))
        #expect(encoded.count == text.count, "one byte per character")
        #expect(Windows1251.decode(encoded) == text)
        for character in text {
            let bytes = try #require(Windows1251.encode(String(character)), "\(character)")
            #expect(bytes.count == 1, "\(character)")
            #expect(Windows1251.decode(bytes) == String(character))
        }
    }

    @Test func handWrittenBytesProveTheTable() {
        // "Ґрищенко" typed byte by byte from the Windows-1251 chart.
        #expect(Windows1251.decode(Data([0xA5, 0xF0, 0xE8, 0xF9, 0xE5, 0xED, 0xEA, 0xEE])) == "Ґрищенко")
        // "Олена"
        #expect(Windows1251.decode(Data([0xCE, 0xEB, 0xE5, 0xED, 0xE0])) == "Олена")
        let expected: [UInt8: String] = [
            0xA5: "Ґ", 0xB4: "ґ", 0xAA: "Є", 0xBA: "є", 0xB2: "І", 0xB3: "і", 0xAF: "Ї", 0xBF: "ї",
            0xAB: "«", 0xBB: "»", 0xB9: "№", 0x92: "’", 0x91: "‘", 0x96: "–", 0x97: "—", 0x85: "…",
            0xA0: "\u{00A0}", 0x88: "€", 0xC0: "А", 0xDF: "Я", 0xE0: "а", 0xFF: "я", 0xA8: "Ё", 0xB8: "ё",
        ]
        for (byte, text) in expected {
            #expect(Windows1251.decode(Data([byte])) == text, "byte \(String(byte, radix: 16))")
            #expect(Windows1251.encode(text) == Data([byte]), "\(text)")
        }
    }

    @Test func everyByteDecodesToOneCharacterAndBack() throws {
        let all = Data((0...255).map { UInt8($0) })
        let text = Windows1251.decode(all)
        #expect(text.unicodeScalars.count == 256)
        #expect(Set(text.unicodeScalars).count == 256, "no two bytes share a character")
        #expect(try #require(Windows1251.encode(text)) == all)
    }

    @Test func charactersWithoutACP1251FormGiveNil() {
        #expect(Windows1251.encode("Zoë") == nil)
        #expect(Windows1251.encode("Олена 🙂") == nil)
        #expect(Windows1251.encode("ą") == nil)
        #expect(Windows1251.canEncode("Олена") && !Windows1251.canEncode("ę"))
    }

    @Test func modifierApostropheIsWrittenAsRightQuote() {
        // The import writes ʼ into names; Excel in Ukrainian writes ’; a re-import reads ’ as ʼ.
        #expect(Windows1251.encode("Марʼяна") == Windows1251.encode("Мар’яна"))
        #expect(Windows1251.encode("ʼ") == Data([0x92]))
    }
}

// MARK: - Encodings

@Suite("RegisterImport: encoding detection")
struct RegisterImportEncodingTests {
    @Test func plainUTF8() throws {
        let parsed = try F.parsed(F.lines([F.ukrainianHeader] + F.sampleRows))
        #expect(parsed.encoding == .utf8)
        #expect(parsed.register.households.map(\.number) == ["0012", "7"])
        #expect(parsed.register.households[0].members[0].fullName == "Вигаденко Олена Петрівна")
    }

    @Test func utf8WithBOMDoesNotSpoilTheFirstHeader() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(F.lines([F.ukrainianHeader] + F.sampleRows).utf8)
        #expect(RegisterEncoding.detect(data) == .utf8BOM)
        let parsed = try F.parsed(data)
        #expect(parsed.encoding == .utf8BOM)
        #expect(parsed.columns[.household] == "№ сім'ї")
        #expect(parsed.ignoredColumns.isEmpty)
        #expect(parsed.rowCount == 3)
    }

    @Test func windows1251FromOurEncoder() throws {
        let text = F.lines([F.ukrainianHeader] + F.sampleRows + ["8;Ґудзенко-Їжак;Євгенія;Ігорівна;;ж;;;«Щасливе»;"], ending: "\r\n")
        let data = try #require(Windows1251.encode(text))
        #expect(RegisterEncoding.detect(data) == .windows1251)
        let parsed = try F.parsed(data)
        #expect(parsed.encoding == .windows1251)
        let fromUTF8 = try F.parsed(text)
        #expect(parsed.register == fromUTF8.register)
        let last = try #require(parsed.register.households.last)
        #expect(last.members[0].fullName == "Ґудзенко-Їжак Євгенія Ігорівна")
        #expect(last.settlement == "«Щасливе»")
        #expect(parsed.register.households[1].members[0].givenName == "Марʼяна")
    }

    @Test func windows1251HandWrittenBytes() throws {
        // household,surname,given_name \n 1,Ґрищенко,Олена   — the Cyrillic bytes typed by hand.
        var data = Data("household,surname,given_name\r\n1,".utf8)
        data += Data([0xA5, 0xF0, 0xE8, 0xF9, 0xE5, 0xED, 0xEA, 0xEE])
        data += Data(",".utf8)
        data += Data([0xCE, 0xEB, 0xE5, 0xED, 0xE0])
        data += Data("\r\n".utf8)
        let parsed = try F.parsed(data)
        #expect(parsed.encoding == .windows1251)
        #expect(parsed.delimiter == .comma)
        let person = try #require(F.onlyPerson(parsed))
        #expect(person.surname == "Ґрищенко")
        #expect(person.givenName == "Олена")
    }

    @Test func windows1251UkrainianHeaderHandWritten() throws {
        // "Прізвище" in CP1251, with і = 0xB3.
        let surnameHeader = Data([0xCF, 0xF0, 0xB3, 0xE7, 0xE2, 0xE8, 0xF9, 0xE5])
        var data = Data("household;".utf8) + surnameHeader + Data(";given_name\n5;".utf8)
        data += try #require(Windows1251.encode("Їжачук;Ірина\n"))
        let parsed = try F.parsed(data)
        #expect(parsed.columns[.surname] == "Прізвище")
        #expect(F.onlyPerson(parsed)?.surname == "Їжачук")
    }

    @Test func decodeHelperReportsEncoding() {
        let ascii = RegisterEncoding.decode(Data("a;b".utf8))
        #expect(ascii.text == "a;b" && ascii.encoding == .utf8)
        let bom = RegisterEncoding.decode(Data([0xEF, 0xBB, 0xBF, 0x41]))
        #expect(bom.text == "A" && bom.encoding == .utf8BOM)
        let cp = RegisterEncoding.decode(Data([0xB9, 0x20, 0xF1, 0xB3, 0xEC, 0x92, 0xBF]))
        #expect(cp.text == "№ сім’ї" && cp.encoding == .windows1251)
    }

    @Test func utf16IsRefusedWithAClearReason() throws {
        var data = Data([0xFF, 0xFE])
        for unit in "household\tsurname\tgiven_name\n".utf16 { data += Data([UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        let problems = try F.problems(data)
        #expect(problems.map(\.reason) == [.unsupportedEncoding])
    }
}

// MARK: - Delimiters, quoting, lines

@Suite("RegisterImport: CSV structure")
struct RegisterImportCSVTests {
    static let rows = [
        ["household", "surname", "given_name", "phone"],
        ["1", "Вигаденко", "Олена", "0501234567"],
        ["1", "Вигаденко", "Ігор", ""],
    ]

    @Test(arguments: [(RegisterDelimiter.comma, ","), (.semicolon, ";"), (.tab, "\t")])
    func eachDelimiter(delimiter: RegisterDelimiter, separator: String) throws {
        let text = F.lines(Self.rows.map { $0.joined(separator: separator) })
        #expect(RegisterDelimiter.detect(in: text) == delimiter)
        let parsed = try F.parsed(text)
        #expect(parsed.delimiter == delimiter)
        #expect(parsed.rowCount == 2)
        let household = try #require(parsed.register.households.first)
        #expect(household.members.map(\.givenName) == ["Олена", "Ігор"])
        #expect(household.members[0].phone == "+380501234567")
    }

    @Test func delimiterCountsOnlyOutsideQuotes() {
        #expect(RegisterDelimiter.detect(in: "\"a;b;c;d\",x,y\n1;2;3;4;5") == .comma)
        #expect(RegisterDelimiter.detect(in: "\"a,b,c,d\";x;y") == .semicolon)
        #expect(RegisterDelimiter.detect(in: "\n\nhousehold\tsurname,x\tgiven_name") == .tab)
        #expect(RegisterDelimiter.detect(in: ",,,,,\r\n;;\r\nhousehold;surname;given_name") == .semicolon)
        #expect(RegisterDelimiter.detect(in: "household") == .semicolon)
    }

    @Test func quotedFields() throws {
        let text = F.lines([
            "household,surname,given_name,settlement,idp_certificate",
            "1,Вигаденко,Олена,\"Київ, Оболонь\",\"ВПО \"\"12\"\"\"",
            "\"2\",\"Уявна\",\"Анна\nМарія\",\"с. Ясне\r\nвул. Тиха\",",
            "3,Несправжній,Ігор,,",
        ])
        let parsed = try F.parsed(text)
        let households = parsed.register.households
        #expect(households.count == 3)
        #expect(households[0].settlement == "Київ, Оболонь")
        #expect(households[0].members[0].idpCertificate == "ВПО \"12\"")
        // A line break inside a quoted name or settlement becomes a space.
        #expect(households[1].members[0].givenName == "Анна Марія")
        #expect(households[1].settlement == "с. Ясне вул. Тиха")
        #expect(households[2].members[0].idpCertificate == nil)
    }

    @Test func rowNumbersCountAQuotedMultiLineRowOnce() throws {
        let text = F.lines([
            "household;surname;given_name;settlement",
            "1;Вигаденко;Олена;\"рядок\nдругий\nтретій\"",
            "2;;Ігор;",
        ])
        let problems = try F.problems(text)
        #expect(problems.count == 1)
        #expect(problems.first?.row == 3)
        #expect(problems.first?.column == "surname")
        #expect(problems.first?.reason == .emptyRequired)
    }

    @Test(arguments: ["\r\n", "\n", "\r"])
    func lineEndings(ending: String) throws {
        let text = F.lines([F.ukrainianHeader] + F.sampleRows, ending: ending)
        let parsed = try F.parsed(text)
        #expect(parsed.rowCount == 3)
        #expect(parsed.register.households[0].members.map(\.givenName) == ["Олена", "Максим"])
        #expect(parsed.register.households[0].members[1].birthDate == CivilDate(year: 1985, month: 11, day: 2))
    }

    @Test func noFinalLineEnding() throws {
        let parsed = try F.parsed("household;surname;given_name\n1;Вигаденко;Олена")
        #expect(F.onlyPerson(parsed)?.givenName == "Олена")
    }

    @Test func blankLinesAndEmptyExcelRowsAreSkippedButCounted() throws {
        let text = F.lines([
            "", "household;surname;given_name;;", "1;Вигаденко;Олена;;", "", ";;;;", " ; ; ;;",
            "2;Уявний;;;",
        ])
        let problems = try F.problems(text)
        // Header on row 2, data rows 3 and 7 (rows 4, 5, 6 blank).
        #expect(problems.map(\.row) == [7])
        #expect(problems.first?.column == "given_name")

        let ok = try F.parsed(text.replacingOccurrences(of: "2;Уявний;;;", with: "2;Уявний;Ігор;;"))
        #expect(ok.rowCount == 2)
        #expect(ok.ignoredColumns.isEmpty, "trailing empty header cells are not columns")
    }

    @Test func trailingEmptyColumnsAndShortRows() throws {
        // Excel pads with empty cells; some exports drop trailing empty cells. Both are fine.
        let text = F.lines([
            "household;surname;given_name;phone;settlement;;;", "1;Вигаденко;Олена;;Обухів;;;", "1;Вигаденко;Ігор",
        ])
        let parsed = try F.parsed(text)
        #expect(parsed.register.households[0].members.map(\.givenName) == ["Олена", "Ігор"])
        #expect(parsed.register.households[0].settlement == "Обухів")
    }

    @Test func valueBeyondTheLastColumnIsAnError() throws {
        let text = F.lines([
            "household;surname;given_name;settlement;", "1;Вигаденко;Олена;Київ;", "2;Уявна;Анна;Київ; вул. Тиха;",
        ])
        let problems = try F.problems(text)
        #expect(problems == [RegisterProblem(row: 3, column: "#5", value: "вул. Тиха", reason: .extraCells)])
    }

    @Test func unterminatedQuoteIsReportedAtItsRow() throws {
        let text = F.lines([
            "household;surname;given_name;settlement", "1;Вигаденко;;Київ", "2;Уявна;Анна;\"Київ",
            "3;Несправжній;Ігор;Бровари",
        ])
        let problems = try F.problems(text)
        #expect(problems.map(\.row) == [2, 3])
        #expect(problems.map(\.reason) == [.emptyRequired, .unterminatedQuote])
        let quote = try #require(problems.last)
        #expect(quote.column == "settlement")
        #expect(quote.value.hasPrefix("\"Київ 3;Несправжній"))
        #expect(!quote.isFileLevel, "listed with the row problems")
    }

    @Test func emptyFiles() throws {
        #expect(try F.problems(Data()).map(\.reason) == [.emptyFile])
        #expect(try F.problems("\r\n\n  \n;;;\n").map(\.reason) == [.emptyFile])
        #expect(try F.problems(Data([0xEF, 0xBB, 0xBF])).map(\.reason) == [.emptyFile])
        #expect(try F.problems("household;surname;given_name\n\n;;\n").map(\.reason) == [.noDataRows])
    }
}

// MARK: - Headers

@Suite("RegisterImport: headers")
struct RegisterImportHeaderTests {
    @Test func englishHeader() throws {
        let parsed = try F.parsed(F.lines([F.englishHeader] + F.sampleRows))
        #expect(parsed.register == (try F.parsed(F.lines([F.ukrainianHeader] + F.sampleRows))).register)
        #expect(parsed.columns.count == RegisterColumn.allCases.count)
    }

    @Test(arguments: [
        "№ сім'ї", "№ сім’ї", "№ сімʼї", "№ сім`ї", "№ сімї", "№сім'ї", "  № СІМ'Ї  ", "номер сім'ї",
        "Номер сімʼї", "№ родини", "household", "HOUSEHOLD", "Household_Number", "household number",
    ])
    func householdHeaderVariants(header: String) throws {
        let parsed = try F.parsed(F.lines(["\(header);Прізвище;Ім'я", "01;Вигаденко;Олена"]))
        #expect(parsed.register.households.first?.number == "01")
        #expect(parsed.columns[.household] == header.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: ["Ім'я", "Ім’я", "Імʼя", "Ім`я", "Імя", "ІМ'Я", "ім'я", "given_name", "Given Name", "first_name"])
    func givenNameHeaderVariants(header: String) throws {
        let parsed = try F.parsed(F.lines(["№ сім'ї;Прізвище;\(header)", "1;Вигаденко;Олена"]))
        #expect(F.onlyPerson(parsed)?.givenName == "Олена")
    }

    @Test func everyColumnInUkrainianMixedCaseAndReordered() throws {
        let header = "населений ПУНКТ;ГОЛОВА;Телефон;стать;ДАТА НАРОДЖЕННЯ;по батькові;Ім’я;прізвище;Номер довідки впо;№ СІМ`Ї"
        let row = "Бориспіль;+;050-123-45-67;Ж;02.01.1990;Петрівна;Олена;Вигаденко;1234-5678901234;0042"
        let parsed = try F.parsed(F.lines([header, row]))
        let household = try #require(parsed.register.households.first)
        #expect(household.number == "0042")
        #expect(household.settlement == "Бориспіль")
        let person = household.members[0]
        #expect(
            person
                == Person(
                    surname: "Вигаденко", givenName: "Олена", patronymic: "Петрівна",
                    birthDate: CivilDate(year: 1990, month: 1, day: 2), sex: .female, phone: "+380501234567",
                    idpCertificate: "1234-5678901234", isHead: true))
        #expect(parsed.ignoredColumns.isEmpty)
    }

    @Test func unknownColumnsAreIgnoredAndListed() throws {
        let text = F.lines([
            "Примітка;household;surname;;given_name;Email", "щось;1;Вигаденко;x;Олена;a@b.c",
        ])
        let parsed = try F.parsed(text)
        #expect(parsed.ignoredColumns == ["Примітка", "#4", "Email"])
        #expect(F.onlyPerson(parsed)?.givenName == "Олена")
    }

    @Test func missingRequiredColumnsAreAllListed() throws {
        let problems = try F.problems(F.lines(["Прізвище;Телефон;Стать", "Вигаденко;0501234567;ж"]))
        #expect(problems.map(\.reason) == [.missingColumn, .missingColumn])
        #expect(problems.map(\.row) == [1, 1])
        #expect(problems[0].column.contains("household") && problems[0].column.contains("№ сімʼї"))
        #expect(problems[1].column.contains("given_name"))
        #expect(problems[0].isFileLevel)
    }

    @Test func duplicateColumn() throws {
        let problems = try F.problems(F.lines(["household;surname;given_name;Телефон;phone", "1;А;Б;;"]))
        #expect(problems == [RegisterProblem(row: 1, column: "phone", value: "Телефон", reason: .duplicateColumn)])
    }

    @Test func dataWithoutHeader() throws {
        let problems = try F.problems(F.lines(["1;Вигаденко;Олена", "2;Уявний;Ігор"]))
        #expect(problems.map(\.reason) == [.noHeader])
        #expect(problems.first?.row == 1)
    }
}

// MARK: - Values

@Suite("RegisterImport: values")
struct RegisterImportValueTests {
    @Test(arguments: [
        ("01.03.1957", CivilDate(year: 1957, month: 3, day: 1)!),
        ("1.3.1957", CivilDate(year: 1957, month: 3, day: 1)!),
        ("1957-03-01", CivilDate(year: 1957, month: 3, day: 1)!),
        (" 29.02.2024 ", CivilDate(year: 2024, month: 2, day: 29)!),
        ("31/12/1999", CivilDate(year: 1999, month: 12, day: 31)!),
        ("2026-03-01", CivilDate(year: 2026, month: 3, day: 1)!),
        ("01.01.1900", CivilDate(year: 1900, month: 1, day: 1)!),
    ])
    func dates(text: String, date: CivilDate) throws {
        let parsed = try F.parsed(F.lines(["household;surname;given_name;birth_date", "1;Вигаденко;Олена;\(text)"]))
        #expect(F.onlyPerson(parsed)?.birthDate == date)
    }

    @Test(arguments: [
        ("31.02.1990", RegisterProblem.Reason.badDate), ("1990-13-01", .badDate), ("01.03.57", .badDate),
        ("32045", .badDate), ("завтра", .badDate), ("1.3.1957 р.", .badDate), ("02.03.2026", .futureDate),
        ("2030-01-01", .futureDate), ("31.12.1899", .dateBefore1900), ("0990-05-05", .dateBefore1900),
    ])
    func badDates(text: String, reason: RegisterProblem.Reason) throws {
        let problems = try F.problems(F.lines(["household;surname;given_name;Дата народження", "1;Вигаденко;Олена;\(text)"]))
        #expect(problems == [RegisterProblem(row: 2, column: "Дата народження", value: text, reason: reason)])
    }

    @Test(arguments: [
        ("ч", Sex.male), ("Ч", .male), ("чол", .male), ("чол.", .male), ("Чоловіча", .male), ("ЧОЛОВІЧА", .male),
        ("м", .male), ("М", .male), ("m", .male), ("M", .male), ("male", .male), ("Male", .male),
        ("ж", .female), ("Ж", .female), ("жін", .female), ("жіноча", .female), ("Жіноча", .female),
        ("f", .female), ("F", .female), ("female", .female), ("FEMALE", .female),
    ])
    func sexes(text: String, sex: Sex) throws {
        let parsed = try F.single(column: "sex", value: text).get()
        #expect(F.onlyPerson(parsed)?.sex == sex)
    }

    @Test func emptySexIsNone() throws {
        #expect(F.onlyPerson(try F.single(column: "Стать", value: "").get())?.sex == .some(nil))
    }

    @Test(arguments: ["x", "чоловік і жінка", "0", "жм"])
    func badSex(text: String) throws {
        let problems = try F.problems(F.lines(["household;surname;given_name;Стать", "1;Вигаденко;Олена;\(text)"]))
        #expect(problems == [RegisterProblem(row: 2, column: "Стать", value: text, reason: .badSex)])
    }

    @Test(arguments: [
        "0501234567", "050 123 45 67", "(050) 123-45-67", "+380501234567", "380501234567", "80501234567",
        "+38 (050) 123 45 67", "050-123-45-67", "501234567", "\u{00A0}050\u{00A0}123\u{00A0}45\u{00A0}67 ",
    ])
    func phoneShapes(text: String) throws {
        let parsed = try F.single(column: "phone", value: text).get()
        #expect(F.onlyPerson(parsed)?.phone == "+380501234567")
    }

    @Test(arguments: ["050123456", "0501234567, 0671234567", "+48 501 234 567", "тел. 0501234567", "3.80501E+11"])
    func badPhones(text: String) throws {
        let problems = try F.problems(F.lines(["household,surname,given_name,Телефон", "1,Вигаденко,Олена,\"\(text)\""]))
        #expect(problems == [RegisterProblem(row: 2, column: "Телефон", value: text, reason: .badPhone)])
    }

    @Test func emptyOptionalCellsAreNil() throws {
        let parsed = try F.parsed(F.lines([F.englishHeader, "1;Вигаденко;Олена;;;;;;;"]))
        let person = try #require(F.onlyPerson(parsed))
        #expect(person.patronymic == "")
        #expect(person.birthDate == nil && person.sex == nil && person.phone == nil && person.idpCertificate == nil)
        #expect(person.isHead)
        #expect(parsed.register.households[0].settlement == "")
    }

    @Test func namesAreTrimmedAndCollapsed() throws {
        let text = F.lines([
            "household;surname;given_name;patronymic;settlement",
            "  001  ;  Вигаденко-\u{00A0}Уявна ;\tОлена  Марія\u{00A0};\u{FEFF}Петрівна\u{200B}; Біла   Церква ",
        ])
        let household = try #require(try F.parsed(text).register.households.first)
        #expect(household.number == "001")
        #expect(household.settlement == "Біла Церква")
        let person = household.members[0]
        #expect(person.surname == "Вигаденко- Уявна")
        #expect(person.givenName == "Олена Марія")
        #expect(person.patronymic == "Петрівна")
    }

    @Test(arguments: ["Мар'яна", "Мар’яна", "Марʼяна", "Мар`яна", "Мар‘яна", "Мар′яна"])
    func apostrophesInNamesBecomeModifierLetter(name: String) throws {
        let parsed = try F.single(column: "patronymic", value: "Дем'янівна").get()
        #expect(F.onlyPerson(parsed)?.patronymic == "Демʼянівна")
        let text = F.lines(["household;surname;given_name;settlement", "1;Дем’янчук;\(name);Кам'янка"])
        let household = try #require(try F.parsed(text).register.households.first)
        #expect(household.members[0].givenName == "Марʼяна")
        #expect(household.members[0].givenName.unicodeScalars.contains("\u{02BC}"))
        #expect(household.members[0].surname == "Демʼянчук")
        #expect(household.settlement == "Камʼянка")
    }

    @Test func householdNumbersAndCertificatesKeptAsWritten() throws {
        let text = F.lines([
            "household;surname;given_name;idp_certificate", "000123;Вигаденко;Олена;0321-5001234567",
            "A-07/2;Уявний;Ігор;ВПО №12'34",
        ])
        let parsed = try F.parsed(text)
        #expect(parsed.register.households.map(\.number) == ["000123", "A-07/2"])
        #expect(parsed.register.households[1].members[0].idpCertificate == "ВПО №12'34")
    }

    @Test(arguments: [
        ("так", true), ("Так", true), ("yes", true), ("YES", true), ("1", true), ("+", true), ("x", true), ("X", true),
        ("х", true), ("ні", false), ("no", false), ("0", false), ("", false), ("-", false),
    ])
    func headMarks(text: String, isHead: Bool) throws {
        let text = F.lines(["household;surname;given_name;Голова", "1;Вигаденко;Олена;", "1;Вигаденко;Ігор;\(text)"])
        let household = try #require(try F.parsed(text).register.households.first)
        #expect(household.head?.givenName == (isHead ? "Ігор" : "Олена"))
        #expect(household.members.filter(\.isHead).count == 1)
    }

    @Test func badHeadMark() throws {
        let problems = try F.problems(F.lines(["household;surname;given_name;Голова", "1;Вигаденко;Олена;можливо"]))
        #expect(problems == [RegisterProblem(row: 2, column: "Голова", value: "можливо", reason: .badHead)])
    }
}

// MARK: - Households

@Suite("RegisterImport: grouping")
struct RegisterImportGroupingTests {
    @Test func rowsWithTheSameNumberFormOneHouseholdInFileOrder() throws {
        let text = F.lines([
            "household;surname;given_name;birth_date", "5;Вигаденко;Олена;", "07;Уявний;Ігор;", "5;Вигаденко;Максим;",
            "7;Примарна;Анна;", "5;Вигаденко;Софія;",
        ])
        let parsed = try F.parsed(text)
        let households = parsed.register.households
        // `07` and `7` are one number: one household, under the spelling of its first row, and said.
        #expect(households.map(\.number) == ["5", "07"])
        #expect(households[1].members.map(\.givenName) == ["Ігор", "Анна"])
        #expect(parsed.respelledNumbers == [RespelledNumber(number: "07", firstRow: 3, spelling: "7", row: 5)])
        #expect(households[0].members.map(\.givenName) == ["Олена", "Максим", "Софія"])
        #expect(households[0].members.map(\.isHead) == [true, false, false], "first row is head without a head column")
        #expect(parsed.rowCount == 5)
        #expect(parsed.register.peopleCount == 5)
    }

    @Test func markedHeadComesFirstTheOthersInFileOrder() throws {
        let text = F.lines([
            "household;surname;given_name;head;settlement", "5;Вигаденко;Максим;;Бровари", "5;Вигаденко;Софія;;",
            "5;Вигаденко;Олена;так;Обухів", "5;Вигаденко;Ігор;ні;Київ",
        ])
        let household = try #require(try F.parsed(text).register.households.first)
        #expect(household.members.map(\.givenName) == ["Олена", "Максим", "Софія", "Ігор"])
        #expect(household.members.map(\.isHead) == [true, false, false, false])
        #expect(household.head?.givenName == "Олена")
        #expect(household.settlement == "Обухів", "members disagree: the head's settlement wins")
    }

    @Test func settlementFallsBackToFirstNonEmpty() throws {
        let text = F.lines([
            "household;surname;given_name;head;settlement", "5;Вигаденко;Максим;;", "5;Вигаденко;Софія;;Бровари",
            "5;Вигаденко;Олена;так;", "5;Вигаденко;Ігор;;Київ",
        ])
        #expect(try F.parsed(text).register.households.first?.settlement == "Бровари")
    }

    @Test func twoHeadsInOneHousehold() throws {
        let text = F.lines([
            "household;surname;given_name;Голова", "5;Вигаденко;Олена;так", "6;Уявний;Ігор;так",
            "5;Вигаденко;Максим;x", "5;Вигаденко;Софія;+",
        ])
        let problems = try F.problems(text)
        #expect(
            problems == [
                RegisterProblem(row: 4, column: "Голова", value: "x", reason: .twoHeads, relatedRow: 2),
                RegisterProblem(row: 5, column: "Голова", value: "+", reason: .twoHeads, relatedRow: 2),
            ])
    }

    @Test func samePersonTwiceInAHouseholdEvenWithOtherApostrophesAndCase() throws {
        let text = F.lines([
            "household;surname;given_name;patronymic;birth_date;phone", "5;Дем'янчук;Олена;Петрівна;01.03.1957;",
            "5;Вигаденко;Олена;Петрівна;01.03.1957;", "5;ДЕМ’ЯНЧУК;олена;Петрівна;1957-03-01;0501234567",
            "6;Демʼянчук;Олена;Петрівна;01.03.1957;",
        ])
        let problems = try F.problems(text)
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.row == 4)
        #expect(problem.reason == .duplicatePerson)
        #expect(problem.relatedRow == 2)
        #expect(problem.value.contains("ДЕМʼЯНЧУК"))
    }

    @Test(arguments: [3, 40])
    func duplicatesFoundInSmallAndLargeHouseholds(size: Int) throws {
        var rows = (0..<size).map { "9;Вигаденко;Дитина\($0);;" }
        rows.insert("9;Вигаденко;Олена;;", at: 1)
        rows.append("9;вигаденко;ОЛЕНА;;")  // same person, no birth date either time
        rows.append("9;Вигаденко;Олена;;01.01.2000")  // not the same: has a birth date
        let problems = try F.problems(F.lines(["household;surname;given_name;patronymic;birth_date"] + rows))
        #expect(problems.map(\.row) == [size + 3])
        #expect(problems.map(\.relatedRow) == [3])
        #expect(problems.map(\.reason) == [.duplicatePerson])
    }

    @Test func sameNameWithDifferentBirthDatesIsNotADuplicate() throws {
        let text = F.lines([
            "household;surname;given_name;birth_date", "5;Вигаденко;Олена;01.03.1957", "5;Вигаденко;Олена;01.03.1987",
        ])
        #expect(try F.parsed(text).register.households[0].members.count == 2)
    }
}

// MARK: - Reporting every problem

@Suite("RegisterImport: problems")
struct RegisterImportProblemTests {
    @Test func everyBadRowIsListedWithRowColumnAndValue() throws {
        let text = F.lines([
            "№ сім'ї;Прізвище;Ім'я;Дата народження;Стать;Телефон", "1;Вигаденко;Олена;01.03.1957;ж;0501234567",
            "1;Вигаденко;Ігор;31.02.1990;ч;050",  // row 3: date, phone
            "", "2;Уявна;;01.01.2000;ж;",  // row 5: given name
            "3;Примарний;Остап;2027-01-01;чол;+380671112233",  // row 6: future
            "4;Несправжня;Анна;1.1.1890;жінка?;",  // row 7: before 1900, sex
            ";Зразкова;Ірина;;;",  // row 8: no household
            "5;Тестова;Юлія;;ж;0671112233",
        ])
        let problems = try F.problems(text)
        #expect(
            problems == [
                RegisterProblem(row: 3, column: "Дата народження", value: "31.02.1990", reason: .badDate),
                RegisterProblem(row: 3, column: "Телефон", value: "050", reason: .badPhone),
                RegisterProblem(row: 5, column: "Ім'я", value: "", reason: .emptyRequired),
                RegisterProblem(row: 6, column: "Дата народження", value: "2027-01-01", reason: .futureDate),
                RegisterProblem(row: 7, column: "Дата народження", value: "1.1.1890", reason: .dateBefore1900),
                RegisterProblem(row: 7, column: "Стать", value: "жінка?", reason: .badSex),
                RegisterProblem(row: 8, column: "№ сім'ї", value: "", reason: .emptyRequired),
            ])
    }

    @Test func problemsFollowTheColumnOrderOfTheFile() throws {
        let text = F.lines(["phone;sex;given_name;surname;household", "1;x;;Вигаденко;"])
        let problems = try F.problems(text)
        #expect(problems.map(\.column) == ["phone", "sex", "given_name", "household"])
        #expect(problems.map(\.reason) == [.badPhone, .badSex, .emptyRequired, .emptyRequired])
    }

    @Test func nothingIsImportedWhenOneRowIsBad() throws {
        var rows = (0..<50).map { "\($0);Вигаденко;Олена\($0)" }
        rows.append("99;Вигаденко;")
        let result = F.parse(F.lines(["household;surname;given_name"] + rows))
        guard case .failure(let failure) = result else {
            Issue.record("a bad row must fail the whole import")
            return
        }
        #expect(failure.problems.map(\.row) == [52])
        #expect(failure.fileProblem == nil)
    }

    @Test func everyReasonHasAnEnglishAndAUkrainianMessage() {
        var english = Set<String>()
        var ukrainian = Set<String>()
        for reason in RegisterProblem.Reason.allCases {
            #expect(reason.description == reason.message(uk: false))
            #expect(!reason.message(uk: false).isEmpty)
            #expect(reason.message(uk: true).unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) })
            #expect(!reason.message(uk: false).unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) })
            english.insert(reason.message(uk: false))
            ukrainian.insert(reason.message(uk: true))
        }
        #expect(english.count == RegisterProblem.Reason.allCases.count)
        #expect(ukrainian.count == RegisterProblem.Reason.allCases.count)
    }

    @Test func problemMessages() {
        let problem = RegisterProblem(row: 5, column: "Дата народження", value: "31.02.1990", reason: .badDate)
        #expect(problem.message(uk: true) == "рядок 5, Дата народження, «31.02.1990»: неправильна дата (потрібно дд.мм.рррр або рррр-мм-дд)")
        #expect(problem.message(uk: false) == "row 5, Дата народження, \"31.02.1990\": not a date (expected dd.mm.yyyy or yyyy-mm-dd)")
        let duplicate = RegisterProblem(row: 9, column: "", value: "Вигаденко Олена", reason: .duplicatePerson, relatedRow: 4)
        #expect(duplicate.message(uk: false).hasSuffix("(see row 4)"))
        #expect(RegisterProblem(row: 0, column: "", value: "", reason: .emptyFile).message(uk: true) == "файл порожній")
    }
}

// MARK: - Size

@Suite("RegisterImport: large register")
struct RegisterImportLargeTests {
    @Test func largeRegisterParsesQuickly() throws {
        #if DEBUG
            let rows = 11_000
            let limit = 20.0
        #else
            let rows = 110_000
            let limit = 2.0
        #endif
        let data = F.large(rows: rows)
        let clock = ContinuousClock()
        var parsed: ParsedRegister?
        let elapsed = clock.measure { parsed = try? RegisterParser.parse(data, today: F.today).get() }
        let result = try #require(parsed)
        #expect(result.rowCount == rows)
        #expect(result.register.peopleCount == rows)
        #expect(result.register.households.allSatisfy { $0.members.filter(\.isHead).count == 1 })
        #expect(result.register.households[0].settlement == "Київ, Оболонь")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        #expect(seconds < limit, "\(rows) rows took \(seconds) s")
    }
}
