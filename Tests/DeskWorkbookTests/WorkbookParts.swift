import DeskCore
import Foundation
import Testing
import ZIPFoundation

/// Workbooks put together part by part, for shapes a spreadsheet library does not write
/// (shared strings with rich text, formulas with cached values, the 1904 date system) and for
/// damaged and hostile files.
enum WorkbookParts {
    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/></Types>
        """

    static let rootRelations = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static func workbook(sheets: [String] = ["Аркуш1"], date1904: Bool = false) -> String {
        let list = sheets.enumerated().map { "<sheet name=\"\($0.element)\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>" }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(list.joined())</sheets></workbook>
            """
    }

    /// The workbook's relations; `absolute` writes targets from the root (`/xl/…`), as some tools do.
    static func workbookRelations(sheets: Int = 1, absolute: Bool = false) -> String {
        let prefix = absolute ? "/xl/" : ""
        var lines = (1...sheets).map {
            "<Relationship Id=\"rId\($0)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"\(prefix)worksheets/sheet\($0).xml\"/>"
        }
        lines.append(
            "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"\(prefix)sharedStrings.xml\"/>")
        lines.append(
            "<Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"\(prefix)styles.xml\"/>")
        return "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + lines.joined() + "</Relationships>"
    }

    /// Style 0 general, 1 a custom `dd.mm.yyyy`, 2 the built-in date 14, 3 a number with text in quotes.
    static let styles = """
        <?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/><numFmt numFmtId="165" formatCode="0&quot; днів&quot;"/></numFmts>\
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
        <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/></cellXfs></styleSheet>
        """

    static func sharedStrings(_ items: [String]) -> String {
        "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + items.map { $0.hasPrefix("<") ? "<si>\($0)</si>" : "<si><t>\($0)</t></si>" }.joined() + "</sst>"
    }

    static func sheet(_ rows: String) -> String {
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + rows + "</sheetData></worksheet>"
    }

    /// A whole workbook of one sheet (more with `extraSheets`).
    static func book(
        sheet rows: String, strings: [String] = [], date1904: Bool = false, absolute: Bool = false,
        sheetNames: [String] = ["Аркуш1"], extraSheets: [String] = []
    ) throws -> Data {
        try zip(
            zipParts(
                sheet: rows, strings: strings, date1904: date1904, absolute: absolute, sheetNames: sheetNames,
                extraSheets: extraSheets))
    }

    /// The parts of `book`, to spoil one before zipping.
    static func zipParts(
        sheet rows: String, strings: [String] = [], date1904: Bool = false, absolute: Bool = false,
        sheetNames: [String] = ["Аркуш1"], extraSheets: [String] = []
    ) -> [String: Data] {
        var parts = [
            "[Content_Types].xml": contentTypes, "_rels/.rels": rootRelations,
            "xl/workbook.xml": workbook(sheets: sheetNames, date1904: date1904),
            "xl/_rels/workbook.xml.rels": workbookRelations(sheets: sheetNames.count, absolute: absolute),
            "xl/styles.xml": styles, "xl/sharedStrings.xml": sharedStrings(strings),
            "xl/worksheets/sheet1.xml": sheet(rows),
        ]
        for (index, extra) in extraSheets.enumerated() { parts["xl/worksheets/sheet\(index + 2).xml"] = sheet(extra) }
        return parts.mapValues { Data($0.utf8) }
    }

    /// A zip made in memory with ZIPFoundation, parts deflated.
    static func zip(_ parts: [String: Data]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        return try #require(archive.data)
    }
}

/// Python's openpyxl, a real spreadsheet library, where it is installed (`.ci/run` installs it).
enum Openpyxl {
    static let python: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin"]
        return folders.map { $0 + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let available: Bool = {
        guard let python else { return false }
        return (try? run(python, ["-c", "import openpyxl"]).status) == 0
    }()

    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("openpyxl-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), stderr)
    }

    /// The untidy registers of `Fixtures/untidy_registers.py`, written once into a temporary folder.
    static let registers: URL? = {
        guard available, let python else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-openpyxl-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/untidy_registers.py")
        guard let result = try? run(python, [script.path, folder.path]), result.status == 0 else { return nil }
        return folder
    }()
}
