import DeskCore
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A streaming reader of one workbook part: the parser calls it element by element, so a
/// 60 MB sheet is never a tree in memory.
///
/// The delegate methods are declared here and overridden below: on Linux the protocol's
/// defaults live in an extension, which a subclass's own methods would not replace.
class WorkbookXMLHandler: NSObject, XMLParserDelegate {
    weak var parser: XMLParser?
    /// The handler stopped the parser itself (a limit reached, a bad value found).
    private(set) var stopped = false
    /// The XML line of a value that makes no sense (a cell reference past Excel's last column).
    private(set) var badLine: Int?

    func stop() {
        stopped = true
        parser?.abortParsing()
    }

    func refuse() {
        if badLine == nil { badLine = parser?.lineNumber ?? 0 }
        stop()
    }

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {}

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {}

    func parser(_ parser: XMLParser, foundCharacters string: String) {}

    /// Where libxml2 found the XML broken; `parse()` does not always say so by its result.
    private(set) var errorLine: Int?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if errorLine == nil { errorLine = parser.lineNumber }
    }
}

/// `xl/workbook.xml`: the sheets in tab order, and the date system.
final class WorkbookPartHandler: WorkbookXMLHandler {
    struct Sheet {
        var name: String
        var relation: String
        var isHidden: Bool
    }

    var sheets: [Sheet] = []
    var uses1904Dates = false

    override func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch element {
        case "workbookPr":
            let value = attributes["date1904"]?.lowercased()
            uses1904Dates = value == "1" || value == "true"
        case "sheet":
            // The relation id's prefix is whatever the file declared (`r:id` as a rule).
            let relation = attributes.first { $0.key.hasSuffix(":id") || $0.key == "id" }?.value
            guard let name = attributes["name"], let relation else { return }
            let state = attributes["state"] ?? "visible"
            sheets.append(Sheet(name: name, relation: relation, isHidden: state != "visible"))
        default:
            break
        }
    }
}

/// A `.rels` part: relation id to its type and target.
final class RelationsHandler: WorkbookXMLHandler {
    var relations: [String: (type: String, target: String)] = [:]

    override func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard element == "Relationship", attributes["TargetMode"] != "External",
            let id = attributes["Id"], let target = attributes["Target"]
        else { return }
        relations[id] = (attributes["Type"] ?? "", target)
    }
}

/// `xl/styles.xml`: which cell styles show a number as a date.
final class StylesHandler: WorkbookXMLHandler {
    private var formats: [Int: String] = [:]
    private var cellFormats: [Int] = []
    private var inCellFormats = false

    /// Excel's built-in date and time formats (14 `m/d/yyyy` … 22, and the East Asian ones).
    static let builtInDates: Set<Int> = Set(Array(14...22) + Array(27...36) + Array(45...47) + Array(50...58))

    var dateStyles: Set<Int> {
        var styles: Set<Int> = []
        for (index, format) in cellFormats.enumerated()
        where Self.builtInDates.contains(format) || formats[format].map(Self.isDateFormat) == true {
            styles.insert(index)
        }
        return styles
    }

    /// Whether a format code shows a date or time: a d, m, y, h or s outside quoted text,
    /// brackets (`[Red]`, `[$-422]`) and escaped characters.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false
        var bracketed = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\"": quoted.toggle()
            case "\\" where !quoted: escaped = true
            case "[" where !quoted: bracketed = true
            case "]" where !quoted: bracketed = false
            case "d", "m", "y", "h", "s":
                if !quoted && !bracketed { return true }
            default: break
            }
        }
        return false
    }

    override func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch element {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
                formats[id] = code
            }
        case "cellXfs":
            inCellFormats = true
        case "xf" where inCellFormats:
            cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default:
            break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "cellXfs" { inCellFormats = false }
    }
}

/// `xl/sharedStrings.xml`: each string's bytes, one after another; rich text runs joined,
/// phonetic guides (`rPh`) left out.
final class SharedStringsHandler: WorkbookXMLHandler {
    var text: [UInt8] = []
    var ranges: [(start: Int32, end: Int32)] = []
    private(set) var tooMany = false
    private let limit: Int
    private var start = 0
    private var inText = false
    private var inPhonetic = false

    init(limit: Int) { self.limit = limit }

    override func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch element {
        case "si": start = text.count
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch element {
        case "si":
            guard ranges.count < limit else {
                tooMany = true
                return stop()
            }
            ranges.append((Int32(start), Int32(text.count)))
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { text.append(contentsOf: string.utf8) }
    }
}

/// A worksheet part: its filled cells, typed, with their text appended to the shared strings'.
final class SheetHandler: WorkbookXMLHandler {
    private(set) var text: [UInt8]
    private var cells: [WorkbookSheet.Cell] = []
    private let sharedStrings: [(start: Int32, end: Int32)]
    private let dateStyles: Set<Int>
    private let cellLimit: Int
    private(set) var tooMany = false
    private var inOrder = true

    private var row = -1
    private var nextColumn = 0
    private var column = 0
    private var type = ""
    private var style = 0
    private var value: [UInt8] = []
    private var inValue = false
    private var inInline = false
    private var inInlineText = false
    private var inPhonetic = false
    private var inlineStart = 0

    init(text: [UInt8], sharedStrings: [(start: Int32, end: Int32)], dateStyles: Set<Int>, cellLimit: Int) {
        self.text = text
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.cellLimit = cellLimit
        value.reserveCapacity(64)
    }

    /// The cells by row, then column, as the register reader wants them.
    func sortedCells() -> [WorkbookSheet.Cell] {
        guard !inOrder else { return cells }
        return cells.enumerated().sorted { ($0.element.row, $0.element.column, $0.offset) < ($1.element.row, $1.element.column, $1.offset) }
            .map(\.element)
    }

    override func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch element {
        case "c":
            if let reference = attributes["r"] {
                guard let cell = CellReference(reference) else { return refuse() }
                column = cell.column
                if cell.row != row {
                    // A cell outside its row element: trust the reference.
                    row = cell.row
                }
            } else {
                column = nextColumn
            }
            guard row >= 0, column < CellReference.maxColumns else { return refuse() }
            nextColumn = column + 1
            type = attributes["t"] ?? ""
            style = attributes["s"].flatMap { Int($0) } ?? 0
            value.removeAll(keepingCapacity: true)
            inlineStart = text.count
        case "row":
            if let number = attributes["r"] {
                guard let parsed = Int(number), (1...CellReference.maxRows).contains(parsed) else { return refuse() }
                row = parsed - 1
            } else {
                row += 1
            }
            guard row < CellReference.maxRows else { return refuse() }
            nextColumn = 0
        case "v":
            inValue = true
        case "is":
            inInline = true
        case "t":
            inInlineText = inInline && !inPhonetic
        case "rPh":
            inPhonetic = true
        default:
            break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch element {
        case "c": finishCell()
        case "v": inValue = false
        case "is": inInline = false
        case "t": inInlineText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue {
            value.append(contentsOf: string.utf8)
        } else if inInlineText {
            text.append(contentsOf: string.utf8)
        }
    }

    private func finishCell() {
        let kind: WorkbookSheet.Kind
        var start = text.count
        switch type {
        case "inlineStr":
            guard text.count > inlineStart else { return }
            append(.text, start: inlineStart, end: text.count)
            return
        case "s":
            guard let index = Int(String(decoding: value, as: UTF8.self)), sharedStrings.indices.contains(index) else {
                // No value is an empty cell; a string the table does not have is a broken file.
                if !value.isEmpty { refuse() }
                return
            }
            let range = sharedStrings[index]
            guard range.end > range.start else { return }
            append(.text, start: Int(range.start), end: Int(range.end))
            return
        case "str": kind = .text
        case "e": kind = .error
        case "b": kind = .boolean
        case "d":
            // An ISO date (`2024-01-01T00:00:00`): its day, which the date check reads.
            kind = .text
            if let time = value.firstIndex(of: UInt8(ascii: "T")) { value.removeSubrange(time...) }
        default:
            kind = dateStyles.contains(style) ? .date : .number
        }
        guard !value.isEmpty else { return }
        start = text.count
        text.append(contentsOf: value)
        append(kind, start: start, end: text.count)
    }

    private func append(_ kind: WorkbookSheet.Kind, start: Int, end: Int) {
        guard cells.count < cellLimit, text.count < Int(Int32.max) else {
            tooMany = true
            return stop()
        }
        if let last = cells.last, (last.row, last.column) >= (Int32(row), Int32(column)) { inOrder = false }
        cells.append(WorkbookSheet.Cell(row: row, column: column, kind: kind, start: start, end: end))
    }
}
