import DeskCore
import Foundation
import Testing

/// Reads CSV as RFC 4180 writes it (quotes, doubled quotes, CRLF), after a BOM if any.
func csvRows(_ text: String, delimiter: Character = ",") -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    let characters = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
    var i = 0
    while i < characters.count {
        let c = characters[i]
        if quoted {
            if c == "\"" {
                if i + 1 < characters.count && characters[i + 1] == "\"" {
                    cell.append("\"")
                    i += 1
                } else {
                    quoted = false
                }
            } else {
                cell.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == delimiter {
            row.append(cell)
            cell = ""
        } else if c == "\r\n" || c == "\n" {
            row.append(cell)
            rows.append(row)
            row = []
            cell = ""
        } else {
            cell.append(c)
        }
        i += 1
    }
    if !cell.isEmpty || !row.isEmpty {
        row.append(cell)
        rows.append(row)
    }
    return rows
}

/// The `data-…` attribute values of the household rows of a list.
func sheetRows(_ html: String) -> [(household: String, people: Int, kits: [String: Int])] {
    func attribute(_ name: String, in text: String) -> String {
        guard let start = text.range(of: "\(name)=\"") else { return "" }
        return String(text[start.upperBound...].prefix { $0 != "\"" })
    }
    return html.components(separatedBy: "<tr class=\"row\"").dropFirst().map { chunk in
        var kits: [String: Int] = [:]
        for pair in attribute("data-kits", in: chunk).split(separator: " ") {
            let parts = pair.split(separator: "=")
            kits[String(parts[0])] = Int(parts[1])
        }
        return (attribute("data-household", in: chunk), Int(attribute("data-people", in: chunk)) ?? -1, kits)
    }
}

@Suite("aiddesk sheet: the signed distribution list", .serialized)
struct SheetCLITests {
    static let proxy = "О'Коннор <Джон> & \"Ко\""

    /// 40 households; 1...30 served hygiene (every third bedding too), 31 by a proxy,
    /// 32 served and then voided.
    func distributionDay() throws -> ScratchHub {
        let hub = try ScratchHub()
        try hub.seed(households: 40)
        let opened = try hub.aiddesk([
            "distribution", "open", "Зимова видача", "--kit", "hygiene=100", "--kit", "bedding=100", "--place", "Вінниця",
        ])
        #expect(opened.status == 0, "\(opened.stderr)")
        for n in 1...30 {
            let kits = n % 3 == 0 ? ["hygiene", "bedding"] : ["hygiene"]
            let issued = try hub.aiddesk(["issue", householdNumber(n)] + kits, desk: "\(1 + n % 2)")
            #expect(issued.status == 0, "\(issued.stderr)")
        }
        #expect(try hub.aiddesk(["issue", "00031", "hygiene", "--collected-by", Self.proxy]).status == 0)
        let voided = try hub.aiddesk(["issue", "00032", "hygiene", "--json"])
        let id = try #require(((jsonObject(voided.stdout)?["issued"] as? [[String: Any]])?.first?["id"]) as? Int)
        let void = try hub.aiddesk(["void", "\(id)", "--reason", "не та сім'я"])
        #expect(void.status == 0, "\(void.stderr)")
        return hub
    }

    @Test func everyServedHouseholdIsARowTheVoidedIsNotAndTheTotalsAddUp() throws {
        let hub = try distributionDay()
        defer { hub.remove() }
        let out = hub.folder.appendingPathComponent("відомість.html").path
        let result = try hub.aiddesk(["sheet", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("сімей — 31"))
        let html = try String(contentsOfFile: out, encoding: .utf8)

        #expect(html.contains("<h1>Відомість видачі гуманітарної допомоги</h1>"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("<thead>"))
        #expect(html.contains("Зимова видача") && html.contains("Вінниця"))

        let rows = sheetRows(html)
        #expect(Set(rows.map(\.household)) == Set((1...31).map(householdNumber)))
        #expect(rows.count == 31)
        #expect(!rows.contains { $0.household == "00032" })
        #expect(!html.contains("не та сім"))
        // Seeded households of three have a child: two people, two bedding sets.
        let people = (1...31).reduce(0) { $0 + ($1 % 3 == 0 ? 2 : 1) }
        #expect(rows.reduce(0) { $0 + $1.people } == people)
        #expect(html.contains("<td data-total=\"households\">31</td>"))
        #expect(html.contains("<td data-total=\"people\">\(people)</td>"))
        #expect(html.contains("<td data-kit=\"hygiene\">31</td>"))
        #expect(html.contains("<td data-kit=\"bedding\">20</td>"))
        #expect(rows.reduce(0) { $0 + ($1.kits["bedding"] ?? 0) } == 20)

        #expect(html.contains("О&#39;Коннор &lt;Джон&gt; &amp; &quot;Ко&quot; <span class=\"proxy\">(довірена особа)</span>"))
        #expect(!html.contains("<Джон>"))
        #expect(html.contains("Тестенко Олена Іванівна"))
        for outside in ["http:", "https:", "<script", "<link", "src="] { #expect(!html.contains(outside)) }
    }

    @Test func csvByExtensionOrFormatAndForOlderExcel() throws {
        let hub = try distributionDay()
        defer { hub.remove() }
        let csvPath = hub.folder.appendingPathComponent("sheet.csv").path
        #expect(try hub.aiddesk(["sheet", "--out", csvPath]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: csvPath))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let rows = csvRows(String(decoding: data, as: UTF8.self))
        #expect(rows[0] == [
            "№", "№ сім'ї", "Осіб у сім'ї", "Отримувач (ПІБ)", "Довірена особа", "Набори і кількість", "Гігієнічний набір",
            "Постільний комплект", "Дата і час", "Підпис отримувача",
        ])
        #expect(rows.count == 1 + 31 + 1)
        #expect(rows.last! == ["Разом", "31", "41", "", "", "", "31", "20", "", ""])
        #expect(rows.contains { $0[3] == Self.proxy && $0[4] == "так" })

        // --format csv to standard output; --excel for Windows-1251 with semicolons.
        let stdout = try hub.aiddesk(["sheet", "--format", "csv"])
        #expect(stdout.status == 0)
        #expect(csvRows(stdout.stdout) == rows)
        let excelPath = hub.folder.appendingPathComponent("sheet-excel.txt").path
        #expect(try hub.aiddesk(["sheet", "--format", "csv", "--excel", "--out", excelPath]).status == 0)
        #expect(try hub.aiddesk(["sheet", "--excel"]).status == 64)
        let excel = try Data(contentsOf: URL(fileURLWithPath: excelPath))
        #expect(String(data: excel, encoding: .utf8) == nil)
        let excelRows = csvRows(Windows1251.decode(excel), delimiter: ";")
        #expect(excelRows.count == rows.count)
        #expect(excelRows[1][5] == rows[1][5].replacingOccurrences(of: "×", with: "x"))
        #expect(excelRows.last == rows.last)
        #expect(excelRows.contains { $0[3] == Self.proxy })
    }

    @Test func englishHeadingsAndTheDistributionChosen() throws {
        let hub = try distributionDay()
        defer { hub.remove() }
        let english = try hub.aiddesk(["sheet", "--lang", "en"])
        #expect(english.status == 0)
        #expect(english.stdout.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(english.stdout.contains("<h1>Humanitarian aid distribution list</h1>"))
        #expect(english.stdout.contains("(proxy)"))

        #expect(try hub.aiddesk(["sheet", "--distribution", "9"]).status == 5)
        // A second distribution only once the first is closed; the first's list is still there by id.
        #expect(try hub.aiddesk(["distribution", "open", "Друга", "--kit", "hygiene=5"]).status != 0)
        #expect(try hub.aiddesk(["distribution", "close", "1"]).status == 0)
        #expect(try hub.aiddesk(["distribution", "open", "Друга", "--kit", "hygiene=5"]).status == 0)
        #expect(sheetRows(try hub.aiddesk(["sheet", "--distribution", "1"]).stdout).count == 31)
        // All closed: the latest, which served nobody.
        #expect(try hub.aiddesk(["distribution", "close", "2"]).status == 0)
        let latest = try hub.aiddesk(["sheet"])
        #expect(latest.status == 0)
        #expect(latest.stdout.contains("Друга"))
        #expect(latest.stdout.contains("У цій видачі ще нічого не видано."))
        #expect(!latest.stdout.contains("ще триває"))
    }
}
