import Foundation

/// The issuances export: one row per issuance, voided ones included and marked, for the
/// donor's audit. Phones and certificate numbers only when asked for.
public enum IssuanceExport {
    public static func rows(
        _ lines: [IssuanceLine], catalogue: KitCatalogue, strings: Strings, timeZone: TimeZone, withContacts: Bool
    ) -> [[String]] {
        var keys = [
            "id", "distributionId", "distribution", "household", "kitCode", "kit", "quantity", "collectedBy", "proxy",
        ]
        if withContacts { keys += ["phone", "idpCertificate"] }
        keys += ["issuedAt", "desk", "operator", "voidedAt", "voidedBy", "voidReason"]
        var rows = [keys.map { strings["export.col.\($0)"] }]
        for line in lines {
            var cells = [
                String(line.id), String(line.distributionId), CSVTable.text(line.distributionName), line.household,
                line.kit, catalogue[line.kit]?.name(in: strings.language) ?? line.kit, String(line.quantity),
                CSVTable.text(line.collectedBy), strings[line.collectedByProxy ? "sheet.yes" : "sheet.no"],
            ]
            if withContacts { cells += [line.collectorPhone ?? "", CSVTable.text(line.collectorCertificate ?? "")] }
            cells += [
                localDateTime(line.issuedAt, timeZone: timeZone), CSVTable.text(line.desk), CSVTable.text(line.operatorName),
                line.voidedAt.map { localDateTime($0, timeZone: timeZone) } ?? "", CSVTable.text(line.voidedBy ?? ""),
                CSVTable.text(line.voidReason ?? ""),
            ]
            rows.append(cells)
        }
        return rows
    }
}
