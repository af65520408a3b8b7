import Foundation

/// The character encodings the register import recognises, as Excel writes them.
public enum RegisterEncoding: String, Sendable, Hashable, Codable, CaseIterable {
    /// UTF-8 without a byte order mark (also plain ASCII).
    case utf8
    /// UTF-8 with the byte order mark Excel's "CSV UTF-8" puts first.
    case utf8BOM
    /// Windows-1251, Excel's plain "CSV" in a Ukrainian locale.
    case windows1251
    /// KOI8-U, from older programs: told from Windows-1251 by which reading looks Ukrainian.
    case koi8u = "koi8-u"

    /// UTF-8 (with or without BOM) if the bytes are valid UTF-8; otherwise Windows-1251, or
    /// KOI8-U when that reading looks more like Ukrainian (`CyrillicCodePage`).
    public static func detect(_ data: Data) -> RegisterEncoding {
        data.withUnsafeBytes { raw in detect(raw.bindMemory(to: UInt8.self)) }
    }

    /// The text of `data` and the encoding it was found to be in. The BOM is not part of the text.
    public static func decode(_ data: Data) -> (text: String, encoding: RegisterEncoding) {
        let (bytes, encoding) = utf8Bytes(of: data)
        return (String(decoding: bytes, as: UTF8.self), encoding)
    }

    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> RegisterEncoding {
        if hasUTF8BOM(bytes) { return .utf8BOM }
        if isValidUTF8(bytes) { return .utf8 }
        return CyrillicCodePage.isKOI8U(bytes) ? .koi8u : .windows1251
    }

    /// The UTF-8 bytes of the text, without BOM, whatever the file's encoding.
    static func utf8Bytes(of data: Data) -> (bytes: [UInt8], encoding: RegisterEncoding) {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            switch detect(bytes) {
            case .utf8BOM:
                // A BOM followed by invalid UTF-8 is still read leniently as UTF-8: the BOM is
                // the file's own statement of its encoding.
                let rest = UnsafeBufferPointer(rebasing: bytes[3...])
                if isValidUTF8(rest) { return (Array(rest), .utf8BOM) }
                return (Array(String(decoding: rest, as: UTF8.self).utf8), .utf8BOM)
            case .utf8:
                return (Array(bytes), .utf8)
            case .windows1251:
                return (Windows1251.utf8Bytes(fromCP1251: bytes), .windows1251)
            case .koi8u:
                return (KOI8U.utf8Bytes(fromKOI8U: bytes), .koi8u)
            }
        }
    }

    static func hasUTF8BOM(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// Excel's "Unicode text" is UTF-16 with a BOM; we do not read it, but say so clearly.
    static func hasUTF16BOM(_ data: Data) -> Bool {
        guard data.count >= 2 else { return false }
        let a = data[data.startIndex], b = data[data.startIndex + 1]
        return (a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF)
    }

    /// Strict UTF-8 validation: no overlong forms, no surrogates, nothing above U+10FFFF.
    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            if c < 0xC2 { return false }
            if c < 0xE0 {
                guard i + 1 < n, b[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if c < 0xF0 {
                guard i + 2 < n else { return false }
                let c1 = b[i + 1], c2 = b[i + 2]
                guard c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80 else { return false }
                if c == 0xE0 && c1 < 0xA0 { return false }
                if c == 0xED && c1 >= 0xA0 { return false }
                i += 3
            } else if c < 0xF5 {
                guard i + 3 < n else { return false }
                let c1 = b[i + 1], c2 = b[i + 2], c3 = b[i + 3]
                guard c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80, c3 & 0xC0 == 0x80 else { return false }
                if c == 0xF0 && c1 < 0x90 { return false }
                if c == 0xF4 && c1 >= 0x90 { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}

/// The field separators the register import recognises.
public enum RegisterDelimiter: String, Sendable, Hashable, Codable, CaseIterable {
    /// `,`: Excel in an English locale, Google Sheets.
    case comma
    /// `;`: Excel in a Ukrainian locale (where the comma is the decimal separator).
    case semicolon
    /// Tab: "Text (tab delimited)" and copy-paste out of a spreadsheet.
    case tab

    public var character: Character {
        switch self {
        case .comma: ","
        case .semicolon: ";"
        case .tab: "\t"
        }
    }

    var byte: UInt8 {
        switch self {
        case .comma: 0x2C
        case .semicolon: 0x3B
        case .tab: 0x09
        }
    }

    /// Decides from the first line of `text` with anything but separators and spaces in it
    /// (the header), counting commas, semicolons and tabs outside quotes: the most frequent wins; on a tie, tab, then
    /// semicolon, then comma. A header with none of them is taken as semicolon-separated.
    public static func detect(in text: String) -> RegisterDelimiter {
        var copy = text
        return copy.withUTF8 { detect(in: $0, from: 0) }
    }

    static func detect(in b: UnsafeBufferPointer<UInt8>, from start: Int) -> RegisterDelimiter {
        var i = start
        // Line by line until one holds something besides separators and spaces: Excel may
        // write empty rows (`;;;;`) above the header.
        while i < b.count {
            var commas = 0, semicolons = 0, tabs = 0
            var inQuotes = false
            var content = false
            line: while i < b.count {
                let c = b[i]
                i += 1
                if c == 0x22 {
                    inQuotes.toggle()
                    content = true
                    continue
                }
                if inQuotes { continue }
                switch c {
                case 0x0A, 0x0D: break line
                case 0x2C: commas += 1
                case 0x3B: semicolons += 1
                case 0x09: tabs += 1
                case 0x20: break
                default: content = true
                }
            }
            if content {
                if tabs > 0 && tabs >= semicolons && tabs >= commas { return .tab }
                if semicolons > 0 && semicolons >= commas { return .semicolon }
                if commas > 0 { return .comma }
                return .semicolon
            }
        }
        return .semicolon
    }
}

/// Where one cell lies in the file's bytes; `quoted` cells still include their quotes.
struct CSVField {
    var start: Int
    var end: Int
    var quoted: Bool
}

/// RFC 4180 records over UTF-8 bytes: quoted fields may hold delimiters, doubled quotes and
/// line breaks; lines end in CRLF, LF or CR. Reads lazily, one record at a time, and builds
/// no strings: cells are byte ranges.
struct CSVTokenizer {
    enum Status {
        case record
        case end
        /// A quote opened in field `field` and the file ended before it closed.
        case unterminatedQuote(field: Int)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
    }

    mutating func next(into fields: inout [CSVField]) -> Status {
        fields.removeAll(keepingCapacity: true)
        let b = bytes
        let n = b.count
        let delimiter = self.delimiter
        var pos = position
        guard pos < n else { return .end }
        while true {
            let start = pos
            var quoted = false
            if pos < n && b[pos] == 0x22 {
                quoted = true
                pos += 1
                while true {
                    if pos >= n {
                        position = n
                        fields.append(CSVField(start: start, end: n, quoted: true))
                        return .unterminatedQuote(field: fields.count - 1)
                    }
                    if b[pos] == 0x22 {
                        if pos + 1 < n && b[pos + 1] == 0x22 {
                            pos += 2
                            continue
                        }
                        pos += 1
                        break
                    }
                    pos += 1
                }
            }
            // Unquoted text, or (leniently) anything after a closing quote up to the delimiter.
            while pos < n {
                let c = b[pos]
                if c == delimiter || c == 0x0A || c == 0x0D { break }
                pos += 1
            }
            fields.append(CSVField(start: start, end: pos, quoted: quoted))
            if pos >= n {
                position = n
                return .record
            }
            let c = b[pos]
            pos += 1
            if c == delimiter { continue }
            if c == 0x0D && pos < n && b[pos] == 0x0A { pos += 1 }
            position = pos
            return .record
        }
    }
}

/// Turns one cell's bytes into clean text: quotes undone, spaces (including no-break and
/// other Unicode spaces) trimmed and collapsed to one, zero-width junk dropped, and, for names,
/// every apostrophe look-alike turned into ʼ (U+02BC). Works on bytes with reused buffers.
struct CellCleaner {
    private var unquoted: [UInt8] = []
    private(set) var output: [UInt8] = []

    init() {
        unquoted.reserveCapacity(256)
        output.reserveCapacity(256)
    }

    /// Cleans `field` into `output`.
    mutating func clean(_ field: CSVField, in bytes: UnsafeBufferPointer<UInt8>, apostrophes: Bool) {
        if field.quoted {
            unquoted.removeAll(keepingCapacity: true)
            var i = field.start + 1
            var inQuotes = true
            while i < field.end {
                let c = bytes[i]
                if inQuotes && c == 0x22 {
                    if i + 1 < field.end && bytes[i + 1] == 0x22 {
                        unquoted.append(0x22)
                        i += 2
                    } else {
                        inQuotes = false
                        i += 1
                    }
                    continue
                }
                unquoted.append(c)
                i += 1
            }
            unquoted.withUnsafeBufferPointer {
                CellCleaner.clean($0, into: &output, apostrophes: apostrophes)
            }
        } else {
            CellCleaner.clean(
                UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), into: &output,
                apostrophes: apostrophes)
        }
    }

    /// The cleaned cell as a string.
    mutating func string(_ field: CSVField, in bytes: UnsafeBufferPointer<UInt8>, apostrophes: Bool) -> String {
        clean(field, in: bytes, apostrophes: apostrophes)
        return String(decoding: output, as: UTF8.self)
    }

    var isEmpty: Bool { output.isEmpty }
    var text: String { String(decoding: output, as: UTF8.self) }

    static func clean(_ b: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], apostrophes: Bool) {
        output.removeAll(keepingCapacity: true)
        let n = b.count
        var pendingSpace = false
        var i = 0
        @inline(__always) func emit(_ byte: UInt8, _ out: inout [UInt8], _ pending: inout Bool) {
            if pending {
                if !out.isEmpty { out.append(0x20) }
                pending = false
            }
            out.append(byte)
        }
        @inline(__always) func emitApostrophe(_ out: inout [UInt8], _ pending: inout Bool) {
            emit(0xCA, &out, &pending)
            out.append(0xBC)
        }
        while i < n {
            let c = b[i]
            if c < 0x80 {
                switch c {
                case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C:
                    pendingSpace = true
                case 0x27 where apostrophes, 0x60 where apostrophes:
                    emitApostrophe(&output, &pendingSpace)
                default:
                    emit(c, &output, &pendingSpace)
                }
                i += 1
                continue
            }
            // Multi-byte sequences: the input is valid UTF-8, so continuation bytes are present.
            let c1: UInt8 = i + 1 < n ? b[i + 1] : 0
            let c2: UInt8 = i + 2 < n ? b[i + 2] : 0
            switch c {
            case 0xC2:
                if c1 == 0xA0 || c1 == 0x85 {  // no-break space, next line
                    pendingSpace = true
                    i += 2
                    continue
                }
                if c1 == 0xAD {  // soft hyphen
                    i += 2
                    continue
                }
                if c1 == 0xB4 && apostrophes {  // ´ acute accent
                    emitApostrophe(&output, &pendingSpace)
                    i += 2
                    continue
                }
            case 0xCA:
                if (c1 == 0xB9 || c1 == 0xBC) && apostrophes {  // ʹ, ʼ
                    emitApostrophe(&output, &pendingSpace)
                    i += 2
                    continue
                }
            case 0xE2:
                if c1 == 0x80 {
                    if (0x80...0x8A).contains(c2) || c2 == 0xAF || c2 == 0xA8 || c2 == 0xA9 {  // spaces, separators
                        pendingSpace = true
                        i += 3
                        continue
                    }
                    if c2 == 0x8B {  // zero-width space
                        i += 3
                        continue
                    }
                    if (c2 == 0x98 || c2 == 0x99 || c2 == 0xB2) && apostrophes {  // ‘ ’ ′
                        emitApostrophe(&output, &pendingSpace)
                        i += 3
                        continue
                    }
                } else if c1 == 0x81 {
                    if c2 == 0x9F {  // medium mathematical space
                        pendingSpace = true
                        i += 3
                        continue
                    }
                    if c2 == 0xA0 {  // word joiner
                        i += 3
                        continue
                    }
                }
            case 0xE3:
                if c1 == 0x80 && c2 == 0x80 {  // ideographic space
                    pendingSpace = true
                    i += 3
                    continue
                }
            case 0xEF:
                if c1 == 0xBB && c2 == 0xBF {  // byte order mark / zero-width no-break space
                    i += 3
                    continue
                }
            default:
                break
            }
            emit(c, &output, &pendingSpace)
            i += 1
        }
    }
}
