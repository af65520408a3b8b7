@testable import DeskCore
import Foundation
import Testing

private typealias F = RegisterImportFixture

/// Registers as hubs keep them: a title above the header, blank rows, a totals row at the
/// bottom; and sheets of a workbook with numbers and dates stored as Excel stores them.
@Suite struct RegisterUntidyTests {
    @Test func theHeaderIsFoundBelowATitleAndBlankRows() throws {
        let parsed = try F.parsed(
            F.lines([
                "Реєстр ВПО громадської організації «Вигаданий хаб»;;;",
                ";;;",
                "станом на 01.02.2026;;;",
                "",
                "№ сімʼї;Прізвище;Імʼя;Дата народження",
                "1;Вигаденко;Олена;01.03.1957",
                "1;Вигаденко;Максим;02.11.1985",
            ]))
        #expect(parsed.headerRow == 5)
        #expect(parsed.rowCount == 2)
        #expect(parsed.register.households.map(\.number) == ["1"])
    }

    @Test func problemsBelowATitleCountRowsFromTheTopOfTheFile() throws {
        let problems = try F.problems(
            F.lines(["Реєстр", "", "household;surname;given_name;birth_date", "1;Вигаденко;Олена;31.02.1990"]))
        #expect(problems.map(\.row) == [4])
        #expect(problems.map(\.reason) == [.badDate])
        #expect(problems[0].cell == nil)
        #expect(problems[0].message(uk: true).hasPrefix("рядок 4, birth_date"))
    }

    @Test func aFileWithoutAnyHeaderStillSaysItsFirstRowIsNoHeader() throws {
        let problems = try F.problems(F.lines(["Реєстр", "1;Вигаденко;Олена"]))
        #expect(problems.map(\.reason) == [.noHeader])
        #expect(problems[0].row == 1)
        #expect(problems[0].value == "Реєстр")
    }

    @Test func aHeaderWithOneKnownNameIsStillTheHeaderAndMissesColumns() throws {
        let problems = try F.problems(F.lines(["Прізвище;Щось", "Вигаденко;1"]))
        #expect(problems.map(\.reason) == [.missingColumn, .missingColumn])
        #expect(problems.allSatisfy { $0.row == 1 })
    }

    @Test func aTotalsRowAndTheNotesBelowItAreNotPeople() throws {
        let parsed = try F.parsed(
            F.lines([
                "№ сімʼї;Прізвище;Імʼя;Дата народження",
                "1;Вигаденко;Олена;01.03.1957",
                "2;Несправжня;Марʼяна;",
                ";Разом:;2;",
                "",
                ";Координатор ____________ Уявний І.;;",
                "Всього 2 сімʼї;;;",
            ]))
        #expect(parsed.rowCount == 2)
        #expect(parsed.notPeopleRows == [4, 6, 7])
        let totalsFirst = try F.parsed(F.lines(["household;surname;given_name", "1;Вигаденко;Олена", "ВСЬОГО: 1;;"]))
        #expect(totalsFirst.notPeopleRows == [3])
        let english = try F.parsed(F.lines(["household;surname;given_name", "1;Вигаденко;Олена", ";Total 1;"]))
        #expect(english.notPeopleRows == [3])
    }

    @Test func aPersonNamedLikeATotalsWordIsStillAPerson() throws {
        // A row starting with its household number is a person's, whatever its surname says.
        let parsed = try F.parsed(F.lines(["household;surname;given_name", "1;Разом;Олена", "2;Вигаденко;Ігор"]))
        #expect(parsed.rowCount == 2)
        #expect(parsed.register.households[0].members[0].surname == "Разом")
        #expect(parsed.notPeopleRows.isEmpty)
        let missing = try F.problems(F.lines(["household;surname;given_name", "1;Разом;Олена", "2;Всього;"]))
        #expect(missing.map(\.reason) == [.emptyRequired])
    }

    @Test func aRowMissingItsGivenNameWithoutTotalsIsStillAnError() throws {
        let problems = try F.problems(F.lines(["household;surname;given_name", "1;Вигаденко;", "2;Уявний;Ігор"]))
        #expect(problems.map(\.reason) == [.emptyRequired])
        #expect(problems.map(\.row) == [2])
    }

    @Test func totalsWordsStandAlone() {
        func check(_ text: String) -> Bool { RegisterParser.startsWithTotalsWord(Array(text.utf8)) }
        #expect(check("Разом"))
        #expect(check("Разом: 1 900"))
        #expect(check("ВСЬОГО — 860"))
        #expect(check("Итого"))
        #expect(check("total"))
        #expect(!check("Разомова"))
        #expect(!check("Totalenko"))
        #expect(!check("Вигаденко"))
        #expect(!check(""))
    }
}

/// A sheet built cell by cell: `(column letter and row, kind, text)`.
private func sheet(_ cells: [(String, WorkbookSheet.Kind, String)], name: String = "Аркуш1", uses1904Dates: Bool = false)
    -> WorkbookSheet
{
    var text: [UInt8] = []
    var stored: [WorkbookSheet.Cell] = []
    for (place, kind, value) in cells {
        let reference = CellReference(place)!
        let start = text.count
        text.append(contentsOf: value.utf8)
        stored.append(WorkbookSheet.Cell(row: reference.row, column: reference.column, kind: kind, start: start, end: text.count))
    }
    return WorkbookSheet(name: name, uses1904Dates: uses1904Dates, text: text, cells: stored)
}

private func header(row: Int, _ names: [String]) -> [(String, WorkbookSheet.Kind, String)] {
    names.enumerated().map { (CellReference.columnLetters($0.offset) + "\(row)", .text, $0.element) }
}

@Suite struct RegisterSheetTests {
    let columns = ["№ сімʼї", "Прізвище", "Імʼя", "Дата народження", "Телефон", "Номер довідки ВПО", "Голова"]

    func parsed(_ sheet: WorkbookSheet) throws -> ParsedRegister {
        try RegisterParser.parse(sheet: sheet, today: F.today).get()
    }

    func problems(_ sheet: WorkbookSheet) -> [RegisterProblem] {
        switch RegisterParser.parse(sheet: sheet, today: F.today) {
        case .success: return []
        case .failure(let failure): return failure.problems
        }
    }

    @Test func numbersAndDatesReadAsExcelShowsThem() throws {
        let register = try parsed(
            sheet(
                [("A1", .text, "Реєстр ВПО"), ("C2", .text, "станом на 01.02.2026")] + header(row: 4, columns) + [
                    ("A5", .number, "417"), ("B5", .text, "Вигаденко"), ("C5", .text, "Олена"),
                    ("D5", .date, "21259"), ("E5", .number, "671234567"), ("F5", .number, "1.23456789012E+11"),
                    ("G5", .boolean, "1"),
                    ("A6", .number, "417"), ("B6", .text, "Вигаденко"), ("C6", .text, "Ігор"),
                    ("D6", .number, "45292"), ("E6", .number, "380501234567"),
                    ("B8", .text, "Разом"), ("D8", .number, "2"),
                ]))
        #expect(register.sheet == "Аркуш1")
        #expect(register.headerRow == 4)
        #expect(register.notPeopleRows == [8])
        let members = register.register.households[0].members
        #expect(register.register.households[0].number == "417")
        #expect(members.map(\.givenName) == ["Олена", "Ігор"])
        #expect(members[0].isHead)
        #expect(members[0].birthDate == CivilDate(year: 1958, month: 3, day: 15))
        #expect(members[1].birthDate == CivilDate(year: 2024, month: 1, day: 1))
        #expect(members[0].phone == PhoneNumber.normalise("067 123 45 67"))
        #expect(members[1].phone == PhoneNumber.normalise("050 123 45 67"))
        #expect(members[0].idpCertificate == "123456789012")
    }

    @Test func serialsCountFromExcelsEpochWithItsLeapYearBug() {
        #expect(ExcelSerialDate.date(serial: 1) == CivilDate(year: 1900, month: 1, day: 1))
        #expect(ExcelSerialDate.date(serial: 59) == CivilDate(year: 1900, month: 2, day: 28))
        #expect(ExcelSerialDate.date(serial: 60) == nil)
        #expect(ExcelSerialDate.date(serial: 61) == CivilDate(year: 1900, month: 3, day: 1))
        #expect(ExcelSerialDate.date(serial: 45292.75) == CivilDate(year: 2024, month: 1, day: 1))
        #expect(ExcelSerialDate.date(serial: 2_958_465) == CivilDate(year: 9999, month: 12, day: 31))
        #expect(ExcelSerialDate.date(serial: 2_958_466) == nil)
        #expect(ExcelSerialDate.date(serial: -1) == nil)
        #expect(ExcelSerialDate.date(serial: 0, uses1904Dates: true) == CivilDate(year: 1904, month: 1, day: 1))
        #expect(ExcelSerialDate.date(serial: 43830, uses1904Dates: true) == CivilDate(year: 2024, month: 1, day: 1))
    }

    @Test func aBareYearInTheBirthDateColumnIsNotTakenForASerial() {
        let found = problems(
            sheet(header(row: 1, columns) + [("A2", .number, "1"), ("B2", .text, "Вигаденко"), ("C2", .text, "Олена"), ("D2", .number, "1985")]))
        #expect(found.map(\.reason) == [.badDate])
        #expect(found.map(\.cell) == ["Аркуш1!D2"])
        #expect(found[0].value == "1985")
    }

    @Test func everyProblemNamesItsCell() {
        let found = problems(
            sheet(
                header(row: 3, columns) + [
                    ("A4", .number, "1"), ("B4", .error, "#N/A"), ("C4", .text, "Олена"),
                    ("A17", .number, "2"), ("B17", .text, "Уявний"), ("C17", .text, "Ігор"), ("E17", .text, "12345"),
                    ("A18", .number, "3"), ("B18", .text, "Примарна"), ("C18", .text, "Ганна"), ("D18", .text, "31.02.1990"),
                    ("A19", .number, "3"), ("B19", .text, "Примарна"), ("C19", .text, "Ганна"),
                    ("A20", .number, "3"), ("B20", .text, "Примарна"), ("C20", .text, "Ганна"),
                ], name: "Реєстр ВПО"))
        #expect(found.map(\.reason) == [.formulaError, .badPhone, .badDate, .duplicatePerson])
        #expect(found.map(\.cell) == ["'Реєстр ВПО'!B4", "'Реєстр ВПО'!E17", "'Реєстр ВПО'!D18", "'Реєстр ВПО'!B20"])
        #expect(found[1].message(uk: true) == "'Реєстр ВПО'!E17, Телефон, «12345»: " + RegisterProblem.Reason.badPhone.message(uk: true))
        #expect(found[3].relatedRow == 19)
    }

    @Test func headerProblemsNameTheHeaderCells() {
        let found = problems(sheet(header(row: 2, ["household", "surname", "Телефон", "phone"]) + [("A3", .number, "1")]))
        #expect(found.map(\.reason) == [.duplicateColumn, .missingColumn])
        #expect(found.map(\.cell) == ["Аркуш1!D2", nil])
    }

    @Test func cellsFarToTheRightAreExtraCells() {
        let found = problems(
            sheet(header(row: 1, ["household", "surname", "given_name"]) + [
                ("A2", .number, "1"), ("B2", .text, "Вигаденко"), ("C2", .text, "Олена"), ("XFD2", .text, "зсув"),
            ]))
        #expect(found.map(\.reason) == [.extraCells])
        #expect(found.map(\.cell) == ["Аркуш1!XFD2"])
    }
}
