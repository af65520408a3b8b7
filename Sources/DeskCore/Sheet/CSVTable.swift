import Foundation

/// Rows of cells written as CSV in the same two flavours as the register export: UTF-8 with
/// a BOM and commas, or Windows-1251 with semicolons for older Excel. CRLF line ends, cells
/// quoted as RFC 4180 asks.
public enum CSVTable {
    /// - Returns: nil when `.excel1251` is asked for and a cell has a letter Windows-1251 lacks.
    public static func encode(_ rows: [[String]], flavour: RegisterWriter.Flavour) -> Data? {
        let delimiter: Character = flavour == .excel1251 ? ";" : ","
        var text = ""
        for row in rows {
            text += row.map { cell($0, delimiter) }.joined(separator: String(delimiter)) + "\r\n"
        }
        switch flavour {
        case .utf8: return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        // Windows-1251 has no ×: the kits column of the list says `×2`, older Excel gets `x2`.
        case .excel1251: return Windows1251.encode(text.replacingOccurrences(of: "×", with: "x"))
        }
    }

    /// A cell made safe to open in a spreadsheet: one that starts with `=`, `+`, `-`, `@`, a
    /// tab or a carriage return would be taken for a formula (`=HYPERLINK(…)`,
    /// `+cmd|' /C calc'!A0`), so it gets a leading apostrophe, which Excel and LibreOffice show
    /// as nothing and read as "this is text". A sign followed by digits alone (`+380671234567`,
    /// `-3`, `2.5`) is a number, not a formula, and is left as it is. Every CSV the program
    /// writes passes each cell through here (`cell(_:_:)`), the register export included;
    /// `restored(_:)` undoes it when our own import reads the file back.
    public static func neutralised(_ cell: String) -> String {
        needsApostrophe(cell) ? "'" + cell : cell
    }

    /// The cell as it was before `neutralised(_:)`: one leading apostrophe (`'`, or the `ʼ` the
    /// register reader makes of it) dropped when what follows it would have been given one.
    public static func restored(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, isApostrophe(first) else { return cell }
        let rest = String(cell.unicodeScalars.dropFirst())
        return needsApostrophe(rest) ? rest : cell
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool { scalar == "'" || scalar == "\u{02BC}" }

    /// A formula, or a formula behind apostrophes (`'=x`): the second kind gets one more, so
    /// that `restored` can tell the apostrophe we added from one that was there.
    static func needsApostrophe(_ cell: String) -> Bool {
        let scalars = cell.unicodeScalars
        let start = scalars.firstIndex { !isApostrophe($0) } ?? scalars.endIndex
        return looksLikeFormula(String(scalars[start...]))
    }

    static func looksLikeFormula(_ cell: String) -> Bool {
        let scalars = cell.unicodeScalars
        guard let first = scalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return false }
        guard first == "+" || first == "-" else { return true }
        var digits = 0
        var separators = 0
        for scalar in scalars.dropFirst() {
            switch scalar {
            case "0"..."9": digits += 1
            case ".", ",": separators += 1
            default: return true
            }
        }
        return digits == 0 || separators > 1
    }

    /// One cell as written: neutralised, then quoted when it holds the delimiter, a quote or a
    /// line break (RFC 4180).
    public static func cell(_ value: String, _ delimiter: Character) -> String {
        RegisterWriter.quote(neutralised(value), delimiter)
    }
}
