import Foundation

/// One card to print: the family as the card shows it.
public struct CardToPrint: Sendable, Hashable {
    public var household: String
    /// The head's name; nil for a card that carries no name.
    public var headName: String?
    public var people: Int
    public var code: CardCode

    public init(household: String, headName: String?, people: Int, code: CardCode) {
        self.household = household
        self.headName = headName
        self.people = people
        self.code = code
    }
}

/// A4 pages of household cards as one self-contained HTML file: ten cards of 85 × 55 mm a page
/// (two across, five down), cut marks in the margins, each card with the hub's name, the
/// household number, the head's name, the number of people, and the code as a Code 128 barcode
/// and as digits. Inline CSS and SVG only: it opens and prints in any browser, offline.
public enum CardsPage {
    public static let cardWidthMM = 85.0
    public static let cardHeightMM = 55.0
    public static let perPage = 10
    static let leftMM = 20.0
    static let topMM = 11.0

    public static func render(_ cards: [CardToPrint], hub: String, strings: Strings) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="\(strings.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(SheetHTML.escape(strings("cards.title", ["hub": hub])))</title>
            <style>
            @page { size: A4 portrait; margin: 0; }
            * { box-sizing: border-box; }
            html, body { margin: 0; padding: 0; }
            body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000; background: #fff;
                   -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            .page { position: relative; width: 210mm; height: 297mm; overflow: hidden; page-break-after: always;
                    break-after: page; }
            .page:last-child { page-break-after: auto; break-after: auto; }
            .card { position: absolute; width: \(f(cardWidthMM))mm; height: \(f(cardHeightMM))mm; padding: 4mm 5mm 3mm 5mm;
                    display: flex; flex-direction: column; }
            .hub { font-size: 7.5pt; letter-spacing: 0.02em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
            .number { font-size: 17pt; font-weight: bold; margin-top: 1mm; }
            .name { font-size: 10pt; margin-top: 0.5mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
                    min-height: 4.5mm; }
            .people { font-size: 8.5pt; margin-top: 0.5mm; }
            .code { margin-top: auto; text-align: center; }
            .code svg { display: block; margin: 0 auto; }
            .digits { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 11pt; letter-spacing: 0.08em;
                      margin-top: 0.8mm; }
            .mark { position: absolute; background: #000; }
            </style>
            </head>
            <body>

            """
        let pages = stride(from: 0, to: max(cards.count, 1), by: perPage).map { Array(cards[$0..<min($0 + perPage, cards.count)]) }
        for page in pages {
            html += "<section class=\"page\">\n" + cutMarks()
            for (index, card) in page.enumerated() {
                let left = leftMM + Double(index % 2) * cardWidthMM
                let top = topMM + Double(index / 2) * cardHeightMM
                html += "<div class=\"card\" style=\"left: \(f(left))mm; top: \(f(top))mm\">\n"
                html += "<div class=\"hub\">\(SheetHTML.escape(hub))</div>\n"
                html += "<div class=\"number\">\(SheetHTML.escape(strings("cards.household", ["household": card.household])))</div>\n"
                html += "<div class=\"name\">\(SheetHTML.escape(card.headName ?? ""))</div>\n"
                html += "<div class=\"people\">\(SheetHTML.escape(strings("cards.people", ["n": String(card.people)])))</div>\n"
                html += "<div class=\"code\">\(Code128.svg(card.code.digits) ?? "")"
                html += "<div class=\"digits\">\(card.code.grouped)</div></div>\n"
                html += "</div>\n"
            }
            html += "</section>\n"
        }
        return html + "</body>\n</html>\n"
    }

    /// Short lines in the margins where the cards' edges run: where to cut, never on a card.
    static func cutMarks() -> String {
        let length = 6.0
        let weight = 0.2
        var marks = ""
        let xs = (0...2).map { leftMM + Double($0) * cardWidthMM }
        let ys = (0...5).map { topMM + Double($0) * cardHeightMM }
        let bottom = ys.last!
        let right = xs.last!
        for x in xs {
            marks += "<div class=\"mark\" style=\"left: \(f(x - weight / 2))mm; top: \(f(topMM - length - 1))mm; width: \(f(weight))mm; height: \(f(length))mm\"></div>\n"
            marks += "<div class=\"mark\" style=\"left: \(f(x - weight / 2))mm; top: \(f(bottom + 1))mm; width: \(f(weight))mm; height: \(f(length))mm\"></div>\n"
        }
        for y in ys {
            marks += "<div class=\"mark\" style=\"left: \(f(leftMM - length - 1))mm; top: \(f(y - weight / 2))mm; width: \(f(length))mm; height: \(f(weight))mm\"></div>\n"
            marks += "<div class=\"mark\" style=\"left: \(f(right + 1))mm; top: \(f(y - weight / 2))mm; width: \(f(length))mm; height: \(f(weight))mm\"></div>\n"
        }
        return marks
    }

    static func f(_ value: Double) -> String { Code128.format(value) }
}
