import Foundation

/// A cell's name as Excel shows it: `E17`, and with its sheet `Аркуш1!E17` or `'Реєстр ВПО'!E17`.
/// Columns and rows count from 0 here and from A and 1 on screen.
public struct CellReference: Hashable, Sendable {
    /// 0 is column A; Excel's last column, XFD, is 16,383.
    public let column: Int
    /// 0 is row 1; Excel's last row is 1,048,575.
    public let row: Int

    public static let maxColumns = 16_384
    public static let maxRows = 1_048_576

    public init(column: Int, row: Int) {
        self.column = column
        self.row = row
    }

    /// `A`, `Z`, `AA`, `XFD`.
    public static func columnLetters(_ column: Int) -> String {
        var number = column + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    /// `E17`.
    public var name: String { Self.columnLetters(column) + String(row + 1) }

    /// `Аркуш1!E17`; a sheet name with anything but letters, digits and `_` is quoted as Excel
    /// quotes it (`'Реєстр ВПО'!E17`, an apostrophe doubled).
    public func name(inSheet sheet: String) -> String {
        let plain = !sheet.isEmpty && sheet.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
        let quoted = plain ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        return quoted + "!" + name
    }

    /// Reads `E17` (as a workbook's `r` attribute writes it); nil for anything else.
    public init?(_ text: some StringProtocol) {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - 64)
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - 96)
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(byte - 48)
                digits += 1
            default:
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, (1...Self.maxColumns).contains(column), (1...Self.maxRows).contains(row) else { return nil }
        self.init(column: column - 1, row: row - 1)
    }
}
