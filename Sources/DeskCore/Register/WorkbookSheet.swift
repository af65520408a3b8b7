import Foundation

/// One sheet of an Excel workbook as its cells are stored, for the register import: text,
/// numbers with the digits as written, dates as serial numbers, booleans, error values. The
/// workbook reader (DeskWorkbook) fills it; `RegisterParser.parse(sheet:today:)` reads people
/// from it as from a CSV file, turning numbers into text by the column they are in.
public struct WorkbookSheet: Sendable {
    /// What a cell holds, as the workbook typed it.
    public enum Kind: UInt8, Sendable {
        /// A shared, inline or formula string.
        case text
        /// A number, its digits as the workbook wrote them (`671234567`, `1.2E+11`).
        case number
        /// A number in a date format: days since Excel's epoch.
        case date
        /// `1` or `0`.
        case boolean
        /// An error value such as `#N/A` or `#REF!` (a formula that failed).
        case error
    }

    /// One non-empty cell; its text is `text[start..<end]`.
    public struct Cell: Sendable, Hashable {
        public var row: Int32
        public var column: Int32
        public var kind: Kind
        public var start: Int32
        public var end: Int32

        public init(row: Int, column: Int, kind: Kind, start: Int, end: Int) {
            self.row = Int32(row)
            self.column = Int32(column)
            self.kind = kind
            self.start = Int32(start)
            self.end = Int32(end)
        }
    }

    /// The sheet's name as its tab shows it (`Аркуш1`), for cell names in problems.
    public var name: String
    /// Dates count from 1904-01-01 (an old Mac Excel setting) rather than from 1900.
    public var uses1904Dates: Bool
    /// The UTF-8 bytes of every cell's text, one after another.
    public var text: [UInt8]
    /// By row, then by column (0-based, as `CellReference` counts).
    public var cells: [Cell]

    public init(name: String, uses1904Dates: Bool = false, text: [UInt8], cells: [Cell]) {
        self.name = name
        self.uses1904Dates = uses1904Dates
        self.text = text
        self.cells = cells
    }

    /// The cell's text as stored.
    public func string(_ cell: Cell) -> String {
        String(decoding: text[Int(cell.start)..<Int(cell.end)], as: UTF8.self)
    }
}

/// Excel's date serial numbers: days since 1899-12-30 from 1900-03-01 (serial 61) on. Excel
/// counts a 29 February 1900 that never was (serial 60), so serials 1…59 are a day off; in a
/// 1904 workbook serial 0 is 1904-01-01.
public enum ExcelSerialDate {
    /// The last day Excel can show, 9999-12-31.
    public static let maximum = 2_958_465

    /// The day a serial number names (its fraction, the time of day, ignored); nil for 0,
    /// the phantom 1900-02-29, negatives and anything past 9999.
    public static func date(serial: Double, uses1904Dates: Bool = false) -> CivilDate? {
        guard serial.isFinite, serial >= 0, serial < Double(maximum + 1) else { return nil }
        let days = Int(serial.rounded(.down))
        if uses1904Dates { return CivilDate(year: 1904, month: 1, day: 1)!.adding(days: days) }
        switch days {
        case 0, 60: return nil
        case 1..<60: return CivilDate(year: 1899, month: 12, day: 31)!.adding(days: days)
        default: return CivilDate(year: 1899, month: 12, day: 30)!.adding(days: days)
        }
    }
}

/// The sheet's rows for the register reader, one at a time: each row's cells written as text
/// into a reused buffer, so the reader sees them as it sees CSV cells. A number becomes text
/// by the column it is in, once the header says which column that is: a serial in the birth
/// date column a date, nine digits in the phone column a number with its leading zero back, a
/// certificate number its digits in full.
struct WorkbookRows: RegisterRows {
    let sheet: WorkbookSheet
    private var next = 0
    private var buffer: [UInt8] = []
    private(set) var errorFields: [Int] = []
    private var columns: [Int: RegisterColumn] = [:]
    private var storage: UnsafeMutableBufferPointer<UInt8>
    private let owner: BufferOwner

    /// Frees the row buffer when the last copy of the rows is gone.
    private final class BufferOwner {
        var pointer: UnsafeMutableBufferPointer<UInt8>
        init(_ pointer: UnsafeMutableBufferPointer<UInt8>) { self.pointer = pointer }
        deinit { pointer.deallocate() }
    }

    init(sheet: WorkbookSheet) {
        self.sheet = sheet
        storage = .allocate(capacity: 4096)
        owner = BufferOwner(storage)
        buffer.reserveCapacity(4096)
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(storage) }
    var mark: Int { next }
    mutating func rewind(to mark: Int) { next = mark }
    var sheetName: String? { sheet.name }

    mutating func understand(columns: [Int: RegisterColumn]) { self.columns = columns }

    mutating func next(into fields: inout [CSVField]) -> RegisterRowStatus {
        fields.removeAll(keepingCapacity: true)
        errorFields.removeAll(keepingCapacity: true)
        buffer.removeAll(keepingCapacity: true)
        let cells = sheet.cells
        guard next < cells.count else { return .end }
        let row = cells[next].row
        while next < cells.count && cells[next].row == row {
            let cell = cells[next]
            next += 1
            let column = Int(cell.column)
            while fields.count < column { fields.append(CSVField(start: 0, end: 0, quoted: false)) }
            let start = buffer.count
            append(cell, column: column)
            if cell.kind == .error { errorFields.append(column) }
            let field = CSVField(start: start, end: buffer.count, quoted: false)
            if fields.count == column { fields.append(field) } else { fields[column] = field }
        }
        if buffer.count > storage.count {
            owner.pointer.deallocate()
            storage = .allocate(capacity: buffer.count * 2)
            owner.pointer = storage
        }
        _ = storage.initialize(from: buffer)
        return .record(row: Int(row) + 1)
    }

    private mutating func append(_ cell: WorkbookSheet.Cell, column: Int) {
        let stored = sheet.text[Int(cell.start)..<Int(cell.end)]
        switch cell.kind {
        case .text, .error:
            buffer.append(contentsOf: stored)
        case .boolean:
            buffer.append(contentsOf: (stored.first == UInt8(ascii: "1") ? "TRUE" : "FALSE").utf8)
        case .date:
            appendDate(stored)
        case .number:
            switch columns[column] {
            case .birthDate:
                // A birth date typed into a cell formatted as a number still is a serial; a bare
                // year (1985) or a short number is not, and stays as typed for the date check.
                if let value = Double(String(decoding: stored, as: UTF8.self)), value > 3000 {
                    appendDate(stored)
                } else {
                    buffer.append(contentsOf: stored)
                }
            case .phone:
                let digits = Self.integerDigits(stored)
                // 671234567 is 067 123 45 67 with its leading zero lost.
                if digits.count == 9 { buffer.append(UInt8(ascii: "0")) }
                buffer.append(contentsOf: digits)
            default:
                buffer.append(contentsOf: Self.integerDigits(stored))
            }
        }
    }

    private mutating func appendDate(_ stored: ArraySlice<UInt8>) {
        if let serial = Double(String(decoding: stored, as: UTF8.self)),
            let date = ExcelSerialDate.date(serial: serial, uses1904Dates: sheet.uses1904Dates)
        {
            buffer.append(contentsOf: date.dotted.utf8)
        } else {
            buffer.append(contentsOf: stored)
        }
    }

    /// A whole number's digits without exponent or `.0` (`1.23456789012E+11` is
    /// `123456789012`); anything else as written.
    static func integerDigits(_ stored: ArraySlice<UInt8>) -> [UInt8] {
        if stored.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return Array(stored) }
        // Excel keeps 15 significant digits, which a Double holds exactly.
        if let value = Double(String(decoding: stored, as: UTF8.self)), value.rounded() == value,
            value.magnitude < 1e15
        {
            return Array(String(Int64(value)).utf8)
        }
        return Array(stored)
    }
}
