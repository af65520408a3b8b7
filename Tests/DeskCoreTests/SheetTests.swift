import DeskCore
import DeskResources
import Foundation
import Testing

/// Synthetic issuances of one small distribution day, for the pure sheet and export code.
enum SheetFixture {
    static let kyiv = TimeZone(identifier: "Europe/Kyiv")!
    static let catalogue = try! KitCatalogue(json: DeskResources.kitCatalogueJSON())
    static let uk = try! Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
    static let en = try! Strings(language: .en, json: DeskResources.stringsJSON(language: "en"))
    /// 25.11.2026 10:00 in Kyiv (UTC+2).
    static let morning = Date(timeIntervalSince1970: 1_795_593_600)
    static let tricky = "Дʼякон-О'Коннор <b>Джон</b> & \"Ко\""

    static let distribution = SheetDistribution(
        id: 2, name: "Зимова <видача> & «друзі»", date: CivilDate(year: 2026, month: 11, day: 25)!, place: "Вінниця",
        isOpen: true, kits: ["hygiene", "winterization", "bedding"])

    static func line(
        _ id: Int64, _ household: String, _ kit: String, _ quantity: Int = 1, minutes: Double,
        people: Int = 2, by collector: String = "Коваль Ганна Петрівна", proxy: Bool = false, distribution: Int64 = 2,
        voided: Bool = false
    ) -> IssuanceLine {
        IssuanceLine(
            id: id, distributionId: distribution, distributionName: distribution == 2 ? "Зимова видача" : "Осінь",
            household: household, householdPeople: people, kit: kit, quantity: quantity, collectedBy: collector,
            collectedByProxy: proxy, issuedAt: morning.addingTimeInterval(minutes * 60), desk: "2",
            operatorName: "=Марія", voidedAt: voided ? morning.addingTimeInterval(minutes * 60 + 300) : nil,
            voidedBy: voided ? "Координатор" : nil, voidReason: voided ? "помилка, не та сім'я" : nil,
            collectorPhone: proxy ? nil : "+380671234567", collectorCertificate: proxy ? nil : "0504-000001")
    }

    /// Four households served (one by a proxy, one in two visits), one whose only issuance was
    /// voided, and a line of another distribution.
    static let lines: [IssuanceLine] = [
        line(1, "00417", "hygiene", minutes: 5, people: 3),
        line(2, "00417", "bedding", 3, minutes: 5, people: 3),
        line(3, "00002", "hygiene", minutes: 0, people: 1, by: "Петренко Іван"),
        line(4, "00900", "hygiene", minutes: 12, people: 4, by: tricky, proxy: true),
        line(5, "00900", "winterization", minutes: 12, people: 4, by: tricky, proxy: true),
        line(6, "00555", "hygiene", minutes: 20, people: 2, voided: true),
        line(7, "00031", "hygiene", minutes: 30, people: 5, by: "Мельник Олег"),
        line(8, "00031", "bedding", 4, minutes: 95, people: 5, by: "Мельник Ольга"),
        line(9, "00417", "hygiene", minutes: -40_000, people: 3, distribution: 1),
    ]

    static var sheet: DistributionSheet { DistributionSheet(distribution: distribution, lines: lines, catalogue: catalogue) }
}

@Suite("The signed distribution list")
struct SheetTests {
    let sheet = SheetFixture.sheet

    @Test func oneRowPerServedHouseholdInTheOrderTheyCameVoidsLeftOut() {
        #expect(sheet.rows.map(\.household) == ["00002", "00417", "00900", "00031"])
        #expect(sheet.rows.map(\.number) == [1, 2, 3, 4])
        #expect(!sheet.rows.contains { $0.household == "00555" })
        let visit = sheet.rows[1]
        #expect(visit.kits == [.init(kit: "hygiene", quantity: 1), .init(kit: "bedding", quantity: 3)])
        #expect(visit.people == 3)
        #expect(visit.issuedAt.count == 1)
        #expect(sheet.rows[2].recipients == [.init(name: SheetFixture.tricky, isProxy: true)])
        // Two visits by two members: both named, both times kept.
        #expect(sheet.rows[3].recipients.map(\.name) == ["Мельник Олег", "Мельник Ольга"])
        #expect(sheet.rows[3].issuedAt.count == 2)
    }

    @Test func totalsAddUpAndListEveryStockedKit() {
        #expect(sheet.totals.households == 4)
        #expect(sheet.totals.people == 1 + 3 + 4 + 5)
        #expect(sheet.totals.kits == [
            .init(kit: "hygiene", quantity: 4), .init(kit: "winterization", quantity: 1), .init(kit: "bedding", quantity: 7),
        ])
        let fromRows = sheet.rows.flatMap(\.kits).reduce(0) { $0 + $1.quantity }
        #expect(sheet.totals.kits.reduce(0) { $0 + $1.quantity } == fromRows)
    }

    @Test func kitsOfARowReadAsOneLine() {
        let text = DistributionSheet.kitsText(sheet.rows[1].kits, catalogue: SheetFixture.catalogue, language: .uk)
        #expect(text == "Гігієнічний набір ×1; Постільний комплект ×3")
        let english = DistributionSheet.kitsText(sheet.rows[1].kits, catalogue: SheetFixture.catalogue, language: .en)
        #expect(english == "Hygiene kit ×1; Bedding set ×3")
    }

    @Test func anEmptyDistributionGivesAnEmptyListWithZeroTotals() {
        let empty = DistributionSheet(distribution: SheetFixture.distribution, lines: [], catalogue: SheetFixture.catalogue)
        #expect(empty.rows.isEmpty)
        #expect(empty.totals.households == 0 && empty.totals.people == 0)
        #expect(empty.totals.kits.map(\.quantity) == [0, 0, 0])
        let html = SheetHTML.render(
            empty, catalogue: SheetFixture.catalogue, strings: SheetFixture.uk, timeZone: SheetFixture.kyiv,
            generatedAt: SheetFixture.morning)
        #expect(html.contains("<tr class=\"empty\"><td colspan=\"6\">У цій видачі ще нічого не видано.</td></tr>"))
    }
}

@Suite("The list as an HTML page")
struct SheetHTMLTests {
    let html = SheetHTML.render(
        SheetFixture.sheet, catalogue: SheetFixture.catalogue, strings: SheetFixture.uk, timeZone: SheetFixture.kyiv,
        generatedAt: SheetFixture.morning.addingTimeInterval(7200))

    /// The `data-…` attributes of each household row.
    func rows(_ html: String) -> [(household: String, people: Int, kits: [String: Int])] {
        html.components(separatedBy: "<tr class=\"row\"").dropFirst().map { chunk in
            let household = attribute("data-household", in: chunk)
            let people = Int(attribute("data-people", in: chunk)) ?? -1
            var kits: [String: Int] = [:]
            for pair in attribute("data-kits", in: chunk).split(separator: " ") {
                let parts = pair.split(separator: "=")
                kits[String(parts[0])] = Int(parts[1])
            }
            return (household, people, kits)
        }
    }

    func attribute(_ name: String, in text: String) -> String {
        guard let start = text.range(of: "\(name)=\"") else { return "" }
        return String(text[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test func printsOnA4WithTheHeaderOnEveryPageAndNoRowSplit() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"uk\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("size: A4;"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("tr { page-break-inside: avoid; break-inside: avoid; }"))
        #expect(html.contains("<thead>\n<tr><th>№</th><th>№ сім&#39;ї</th><th>Отримувач (ПІБ)</th>"))
        #expect(html.contains("<th>Підпис отримувача</th></tr>\n</thead>"))
        #expect(html.contains("<h1>Відомість видачі гуманітарної допомоги</h1>"))
        #expect(html.contains("Видача ще триває: відомість станом на 25.11.2026 12:00."))
        // Every row has an empty cell to sign in.
        #expect(html.components(separatedBy: "<td class=\"signature\"></td></tr>").count - 1 == 4)
        #expect(html.contains("Координатор") && html.contains("Свідок"))
    }

    @Test func everyServedHouseholdIsARowAndTheTotalsAddUp() {
        let found = rows(html)
        #expect(found.map(\.household) == ["00002", "00417", "00900", "00031"])
        #expect(!html.contains("00555"))
        let totalPeople = found.reduce(0) { $0 + $1.people }
        #expect(html.contains("<td data-total=\"people\">\(totalPeople)</td>"))
        #expect(html.contains("<td data-total=\"households\">\(found.count)</td>"))
        for kit in ["hygiene", "winterization", "bedding"] {
            let sum = found.reduce(0) { $0 + ($1.kits[kit] ?? 0) }
            #expect(html.contains("<td data-kit=\"\(kit)\">\(sum)</td>"), "\(kit)")
        }
        #expect(html.contains("Гігієнічний набір ×1; Постільний комплект ×3"))
        #expect(html.contains("<td class=\"time\">25.11.2026<br>10:30, 11:35</td>"))
    }

    @Test func everyValueIsEscaped() {
        #expect(!html.contains("<b>Джон</b>"))
        #expect(html.contains("Дʼякон-О&#39;Коннор &lt;b&gt;Джон&lt;/b&gt; &amp; &quot;Ко&quot;"))
        #expect(html.contains("<span class=\"proxy\">(довірена особа)</span>"))
        #expect(html.contains("<td class=\"distribution-name\">Зимова &lt;видача&gt; &amp; «друзі»</td>"))
        #expect(!html.contains("<видача>"))
        #expect(SheetHTML.escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;")
        // In the page footer (a CSS string) the name cannot close the string or the <style> element.
        let style = html.components(separatedBy: "<style>")[1].components(separatedBy: "</style>")[0]
        #expect(style.contains("Зимова \\3C видача\\3E  \\26  «друзі»"))
    }

    @Test func theVoidedAndTheOtherDistributionStayOut() {
        #expect(!html.contains("помилка, не та сім"))
        #expect(rows(html).first { $0.household == "00417" }?.kits == ["hygiene": 1, "bedding": 3])
    }

    @Test func loadsNothingFromOutside() {
        for outside in ["http:", "https:", "<script", "<link", "<img", "src=", "@import", "url("] {
            #expect(!html.contains(outside), "\(outside)")
        }
    }

    @Test func speaksEnglishWhenAsked() {
        let english = SheetHTML.render(
            SheetFixture.sheet, catalogue: SheetFixture.catalogue, strings: SheetFixture.en, timeZone: SheetFixture.kyiv,
            generatedAt: SheetFixture.morning)
        #expect(english.contains("<html lang=\"en\">"))
        #expect(english.contains("<h1>Humanitarian aid distribution list</h1>"))
        #expect(english.contains("<th>Recipient&#39;s signature</th>"))
        #expect(english.contains("Hygiene kit ×1; Bedding set ×3"))
        #expect(english.contains("(proxy)"))
        // No key was left untranslated.
        #expect(!english.contains("sheet."))
        #expect(!html.contains("sheet."))
    }
}

@Suite("The list and the issuances as CSV")
struct SheetCSVTests {
    @Test func theListHasAColumnPerKitAndATotalsRow() {
        let rows = SheetCSV.rows(
            SheetFixture.sheet, catalogue: SheetFixture.catalogue, strings: SheetFixture.uk, timeZone: SheetFixture.kyiv)
        #expect(rows[0] == [
            "№", "№ сім'ї", "Осіб у сім'ї", "Отримувач (ПІБ)", "Довірена особа", "Набори і кількість", "Гігієнічний набір",
            "Зимовий набір", "Постільний комплект", "Дата і час", "Підпис отримувача",
        ])
        #expect(rows.count == 1 + 4 + 1)
        #expect(rows[2] == [
            "2", "00417", "3", "Коваль Ганна Петрівна", "ні", "Гігієнічний набір ×1; Постільний комплект ×3", "1", "", "3",
            "25.11.2026 10:05", "",
        ])
        #expect(rows[3][3] == SheetFixture.tricky && rows[3][4] == "так")
        #expect(rows[4][3] == "Мельник Олег; Мельник Ольга")
        #expect(rows[4][9] == "25.11.2026 10:30; 25.11.2026 11:35")
        #expect(rows.last! == ["Разом", "4", "13", "", "", "", "4", "1", "7", "", ""])
        // Each kit column sums to its total.
        for column in 6...8 {
            let sum = rows.dropFirst().dropLast().reduce(0) { $0 + (Int($1[column]) ?? 0) }
            #expect(String(sum) == rows.last![column])
        }
    }

    @Test func encodesAsUTF8WithABOMOrAsWindows1251WithSemicolons() throws {
        let rows = [["№ сім'ї", "Ім'я"], ["00417", "Коваль, \"Ганна\""], ["00418", "Сім;кін"]]
        let utf8 = try #require(CSVTable.encode(rows, flavour: .utf8))
        #expect(Array(utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: utf8.dropFirst(3), as: UTF8.self)
            == "№ сім'ї,Ім'я\r\n00417,\"Коваль, \"\"Ганна\"\"\"\r\n00418,Сім;кін\r\n")
        let excel = try #require(CSVTable.encode(rows, flavour: .excel1251))
        #expect(String(data: excel, encoding: .utf8) == nil)
        #expect(Windows1251.decode(excel) == "№ сім'ї;Ім'я\r\n00417;\"Коваль, \"\"Ганна\"\"\"\r\n00418;\"Сім;кін\"\r\n")
        #expect(CSVTable.encode([["日本"]], flavour: .excel1251) == nil)
        #expect(CSVTable.encode([["Ковдра ×2"]], flavour: .excel1251).map(Windows1251.decode) == "Ковдра x2\r\n")
    }

    @Test func aNameThatLooksLikeAFormulaIsDefused() {
        #expect(CSVTable.neutralised("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
        #expect(CSVTable.neutralised("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0")
        #expect(CSVTable.neutralised("@a") == "'@a" && CSVTable.neutralised("-") == "'-")
        #expect(CSVTable.neutralised("\tx") == "'\tx" && CSVTable.neutralised("\rx") == "'\rx")
        // A sign followed by digits only is a number (a phone, a difference), not a formula.
        #expect(CSVTable.neutralised("+380671234567") == "+380671234567" && CSVTable.neutralised("-1") == "-1")
        #expect(CSVTable.neutralised("-2+3") == "'-2+3" && CSVTable.neutralised("+380 67") == "'+380 67")
        #expect(CSVTable.neutralised("Коваль") == "Коваль" && CSVTable.neutralised("") == "")
    }

    @Test func issuancesExportOneRowEachVoidsIncludedContactsOnlyOnRequest() throws {
        let plain = IssuanceExport.rows(
            SheetFixture.lines, catalogue: SheetFixture.catalogue, strings: SheetFixture.uk, timeZone: SheetFixture.kyiv,
            withContacts: false)
        #expect(plain[0] == [
            "№ запису", "№ видачі", "Видача", "№ сім'ї", "Код набору", "Набір", "Кількість", "Отримав(ла)", "Довірена особа",
            "Видано", "Стіл", "Видав(ла)", "Скасовано", "Скасував(ла)", "Причина скасування",
            "Причина видачі поза планом",
        ])
        #expect(plain.count == 1 + SheetFixture.lines.count)
        #expect(plain[2] == [
            "2", "2", "Зимова видача", "00417", "bedding", "Постільний комплект", "3", "Коваль Ганна Петрівна", "ні",
            "25.11.2026 10:05", "2", "=Марія", "", "", "", "",
        ])
        // The rows are the data; the CSV written from them never lets a cell become a formula.
        let written = String(decoding: try #require(CSVTable.encode(plain, flavour: .utf8)).dropFirst(3), as: UTF8.self)
        #expect(written.contains(",'=Марія,") && !written.contains(",=Марія,"))
        #expect(plain[4][8] == "так")
        #expect(Array(plain[6].suffix(4).prefix(3)) == ["25.11.2026 10:25", "Координатор", "помилка, не та сім'я"])
        #expect(!plain.joined().contains { $0.contains("+380") || $0.contains("0504-") })

        let contacts = IssuanceExport.rows(
            SheetFixture.lines, catalogue: SheetFixture.catalogue, strings: SheetFixture.en, timeZone: SheetFixture.kyiv,
            withContacts: true)
        #expect(contacts[0] == [
            "id", "distribution_id", "distribution", "household", "kit_code", "kit", "quantity", "collected_by", "proxy",
            "collector_phone", "collector_idp_certificate", "issued_at", "desk", "operator", "voided_at", "voided_by",
            "void_reason", "override_reason",
        ])
        #expect(contacts[1][9] == "+380671234567" && contacts[1][10] == "0504-000001" && contacts[1][8] == "no")
        #expect(contacts[4][9] == "" && contacts[4][8] == "yes")
    }
}
