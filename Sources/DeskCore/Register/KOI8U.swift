import Foundation

/// KOI8-U (RFC 2319), the older Ukrainian code page that some hubs' registers still come in
/// (exported from old accounting programs and Linux tools). Our own table, as for Windows-1251:
/// Foundation on Linux has no KOI8-U.
///
/// A KOI8-U file is as valid a sequence of bytes as a Windows-1251 one, so which of the two a
/// file is in is decided by which reading looks like Ukrainian (`RegisterEncoding.detect`).
public enum KOI8U {
    /// The Unicode scalars of bytes 0x80...0xFF, in byte order.
    static let upperHalf: [UInt32] = [
        // 0x80: box drawing and blocks
        0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524,
        0x252C, 0x2534, 0x253C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590,
        // 0x90
        0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248,
        0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7,
        // 0xA0: ё є і ї ґ among box drawing
        0x2550, 0x2551, 0x2552, 0x0451, 0x0454, 0x2554, 0x0456, 0x0457,
        0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x0491, 0x255D, 0x255E,
        // 0xB0: Ё Є І Ї Ґ
        0x255F, 0x2560, 0x2561, 0x0401, 0x0404, 0x2563, 0x0406, 0x0407,
        0x2566, 0x2567, 0x2568, 0x2569, 0x256A, 0x0490, 0x256C, 0x00A9,
        // 0xC0: юабцдефгхийклмноп
        0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433,
        0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E,
        // 0xD0: пярстужвьызшэщчъ
        0x043F, 0x044F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0436, 0x0432,
        0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
        // 0xE0: ЮАБЦДЕФГХИЙКЛМНО
        0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413,
        0x0425, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E,
        // 0xF0: ПЯРСТУЖВЬЫЗШЭЩЧЪ
        0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412,
        0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
    ]

    /// Decodes KOI8-U bytes. Every byte has a character, so this never fails.
    public static func decode(_ data: Data) -> String {
        let utf8 = data.withUnsafeBytes { raw in utf8Bytes(fromKOI8U: raw.bindMemory(to: UInt8.self)) }
        return String(decoding: utf8, as: UTF8.self)
    }

    static func utf8Bytes(fromKOI8U bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                out += Array(String(Unicode.Scalar(upperHalf[Int(byte) - 0x80])!).utf8)
            }
        }
        return out
    }

    /// Encodes `string` in KOI8-U, or nil if some character has no KOI8-U form (for tests and
    /// for making sample files).
    public static func encode(_ string: String) -> Data? {
        var out: [UInt8] = []
        for scalar in string.unicodeScalars {
            if scalar.value < 0x80 {
                out.append(UInt8(scalar.value))
            } else if let index = upperHalf.firstIndex(of: scalar.value) {
                out.append(UInt8(0x80 + index))
            } else {
                return nil
            }
        }
        return Data(out)
    }
}

/// Which single-byte Cyrillic code page a file is in, judged by how Ukrainian each reading looks.
enum CyrillicCodePage {
    /// How many bytes of the file are looked at: a register's first rows are names and places
    /// enough to tell, and a 100 MB file is not read twice over.
    static let sample = 256 * 1024

    /// Whether the bytes read better as KOI8-U than as Windows-1251. Windows-1251 wins a tie: it
    /// is what Excel writes.
    static func isKOI8U(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var cp1251 = 0
        var koi8u = 0
        var previous1251: UInt32 = 0
        var previousKOI8: UInt32 = 0
        for byte in bytes.prefix(sample) {
            if byte < 0x80 {
                previous1251 = UInt32(byte)
                previousKOI8 = UInt32(byte)
                continue
            }
            let a = Windows1251.upperHalf[Int(byte) - 0x80]
            let b = KOI8U.upperHalf[Int(byte) - 0x80]
            cp1251 += score(a, after: previous1251)
            koi8u += score(b, after: previousKOI8)
            previous1251 = a
            previousKOI8 = b
        }
        return koi8u > cp1251
    }

    /// Letters common in Ukrainian score high, rare ones low, letters Ukrainian does not use
    /// below zero, and signs a register never holds (box drawing, ¤ ¦ §) far below; a capital
    /// right after a small letter (`кОВАЛЕНКО`, what the wrong code page makes of a name) too.
    static func score(_ scalar: UInt32, after previous: UInt32) -> Int {
        let lower = lowercased(scalar)
        var points: Int
        switch lower {
        case 0x043E, 0x0430, 0x043D, 0x0456, 0x0438, 0x0432, 0x0440, 0x0442, 0x0435, 0x0441, 0x043A, 0x043B, 0x0443:
            points = 3  // о а н і и в р т е с к л у
        case 0x0434, 0x043C, 0x043F, 0x044F, 0x0437, 0x044C, 0x0433, 0x0431, 0x0447, 0x0446, 0x0445, 0x0439, 0x0436,
            0x0448, 0x044E, 0x0454, 0x0457:
            points = 2  // д м п я з ь г б ч ц х й ж ш ю є ї
        case 0x0449, 0x0444, 0x0491:
            points = 1  // щ ф ґ
        case 0x044B, 0x044D, 0x044A, 0x0451:
            points = -1  // ы э ъ ё: Russian, and sometimes in a register all the same
        case 0x00A0, 0x2116, 0x00AB, 0x00BB, 0x2019, 0x2018, 0x201C, 0x201D, 0x201E, 0x2013, 0x2014, 0x2026, 0x00B0:
            points = 0  // no-break space, №, quotes, apostrophe, dashes
        default:
            points = -4
        }
        if lower != scalar && isCyrillicSmall(previous) { points -= 2 }
        return points
    }

    static func lowercased(_ scalar: UInt32) -> UInt32 {
        switch scalar {
        case 0x0410...0x042F: scalar + 0x20
        case 0x0400...0x040F: scalar + 0x50
        case 0x0490: 0x0491
        default: scalar
        }
    }

    static func isCyrillicSmall(_ scalar: UInt32) -> Bool {
        (0x0430...0x045F).contains(scalar) || scalar == 0x0491
    }
}
