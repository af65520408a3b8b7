import DeskCore
import DeskResources
import Foundation
import Testing

/// Kits a coordinator gave off the plan, on the signed list: marked beside the kit with the
/// reason, on paper and in the CSV. Part of the signed list's suite.
extension SheetTests {
    static let reason = "переселені вчора <без> документів & «кухні»"

    /// The fixture's day, with 00031's bedding and a new kitchen kit for 00002 given off the plan
    /// (the kitchen kit later voided and given again by override, for another reason).
    static func overrideLines() -> [IssuanceLine] {
        var lines = SheetFixture.lines
        lines[7].overrideReason = "багатодітна"  // 00031's bedding ×4
        var kitchen = SheetFixture.line(10, "00002", "kitchen", minutes: 0, people: 1, by: "Петренко Іван", voided: true)
        kitchen.overrideReason = "помилково"
        var again = SheetFixture.line(11, "00002", "kitchen", minutes: 1, people: 1, by: "Петренко Іван")
        again.overrideReason = reason
        return lines + [kitchen, again]
    }

    static var overrideSheet: DistributionSheet {
        DistributionSheet(distribution: SheetFixture.distribution, lines: overrideLines(), catalogue: SheetFixture.catalogue)
    }

    @Test func aKitGivenOffThePlanCarriesItsReasonAndOnlyLiveOnesCount() throws {
        let sheet = Self.overrideSheet
        let first = try #require(sheet.rows.first { $0.household == "00002" })
        #expect(first.kits == [.init(kit: "hygiene", quantity: 1), .init(kit: "kitchen", quantity: 1, overrideReason: Self.reason)])
        let last = try #require(sheet.rows.first { $0.household == "00031" })
        #expect(last.kits == [.init(kit: "hygiene", quantity: 1), .init(kit: "bedding", quantity: 4, overrideReason: "багатодітна")])
        #expect(sheet.totals.offPlanKits == 5)  // bedding ×4 and kitchen ×1; the voided one is not on the list
        #expect(SheetFixture.sheet.totals.offPlanKits == 0)

        let uk = DistributionSheet.kitsText(last.kits, catalogue: SheetFixture.catalogue, strings: SheetFixture.uk)
        #expect(uk == "Гігієнічний набір ×1; Постільний комплект ×4 (поза планом: багатодітна)")
        let en = DistributionSheet.kitsText(last.kits, catalogue: SheetFixture.catalogue, strings: SheetFixture.en)
        #expect(en == "Hygiene kit ×1; Bedding set ×4 (off the plan: багатодітна)")
        // Kits given as planned read as they always did.
        let planned = try #require(sheet.rows.first { $0.household == "00417" })
        #expect(DistributionSheet.kitsText(planned.kits, catalogue: SheetFixture.catalogue, strings: SheetFixture.uk)
                == "Гігієнічний набір ×1; Постільний комплект ×3")
    }

    @Test func thePageMarksTheKitInBoldWithTheReasonEscaped() throws {
        let html = SheetHTML.render(
            Self.overrideSheet, catalogue: SheetFixture.catalogue, strings: SheetFixture.uk, timeZone: SheetFixture.kyiv,
            generatedAt: SheetFixture.morning)
        #expect(html.contains(
            "<td class=\"kits\" data-kits=\"hygiene=1 kitchen=1\" data-off-plan=\"kitchen\">Гігієнічний набір ×1; "
                + "Кухонний набір ×1 <strong class=\"off-plan\">(поза планом: переселені вчора &lt;без&gt; документів "
                + "&amp; «кухні»)</strong></td>"))
        #expect(html.contains("data-off-plan=\"bedding\">Гігієнічний набір ×1; Постільний комплект ×4 "
                              + "<strong class=\"off-plan\">(поза планом: багатодітна)</strong></td>"))
        #expect(!html.contains("<без>") && !html.contains("помилково"))
        #expect(html.contains("<tr><th>З них видано поза планом (рішення координатора, причину вказано в рядку)</th>"
                              + "<td data-total=\"off-plan\">5</td></tr>"))
        let english = SheetHTML.render(
            Self.overrideSheet, catalogue: SheetFixture.catalogue, strings: SheetFixture.en, timeZone: SheetFixture.kyiv,
            generatedAt: SheetFixture.morning)
        #expect(english.contains("Bedding set ×4 <strong class=\"off-plan\">(off the plan: багатодітна)</strong>"))
        #expect(!english.contains("sheet."))

        // A list with nothing off the plan has no mark and no such total: the page it always was.
        let plain = SheetHTML.render(
            SheetFixture.sheet, catalogue: SheetFixture.catalogue, strings: SheetFixture.uk, timeZone: SheetFixture.kyiv,
            generatedAt: SheetFixture.morning)
        #expect(!plain.contains("off-plan") && !plain.contains("поза планом"))
    }

    @Test func theCSVMarksTheKitInTheKitsColumn() {
        let rows = SheetCSV.rows(
            Self.overrideSheet, catalogue: SheetFixture.catalogue, strings: SheetFixture.uk, timeZone: SheetFixture.kyiv)
        let row = rows.first { $0[1] == "00002" }
        #expect(row?[5] == "Гігієнічний набір ×1; Кухонний набір ×1 (поза планом: \(Self.reason))")
        // The kit's own column is still the number a spreadsheet sums.
        #expect(rows[0].last(where: { $0 == "Кухонний набір" }) != nil)
        let kitchen = rows[0].firstIndex(of: "Кухонний набір")!
        #expect(row?[kitchen] == "1")
        #expect(rows.last?[kitchen] == "1")
    }
}
