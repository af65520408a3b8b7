import Foundation

/// The issuances export: one row per issuance, voided ones included and marked, for the
/// donor's audit, a kit given off the plan with the coordinator's reason. Phones and certificate
/// numbers only when asked for.
public enum IssuanceExport {
    public static func rows(
        _ lines: [IssuanceLine], catalogue: KitCatalogue, strings: Strings, timeZone: TimeZone, withContacts: Bool
    ) -> [[String]] {
        var keys = [
            "id", "distributionId", "distribution", "household", "kitCode", "kit", "quantity", "collectedBy", "proxy",
        ]
        if withContacts { keys += ["phone", "idpCertificate"] }
        keys += ["issuedAt", "desk", "operator", "voidedAt", "voidedBy", "voidReason", "overrideReason"]
        var rows = [keys.map { strings["export.col.\($0)"] }]
        for line in lines {
            var cells = [
                String(line.id), String(line.distributionId), line.distributionName, line.household,
                line.kit, catalogue[line.kit]?.name(in: strings.language) ?? line.kit, String(line.quantity),
                line.collectedBy, strings[line.collectedByProxy ? "sheet.yes" : "sheet.no"],
            ]
            if withContacts { cells += [line.collectorPhone ?? "", line.collectorCertificate ?? ""] }
            cells += [
                localDateTime(line.issuedAt, timeZone: timeZone), line.desk, line.operatorName,
                line.voidedAt.map { localDateTime($0, timeZone: timeZone) } ?? "", line.voidedBy ?? "",
                line.voidReason ?? "", line.overrideReason ?? "",
            ]
            rows.append(cells)
        }
        return rows
    }
}
