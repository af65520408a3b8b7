import Foundation

/// Windows-1251 (CP1251), the code page Excel uses for "CSV" in a Ukrainian or Russian locale.
///
/// Our own table rather than `String.Encoding.windowsCP1251`, whose support on Linux is
/// unreliable. Bytes 0x00–0x7F are ASCII; the table below covers the 128 upper code points,
/// including the Ukrainian letters Ґ ґ Є є І і Ї ї, the apostrophe ’, «», № and the
/// no-break space.
public enum Windows1251 {
    /// The Unicode scalars of bytes 0x80...0xFF, in byte order.
    ///
    /// 0x98 is unassigned in Windows-1251; like the WHATWG encoding standard we map it to
    /// the C1 control U+0098, so that every byte decodes and re-encodes to itself.
    static let upperHalf: [UInt32] = [
        // 0x80
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        // 0x90
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x0098, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        // 0xA0
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        // 0xB0
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
        // 0xC0: А...П
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
        0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
        // 0xD0: Р...Я
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
        0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
        // 0xE0: а...п
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
        0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
        // 0xF0: р...я
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
        0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
    ]

    /// The UTF-8 form of each of the 256 bytes, packed: up to 3 bytes, low byte first,
    /// with the length in the top byte. Built once from `upperHalf`.
    static let utf8Table: [UInt32] = (0..<256).map { byte in
        let scalar = byte < 0x80 ? UInt32(byte) : upperHalf[byte - 0x80]
        var packed: UInt32 = 0
        var length: UInt32 = 0
        for unit in Unicode.UTF8.encode(Unicode.Scalar(scalar)!)! {
            packed |= UInt32(unit) << (8 * length)
            length += 1
        }
        return packed | (length << 24)
    }

    /// Unicode scalar → byte, for the upper half only.
    static let encodeTable: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        for (index, scalar) in upperHalf.enumerated() { table[scalar] = UInt8(0x80 + index) }
        // The official Ukrainian apostrophe (U+02BC, which the register import writes into
        // names) has no code point of its own in CP1251; Ukrainian Excel users type ’ for it,
        // and the import turns ’ back into U+02BC, so a name survives an export and re-import.
        table[0x02BC] = 0x92
        return table
    }()

    /// Decodes CP1251 bytes. Every byte has a character, so this never fails.
    public static func decode(_ data: Data) -> String {
        let utf8 = data.withUnsafeBytes { raw in utf8Bytes(fromCP1251: raw.bindMemory(to: UInt8.self)) }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The UTF-8 bytes of CP1251 text, without building a `String` on the way.
    static func utf8Bytes(fromCP1251 bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        utf8Table.withUnsafeBufferPointer { table in
            for byte in bytes {
                if byte < 0x80 {
                    out.append(byte)
                } else {
                    let packed = table[Int(byte)]
                    let length = packed >> 24
                    out.append(UInt8(truncatingIfNeeded: packed))
                    if length > 1 { out.append(UInt8(truncatingIfNeeded: packed >> 8)) }
                    if length > 2 { out.append(UInt8(truncatingIfNeeded: packed >> 16)) }
                }
            }
        }
        return out
    }

    /// Encodes `string` in CP1251, or returns nil if some character has no CP1251 form
    /// (Latin letters with accents, emoji, ...). The modifier letter apostrophe ʼ (U+02BC)
    /// is written as ’ (0x92).
    public static func encode(_ string: String) -> Data? {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            guard let byte = byte(for: scalar.value) else { return nil }
            out.append(byte)
        }
        return Data(out)
    }

    /// The byte for one scalar; the Cyrillic block through a flat table, the rest by lookup.
    @inline(__always)
    static func byte(for value: UInt32) -> UInt8? {
        if value < 0x80 { return UInt8(value) }
        if value >= 0x0400 && value < 0x0460 {
            let byte = cyrillicBytes[Int(value - 0x0400)]
            return byte == 0 ? nil : byte
        }
        return encodeTable[value]
    }

    /// U+0400...U+045F → byte, 0 where CP1251 has none (Ѐ, Ѝ, ѐ, ѝ).
    static let cyrillicBytes: [UInt8] = (0x0400..<0x0460).map { encodeTable[UInt32($0)] ?? 0 }

    /// Whether every character of `string` has a CP1251 form.
    public static func canEncode(_ string: String) -> Bool {
        string.unicodeScalars.allSatisfy { byte(for: $0.value) != nil }
    }
}
