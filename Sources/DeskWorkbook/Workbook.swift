import DeskCore
import Foundation

/// Excel workbooks (Office Open XML, `.xlsx`): a zip of XML parts. `WorkbookReader` reads a sheet's
/// cells for the register import; `WorkbookWriter` writes a `Spreadsheet` for the exports.
public enum Workbook {
    /// A workbook is a zip; its first bytes are the zip signature `PK\3\4`.
    public static func looksLikeWorkbook(_ data: Data) -> Bool {
        data.count >= 4 && data.prefix(4).elementsEqual([0x50, 0x4B, 0x03, 0x04])
    }
}
