import Foundation

/// A register read from a file, ready to be stored.
public struct ParsedRegister: Sendable, Hashable {
    public var register: Register
    public var encoding: RegisterEncoding
    public var delimiter: RegisterDelimiter
    /// Person rows read (blank rows not counted): equals `register.peopleCount`.
    public var rowCount: Int
    /// Headers of the columns that were not understood and whose cells were not read, as
    /// written in the file; a column with an empty header shows as `#` and its position (`#7`).
    public var ignoredColumns: [String]
    /// The header each understood column had in the file.
    public var columns: [RegisterColumn: String]
    /// The households (by `HouseholdNumber.key`) where no row was marked head: the parser put
    /// the first row first as head, but the file did not say, so an import keeps the head it
    /// already has for them.
    public var headNotMarked: Set<String>
    /// Rows that wrote a household number differently from its first row (`417` after
    /// `00417`): read as that household, and said, so the coordinator can tidy the file.
    public var respelledNumbers: [RespelledNumber]
    /// The workbook sheet read (`Аркуш1`); nil for CSV.
    public var sheet: String?
    /// The row the column names were found in (1 when the file starts with them; lower when
    /// a title and blank rows come first).
    public var headerRow: Int
    /// Rows below the header that are not people: a totals row (`Разом: 1 900`) and the
    /// rows without a given name after it (signatures, notes). Not read, and said.
    public var notPeopleRows: [Int]

    public init(
        register: Register, encoding: RegisterEncoding, delimiter: RegisterDelimiter, rowCount: Int,
        ignoredColumns: [String], columns: [RegisterColumn: String], headNotMarked: Set<String> = [],
        respelledNumbers: [RespelledNumber] = [], sheet: String? = nil, headerRow: Int = 1, notPeopleRows: [Int] = []
    ) {
        self.register = register
        self.encoding = encoding
        self.delimiter = delimiter
        self.rowCount = rowCount
        self.ignoredColumns = ignoredColumns
        self.columns = columns
        self.headNotMarked = headNotMarked
        self.respelledNumbers = respelledNumbers
        self.sheet = sheet
        self.headerRow = headerRow
        self.notPeopleRows = notPeopleRows
    }
}

/// A household number written in a row otherwise than in the household's first row.
public struct RespelledNumber: Sendable, Hashable {
    /// The household's number as its first row writes it (the one kept).
    public var number: String
    /// The first row of the household.
    public var firstRow: Int
    /// The other spelling, and the first row that has it.
    public var spelling: String
    public var row: Int

    public init(number: String, firstRow: Int, spelling: String, row: Int) {
        self.number = number
        self.firstRow = firstRow
        self.spelling = spelling
        self.row = row
    }
}

/// Reads the hub's register as Excel exports it: CSV, one row per person, grouped into
/// households by the household number. Pure: the caller reads the file.
///
/// All or nothing: either every row is good and the whole register comes back, or the
/// failure lists every problem found, each pointing at a row and column a volunteer can fix.
public enum RegisterParser {
    /// Parses `data` (UTF-8 with or without BOM, or Windows-1251; comma, semicolon or tab
    /// separated). `today` is the import day: birth dates after it are refused.
    public static func parse(_ data: Data, today: CivilDate) -> Result<ParsedRegister, RegisterImportFailure> {
        if RegisterEncoding.hasUTF16BOM(data) {
            return .failure(fileFailure(.unsupportedEncoding, row: 0))
        }
        if isSpreadsheetWorkbook(data) {
            return .failure(fileFailure(.spreadsheetWorkbook, row: 0))
        }
        let (bytes, encoding) = RegisterEncoding.utf8Bytes(of: data)
        return bytes.withUnsafeBufferPointer { buffer in
            let delimiter = RegisterDelimiter.detect(in: buffer, from: 0)
            var reader = Reader(
                rows: CSVRows(bytes: buffer, delimiter: delimiter.byte), encoding: encoding, delimiter: delimiter,
                today: today)
            return reader.read()
        }
    }

    /// Reads people from a workbook's sheet, with the same columns, checks and all-or-nothing
    /// rule as a CSV file; problems name the cell (`Аркуш1!E17`).
    public static func parse(sheet: WorkbookSheet, today: CivilDate) -> Result<ParsedRegister, RegisterImportFailure> {
        var reader = Reader(rows: WorkbookRows(sheet: sheet), encoding: .utf8, delimiter: .comma, today: today)
        return reader.read()
    }

    /// How many non-blank rows from the top may come before the header (a title, the hub's
    /// name, a date): the header is the first of them naming at least two known columns.
    static let headerSearchRows = 30

    /// Words that start a totals row (`Разом`, `Всього:`, `Итого`, `Total`).
    static let totalsWords: Set<[UInt8]> = Set(
        ["разом", "всього", "усього", "підсумок", "підсумки", "итого", "итог", "всего", "total", "totals"]
            .map { Array($0.utf8) })

    /// Whether a cell's cleaned bytes start with a totals word standing alone (`Разом:`,
    /// `всього 860`, not `Разомова`).
    static func startsWithTotalsWord(_ bytes: [UInt8]) -> Bool {
        // The leading run of ASCII and Cyrillic letters (two bytes each, lead D0…D2).
        var end = 0
        while end < bytes.count && end <= 24 {
            let c = bytes[end]
            if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A {
                end += 1
            } else if c >= 0xD0 && c <= 0xD2 && end + 1 < bytes.count {
                end += 2
            } else {
                break
            }
        }
        guard end > 0, end <= 24, let word = lowercased(Array(bytes[..<end])) else { return false }
        return totalsWords.contains(word)
    }

    /// A zip archive (`.xlsx`, `.ods`) or an OLE compound file (`.xls`), by the signature at
    /// its start: no CSV begins with these bytes, and read as text they are noise.
    public static func isSpreadsheetWorkbook(_ data: Data) -> Bool {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        return data.starts(with: zip) || data.starts(with: ole)
    }

    static func fileFailure(_ reason: RegisterProblem.Reason, row: Int, column: String = "", value: String = "")
        -> RegisterImportFailure
    {
        RegisterImportFailure(problems: [RegisterProblem(row: row, column: column, value: value, reason: reason)])
    }

    static let sexes: [String: Sex] = [
        "ч": .male, "чол": .male, "чоловіча": .male, "чоловік": .male, "м": .male, "муж": .male,
        "m": .male, "male": .male,
        "ж": .female, "жін": .female, "жіноча": .female, "жінка": .female, "жен": .female,
        "f": .female, "female": .female,
    ]

    static let sexesByBytes: [[UInt8]: Sex] = Dictionary(
        uniqueKeysWithValues: sexes.map { (Array($0.key.utf8), $0.value) })

    /// Parses a sex cell (cleaned bytes): nil for an empty cell, `.none` inside for one not recognised.
    static func sex(_ bytes: [UInt8]) -> Sex?? {
        if bytes.isEmpty { return .some(nil) }
        if var folded = lowercased(bytes) {
            if folded.last == 0x2E { folded.removeLast() }
            if let sex = sexesByBytes[folded] { return .some(sex) }
        }
        // Anything unusual (decomposed letters, other scripts) goes the slow, exact way.
        var key = String(decoding: bytes, as: UTF8.self).lowercased()
        if key.hasSuffix(".") { key.removeLast() }
        guard let sex = sexes[key] else { return nil }
        return .some(sex)
    }

    static let headMarks: [String: Bool] = [
        "так": true, "т": true, "yes": true, "y": true, "1": true, "+": true, "x": true,
        "х": true, "true": true, "✓": true, "голова": true,
        "ні": false, "н": false, "no": false, "n": false, "0": false, "-": false, "false": false,
    ]

    static let headMarksByBytes: [[UInt8]: Bool] = Dictionary(
        uniqueKeysWithValues: headMarks.map { (Array($0.key.utf8), $0.value) })

    /// Parses a head-of-household cell (cleaned bytes): false for an empty cell, nil for one
    /// not recognised.
    static func headMark(_ bytes: [UInt8]) -> Bool? {
        if bytes.isEmpty { return false }
        if let folded = lowercased(bytes), let mark = headMarksByBytes[folded] { return mark }
        return headMarks[String(decoding: bytes, as: UTF8.self).lowercased()]
    }

    static let disabilityMarks: [String: Bool] = [
        "так": true, "т": true, "є": true, "yes": true, "y": true, "1": true, "+": true, "x": true, "х": true,
        "true": true, "✓": true, "інвалідність": true, "з інвалідністю": true, "особа з інвалідністю": true,
        "дитина з інвалідністю": true,
        "ні": false, "н": false, "немає": false, "нема": false, "no": false, "n": false, "0": false, "-": false,
        "—": false, "false": false,
    ]

    static let disabilityMarksByBytes: [[UInt8]: Bool] = Dictionary(
        uniqueKeysWithValues: disabilityMarks.map { (Array($0.key.utf8), $0.value) })

    /// Parses a disability cell (cleaned bytes): false for an empty cell, true for a yes or a
    /// group (`ІІ група`), nil for one not recognised.
    static func disabilityMark(_ bytes: [UInt8]) -> Bool? {
        if bytes.isEmpty { return false }
        if let folded = lowercased(bytes), let mark = disabilityMarksByBytes[folded] { return mark }
        let text = String(decoding: bytes, as: UTF8.self)
        if let mark = disabilityMarks[text.lowercased()] { return mark }
        return isDisabilityGroup(text) ? true : nil
    }

    /// A disability group as registers write it: `І група`, `2 група`, `III гр.`, `група ІІ`,
    /// `інв. 1 гр.`, `І А група` (group I has subgroups А and Б), or a Roman numeral alone
    /// (`ІІ`), Roman I written with the Latin or the Ukrainian letter. An Arabic numeral needs
    /// the word: `2` alone is not read as a group.
    static func isDisabilityGroup(_ text: String) -> Bool {
        var key = String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter {
            $0.properties.isAlphabetic || ("0"..."9").contains($0)
        }))
        for word in ["інвалідність", "інв"] where key.hasPrefix(word) {
            key.removeFirst(word.count)
            break
        }
        var named = false
        for word in ["групи", "група", "group", "гр", "gr"] {
            if key.hasSuffix(word) {
                key.removeLast(word.count)
                named = true
                break
            }
            if key.hasPrefix(word) {
                key.removeFirst(word.count)
                named = true
                break
            }
        }
        // Roman numerals: Latin i or Ukrainian і.
        var numeral = String(key.map { $0 == "і" ? "i" : $0 })
        var subgroup = false
        if numeral.count > 1, let last = numeral.last, "аaбb".contains(last) {
            numeral.removeLast()
            subgroup = true
        }
        switch numeral {
        case "i": return true
        case "1": return named
        case "ii", "iii": return !subgroup
        case "2", "3": return named && !subgroup
        default: return false
        }
    }

    /// The UTF-8 bytes lowercased, for short cells of ASCII and Ukrainian/Russian Cyrillic
    /// (U+0400...U+045F, Ґ ґ) only; nil for anything else, which `String.lowercased` handles.
    static func lowercased(_ b: [UInt8]) -> [UInt8]? {
        guard b.count <= 32 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                out.append(c >= 0x41 && c <= 0x5A ? c + 0x20 : c)
                i += 1
                continue
            }
            guard i + 1 < b.count else { return nil }
            let c1 = b[i + 1]
            switch (c, c1) {
            case (0xD0, 0x80...0x8F): out += [0xD1, c1 + 0x10]  // Ѐ...Џ → ѐ...џ
            case (0xD0, 0x90...0x9F): out += [0xD0, c1 + 0x20]  // А...П → а...п
            case (0xD0, 0xA0...0xAF): out += [0xD1, c1 - 0x20]  // Р...Я → р...я
            case (0xD0, 0xB0...0xBF), (0xD1, 0x80...0x9F), (0xD2, 0x91): out += [c, c1]
            case (0xD2, 0x90): out += [0xD2, 0x91]  // Ґ → ґ
            default: return nil
            }
            i += 2
        }
        return out
    }

    enum DateCell {
        case empty
        case date(CivilDate)
        case invalid
    }

    /// `dd.mm.yyyy` (also with `/`) or `yyyy-mm-dd`, as `CivilDate(parsing:)` reads them, with a
    /// fast path over the bytes for the usual shapes.
    static func date(_ bytes: [UInt8]) -> DateCell {
        if bytes.isEmpty { return .empty }
        var numbers = (0, 0, 0)
        var digitCounts = (0, 0, 0)
        var separators: (UInt8, UInt8) = (0, 0)
        var group = 0
        var usual = bytes.count <= 10
        if usual {
            for byte in bytes {
                if byte >= 0x30 && byte <= 0x39 {
                    let digit = Int(byte - 0x30)
                    switch group {
                    case 0: numbers.0 = numbers.0 * 10 + digit; digitCounts.0 += 1
                    case 1: numbers.1 = numbers.1 * 10 + digit; digitCounts.1 += 1
                    default: numbers.2 = numbers.2 * 10 + digit; digitCounts.2 += 1
                    }
                } else if (byte == 0x2E || byte == 0x2F || byte == 0x2D) && group < 2 {
                    if group == 0 { separators.0 = byte } else { separators.1 = byte }
                    group += 1
                } else {
                    usual = false
                    break
                }
            }
        }
        if usual && group == 2 {
            let dashes = separators.0 == 0x2D && separators.1 == 0x2D
            let dots = separators.0 != 0x2D && separators.1 != 0x2D
            if dashes && digitCounts.0 == 4 && (1...2).contains(digitCounts.1) && (1...2).contains(digitCounts.2) {
                return CivilDate(year: numbers.0, month: numbers.1, day: numbers.2).map(DateCell.date) ?? .invalid
            }
            if dots && (1...2).contains(digitCounts.0) && (1...2).contains(digitCounts.1) && digitCounts.2 == 4 {
                return CivilDate(year: numbers.2, month: numbers.1, day: numbers.0).map(DateCell.date) ?? .invalid
            }
        }
        return CivilDate(parsing: String(decoding: bytes, as: UTF8.self)).map(DateCell.date) ?? .invalid
    }
}

/// One person row that got far enough to take part in grouping.
private struct RowEntry {
    var row: Int
    var household: String
    var person: Person
    var settlement: String
    /// nil when the head cell could not be read.
    var markedHead: Bool?
    var headText: String
    /// Whether name and birth date were read without problems, so the identity key is trustworthy.
    var identityIsSound: Bool
}

/// A problem with the position it sorts by.
private struct PlacedProblem {
    var column: Int
    var problem: RegisterProblem
}

private struct Reader<Rows: RegisterRows> {
    var rows: Rows
    var bytes: UnsafeBufferPointer<UInt8>
    let encoding: RegisterEncoding
    let delimiter: RegisterDelimiter
    let today: CivilDate
    /// The rows below a totals row: ones without a given name are not people either.
    var afterTotals = false
    var notPeopleRows: [Int] = []

    var cleaner = CellCleaner()
    var fields: [CSVField] = []
    var problems: [PlacedProblem] = []

    /// Column position in the file for each `RegisterColumn` (by `allCases` index), or -1.
    var positions = [Int](repeating: -1, count: RegisterColumn.allCases.count)
    var headers: [String] = []
    /// Header cells up to the last non-empty one.
    var width = 0

    init(rows: Rows, encoding: RegisterEncoding, delimiter: RegisterDelimiter, today: CivilDate) {
        self.rows = rows
        self.bytes = rows.bytes
        self.encoding = encoding
        self.delimiter = delimiter
        self.today = today
        fields.reserveCapacity(32)
    }

    func position(_ column: RegisterColumn) -> Int { positions[column.index] }

    /// The header of the file's column `index`, or `#n` when it has none.
    func header(at index: Int) -> String {
        index < headers.count && !headers[index].isEmpty ? headers[index] : "#\(index + 1)"
    }

    mutating func cellText(_ column: RegisterColumn, apostrophes: Bool = false) -> String {
        let index = positions[column.index]
        guard index >= 0, index < fields.count else { return "" }
        // A cell our own export protected from spreadsheets (`'=…`) reads back as it was.
        return CSVTable.restored(cleaner.string(fields[index], in: bytes, apostrophes: apostrophes))
    }

    /// The cleaned bytes of a cell, for cells matched against short tokens.
    mutating func cellBytes(_ column: RegisterColumn) -> [UInt8] {
        let index = positions[column.index]
        guard index >= 0, index < fields.count else { return [] }
        cleaner.clean(fields[index], in: bytes, apostrophes: false)
        return cleaner.output
    }

    mutating func report(_ row: Int, _ column: RegisterColumn, _ value: String, _ reason: RegisterProblem.Reason) {
        let index = positions[column.index]
        problems.append(
            PlacedProblem(
                column: index,
                problem: RegisterProblem(row: row, column: header(at: index), value: value, reason: reason)))
    }

    /// The next row's cells, with `bytes` pointing at where they are.
    mutating func nextRow() -> RegisterRowStatus {
        let status = rows.next(into: &fields)
        bytes = rows.bytes
        return status
    }

    /// The distinct known column names among `headers`.
    static func knownColumns(_ headers: [String]) -> Int {
        Set(headers.lazy.compactMap { RegisterColumn(header: $0) }).count
    }

    /// The header row: among the first non-blank rows, the first naming two known columns;
    /// failing that the first non-blank row, whose problems (no known name, a missing
    /// column) are then reported. Leaves `rows` just after it and `headers` holding it.
    mutating func findHeader() -> Result<Int, RegisterImportFailure> {
        var first: (row: Int, headers: [String], mark: Rows.Mark)?
        var looked = 0
        while looked < RegisterParser.headerSearchRows {
            switch nextRow() {
            case .end:
                guard let first else { return .failure(RegisterParser.fileFailure(.emptyFile, row: 0)) }
                rows.rewind(to: first.mark)
                headers = first.headers
                return .success(first.row)
            case .unterminatedQuote(_, let row):
                if let first {
                    rows.rewind(to: first.mark)
                    headers = first.headers
                    return .success(first.row)
                }
                return .failure(RegisterParser.fileFailure(.unterminatedQuote, row: row))
            case .record(let row):
                let cells = fields.map { cleaner.string($0, in: bytes, apostrophes: false) }
                guard cells.contains(where: { !$0.isEmpty }) else { continue }
                looked += 1
                if Self.knownColumns(cells) >= 2 {
                    headers = cells
                    return .success(row)
                }
                if first == nil { first = (row, cells, rows.mark) }
            }
        }
        guard let first else { return .failure(RegisterParser.fileFailure(.emptyFile, row: 0)) }
        rows.rewind(to: first.mark)
        headers = first.headers
        return .success(first.row)
    }

    mutating func read() -> Result<ParsedRegister, RegisterImportFailure> {
        let headerRow: Int
        switch findHeader() {
        case .failure(let failure): return .failure(failure)
        case .success(let row): headerRow = row
        }
        width = (headers.lastIndex(where: { !$0.isEmpty }) ?? -1) + 1
        var ignored: [String] = []
        var columns: [RegisterColumn: String] = [:]
        var headerProblems: [PlacedProblem] = []
        for index in 0..<width {
            let text = headers[index]
            if text.isEmpty {
                ignored.append(header(at: index))
            } else if let column = RegisterColumn(header: text) {
                if positions[column.index] >= 0 {
                    headerProblems.append(
                        PlacedProblem(
                            column: index,
                            problem: RegisterProblem(
                                row: headerRow, column: text, value: headers[positions[column.index]],
                                reason: .duplicateColumn)))
                } else {
                    positions[column.index] = index
                    columns[column] = text
                }
            } else {
                ignored.append(text)
            }
        }
        if columns.isEmpty {
            return .failure(
                RegisterImportFailure(problems: [
                    named(
                        PlacedProblem(
                            column: 0,
                            problem: RegisterProblem(
                                row: headerRow, column: "", value: headers[0..<width].joined(separator: " | "),
                                reason: .noHeader)))
                ]))
        }
        for column in RegisterColumn.allCases where column.isRequired && columns[column] == nil {
            headerProblems.append(
                PlacedProblem(
                    column: -1,
                    problem: RegisterProblem(
                        row: headerRow, column: "\(column.ukrainianHeader) / \(column.englishHeader)", value: "",
                        reason: .missingColumn)))
        }
        if !headerProblems.isEmpty { return .failure(RegisterImportFailure(problems: headerProblems.map(named))) }
        var understood: [Int: RegisterColumn] = [:]
        for column in RegisterColumn.allCases where positions[column.index] >= 0 {
            understood[positions[column.index]] = column
        }
        rows.understand(columns: understood)

        // The people.
        var entries: [RowEntry] = []
        entries.reserveCapacity(bytes.count / 128)
        rowLoop: while true {
            switch nextRow() {
            case .end:
                break rowLoop
            case .unterminatedQuote(let field, let row):
                // The start of the runaway cell, enough to find it in the file.
                let start = fields[field].start
                let end = min(fields[field].end, start + 200)
                cleaner.clean(CSVField(start: start, end: end, quoted: false), in: bytes, apostrophes: false)
                let value = String(cleaner.text.prefix(40))
                problems.append(
                    PlacedProblem(
                        column: field,
                        problem: RegisterProblem(
                            row: row, column: header(at: field), value: value, reason: .unterminatedQuote)))
                break rowLoop
            case .record(let row):
                if let entry = readRow(row) { entries.append(entry) }
            }
        }
        if entries.isEmpty && problems.isEmpty {
            return .failure(RegisterParser.fileFailure(.noDataRows, row: 0))
        }

        let (households, headNotMarked, respelled) = group(entries)
        if !problems.isEmpty {
            // Stable: within a row, problems stay in column order.
            let sorted = problems.enumerated().sorted {
                ($0.element.problem.row, $0.element.column, $0.offset)
                    < ($1.element.problem.row, $1.element.column, $1.offset)
            }
            return .failure(RegisterImportFailure(problems: sorted.map { named($0.element) }))
        }
        return .success(
            ParsedRegister(
                register: Register(households: households), encoding: encoding, delimiter: delimiter,
                rowCount: entries.count, ignoredColumns: ignored, columns: columns, headNotMarked: headNotMarked,
                respelledNumbers: respelled, sheet: rows.sheetName, headerRow: headerRow, notPeopleRows: notPeopleRows))
    }

    /// The problem with its cell named, for a workbook (`Аркуш1!E17`): a problem of the whole
    /// row (the same person twice) names the row's surname cell; a missing column, none.
    func named(_ placed: PlacedProblem) -> RegisterProblem {
        var problem = placed.problem
        guard let sheet = rows.sheetName, problem.row > 0 else { return problem }
        let column = placed.column == Int.max ? position(.surname) : placed.column
        guard column >= 0 else { return problem }
        problem.cell = CellReference(column: column, row: problem.row - 1).name(inSheet: sheet)
        return problem
    }

    /// Whether the row is a totals row (its first filled cell starts with `Разом`, `Всього`,
    /// `Итого`…; the count may stand in any column) or, below one, a row without a household
    /// number or a given name (a signature, a note).
    mutating func isNotPeople(household: String, givenName: String) -> Bool {
        if afterTotals { return household.isEmpty || givenName.isEmpty }
        guard let first = fields.firstIndex(where: { field in
            guard field.end > field.start else { return false }
            cleaner.clean(field, in: bytes, apostrophes: false)
            return !cleaner.isEmpty
        }) else { return false }
        cleaner.clean(fields[first], in: bytes, apostrophes: false)
        if RegisterParser.startsWithTotalsWord(cleaner.output) {
            afterTotals = true
            return true
        }
        return false
    }

    /// Reads one row; nil for a blank row or one without a household number.
    mutating func readRow(_ row: Int) -> RowEntry? {
        let householdNumber = cellText(.household)
        let surname = cellText(.surname, apostrophes: true)
        let givenName = cellText(.givenName, apostrophes: true)
        let patronymic = cellText(.patronymic, apostrophes: true)
        let idp = cellText(.idpCertificate)
        let settlement = cellText(.settlement, apostrophes: true)
        let phoneText = cellText(.phone)
        let sexCell = cellBytes(.sex)
        let sex = RegisterParser.sex(sexCell)
        let sexText = sex == nil ? String(decoding: sexCell, as: UTF8.self) : ""
        let headCell = cellBytes(.head)
        let markedHead = RegisterParser.headMark(headCell)
        let headText = markedHead == false ? "" : String(decoding: headCell, as: UTF8.self)
        let disabilityCell = cellBytes(.disability)
        let disabilityMark = RegisterParser.disabilityMark(disabilityCell)

        var birthDate: CivilDate?
        var birthText = ""
        var dateIsSound = true
        let birthIndex = position(.birthDate)
        if birthIndex >= 0 && birthIndex < fields.count {
            cleaner.clean(fields[birthIndex], in: bytes, apostrophes: false)
            switch RegisterParser.date(cleaner.output) {
            case .empty:
                break
            case .date(let date):
                birthDate = date
                if date.year < 1900 || date > today { birthText = cleaner.text }
            case .invalid:
                birthText = cleaner.text
                dateIsSound = false
            }
        }

        if householdNumber.isEmpty && surname.isEmpty && givenName.isEmpty && patronymic.isEmpty
            && idp.isEmpty && settlement.isEmpty && phoneText.isEmpty && sexCell.isEmpty
            && headCell.isEmpty && disabilityCell.isEmpty && birthDate == nil && dateIsSound && isBlankApartFromColumns()
        {
            return nil
        }
        if isNotPeople(household: householdNumber, givenName: givenName) {
            notPeopleRows.append(row)
            return nil
        }
        for field in rows.errorFields {
            if let column = RegisterColumn.allCases.first(where: { positions[$0.index] == field }) {
                cleaner.clean(fields[field], in: bytes, apostrophes: false)
                report(row, column, cleaner.text, .formulaError)
            }
        }

        let problemsBefore = problems.count
        // Cells to the right of the header: a shifted row.
        if fields.count > width {
            for index in width..<fields.count where fields[index].end > fields[index].start {
                cleaner.clean(fields[index], in: bytes, apostrophes: false)
                if !cleaner.isEmpty {
                    problems.append(
                        PlacedProblem(
                            column: index,
                            problem: RegisterProblem(
                                row: row, column: header(at: index), value: cleaner.text, reason: .extraCells)))
                    break
                }
            }
        }
        for (column, text) in [
            (RegisterColumn.household, householdNumber), (.surname, surname), (.givenName, givenName),
            (.patronymic, patronymic), (.idpCertificate, idp), (.settlement, settlement), (.phone, phoneText),
        ] {
            switch TextInput.problem(in: text, limit: TextInput.Limit.registerCell) {
            case nil: break
            case .controlCharacter:
                report(row, column, TextInput.escapedForTerminal(TextInput.excerpt(text, limit: 60), keepingLineFeeds: false), .controlCharacter)
            case .tooLong: report(row, column, TextInput.excerpt(text), .tooLong)
            }
        }
        if householdNumber.isEmpty { report(row, .household, "", .emptyRequired) }
        if surname.isEmpty { report(row, .surname, "", .emptyRequired) }
        if givenName.isEmpty { report(row, .givenName, "", .emptyRequired) }

        if !dateIsSound {
            report(row, .birthDate, birthText, .badDate)
        } else if let date = birthDate {
            if date.year < 1900 {
                report(row, .birthDate, birthText, .dateBefore1900)
            } else if date > today {
                report(row, .birthDate, birthText, .futureDate)
            }
        }
        if sex == nil { report(row, .sex, sexText, .badSex) }
        var phone: String?
        if !phoneText.isEmpty {
            phone = PhoneNumber.normalise(phoneText)
            if phone == nil { report(row, .phone, phoneText, .badPhone) }
        }
        if markedHead == nil { report(row, .head, headText, .badHead) }
        if disabilityMark == nil {
            report(row, .disability, String(decoding: disabilityCell, as: UTF8.self), .badDisability)
        }

        guard !householdNumber.isEmpty else { return nil }
        let person = Person(
            surname: surname, givenName: givenName, patronymic: patronymic, birthDate: birthDate,
            sex: sex ?? nil, phone: phone, idpCertificate: idp.isEmpty ? nil : idp, isHead: false,
            // No column: the register does not say (and the import keeps what is stored).
            hasDisability: position(.disability) >= 0 ? disabilityMark ?? false : nil)
        let identityIsSound =
            !surname.isEmpty && !givenName.isEmpty && dateIsSound
            && !problems[problemsBefore...].contains { $0.problem.reason == .extraCells }
        return RowEntry(
            row: row, household: householdNumber, person: person, settlement: settlement, markedHead: markedHead, headText: headText,
            identityIsSound: identityIsSound)
    }

    /// Whether the cells of columns not read (ignored or beyond the header) are blank too.
    mutating func isBlankApartFromColumns() -> Bool {
        for field in fields where field.end > field.start {
            cleaner.clean(field, in: bytes, apostrophes: false)
            if !cleaner.isEmpty { return false }
        }
        return true
    }

    /// Households in order of first appearance; the head first, the others in file order.
    ///
    /// Rows are grouped by the number they name (`HouseholdNumber.key`), not by its spelling:
    /// `00417` and `417` in one file are one household, under the first row's spelling, and
    /// the other spellings are returned to be shown. Refusing the file instead would stop a
    /// distribution day over a detail while adding nothing to the audit: the database takes
    /// the two spellings for one family whatever the file does, so that a later file cannot
    /// make them two, and the rows of one household are checked together (the same person
    /// twice, two heads) whichever way their number is written.
    mutating func group(_ entries: [RowEntry]) -> (households: [Household], headNotMarked: Set<String>, respelled: [RespelledNumber]) {
        var indexByNumber: [String: Int] = [:]
        var members: [[Int]] = []
        var numbers: [String] = []
        var keys: [String] = []
        var respelled: [RespelledNumber] = []
        var spellingsSeen: Set<String> = []
        // The usual file writes each number one way: the key is worked out once per spelling.
        var keyBySpelling: [String: String] = [:]
        for (index, entry) in entries.enumerated() {
            let spelling = entry.household
            let number: String
            if let known = keyBySpelling[spelling] {
                number = known
            } else {
                number = HouseholdNumber.key(spelling)
                keyBySpelling[spelling] = number
            }
            if let existing = indexByNumber[number] {
                members[existing].append(index)
                if spelling != numbers[existing] && spellingsSeen.insert(spelling).inserted {
                    respelled.append(
                        RespelledNumber(
                            number: numbers[existing], firstRow: entries[members[existing][0]].row, spelling: spelling,
                            row: entry.row))
                }
            } else {
                indexByNumber[number] = members.count
                members.append([index])
                numbers.append(spelling)
                keys.append(number)
            }
        }
        var headNotMarked: Set<String> = []
        var households: [Household] = []
        households.reserveCapacity(members.count)
        for (position, (number, rows)) in zip(numbers, members).enumerated() {
            var headIndex: Int?
            for index in rows {
                let entry = entries[index]
                if entry.markedHead == true {
                    if let first = headIndex {
                        report(
                            entry.row, .head, entry.headText, .twoHeads, relatedRow: entries[first].row)
                    } else {
                        headIndex = index
                    }
                }
            }
            if rows.count > 1 { findDuplicates(rows, entries) }
            guard problems.isEmpty else { continue }
            if headIndex == nil { headNotMarked.insert(keys[position]) }
            let head = headIndex ?? rows[0]
            var people: [Person] = []
            people.reserveCapacity(rows.count)
            var headPerson = entries[head].person
            headPerson.isHead = true
            people.append(headPerson)
            for index in rows where index != head { people.append(entries[index].person) }
            var settlement = entries[head].settlement
            if settlement.isEmpty {
                settlement = rows.lazy.map { entries[$0].settlement }.first { !$0.isEmpty } ?? ""
            }
            households.append(Household(number: number, settlement: settlement, members: people))
        }
        return (households, headNotMarked, respelled)
    }

    /// Reports each member whose identity key (name, patronymic, birth date) an earlier member
    /// of the household already has. Small households compare birth dates first and build keys
    /// only for members born on the same day; large ones use a table of keys.
    mutating func findDuplicates(_ rows: [Int], _ entries: [RowEntry]) {
        func reportDuplicate(_ entry: RowEntry, of earlier: Int) {
            var value = entry.person.fullName
            if let date = entry.person.birthDate { value += ", " + date.dotted }
            problems.append(
                PlacedProblem(
                    column: Int.max,
                    problem: RegisterProblem(
                        row: entry.row, column: "", value: value, reason: .duplicatePerson, relatedRow: earlier)))
        }
        if rows.count <= 16 {
            var keys = [String?](repeating: nil, count: rows.count)
            func key(_ i: Int) -> String {
                if let key = keys[i] { return key }
                let key = entries[rows[i]].person.identityKey
                keys[i] = key
                return key
            }
            for j in 1..<rows.count where entries[rows[j]].identityIsSound {
                let later = entries[rows[j]]
                for i in 0..<j where entries[rows[i]].identityIsSound {
                    let earlier = entries[rows[i]]
                    if earlier.person.birthDate == later.person.birthDate && key(i) == key(j) {
                        reportDuplicate(later, of: earlier.row)
                        break
                    }
                }
            }
        } else {
            var seen: [String: Int] = [:]
            for index in rows where entries[index].identityIsSound {
                let entry = entries[index]
                let key = entry.person.identityKey
                if let earlier = seen[key] {
                    reportDuplicate(entry, of: earlier)
                } else {
                    seen[key] = entry.row
                }
            }
        }
    }

    mutating func report(
        _ row: Int, _ column: RegisterColumn, _ value: String, _ reason: RegisterProblem.Reason, relatedRow: Int
    ) {
        let index = positions[column.index]
        problems.append(
            PlacedProblem(
                column: index,
                problem: RegisterProblem(
                    row: row, column: header(at: index), value: value, reason: reason, relatedRow: relatedRow)))
    }
}
