/// What the next row of a register source was.
enum RegisterRowStatus {
    /// A row, numbered as Excel shows it (the first row is 1).
    case record(row: Int)
    case end
    /// A quote opened in field `field` of row `row` and the file ended before it closed.
    case unterminatedQuote(field: Int, row: Int)
}

/// Where the register reader takes its rows from: a CSV file's bytes or a workbook's sheet.
/// Each row comes as cells that are byte ranges in `bytes`, valid until the next row.
protocol RegisterRows {
    var bytes: UnsafeBufferPointer<UInt8> { get }
    /// Fills `fields` with the next row's cells.
    mutating func next(into fields: inout [CSVField]) -> RegisterRowStatus
    associatedtype Mark
    /// Where the next row starts, to come back to it (the header is looked for ahead).
    var mark: Mark { get }
    mutating func rewind(to mark: Mark)
    /// Which column of the source holds what, once the header is known.
    mutating func understand(columns: [Int: RegisterColumn])
    /// The fields of the last row that hold an error value (`#N/A`) rather than data.
    var errorFields: [Int] { get }
    /// The sheet, for problems to name cells (`Аркуш1!E17`); nil for CSV, which has rows only.
    var sheetName: String? { get }
}

/// A CSV file's records, counted as Excel counts rows (a quoted line break stays in its row).
struct CSVRows: RegisterRows {
    var tokenizer: CSVTokenizer
    private var row = 0

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) {
        tokenizer = CSVTokenizer(bytes: bytes, delimiter: delimiter)
    }

    var bytes: UnsafeBufferPointer<UInt8> { tokenizer.bytes }
    var mark: (position: Int, row: Int) { (tokenizer.position, row) }
    var errorFields: [Int] { [] }
    var sheetName: String? { nil }

    mutating func rewind(to mark: (position: Int, row: Int)) {
        tokenizer.position = mark.position
        row = mark.row
    }

    mutating func understand(columns: [Int: RegisterColumn]) {}

    mutating func next(into fields: inout [CSVField]) -> RegisterRowStatus {
        switch tokenizer.next(into: &fields) {
        case .end: return .end
        case .record:
            row += 1
            return .record(row: row)
        case .unterminatedQuote(let field):
            row += 1
            return .unterminatedQuote(field: field, row: row)
        }
    }
}
