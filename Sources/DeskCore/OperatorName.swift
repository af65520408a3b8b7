import Foundation

/// How operators' names are compared: as a person reading them would. Two names that look the
/// same on screen are the same operator, so nobody can add «Гaннa» (Latin a's) beside «Ганна»
/// and sign in as a look-alike in every list and in the audit.
public enum OperatorName {
    /// The name as stored and shown: spaces trimmed and collapsed, invisible characters removed.
    public static func clean(_ name: String) -> String {
        let visible = String(String.UnicodeScalarView(
            name.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !invisible.contains($0.value) }))
        return visible.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The key two names share when they look alike: the clean name with Latin letters that
    /// look Cyrillic turned Cyrillic, every apostrophe one apostrophe, then lower case.
    public static func key(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in clean(name).unicodeScalars {
            if let cyrillic = lookAlikes[scalar] {
                scalars.append(cyrillic)
            } else if apostrophes.contains(scalar.value) {
                scalars.append("'")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars).lowercased()
    }

    /// True when the two names are one operator.
    public static func same(_ a: String, _ b: String) -> Bool { key(a) == key(b) }

    /// Zero-width spaces and joiners, the soft hyphen, the word joiner and the byte-order mark:
    /// they change a name without changing how it looks.
    private static let invisible: Set<UInt32> = [0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]

    /// ' ’ ʼ ` ´ ‘: Ukrainian names (Мар'яна) are typed with any of them.
    private static let apostrophes: Set<UInt32> = [0x0027, 0x2019, 0x02BC, 0x0060, 0x00B4, 0x2018]

    /// Latin letters drawn like a Cyrillic one in the fonts volunteers see (upper case where only
    /// the capital looks alike: H and Н, but not h and н).
    private static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, String)] = [
            ("A", "А"), ("B", "В"), ("C", "С"), ("E", "Е"), ("H", "Н"), ("I", "І"), ("K", "К"), ("M", "М"),
            ("O", "О"), ("P", "Р"), ("T", "Т"), ("X", "Х"), ("Y", "У"), ("J", "Ј"), ("S", "Ѕ"),
            ("a", "а"), ("c", "с"), ("e", "е"), ("i", "і"), ("o", "о"), ("p", "р"), ("x", "х"), ("y", "у"),
            ("j", "ј"), ("s", "ѕ"),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.map { ($0.0.unicodeScalars.first!, $0.1.unicodeScalars.first!) })
    }()
}
