/// The code on a household's card: ten digits a scanner types (or a volunteer copies from the
/// printed line), naming the household, the card's version and a check digit.
///
/// Digits only: a scanner types through the computer's keyboard layout, and with a Ukrainian
/// layout active Latin letters would arrive as Cyrillic ones; digits arrive as digits.
///
///     9 00417 01 6      9: the register's household number, 6 digits (00417 → 000417)
///     8 12345 01 3      8: the household's id in the database, for numbers that are not
///                          6 digits or fewer (`А-17`, `2024/17`)
///
/// The first digit also keeps codes apart from what else is typed into the search line: phone
/// numbers start with 0 or 3, certificate numbers with 0. The check digit (Damm's algorithm)
/// catches every single mistyped or misread digit and every swap of two neighbouring digits,
/// so such a slip never opens another family's card.
public struct CardCode: Sendable, Hashable {
    public enum Holder: Sendable, Hashable {
        /// The household number as `HouseholdNumber.key` has it: digits, no leading zeros.
        case number(String)
        /// The household's database id.
        case id(Int64)
    }

    public var holder: Holder
    /// 1 for the first card; each replacement takes the next (at most 99).
    public var version: Int

    public static let length = 10
    public static let maxVersion = 99
    static let bodyDigits = 6

    public init(holder: Holder, version: Int) {
        self.holder = holder
        self.version = version
    }

    /// The holder for a household: its number when that is 6 digits or fewer, else its id.
    /// nil when neither fits (an id beyond 999,999).
    public static func holder(number: String, id: Int64) -> Holder? {
        let key = HouseholdNumber.key(number)
        if !key.isEmpty, key.count <= bodyDigits, key.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return .number(key) }
        return id > 0 && id < 1_000_000 ? .id(id) : nil
    }

    /// The ten digits, check digit last.
    public var digits: String {
        let (kind, body): (String, String)
        switch holder {
        case .number(let key): (kind, body) = ("9", key)
        case .id(let id): (kind, body) = ("8", String(id))
        }
        let padded = String(repeating: "0", count: max(0, Self.bodyDigits - body.count)) + body
        let version = (version < 10 ? "0" : "") + String(version)
        let payload = kind + padded + version
        return payload + String(Damm.checkDigit(payload))
    }

    /// `9004 1701 6`-style groups for the printed line: easier to copy by hand.
    public var grouped: String {
        let d = Array(digits)
        return String(d[0..<4]) + " " + String(d[4..<8]) + " " + String(d[8...])
    }

    /// What the search line holds, as far as cards go.
    public enum Reading: Sendable, Hashable {
        /// Not shaped like a card code: a name, a phone, a household number.
        case notACode
        /// Shaped like a code, but the check digit does not match: a slip or a misread.
        case wrongCheckDigit
        case code(CardCode)
    }

    /// Reads typed or scanned text: ten digits starting with 8 or 9, spaces and dashes allowed
    /// between them (as copied from the printed line).
    public static func read(_ text: String) -> Reading {
        let trimmed = text.trimmingSpaces()
        var digits: [UInt8] = []
        for byte in trimmed.utf8 {
            switch byte {
            case 0x30...0x39: digits.append(byte - 0x30)
            case 0x20, 0x2D: continue
            default: return .notACode
            }
        }
        guard digits.count == length, digits[0] == 8 || digits[0] == 9,
            let first = trimmed.utf8.first, first >= 0x30 && first <= 0x39
        else { return .notACode }
        guard Damm.isValid(digits) else { return .wrongCheckDigit }
        let body = digits[1...bodyDigits].reduce(0) { $0 * 10 + Int($1) }
        let version = Int(digits[7]) * 10 + Int(digits[8])
        guard version >= 1 else { return .wrongCheckDigit }
        let holder: Holder = digits[0] == 9 ? .number(String(body)) : .id(Int64(body))
        if case .id(0) = holder { return .wrongCheckDigit }
        return .code(CardCode(holder: holder, version: version))
    }
}

/// H. Michael Damm's check digit: a totally anti-symmetric quasigroup of order 10, which detects
/// all single-digit errors and all adjacent transpositions.
enum Damm {
    static let table: [[UInt8]] = [
        [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
        [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
        [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
        [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
        [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
        [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
        [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
        [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
        [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
    ]

    static func interim(_ digits: some Sequence<UInt8>) -> UInt8 {
        digits.reduce(0) { table[Int($0)][Int($1)] }
    }

    static func checkDigit(_ text: String) -> UInt8 { interim(text.utf8.map { $0 - 0x30 }) }

    static func isValid(_ digits: [UInt8]) -> Bool { interim(digits) == 0 }
}

/// Why a scanned or typed card code opens no family. Nothing was looked up beyond the card.
public enum CardRefusal: Error, Sendable, Hashable {
    /// Ten digits shaped like a code whose check digit does not match: a slip or a misread.
    case wrongCheckDigit(String)
    /// The card was replaced (lost, damaged) by a newer one on `on`: the old card opens nothing.
    case replaced(household: String, on: CivilDate)
    /// No household has this card (a number not in the register, a version never printed).
    case unknownCard(String)
}

extension Strings {
    public func explain(_ refusal: CardRefusal) -> String {
        switch refusal {
        case .wrongCheckDigit(let digits): return self("cards.wrongCheckDigit", ["code": digits])
        case .replaced(let household, let date):
            return self("cards.replaced", ["household": household, "date": date.dotted])
        case .unknownCard(let digits): return self("cards.unknown", ["code": digits])
        }
    }
}
