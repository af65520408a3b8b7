/// One thing wrong with a register file, pointing at the cell a volunteer has to fix.
public struct RegisterProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The row as Excel shows it: the header is row 1 (when the file starts with it), the
    /// first person row 2. Rows spanning several lines (a quoted value with a line break)
    /// count once, as in Excel. 0 for problems of the whole file (empty, unreadable).
    public var row: Int
    /// The column header as written in the file; for a missing column, the expected name
    /// (`Прізвище / surname`); for a cell with no header, `#` and its position (`#10`);
    /// empty when the problem is about the whole row or file.
    public var column: String
    /// The offending value, cleaned of surrounding spaces; empty when there is none.
    public var value: String
    public var reason: Reason
    /// The other row involved: the first copy of a duplicated person, the first marked head.
    public var relatedRow: Int?
    /// In a workbook, the cell as Excel names it with its sheet (`Аркуш1!E17`); nil for CSV.
    public var cell: String?

    public init(row: Int, column: String, value: String, reason: Reason, relatedRow: Int? = nil, cell: String? = nil) {
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason
        self.relatedRow = relatedRow
        self.cell = cell
    }

    /// Where to look: `Аркуш1!E17` in a workbook, `рядок 17` (`row 17`) in CSV; empty for the whole file.
    public func place(uk: Bool) -> String {
        if let cell { return cell }
        return row > 0 ? (uk ? "рядок \(row)" : "row \(row)") : ""
    }

    /// Whether this problem concerns the file as a whole rather than one row of people.
    public var isFileLevel: Bool { reason.isFileLevel }

    /// `row 5, Дата народження: "31.02.1990": not a date (...)`, in English.
    public var description: String { message(uk: false) }

    /// The problem in one line, in Ukrainian (`uk: true`) or English.
    public func message(uk: Bool) -> String {
        var parts: [String] = []
        let place = place(uk: uk)
        if !place.isEmpty { parts.append(place) }
        if !column.isEmpty { parts.append(column) }
        if !value.isEmpty { parts.append(uk ? "«\(value)»" : "\"\(value)\"") }
        var text = parts.joined(separator: ", ")
        text += text.isEmpty ? reason.message(uk: uk) : ": " + reason.message(uk: uk)
        if let relatedRow {
            text += uk ? " (див. рядок \(relatedRow))" : " (see row \(relatedRow))"
        }
        return text
    }

    /// Why a row or the file was refused. The raw values are stable codes for JSON output.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        // The file as a whole.
        /// No bytes, or nothing but blank lines.
        case emptyFile
        /// UTF-16 ("Unicode text" from Excel): to be saved again as CSV.
        case unsupportedEncoding
        /// No row near the top names two known columns, and the first non-blank one names none.
        case noHeader
        /// A required column (household, surname, given name) is not in the header.
        case missingColumn
        /// Two header cells name the same column (`Телефон` and `phone`).
        case duplicateColumn
        /// A header and nothing else.
        case noDataRows
        /// A quote opened and the file ended before it closed: the rest of the file would be one
        /// cell. Reported at the row where it opened, after the problems of the rows before it;
        /// the rows after it cannot be read.
        case unterminatedQuote
        /// A spreadsheet program's own file given where CSV was expected: a zip (`.xlsx`,
        /// `.ods`) or an OLE file (the older `.xls`, or an `.xlsx` with a password).
        case spreadsheetWorkbook

        // One row.
        /// A non-empty cell to the right of the last header cell: usually a delimiter inside an
        /// unquoted value that shifted the row.
        case extraCells
        /// Household number, surname or given name is empty.
        case emptyRequired
        /// Not `dd.mm.yyyy` or `yyyy-mm-dd`, or not a real day (31.02).
        case badDate
        /// A birth date after the import day.
        case futureDate
        /// A birth date before 1900: a typo for 19xx, as a rule.
        case dateBefore1900
        /// Not one of ч/ж, чол/жін, чоловіча/жіноча, m/f, male/female, м.
        case badSex
        /// Not a Ukrainian phone number in any usual shape.
        case badPhone
        /// The head-of-household mark is not one of так/ні, yes/no, 1/0, +/x.
        case badHead
        /// The disability mark is not one of так/ні, yes/no, 1/0, +, є, or a group (І, 2, ІІІ група).
        case badDisability

        /// An Excel error value (`#N/A`, `#REF!`) where a value was expected: a formula that failed.
        case formulaError

        /// A control character (NUL, escape, …) or a bidirectional override in a cell: text a
        /// terminal or a list could be tricked by, never part of a name.
        case controlCharacter
        /// Longer than any real value (`TextInput.Limit.registerCell`, 200 characters).
        case tooLong

        // Rows taken together.
        /// The same person (name, patronymic and birth date) twice in one household.
        case duplicatePerson
        /// Two rows of one household marked as head.
        case twoHeads

        public var isFileLevel: Bool {
            switch self {
            case .emptyFile, .unsupportedEncoding, .noHeader, .missingColumn, .duplicateColumn,
                .noDataRows, .spreadsheetWorkbook:
                true
            default:
                false
            }
        }

        /// Short English explanation.
        public var description: String { message(uk: false) }

        /// Short explanation in Ukrainian (`uk: true`, the desk's default) or English.
        public func message(uk: Bool) -> String {
            switch self {
            case .emptyFile:
                uk ? "файл порожній" : "the file is empty"
            case .unsupportedEncoding:
                uk
                    ? "файл у кодуванні UTF-16; збережіть його в Excel як «CSV UTF-8» або «CSV (розділювач — крапка з комою)»"
                    : "the file is UTF-16; save it from Excel as \"CSV UTF-8\" or \"CSV (comma delimited)\""
            case .noHeader:
                uk
                    ? "не знайдено рядка із заголовками стовпців: у першому непорожньому рядку жодної відомої назви стовпця"
                    : "no header row found: the first non-blank row has no known column name in it"
            case .missingColumn:
                uk ? "немає обовʼязкового стовпця" : "required column missing"
            case .duplicateColumn:
                uk ? "стовпець із цим значенням уже є" : "this column appears twice"
            case .noDataRows:
                uk ? "після заголовка немає жодного рядка з даними" : "no data rows after the header"
            case .unterminatedQuote:
                uk
                    ? "лапки відкрито, але не закрито до кінця файлу"
                    : "a quote is opened and never closed before the end of the file"
            case .spreadsheetWorkbook:
                uk
                    ? "це книга електронних таблиць, а не CSV; імпорт читає книги Excel .xlsx, а стару .xls або захищену паролем збережіть в Excel як «Книга Excel (.xlsx)» без пароля"
                    : "this is a spreadsheet workbook, not CSV; the import reads Excel .xlsx workbooks: save an old .xls or a password-protected one from Excel as \"Excel Workbook (.xlsx)\" without a password"
            case .extraCells:
                uk
                    ? "значення праворуч від останнього стовпця (роздільник у значенні без лапок?)"
                    : "a value to the right of the last column (a delimiter inside an unquoted value?)"
            case .emptyRequired:
                uk ? "обовʼязкове значення порожнє" : "required value is empty"
            case .badDate:
                uk
                    ? "неправильна дата (потрібно дд.мм.рррр або рррр-мм-дд)"
                    : "not a date (expected dd.mm.yyyy or yyyy-mm-dd)"
            case .futureDate:
                uk ? "дата народження в майбутньому" : "birth date is in the future"
            case .dateBefore1900:
                uk ? "дата народження раніше 1900 року" : "birth date before 1900"
            case .badSex:
                uk ? "стать не розпізнано (потрібно ч або ж)" : "sex not recognised (expected m or f)"
            case .badPhone:
                uk
                    ? "неправильний номер телефону (потрібен український номер, напр. 050 123 45 67)"
                    : "not a Ukrainian phone number (e.g. 050 123 45 67)"
            case .badHead:
                uk
                    ? "позначку голови сімʼї не розпізнано (потрібно так або ні)"
                    : "head of household mark not recognised (expected yes or no)"
            case .badDisability:
                uk
                    ? "позначку інвалідності не розпізнано (потрібно так, ні або група: І, ІІ, ІІІ група)"
                    : "disability mark not recognised (expected yes, no or a group: group I, II, III)"
            case .formulaError:
                uk
                    ? "у клітинці помилка формули; виправте формулу або впишіть значення"
                    : "the cell holds a formula error; correct the formula or type the value"
            case .controlCharacter:
                uk
                    ? "керівний символ у значенні (показано як \\u{…}); виправте клітинку"
                    : "a control character in the value (shown as \\u{…}); correct the cell"
            case .tooLong:
                uk
                    ? "значення довше за \(TextInput.Limit.registerCell) символів"
                    : "the value is longer than \(TextInput.Limit.registerCell) characters"
            case .duplicatePerson:
                uk ? "та сама особа двічі в одній сімʼї" : "the same person twice in one household"
            case .twoHeads:
                uk ? "у сімʼї позначено двох голів" : "two heads marked in one household"
            }
        }
    }
}

/// Why a register was not imported: every problem found, in row order. Nothing is imported
/// unless there are none.
public struct RegisterImportFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Never empty; sorted by row, so problems of the file or its header (row 0, the header
    /// row) come first. When the header is unusable, only its problems are listed: the rows
    /// cannot be read without it.
    public var problems: [RegisterProblem]

    public init(problems: [RegisterProblem]) { self.problems = problems }

    /// The first problem of the file as a whole, if any (empty file, UTF-16, no header, a
    /// missing or repeated column, no data rows). When there is one, every problem is of that kind.
    public var fileProblem: RegisterProblem? { problems.first(where: \.isFileLevel) }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
