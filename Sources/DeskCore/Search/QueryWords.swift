/// One word of a query as the engine understands it.
struct QueryWord: Sendable, Hashable {
    enum Form: Sendable, Hashable {
        /// Letters: a Cyrillic word, a Latin one, or a Latin chunk with layout punctuation
        /// in it (`,f,'rt`), matched as one word.
        case name
        /// A single letter: an initial, or the first keystroke of a name.
        case initial
        /// Digits: a phone, a certificate number or a household number. Several chunks
        /// typed apart (`050 123 45 67`) are kept apart in `parts`.
        case number
    }

    var form: Form
    var text: String
    var parts: [String] = []
    /// The word being typed: the last of the query with no space after it.
    var isLast: Bool = false

    /// Keys a Latin chunk can hold when the Latin layout was on instead of the Ukrainian one.
    static let layoutPunctuation: Set<Character> = [
        "[", "]", ";", "'", ",", ".", "`", "{", "}", ":", "\"", "<", ">", "~", "\\", "|",
    ]

    /// Splits a query into words. Whitespace separates chunks; a Cyrillic chunk splits
    /// further at punctuation (`Коваленко,О.П.`); an all-Latin chunk stays whole unless it
    /// is initials (`O.P.`), because its punctuation may be Ukrainian letters typed on
    /// the Latin layout.
    static func parse(_ query: String) -> [QueryWord] {
        var words: [QueryWord] = []
        var numberParts: [String] = []
        func flushNumber() {
            guard !numberParts.isEmpty else { return }
            words.append(QueryWord(form: .number, text: numberParts.joined(separator: " "), parts: numberParts))
            numberParts = []
        }
        let chunks = query.split(whereSeparator: { $0.isWhitespace })
        for chunk in chunks {
            if chunk.contains(where: \.isNumber) {
                numberParts.append(String(chunk))
                continue
            }
            flushNumber()
            let hasCyrillic = chunk.unicodeScalars.contains { NameFold.isCyrillicLetter($0.value) }
            let pieces = chunk.split { !isNameCharacter($0) }.filter { $0.contains(where: \.isLetter) }
            if !hasCyrillic && chunk.contains(where: { layoutPunctuation.contains($0) })
                && chunk.allSatisfy({ $0.isASCII })
            {
                let initials = chunk.allSatisfy { $0.isLetter || $0 == "." } && pieces.allSatisfy { $0.count == 1 }
                if !initials {
                    words.append(QueryWord(form: .name, text: String(chunk)))
                    continue
                }
            }
            for piece in pieces {
                let letters = piece.filter(\.isLetter).count
                words.append(QueryWord(form: letters == 1 ? .initial : .name, text: String(piece)))
            }
        }
        flushNumber()
        if var last = words.popLast() {
            last.isLast = !(query.last?.isWhitespace ?? true) && last.form != .number
            words.append(last)
        }
        return words
    }

    static func isNameCharacter(_ ch: Character) -> Bool {
        ch.isLetter || ch.unicodeScalars.allSatisfy { NameFold.isApostrophe($0.value) }
    }

    var hasCyrillic: Bool { text.unicodeScalars.contains { NameFold.isCyrillicLetter($0.value) } }
}

/// How one query word matched the vocabulary, or the people, for scoring and for reuse by
/// the next keystroke.
enum WordMatch: Sendable {
    case dense(DenseMatch)
    case initial(InitialMatch)
    case number(NumberMatch)

    /// How many postings the word reaches: the cheapest word is the one to enumerate.
    var volume: Int {
        switch self {
        case .dense(let m): return m.volume
        case .initial(let m): return m.volume
        case .number(let m): return m.people.count
        }
    }
}

/// A quality per vocabulary entry: `q16 << 8 | kind`, 0 where the word does not match.
struct DenseMatch: Sendable {
    var quals: [UInt32]
    /// Entries with people that match, for enumeration and for the refinement check.
    var tokens: [Int32]
    var volume: Int
}

/// A single letter: quality per folded letter for surnames (`[0...27]`) and for given
/// names and patronymics (`[28...55]`).
struct InitialMatch: Sendable {
    var letterQ: [UInt32]
    var volume: Int
}

/// People matched by a number, sorted, with their quality.
struct NumberMatch: Sendable {
    var people: [Int32]
    var quals: [UInt32]
}

/// Match qualities. Scores are means of these over the query words, so an exact full name
/// scores 1 and every looser way of matching costs something.
enum SearchQuality {
    static let exact = 1.0
    /// Same fold, different letters: е/є, и/і, a missing apostrophe.
    static let folded = 0.97
    static let initial = 0.85
    static let surnameInitial = 0.62
    static let transliteration = 0.95
    static let russianForm = 0.93
    static let layout = 0.9

    static func prefix(typed: Int, of full: Int) -> Double {
        0.6 + 0.3 * Double(typed) / Double(max(full, typed))
    }

    /// A typo costing `units` half-edits (a neighbouring key is one, any other edit two).
    static func typo(units: Int) -> Double { 0.86 - 0.07 * Double(units) }

    static func fuzzyPrefix(units: Int, typed: Int, of full: Int) -> Double {
        prefix(typed: typed, of: full) - 0.1 - 0.05 * Double(units)
    }

    static let kinds = MatchKind.allCases

    @inline(__always)
    static func pack(_ q: Double, _ kind: MatchKind) -> UInt32 {
        let q16 = UInt32(max(0, min(1, q)) * 65000) + 1
        return q16 << 8 | UInt32(kinds.firstIndex(of: kind)!)
    }

    @inline(__always)
    static func q16(_ packed: UInt32) -> UInt32 { packed >> 8 }

    @inline(__always)
    static func kind(_ packed: UInt32) -> MatchKind { kinds[Int(packed & 0xFF)] }
}
