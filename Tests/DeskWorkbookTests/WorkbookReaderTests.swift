import DeskCore
import Foundation
import Testing

@testable import DeskWorkbook

private let today = CivilDate(year: 2026, month: 3, day: 1)!

private func register(_ data: Data, sheet: String? = nil) throws -> Result<ParsedRegister, RegisterImportFailure> {
    RegisterParser.parse(sheet: try WorkbookReader(data).read(sheet: sheet), today: today)
}

private func problem(_ data: Data, limits: WorkbookReader.Limits = .init()) -> WorkbookProblem? {
    do {
        _ = try WorkbookReader(data, limits: limits).read()
        return nil
    } catch {
        return error
    }
}

/// Registers written by openpyxl, a real spreadsheet library, in the shapes hubs keep them.
@Suite(.enabled(if: Openpyxl.available, "python3 with openpyxl is not installed: skipped (.ci/run installs it)"))
struct WorkbookImportOpenpyxlTests {
    func file(_ name: String) throws -> Data {
        let folder = try #require(Openpyxl.registers, "the fixture script failed")
        return try Data(contentsOf: folder.appendingPathComponent(name))
    }

    @Test func aRegisterAsHubsKeepItImportsWithTheRightPeople() throws {
        let parsed = try register(try file("hub.xlsx")).get()
        #expect(parsed.sheet == "Аркуш1")
        #expect(parsed.headerRow == 4)
        #expect(parsed.notPeopleRows == [11, 12])
        #expect(parsed.rowCount == 5)
        #expect(parsed.ignoredColumns == ["#7", "Примітка"])
        let households = parsed.register.households
        #expect(households.map(\.number) == ["417", "1003", "1004"])
        #expect(households.map(\.settlement) == ["Вінниця", "Гнівань", "Калинівка"])
        let (olena, maksym, sofia) = (households[0].members[0], households[0].members[1], households[0].members[2])
        #expect([olena.givenName, maksym.givenName, sofia.givenName] == ["Олена", "Максим", "Софія"])
        #expect(olena.isHead && !maksym.isHead && !sofia.isHead)
        #expect(olena.birthDate == CivilDate(year: 1957, month: 3, day: 1))
        #expect(maksym.birthDate == CivilDate(year: 1985, month: 11, day: 2))
        #expect(sofia.birthDate == CivilDate(year: 2015, month: 6, day: 14))
        #expect(olena.phone == PhoneNumber.normalise("050 123 45 67"))
        #expect(olena.idpCertificate == "1234567890123")
        #expect(olena.sex == .female && maksym.sex == .male)
        let maryana = households[1].members[0]
        #expect(maryana.givenName == "Марʼяна")
        #expect(maryana.phone == PhoneNumber.normalise("+380 67 123 45 67"))
        #expect(maryana.idpCertificate == "0312-0000012")
        #expect(maryana.birthDate == CivilDate(year: 1990, month: 12, day: 31))
        let ihor = households[2].members[0]
        #expect(ihor.phone == PhoneNumber.normalise("067 765 43 21"))
        #expect(ihor.idpCertificate == "9876543210")
        #expect(ihor.isHead)
    }

    @Test func aBadCellIsNamedAsExcelNamesIt() throws {
        guard case .failure(let failure) = try register(try file("bad-cell.xlsx")) else {
            Issue.record("a bad phone was imported")
            return
        }
        #expect(failure.problems.map(\.reason) == [.badPhone])
        #expect(failure.problems.map(\.cell) == ["Аркуш1!E17"])
        #expect(failure.problems[0].message(uk: true).hasPrefix("Аркуш1!E17, phone, «12345»"))
    }

    @Test func theFirstVisibleSheetUnlessOneIsNamed() throws {
        let data = try file("sheets.xlsx")
        let reader = try WorkbookReader(data)
        #expect(reader.sheets.map(\.name) == ["Службовий", "Реєстр ВПО", "Видачі"])
        #expect(try register(data).get().register.peopleCount == 1)
        #expect(try register(data, sheet: "Видачі").get().register.peopleCount == 2)
        #expect(try register(data, sheet: "видачі").get().sheet == "Видачі")
        #expect(throws: WorkbookProblem.sheetNotFound(name: "Нема", available: ["Службовий", "Реєстр ВПО", "Видачі"])) {
            try reader.read(sheet: "Нема")
        }
    }
}

/// Shapes Excel writes that openpyxl does not, put together part by part.
@Suite struct WorkbookReaderTests {
    let header = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c></row>"
    let strings = ["household", "surname", "given_name", "birth_date", "phone"]

    @Test func sharedRichTextFormulasAndCellsWithoutReferences() throws {
        let rows = header + """
            <row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" t="s"><v>6</v></c>\
            <c r="D2" s="1"><v>21259</v></c><c r="E2" t="str"><f>"0"&amp;"501234567"</f><v>0501234567</v></c></row>\
            <row r="3"><c t="n"><f>A2+1</f><v>2</v></c><c t="inlineStr"><is><t xml:space="preserve"> Уявний </t></is></c>\
            <c t="inlineStr"><is><r><t>І</t></r><r><t>гор</t></r></is></c><c s="2"><v>45292</v></c><c><f>NOW()</f></c></row>
            """
        let data = try WorkbookParts.book(
            sheet: rows,
            strings: strings + ["<r><t>Вига</t></r><r><rPr><b/></rPr><t>денко</t></r><rPh sb=\"0\" eb=\"1\"><t>ヴィ</t></rPh>", "Олена"],
            absolute: true)
        let parsed = try register(data).get()
        let people = parsed.register.households.flatMap(\.members)
        #expect(people.map(\.fullName) == ["Вигаденко Олена", "Уявний Ігор"])
        #expect(parsed.register.households.map(\.number) == ["1", "2"])
        #expect(people.map(\.birthDate) == [CivilDate(year: 1958, month: 3, day: 15), CivilDate(year: 2024, month: 1, day: 1)])
        #expect(people[0].phone == PhoneNumber.normalise("050 123 45 67"))
    }

    @Test func the1904DateSystemAndISODates() throws {
        let rows = header + """
            <row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Вигаденко</t></is></c>\
            <c r="C2" t="inlineStr"><is><t>Олена</t></is></c><c r="D2" s="1"><v>43830</v></c></row>\
            <row r="3"><c r="A3"><v>1</v></c><c r="B3" t="inlineStr"><is><t>Вигаденко</t></is></c>\
            <c r="C3" t="inlineStr"><is><t>Ігор</t></is></c><c r="D3" t="d"><v>1990-05-04T00:00:00</v></c></row>
            """
        let people = try register(try WorkbookParts.book(sheet: rows, strings: strings, date1904: true)).get()
            .register.households.flatMap(\.members)
        #expect(people.map(\.birthDate) == [CivilDate(year: 2024, month: 1, day: 1), CivilDate(year: 1990, month: 5, day: 4)])
    }

    @Test func aFormulaErrorIsAProblemInItsCell() throws {
        let rows = header + """
            <row r="2"><c r="A2"><v>1</v></c><c r="B2" t="e"><f>VLOOKUP(1,X1:X2,2)</f><v>#N/A</v></c>\
            <c r="C2" t="inlineStr"><is><t>Олена</t></is></c></row>
            """
        guard case .failure(let failure) = try register(try WorkbookParts.book(sheet: rows, strings: strings)) else {
            Issue.record("an error cell was read as a surname")
            return
        }
        #expect(failure.problems.map(\.reason) == [.formulaError])
        #expect(failure.problems.map(\.cell) == ["Аркуш1!B2"])
        #expect(failure.problems[0].value == "#N/A")
    }

    @Test func dateFormatsAreToldFromNumberFormats() {
        #expect(StylesHandler.isDateFormat("dd\\.mm\\.yyyy"))
        #expect(StylesHandler.isDateFormat("[$-422]d mmmm yyyy"))
        #expect(StylesHandler.isDateFormat("h:mm"))
        #expect(!StylesHandler.isDateFormat("0\" днів\""))
        #expect(!StylesHandler.isDateFormat("General"))
        #expect(!StylesHandler.isDateFormat("[Red]#,##0.00"))
        #expect(!StylesHandler.isDateFormat("0.00E+00"))
    }

    @Test func whatIsNotAWorkbookIsRefusedPlainly() throws {
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600))
        #expect(problem(ole) == .oldFormatOrPassword)
        #expect(problem(Data("household,surname\n".utf8)) == .damaged)
        let other = try WorkbookParts.zip(["content.xml": Data("<office:document/>".utf8), "mimetype": Data("application/vnd.oasis.opendocument.spreadsheet".utf8)])
        #expect(problem(other) == .notExcel)
        let good = try WorkbookParts.book(sheet: header, strings: strings)
        #expect(problem(good) == nil)
        for length in [10, 100, good.count / 2, good.count - 10] {
            #expect(problem(good.prefix(length)) == .damaged, "cut at \(length)")
        }
    }

    @Test func brokenAndHostileXMLIsRefused() throws {
        let unclosed = problem(try WorkbookParts.book(sheet: "<row r=\"1\"><c r=\"A1\"><v>1</v>", strings: strings))
        #expect(unclosed == .brokenXML(part: "xl/worksheets/sheet1.xml", line: 1), "\(String(describing: unclosed))")
        #expect(problem(try WorkbookParts.book(sheet: "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", strings: strings))
            == .brokenXML(part: "xl/worksheets/sheet1.xml", line: 1))
        #expect(problem(try WorkbookParts.book(sheet: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>99</v></c></row>", strings: strings))
            == .brokenXML(part: "xl/worksheets/sheet1.xml", line: 1))
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>
            """
        var parts = try WorkbookParts.zipParts(sheet: header, strings: strings)
        parts["xl/sharedStrings.xml"] = Data(laughs.utf8)
        #expect(problem(try WorkbookParts.zip(parts)) == .documentType(part: "xl/sharedStrings.xml"))
    }

    @Test func aZipBombStopsAtTheLimitWhateverItClaims() throws {
        let spaces = String(repeating: " ", count: 3 << 20)
        let bomb = try WorkbookParts.book(sheet: header + spaces, strings: strings)
        #expect(bomb.count < 100_000)
        let limits = WorkbookReader.Limits(sheetBytes: 1 << 20)
        #expect(problem(bomb, limits: limits) == .partTooLarge(part: "xl/worksheets/sheet1.xml", limitMiB: 1))
        #expect(problem(bomb) == nil)
    }

    @Test func hugeSharedStringTablesAndSheetsAreCapped() throws {
        let many = strings + (0..<2000).map { "Рядок\($0)" }
        #expect(problem(try WorkbookParts.book(sheet: header, strings: many), limits: .init(sharedStrings: 1000))
            == .tooManyCells(limit: 1000))
        let cells = (2...30).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined()
        #expect(problem(try WorkbookParts.book(sheet: header + cells, strings: strings), limits: .init(cells: 10))
            == .tooManyCells(limit: 10))
    }
}
