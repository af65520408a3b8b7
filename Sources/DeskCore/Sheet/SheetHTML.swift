import Foundation

/// The signed distribution list as one self-contained HTML page, laid out for A4 paper: it opens
/// in any browser and prints with the table's header row on every page, no row split across
/// two pages, a wide signature column, the totals, and lines for the coordinator and a witness.
///
/// Every value from the database is HTML-escaped; the page loads nothing from outside (inline
/// CSS, no scripts, no fonts, no images).
public enum SheetHTML {
    public static func render(
        _ sheet: DistributionSheet, catalogue: KitCatalogue, strings: Strings, timeZone: TimeZone, generatedAt: Date
    ) -> String {
        let language = strings.language
        let d = sheet.distribution
        let title = strings["sheet.title"]
        let generatedValues = [
            "date": CivilDate(generatedAt, in: timeZone).dotted, "time": clockTime(generatedAt, timeZone: timeZone),
            "id": String(d.id),
        ]
        var html = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape("\(title) — \(d.name) — \(d.date.dotted)"))</title>
            <style>
            \(style(strings: strings, footer: "\(title) — \(d.name) — \(d.date.dotted)"))
            </style>
            </head>
            <body>
            <header class="heading">
            <h1>\(escape(title))</h1>
            <table class="meta">
            <tr><th>\(escape(strings["sheet.distribution"]))</th><td class="distribution-name">\(escape(d.name))</td></tr>
            <tr><th>\(escape(strings["sheet.date"]))</th><td>\(d.date.dotted)</td></tr>

            """
        if !d.place.isEmpty {
            html += "<tr><th>\(escape(strings["sheet.place"]))</th><td>\(escape(d.place))</td></tr>\n"
        }
        html += "</table>\n"
        if d.isOpen {
            html += "<p class=\"note\">\(escape(strings("sheet.inProgress", generatedValues)))</p>\n"
        }
        html += "</header>\n"

        // The list itself.
        html += """
            <table class="sheet">
            <colgroup><col class="c-number"><col class="c-household"><col class="c-recipient"><col class="c-kits"><col class="c-time"><col class="c-signature"></colgroup>
            <thead>
            <tr><th>\(escape(strings["sheet.col.number"]))</th><th>\(escape(strings["sheet.col.household"]))</th><th>\(escape(strings["sheet.col.recipient"]))</th><th>\(escape(strings["sheet.col.kits"]))</th><th>\(escape(strings["sheet.col.datetime"]))</th><th>\(escape(strings["sheet.col.signature"]))</th></tr>
            </thead>
            <tbody>

            """
        if sheet.rows.isEmpty {
            html += "<tr class=\"empty\"><td colspan=\"6\">\(escape(strings["sheet.empty"]))</td></tr>\n"
        }
        for row in sheet.rows {
            let kitData = row.kits.map { "\($0.kit)=\($0.quantity)" }.joined(separator: " ")
            let recipients = row.recipients.map { recipient in
                "<div>\(escape(recipient.name))"
                    + (recipient.isProxy ? " <span class=\"proxy\">(\(escape(strings["sheet.proxy"])))</span>" : "")
                    + "</div>"
            }.joined()
            html += "<tr class=\"row\" data-household=\"\(escape(row.household))\" data-people=\"\(row.people)\">"
            html += "<td class=\"number\">\(row.number)</td>"
            html += "<td class=\"household\">\(escape(row.household))"
            html += "<div class=\"people\">\(escape(strings("sheet.people", ["count": String(row.people)])))</div></td>"
            html += "<td class=\"recipient\">\(recipients)</td>"
            // A kit given off the plan: marked beside it, with the reason, in bold (no CSS needed,
            // so a list without overrides is the page it always was).
            let offPlan = row.kits.filter { $0.overrideReason != nil }.map(\.kit)
            html += "<td class=\"kits\" data-kits=\"\(escape(kitData))\""
            html += offPlan.isEmpty ? ">" : " data-off-plan=\"\(escape(offPlan.joined(separator: " ")))\">"
            html += row.kits.map { kit in
                escape(DistributionSheet.kitText(kit, catalogue: catalogue, language: language))
                    + (DistributionSheet.offPlanMark(kit, strings: strings).map {
                        " <strong class=\"off-plan\">(\(escape($0)))</strong>"
                    } ?? "")
            }.joined(separator: "; ") + "</td>"
            html += "<td class=\"time\">\(timeCell(row.issuedAt, timeZone: timeZone))</td>"
            html += "<td class=\"signature\"></td></tr>\n"
        }
        html += "</tbody>\n</table>\n"

        // Totals.
        let t = sheet.totals
        html += """
            <section class="totals">
            <h2>\(escape(strings["sheet.totals"]))</h2>
            <table class="totals">
            <tr><th>\(escape(strings["sheet.totals.households"]))</th><td data-total="households">\(t.households)</td></tr>
            <tr><th>\(escape(strings["sheet.totals.people"]))</th><td data-total="people">\(t.people)</td></tr>
            <tr class="kits-heading"><th colspan="2">\(escape(strings["sheet.totals.kits"]))</th></tr>

            """
        for kit in t.kits {
            let name = catalogue[kit.kit]?.name(in: language) ?? kit.kit
            html += "<tr><th class=\"kit\">\(escape(name))</th><td data-kit=\"\(escape(kit.kit))\">\(kit.quantity)</td></tr>\n"
        }
        if t.offPlanKits > 0 {
            html += "<tr><th>\(escape(strings["sheet.totals.offPlan"]))</th>"
            html += "<td data-total=\"off-plan\">\(t.offPlanKits)</td></tr>\n"
        }
        html += "</table>\n</section>\n"

        // Signatures of the coordinator and a witness.
        html += """
            <section class="signatures">
            <p>\(escape(strings["sheet.sign.intro"]))</p>
            <table class="sign-lines">

            """
        for role in ["sheet.sign.coordinator", "sheet.sign.witness"] {
            html += "<tr><th>\(escape(strings[role]))</th>"
            for caption in ["sheet.sign.signature", "sheet.sign.name", "sheet.sign.date"] {
                html += "<td class=\"\(caption.split(separator: ".").last!)\"><div class=\"line\"></div>"
                html += "<div class=\"caption\">\(escape(strings[caption]))</div></td>"
            }
            html += "</tr>\n"
        }
        html += "</table>\n</section>\n"
        html += "<p class=\"generated\">\(escape(strings("sheet.generated", generatedValues)))</p>\n"
        html += "</body>\n</html>\n"
        return html
    }

    /// `25.11.2026<br>10:42`; several times of one day after one date; each with its date otherwise.
    static func timeCell(_ times: [Date], timeZone: TimeZone) -> String {
        guard let first = times.first else { return "" }
        let days = Set(times.map { CivilDate($0, in: timeZone) })
        if days.count == 1 {
            return CivilDate(first, in: timeZone).dotted + "<br>"
                + times.map { clockTime($0, timeZone: timeZone) }.joined(separator: ", ")
        }
        return times.map { escape(localDateTime($0, timeZone: timeZone)) }.joined(separator: "<br>")
    }

    /// The text safe inside an element or a quoted attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text as a quoted CSS string, safe inside `<style>`: anything that could end the
    /// string or the element is written as a hexadecimal escape.
    static func cssString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || "\"\\<>&'".unicodeScalars.contains(scalar) {
                // The space ends the escape and is swallowed with it, so a real space after stays.
                out += "\\" + String(v, radix: 16, uppercase: true) + " "
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A4 with room to sign: 186 mm of table between 12 mm margins, the signature column 36 mm
    /// wide, rows at least 13 mm high.
    static func style(strings: Strings, footer: String) -> String {
        """
        @page {
          size: A4;
          margin: 14mm 12mm 16mm 12mm;
          @bottom-left { content: \(cssString(footer)); font: 7.5pt "DejaVu Sans", Arial, sans-serif; color: #444; }
          @bottom-right { content: \(cssString(strings["sheet.page"] + " ")) counter(page) \(cssString(" " + strings["sheet.pageOf"] + " ")) counter(pages); font: 7.5pt "DejaVu Sans", Arial, sans-serif; color: #444; }
        }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; color: #000; background: #fff; font: 9.5pt/1.25 "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, Helvetica, sans-serif; }
        @media screen { body { max-width: 186mm; margin: 10mm auto; } }
        h1 { font-size: 14pt; text-align: center; margin: 0 0 4mm; }
        h2 { font-size: 11pt; margin: 0 0 2mm; }
        table.meta { border-collapse: collapse; margin: 0 0 3mm; }
        table.meta th { text-align: left; font-weight: normal; padding: 0.4mm 5mm 0.4mm 0; }
        table.meta td { font-weight: bold; padding: 0.4mm 0; }
        p.note { margin: 0 0 3mm; font-style: italic; }
        table.sheet { width: 100%; border-collapse: collapse; table-layout: fixed; }
        table.sheet th, table.sheet td { border: 0.3mm solid #000; padding: 1.2mm 1.5mm; vertical-align: top; overflow-wrap: anywhere; }
        table.sheet thead th { background: #e6e6e6; font-size: 8.5pt; font-weight: bold; text-align: center; vertical-align: middle; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; break-inside: avoid; }
        table.sheet tbody td { height: 13mm; }
        col.c-number { width: 12mm; }
        col.c-household { width: 21mm; }
        col.c-recipient { width: 43mm; }
        col.c-kits { width: 50mm; }
        col.c-time { width: 24mm; }
        col.c-signature { width: 36mm; }
        td.number, td.household, td.time { text-align: center; }
        td.number { padding-left: 0.5mm; padding-right: 0.5mm; white-space: nowrap; font-size: 8.5pt; }
        table.sheet thead th { overflow-wrap: normal; hyphens: manual; }
        td.household { font-weight: bold; }
        .people { font-weight: normal; font-size: 7.5pt; color: #333; margin-top: 0.5mm; }
        .proxy { font-style: italic; font-size: 8pt; }
        td.recipient div + div { border-top: 0.2mm dashed #666; margin-top: 1mm; padding-top: 1mm; }
        tr.empty td { text-align: center; font-style: italic; }
        section.totals { margin-top: 6mm; break-inside: avoid; page-break-inside: avoid; }
        table.totals { border-collapse: collapse; min-width: 110mm; }
        table.totals th, table.totals td { border: 0.3mm solid #000; padding: 1mm 2mm; }
        table.totals th { text-align: left; font-weight: normal; }
        table.totals td { text-align: right; font-weight: bold; min-width: 22mm; }
        table.totals tr.kits-heading th { font-weight: bold; background: #e6e6e6; }
        table.totals th.kit { padding-left: 6mm; }
        section.signatures { margin-top: 8mm; break-inside: avoid; page-break-inside: avoid; }
        section.signatures p { margin: 0 0 5mm; }
        table.sign-lines { border-collapse: collapse; width: 100%; }
        table.sign-lines th { text-align: left; font-weight: normal; width: 30mm; vertical-align: bottom; padding: 0 3mm 5mm 0; }
        table.sign-lines td { padding: 0 4mm 5mm 0; vertical-align: bottom; }
        table.sign-lines td.signature { width: 45mm; }
        table.sign-lines td.date { width: 30mm; }
        .line { border-bottom: 0.3mm solid #000; height: 9mm; }
        .caption { font-size: 7pt; color: #333; text-align: center; }
        p.generated { margin-top: 6mm; font-size: 7.5pt; color: #444; }
        """
    }
}
