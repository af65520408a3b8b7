/// The folded Cyrillic key every name and every query word is reduced to before matching.
///
/// One canonical form absorbs the differences that do not tell two people apart: case,
/// е/є/ё/э, и/і/ї/й/ы, г/ґ, the soft and hard signs, and the apostrophe in all its shapes
/// (`'`, `’`, `ʼ`, or none). A folded word is a short array of letter codes 1...27, one per
/// letter of `NameFold.alphabet`, so that matching compares bytes, not `Character`s.
public enum NameFold {
    /// The 27 letters of the folded alphabet; code `n` is `alphabet[n - 1]`.
    public static let alphabet: [Character] = Array("абвгдежзиклмнопрстуфхцчшщюя")

    /// Codes, for readability inside the engine.
    static let a: UInt8 = 1, i: UInt8 = 9, o: UInt8 = 14, e: UInt8 = 6

    /// What a Unicode scalar is to a name: a folded letter, a sign the fold drops, or neither.
    enum Unit: Equatable {
        case letter(UInt8)
        case dropped
        case other
    }

    /// Per scalar U+0400...U+04FF: 1...27 a folded letter, 0 dropped (ь ъ), 255 not a name letter.
    private static let cyrillicTable: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 0x100)
        let groups: [(String, Character)] = [
            ("аА", "а"), ("бБ", "б"), ("вВ", "в"), ("гГґҐ", "г"), ("дД", "д"),
            ("еЕєЄёЁэЭ", "е"), ("жЖ", "ж"), ("зЗ", "з"), ("иИіІїЇйЙыЫ", "и"), ("кК", "к"),
            ("лЛ", "л"), ("мМ", "м"), ("нН", "н"), ("оО", "о"), ("пП", "п"), ("рР", "р"),
            ("сС", "с"), ("тТ", "т"), ("уУўЎ", "у"), ("фФ", "ф"), ("хХ", "х"), ("цЦ", "ц"),
            ("чЧ", "ч"), ("шШ", "ш"), ("щЩ", "щ"), ("юЮ", "ю"), ("яЯ", "я"),
        ]
        for (letters, folded) in groups {
            let code = UInt8(alphabet.firstIndex(of: folded)! + 1)
            for scalar in letters.unicodeScalars { table[Int(scalar.value) - 0x400] = code }
        }
        for scalar in "ьЬъЪ".unicodeScalars { table[Int(scalar.value) - 0x400] = 0 }
        return table
    }()

    /// Latin letters that look like Cyrillic ones, as found inside Cyrillic words typed on a
    /// keyboard that lacks a letter (a Latin `i` for `і` is the classic).
    private static let homoglyphs: [UInt32: Character] = [
        0x61: "а", 0x63: "с", 0x65: "е", 0x69: "і", 0x6F: "о", 0x70: "р", 0x78: "х",
        0x79: "у", 0x6B: "к", 0x6D: "м", 0x74: "т",
        0x41: "а", 0x43: "с", 0x45: "е", 0x49: "і", 0x4F: "о", 0x50: "р", 0x58: "х",
        0x59: "у", 0x4B: "к", 0x4D: "м", 0x54: "т", 0x48: "н", 0x42: "в",
    ]

    /// Apostrophe shapes found in Ukrainian names: ' ’ ʼ ‘ ` ´ ʹ, the modifier letters, and
    /// the `"` the scholarly system writes for it.
    static func isApostrophe(_ value: UInt32) -> Bool {
        switch value {
        case 0x27, 0x22, 0x60, 0xB4, 0x2018, 0x2019, 0x201B, 0x2032, 0x02B9, 0x02BA, 0x02BC, 0x02BB,
            0x02BD, 0x02C8:
            return true
        default:
            return false
        }
    }

    static func isCyrillicLetter(_ value: UInt32) -> Bool {
        value >= 0x400 && value < 0x500 && cyrillicTable[Int(value) - 0x400] != 255
    }

    static func unit(_ value: UInt32, homoglyphs allowLatin: Bool) -> Unit {
        if value >= 0x400 && value < 0x500 {
            let code = cyrillicTable[Int(value) - 0x400]
            if code == 255 { return .other }
            return code == 0 ? .dropped : .letter(code)
        }
        if isApostrophe(value) { return .dropped }
        if allowLatin, let glyph = homoglyphs[value] {
            let code = cyrillicTable[Int(glyph.unicodeScalars.first!.value) - 0x400]
            return .letter(code)
        }
        return .other
    }

    /// The folded codes of a Cyrillic word; Latin look-alike letters inside it count as
    /// Cyrillic, anything else that is not a letter is skipped.
    public static func fold<S: StringProtocol>(_ text: S) -> [UInt8] {
        var codes: [UInt8] = []
        codes.reserveCapacity(text.utf8.count / 2 + 1)
        for scalar in text.unicodeScalars {
            if case .letter(let code) = unit(scalar.value, homoglyphs: true) { codes.append(code) }
        }
        return codes
    }

    /// The folded form as a string, for tests and diagnostics: `Згурський` → `згурскии`.
    public static func folded<S: StringProtocol>(_ text: S) -> String {
        string(fold(text))
    }

    static func string(_ codes: some Sequence<UInt8>) -> String {
        String(codes.map { alphabet[Int($0) - 1] })
    }

    /// The lightest normalisation: lower case, apostrophes removed, Latin look-alikes made
    /// Cyrillic. Two words with the same light key were typed the same way; two words with
    /// the same fold but different light keys differ by a letter confusion (е/є, и/і …).
    public static func lightKey<S: StringProtocol>(_ text: S) -> String {
        // Gathered in an array: appending to a `UnicodeScalarView` piece by piece copies the
        // whole view each time, which made a long stored name quadratic to index.
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count / 2 + 1)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if isApostrophe(value) { continue }
            if let glyph = homoglyphs[value] {
                out += String(glyph).lowercased().unicodeScalars
            } else if value >= 0x400 && value < 0x500 {
                out += String(scalar).lowercased().unicodeScalars
            } else if value >= 65 && value <= 90 {
                out.append(Unicode.Scalar(UInt8(value + 32)))
            } else {
                out.append(scalar)
            }
        }
        var key = ""
        key.unicodeScalars.append(contentsOf: out)
        return key
    }

    // MARK: Keyboard

    /// The standard Ukrainian ЙЦУКЕН layout: the Latin key (US positions) for each Ukrainian
    /// letter, unshifted then shifted. `\` gives ґ on the Ukrainian (enhanced) layout.
    static let layoutPairs: [(latin: Character, ukrainian: Character)] = {
        let latin = Array("`qwertyuiop[]asdfghjkl;'zxcvbnm,./\\")
        let ukr = Array("'йцукенгшщзхїфівапролджєячсмитьбю.ґ")
        let latinShift = Array("QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?|")
        let ukrShift = Array("ЙЦУКЕНГШЩЗХЇФІВАПРОЛДЖЄЯЧСМИТЬБЮ,Ґ")
        var pairs = zip(latin, ukr).map { ($0, $1) }
        pairs += zip(latinShift, ukrShift).map { ($0, $1) }
        return pairs
    }()

    static let latinToUkrainianKey: [Character: Character] = {
        var map: [Character: Character] = [:]
        for (l, u) in layoutPairs { map[l] = u }
        return map
    }()

    static let ukrainianToLatinKey: [Character: Character] = {
        var map: [Character: Character] = [:]
        for (l, u) in layoutPairs where u != "." && u != "," && u != "'" {
            map[u] = l
        }
        // Russian-only letters sit on the same keys as their Ukrainian neighbours.
        map["ы"] = "s"; map["Ы"] = "S"; map["э"] = "'"; map["Э"] = "\""
        map["ъ"] = "]"; map["Ъ"] = "}"; map["ё"] = "`"; map["Ё"] = "~"
        return map
    }()

    /// Text typed with the Latin layout active while meaning Ukrainian: `rjdfkmxer` → `ковальчук`,
    /// `,f,'rt` → `бабєкє`… Characters without a key on the Ukrainian layout stay as they are.
    public static func latinKeysToUkrainian<S: StringProtocol>(_ text: S) -> String {
        String(text.map { latinToUkrainianKey[$0] ?? $0 })
    }

    /// Text typed with the Ukrainian layout active while meaning Latin: `Щдрф` → `Olha`.
    public static func ukrainianKeysToLatin<S: StringProtocol>(_ text: S) -> String {
        String(text.map { ukrainianToLatinKey[$0] ?? $0 })
    }

    /// Folded letters whose keys touch on the Ukrainian layout: a slip to a neighbour costs
    /// half an edit.
    static let neighbours: [UInt64] = {
        let rows = [Array("йцукенгшщзхї"), Array("фівапролджє"), Array("ячсмитьбю")]
        var bits = [UInt64](repeating: 0, count: 28)
        func code(_ c: Character) -> UInt8? {
            guard let value = c.unicodeScalars.first?.value,
                case .letter(let code) = unit(value, homoglyphs: false)
            else { return nil }
            return code
        }
        func link(_ x: Character, _ y: Character) {
            guard let a = code(x), let b = code(y), a != b else { return }
            bits[Int(a)] |= 1 << UInt64(b)
            bits[Int(b)] |= 1 << UInt64(a)
        }
        for (r, row) in rows.enumerated() {
            for (k, c) in row.enumerated() {
                if k + 1 < row.count { link(c, row[k + 1]) }
                if r + 1 < rows.count {
                    let below = rows[r + 1]
                    if k < below.count { link(c, below[k]) }
                    if k >= 1, k - 1 < below.count { link(c, below[k - 1]) }
                }
            }
        }
        return bits
    }()

    @inline(__always)
    static func areNeighbours(_ a: UInt8, _ b: UInt8) -> Bool {
        neighbours[Int(a)] & (1 << UInt64(b)) != 0
    }
}
