import Foundation

/// The signed distribution list as spreadsheet rows: a header, one row per household with a
/// column per kit (so a spreadsheet can sum them), an empty signature column, and a last row
/// of totals. A kit given off the plan is marked with the reason in the kits column.
public enum SheetCSV {
    public static func rows(
        _ sheet: DistributionSheet, catalogue: KitCatalogue, strings: Strings, timeZone: TimeZone
    ) -> [[String]] {
        let language = strings.language
        let kits = sheet.totals.kits.map(\.kit)
        var header = [
            "sheet.col.number", "sheet.col.household", "sheet.col.people", "sheet.col.recipient", "sheet.col.proxy",
            "sheet.col.kits",
        ].map { strings[$0] }
        header += kits.map { catalogue[$0]?.name(in: language) ?? $0 }
        header += [strings["sheet.col.datetime"], strings["sheet.col.signature"]]

        var rows = [header]
        for row in sheet.rows {
            let quantities = Dictionary(uniqueKeysWithValues: row.kits.map { ($0.kit, $0.quantity) })
            var cells = [
                String(row.number), row.household, String(row.people),
                row.recipients.map(\.name).joined(separator: "; "),
                strings[row.recipients.contains(where: \.isProxy) ? "sheet.yes" : "sheet.no"],
                DistributionSheet.kitsText(row.kits, catalogue: catalogue, strings: strings),
            ]
            cells += kits.map { quantities[$0].map(String.init) ?? "" }
            cells += [row.issuedAt.map { localDateTime($0, timeZone: timeZone) }.joined(separator: "; "), ""]
            rows.append(cells)
        }
        var totals = [strings["sheet.totals"], String(sheet.totals.households), String(sheet.totals.people), "", "", ""]
        totals += sheet.totals.kits.map { String($0.quantity) }
        totals += ["", ""]
        rows.append(totals)
        return rows
    }
}
