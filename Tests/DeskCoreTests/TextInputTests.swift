import DeskCore
import Foundation
import Testing

@Suite("Text from outside is data")
struct TextInputTests {
    static let refused: [Unicode.Scalar] = [
        "\u{00}", "\u{07}", "\u{08}", "\u{09}", "\u{0A}", "\u{0D}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}",
        "\u{9B}", "\u{9F}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}",
        "\u{2068}", "\u{2069}",
    ]

    @Test func controlCharactersAndDirectionOverridesAreRefusedNamesAreNot() {
        for scalar in Self.refused {
            #expect(TextInput.problem(in: "Кова\(Character(scalar))ленко", limit: 200) == .controlCharacter(scalar))
        }
        for fine in ["Коваленко", "Кривошапка-Дзюба", "Мусійʼчук", "О'Коннор", "Ковале\u{0301}нко", "🇺🇦", "👨‍👩‍👧", "Łukasz", ""] {
            #expect(TextInput.problem(in: fine, limit: 200) == nil, "\(fine)")
        }
        #expect(TextInput.problem(in: String(repeating: "ф", count: 200), limit: 200) == nil)
        #expect(TextInput.problem(in: String(repeating: "ф", count: 201), limit: 200) == .tooLong(limit: 200))
    }

    @Test func aWallOfTextIsRefusedHavingLookedAtNoMoreThanTheLimit() {
        // A control character far past the limit is never reached: the length is the answer.
        let wall = String(repeating: "Ф", count: 5_000_000) + "\u{1B}"
        #expect(TextInput.problem(in: wall, limit: 200) == .tooLong(limit: 200))
        #expect(TextInput.excerpt(wall, limit: 5) == "ФФФФФ…")
    }

    @Test func textLeavingForATerminalShowsEveryControlVisibly() {
        let stored = "Кова\u{1B}[2J\u{1B}]0;pwned\u{07}\u{202E}ленко\u{9B}\r\nх"
        let shown = TextInput.escapedForTerminal(stored)
        #expect(shown == "Кова\\u{1B}[2J\\u{1B}]0;pwned\\u{07}\\u{202E}ленко\\u{9B}\\u{0D}\nх")
        #expect(!shown.unicodeScalars.contains { TextInput.isRefused($0) && $0 != "\n" })
        #expect(TextInput.escapedForTerminal("a\nb", keepingLineFeeds: false) == "a\\u{0A}b")
        let plain = "Коваленко Олена 🇺🇦\n"
        #expect(TextInput.escapedForTerminal(plain) == plain)
    }

    @Test func jsonKeepsItsValueAndLosesItsRawControls() throws {
        let value = ["name": "Кова\u{1B}[2J\u{7F}\u{85}\u{202E}ленко"]
        let json = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let escaped = TextInput.escapedJSON(json)
        #expect(!escaped.unicodeScalars.contains(where: TextInput.isRefused))
        #expect(try JSONDecoder().decode([String: String].self, from: Data(escaped.utf8)) == value)
    }

    @Test func linesOfStandardInputAreCutNotHeldWhateverTheirLength() {
        var lines = BoundedLines(limit: 10)
        var out = lines.feed(Array("ковал".utf8))  // 10 bytes: at the limit
        out += lines.feed(Array("\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 1_000_000))
        out += lines.feed(Array("\nолена".utf8))
        if let last = lines.end() { out.append(last) }
        #expect(out == [.text("ковал"), .tooLong(start: String(repeating: "x", count: 10) + "…"), .text("олена")])
        #expect(lines.end() == nil)
    }
}

@Suite("Spreadsheet cells: formulas neutralised, read back unchanged")
struct SpreadsheetCellTests {
    static let hostile = [
        "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3+cmd|' /C calc'!A0", "\tx", "\rx", "=1+1",
        "-", "+", "'=already", "ʼʼ@x",
    ]

    @Test func everyFormulaIsNeutralisedAndRestored() {
        for cell in Self.hostile {
            let written = CSVTable.neutralised(cell)
            #expect(written.hasPrefix("'") || !"=+-@\t\r".contains(written.first!), "\(cell)")
            #expect(CSVTable.restored(written) == cell, "\(cell)")
        }
        for number in ["+380671234567", "-3", "2.5", "00417", "0512-5001234567", "Коваленко", "'Ясь", ""] {
            #expect(CSVTable.neutralised(number) == number)
            #expect(CSVTable.restored(number) == number)
        }
    }

    @Test func theRegisterExportNeutralisesAndImportsBackUnchanged() throws {
        let members = [
            Person(surname: "=HYPERLINK(\"http://x\",\"y\")", givenName: "+cmd| /C calc!A0", patronymic: "@SUM(1)",
                   birthDate: CivilDate(year: 1980, month: 1, day: 2), sex: .female, phone: "+380671234567",
                   idpCertificate: "-1+1", isHead: true, hasDisability: false),
        ]
        let register = Register(households: [Household(number: "00417", settlement: "=Бар", members: members)])
        for flavour in [RegisterWriter.Flavour.utf8, .excel1251] {
            let data = try #require(RegisterWriter.csv(register, flavour: flavour, withContacts: true))
            let text = flavour == .utf8 ? String(decoding: data, as: UTF8.self) : Windows1251.decode(data)
            for line in text.split(separator: "\r\n").dropFirst() {
                for cell in line.split(separator: flavour == .utf8 ? "," : ";", omittingEmptySubsequences: false) {
                    let bare = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                    #expect(!"=+-@".contains(bare.first ?? " ") || bare.hasPrefix("+380"), "\(cell) in \(flavour)")
                }
            }
            let parsed = try RegisterParser.parse(data, today: CivilDate(year: 2026, month: 3, day: 1)!).get()
            #expect(parsed.register.households.first?.members.first == members.first)
            #expect(parsed.register.households.first?.settlement == "=Бар")
            #expect(RegisterWriter.csv(parsed.register, flavour: flavour, withContacts: true) == data)
        }
    }

    @Test func everyOtherCSVNeutralisesToo() {
        let data = CSVTable.encode([["=1+1", "@x", "+380671234567", "-3"]], flavour: .utf8)!
        #expect(String(decoding: data.dropFirst(3), as: UTF8.self) == "'=1+1,'@x,+380671234567,-3\r\n")
    }
}

@Suite("The register refuses control characters and walls of text, naming the row")
struct RegisterTextTests {
    static let today = CivilDate(year: 2026, month: 3, day: 1)!
    static let header = "№ сім'ї,Прізвище,Ім'я,По батькові,Населений пункт,Номер довідки ВПО\n"

    static func problems(_ rows: String) -> [RegisterProblem] {
        switch RegisterParser.parse(Data((header + rows).utf8), today: today) {
        case .success: return []
        case .failure(let failure): return failure.problems
        }
    }

    @Test func aNulInASurnameRefusesTheRowInsteadOfCuttingTheName() {
        let found = Self.problems("00417,Кова\u{0}ленко,Олена,Петрівна,Бар,\n00418,Шевчук,Ганна,,Бар,\n")
        #expect(found.count == 1)
        #expect(found.first?.row == 2 && found.first?.column == "Прізвище" && found.first?.reason == .controlCharacter)
        #expect(found.first?.value == "Кова\\u{00}ленко")
    }

    @Test func everyTextColumnIsChecked() {
        let found = Self.problems(
            "0041\u{7}7,\u{1B}[2J,\u{202E}анна,\u{9B}x,\u{1B}]0;pwned\u{7},0512\u{2066}\n")
        #expect(found.map(\.column) == ["№ сім'ї", "Прізвище", "Ім'я", "По батькові", "Населений пункт", "Номер довідки ВПО"])
        #expect(found.allSatisfy { $0.reason == .controlCharacter && $0.row == 2 })
        #expect(found.allSatisfy { !$0.value.unicodeScalars.contains(where: TextInput.isRefused) })
    }

    @Test func anOverlongCellIsRefusedAndQuotedShort() {
        let wall = String(repeating: "Ф", count: 5_000)
        let found = Self.problems("00417,\(wall),Олена,,Бар,\n")
        #expect(found.count == 1 && found.first?.reason == .tooLong && found.first?.column == "Прізвище")
        #expect((found.first?.value.count ?? 0) <= 41)
        #expect(Self.problems("00417,\(String(repeating: "Ф", count: 200)),Олена,,Бар,\n").isEmpty)
    }

    @Test func lineBreaksAndTabsInsideACellAreStillReadAsSpaces() throws {
        let parsed = try RegisterParser.parse(Data((Self.header + "00417,\"Кова\tленко\nДзюба\",Олена,,Бар,\n").utf8), today: Self.today).get()
        #expect(parsed.register.households.first?.members.first?.surname == "Кова ленко Дзюба")
    }
}

@Suite("No stored name makes a search slow")
struct SearchBoundTests {
    @Test func aSurnameOfMillionsOfLettersIsIndexedByItsBeginningOnly() throws {
        let wall = String(repeating: "Ф", count: 2_000_000)
        let index = SearchIndex(records: [
            SearchRecord(household: "00001", member: 0, surname: wall, givenName: "Олена", patronymic: "Петрівна",
                         phone: nil, idpCertificate: nil),
            SearchRecord(household: "00002", member: 0, surname: "Коваленко", givenName: "Олена", patronymic: "Петрівна",
                         phone: nil, idpCertificate: nil),
        ])
        let found = try #require(index.search("ФФФ", limit: 5)?.results)
        #expect(found.map(\.household) == ["00001"])
        // What the index holds of the name, and so what a result shows, is bounded.
        #expect(found[0].name.count == SearchIndex.indexedFieldLength + 1 + " Олена Петрівна".count)
        #expect(found[0].name.hasPrefix(String(repeating: "Ф", count: SearchIndex.indexedFieldLength) + "… Олена"))
        #expect(index.search("коваленко олена", limit: 5)?.results.first?.household == "00002")
    }

    @Test func aQueryOfMillionsOfCharactersIsReadUpToTheLimit() throws {
        let index = SearchIndex(records: [
            SearchRecord(household: "00002", member: 0, surname: "Коваленко", givenName: "Олена", patronymic: "Петрівна",
                         phone: nil, idpCertificate: nil),
        ])
        // What comes past the first 200 characters is not read: the name still finds the family.
        let query = "коваленко" + String(repeating: " ", count: 1_000_000) + "щщщщщщ"
        #expect(try #require(index.search(query, limit: 5)).results.first?.household == "00002")
    }
}
