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
            text += row.map { RegisterWriter.quote($0, delimiter) }.joined(separator: String(delimiter)) + "\r\n"
        }
        switch flavour {
        case .utf8: return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        // Windows-1251 has no ×: the kits column of the list says `×2`, older Excel gets `x2`.
        case .excel1251: return Windows1251.encode(text.replacingOccurrences(of: "×", with: "x"))
        }
    }

    /// A free-text cell (a name, a reason) made safe to open in a spreadsheet: one that starts
    /// with `=`, `+`, `-` or `@` would be taken for a formula, so it gets a leading apostrophe.
    /// Not for the register export, which must import back byte for byte.
    public static func text(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        return "'" + cell
    }
}
