import DeskCore
import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads one sheet of an Excel workbook (`.xlsx`) into typed cells for the register import.
///
/// Hostile files get a clear refusal, never a crash, a hang or unbounded memory: every part is
/// counted while it is unpacked (a zip bomb stops at the limit, whatever its header claims), a
/// part that declares a document type is refused before parsing (entity expansion), and the
/// shared strings and cells are capped.
public struct WorkbookReader {
    /// How much the reader takes. The defaults hold a register far beyond any hub's: 110,000
    /// people with every column filled are a sheet of about 60 MB and 1.7 million cells.
    public struct Limits: Sendable {
        public var sheetBytes: Int
        public var otherPartBytes: Int
        public var cells: Int
        public var sharedStrings: Int

        public init(
            sheetBytes: Int = 256 << 20, otherPartBytes: Int = 128 << 20, cells: Int = 4_000_000,
            sharedStrings: Int = 4_000_000
        ) {
            self.sheetBytes = sheetBytes
            self.otherPartBytes = otherPartBytes
            self.cells = cells
            self.sharedStrings = sharedStrings
        }
    }

    /// A sheet as the workbook lists it.
    public struct SheetEntry: Sendable, Hashable {
        public var name: String
        /// Hidden sheets are never taken as "the first sheet".
        public var isHidden: Bool
        /// The part holding its cells (`xl/worksheets/sheet1.xml`).
        public var part: String
    }

    let archive: Archive
    let limits: Limits
    /// The workbook part and its folder (`xl/workbook.xml`, `xl/`).
    let workbookPart: String
    public let sheets: [SheetEntry]
    public let uses1904Dates: Bool
    private let relations: [String: (type: String, target: String)]

    /// Opens the workbook and reads its list of sheets.
    public init(_ data: Data, limits: Limits = Limits()) throws(WorkbookProblem) {
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        if data.starts(with: ole) { throw .oldFormatOrPassword }
        guard Workbook.looksLikeWorkbook(data) else { throw .damaged }
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .damaged
        }
        self.limits = limits
        let rootRelations = try Self.relations(in: archive, part: "_rels/.rels", limits: limits)
        let officeDocument = rootRelations.values.first { $0.type.hasSuffix("/officeDocument") }
        let workbookPart = officeDocument.map { Self.resolve($0.target, from: "") } ?? "xl/workbook.xml"
        self.workbookPart = workbookPart
        guard let workbookXML = try Self.part(workbookPart, in: archive, limit: limits.otherPartBytes) else {
            throw .notExcel
        }
        let workbook = WorkbookPartHandler()
        try Self.parse(workbookXML, part: workbookPart, with: workbook)
        let slash = workbookPart.lastIndex(of: "/").map { workbookPart.index(after: $0) } ?? workbookPart.startIndex
        let folder = String(workbookPart[..<slash])
        let relationsPart = folder + "_rels/" + workbookPart[slash...] + ".rels"
        relations = try Self.relations(in: archive, part: relationsPart, limits: limits).mapValues {
            (type: $0.type, target: Self.resolve($0.target, from: folder))
        }
        uses1904Dates = workbook.uses1904Dates
        let known = relations
        sheets = workbook.sheets.compactMap { sheet in
            known[sheet.relation].map { SheetEntry(name: sheet.name, isHidden: sheet.isHidden, part: $0.target) }
        }
    }

    /// Reads the sheet named `name` (compared as written, then ignoring case), or the first
    /// sheet that is not hidden.
    public func read(sheet name: String? = nil) throws(WorkbookProblem) -> WorkbookSheet {
        guard !sheets.isEmpty else { throw .noSheets }
        let chosen: SheetEntry
        if let name {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard
                let found = sheets.first(where: { $0.name == trimmed })
                    ?? sheets.first(where: { $0.name.lowercased() == trimmed.lowercased() })
            else {
                throw .sheetNotFound(name: name, available: sheets.map(\.name))
            }
            chosen = found
        } else {
            chosen = sheets.first { !$0.isHidden } ?? sheets[0]
        }

        // Shared strings first: the sheet's text starts as their bytes, so a cell naming one
        // points into them and nothing is copied per cell.
        let strings = SharedStringsHandler(limit: limits.sharedStrings)
        if let path = relatedPart(ending: "/sharedStrings"),
            let xml = try Self.part(path, in: archive, limit: limits.otherPartBytes)
        {
            try Self.parse(xml, part: path, with: strings)
            if strings.tooMany { throw .tooManyCells(limit: limits.sharedStrings) }
        }
        var dateStyles: Set<Int> = []
        if let path = relatedPart(ending: "/styles"), let xml = try Self.part(path, in: archive, limit: limits.otherPartBytes) {
            let styles = StylesHandler()
            try Self.parse(xml, part: path, with: styles)
            dateStyles = styles.dateStyles
        }
        guard let xml = try Self.part(chosen.part, in: archive, limit: limits.sheetBytes) else { throw .damaged }
        let cells = SheetHandler(
            text: strings.text, sharedStrings: strings.ranges, dateStyles: dateStyles, cellLimit: limits.cells)
        try Self.parse(xml, part: chosen.part, with: cells)
        if cells.tooMany { throw .tooManyCells(limit: limits.cells) }
        return WorkbookSheet(
            name: chosen.name, uses1904Dates: uses1904Dates, text: cells.text, cells: cells.sortedCells())
    }

    private func relatedPart(ending type: String) -> String? {
        relations.values.first { $0.type.hasSuffix(type) }?.target
    }

    /// `worksheets/sheet1.xml` from `xl/` is `xl/worksheets/sheet1.xml`; `/xl/…` is from the root.
    static func resolve(_ target: String, from folder: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for piece in target.split(separator: "/") {
            switch piece {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(piece)
            }
        }
        return parts.joined(separator: "/")
    }

    static func relations(in archive: Archive, part: String, limits: Limits) throws(WorkbookProblem)
        -> [String: (type: String, target: String)]
    {
        guard let xml = try Self.part(part, in: archive, limit: limits.otherPartBytes) else { return [:] }
        let handler = RelationsHandler()
        try parse(xml, part: part, with: handler)
        return handler.relations
    }

    /// The part unpacked, counting as it goes; nil when the zip has no such part. Names are
    /// compared as written, then ignoring case (some tools write `[Content_Types].xml` otherwise).
    static func part(_ path: String, in archive: Archive, limit: Int) throws(WorkbookProblem) -> Data? {
        guard let entry = archive[path] ?? archive.first(where: { $0.path.lowercased() == path.lowercased() }) else {
            return nil
        }
        let limitMiB = max(1, limit >> 20)
        if entry.uncompressedSize > UInt64(limit) { throw .partTooLarge(part: path, limitMiB: limitMiB) }
        struct TooLarge: Error {}
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= limit else { throw TooLarge() }
                data.append(chunk)
            }
        } catch is TooLarge {
            throw .partTooLarge(part: path, limitMiB: limitMiB)
        } catch {
            throw .damaged
        }
        return data
    }

    /// Parses `xml` with `handler`, refusing a document type before the parser sees it.
    static func parse(_ xml: Data, part: String, with handler: WorkbookXMLHandler) throws(WorkbookProblem) {
        // UTF-16 would hide a document type from the search below; Excel writes UTF-8 only.
        if xml.prefix(4).contains(0) || xml.starts(with: [0xFF, 0xFE]) || xml.starts(with: [0xFE, 0xFF]) {
            throw .brokenXML(part: part, line: 1)
        }
        if xml.range(of: Data("<!DOCTYPE".utf8)) != nil || xml.range(of: Data("<!ENTITY".utf8)) != nil {
            throw .documentType(part: part)
        }
        let parser = XMLParser(data: xml)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = handler
        handler.parser = parser
        let finished = parser.parse()
        if let line = handler.badLine { throw .brokenXML(part: part, line: line) }
        if handler.stopped { return }
        if let line = handler.errorLine { throw .brokenXML(part: part, line: line) }
        if !finished || parser.parserError != nil { throw .brokenXML(part: part, line: parser.lineNumber) }
    }
}
