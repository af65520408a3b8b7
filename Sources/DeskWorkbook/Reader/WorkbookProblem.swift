/// Why a workbook could not be read at all (a problem in a cell is a `RegisterProblem` instead).
public enum WorkbookProblem: Error, Sendable, Hashable {
    /// Not a zip, or a zip cut short or damaged.
    case damaged
    /// An OLE file: the old `.xls` format, or an `.xlsx` locked with a password.
    case oldFormatOrPassword
    /// A zip without an Excel workbook in it (an `.ods`, a `.docx`, any other zip).
    case notExcel
    case noSheets
    /// `--sheet` named a sheet the workbook does not have.
    case sheetNotFound(name: String, available: [String])
    /// A part larger than the reader takes, unpacked (a zip bomb looks like this).
    case partTooLarge(part: String, limitMiB: Int)
    /// More filled cells than the reader takes.
    case tooManyCells(limit: Int)
    /// A part's XML is broken (`line` as the parser counted it).
    case brokenXML(part: String, line: Int)
    /// A part declares a document type: never in a real workbook, and the way to make an XML
    /// parser expand entities without end.
    case documentType(part: String)

    /// The problem in one line, in Ukrainian (`uk: true`) or English.
    public func message(uk: Bool) -> String {
        switch self {
        case .damaged:
            uk
                ? "файл пошкоджений або обрізаний: це не повна книга Excel (.xlsx); збережіть її в Excel ще раз"
                : "the file is damaged or cut short: not a whole Excel workbook (.xlsx); save it from Excel again"
        case .oldFormatOrPassword:
            uk
                ? "це книга у старому форматі Excel (.xls) або захищена паролем; відкрийте її в Excel і збережіть як «Книга Excel (.xlsx)» без пароля"
                : "this is an old-format Excel workbook (.xls) or one protected by a password; open it in Excel and save it as \"Excel Workbook (.xlsx)\" without a password"
        case .notExcel:
            uk
                ? "це архів zip, але не книга Excel (.ods або інший формат?); збережіть її як «Книга Excel (.xlsx)»"
                : "this is a zip archive but not an Excel workbook (.ods or another format?); save it as \"Excel Workbook (.xlsx)\""
        case .noSheets:
            uk ? "у книзі немає жодного аркуша" : "the workbook has no sheets"
        case .sheetNotFound(let name, let available):
            uk
                ? "аркуша «\(name)» у книзі немає; є: \(available.map { "«\($0)»" }.joined(separator: ", "))"
                : "the workbook has no sheet \"\(name)\"; it has: \(available.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .partTooLarge(let part, let limit):
            uk
                ? "частина книги \(part) після розпакування більша за \(limit) МіБ; це не схоже на реєстр"
                : "the workbook part \(part) unpacks to more than \(limit) MiB; that is not a register"
        case .tooManyCells(let limit):
            uk
                ? "на аркуші понад \(limit) заповнених клітинок; це не схоже на реєстр"
                : "the sheet has more than \(limit) filled cells; that is not a register"
        case .brokenXML(let part, let line):
            uk
                ? "частина книги \(part) пошкоджена (рядок XML \(line)); збережіть книгу в Excel ще раз"
                : "the workbook part \(part) is damaged (XML line \(line)); save the workbook from Excel again"
        case .documentType(let part):
            uk
                ? "частина книги \(part) містить оголошення DOCTYPE, якого в справжній книзі Excel не буває; файл не прочитано"
                : "the workbook part \(part) declares a DOCTYPE, which no real Excel workbook has; the file was not read"
        }
    }
}
