import Foundation

/// Latin spellings of Ukrainian names read back into folded Cyrillic.
///
/// One table covers the systems found on documents and in people's heads: the official
/// Ukrainian system (Cabinet of Ministers resolution 55 of 2010: Olha, Serhii, Zghurskyi,
/// Yevhen, Khrystyna, Shcherbak), older passport spellings (g for г, ye/yi/yu/ya anywhere),
/// Russian-style spellings (Olga, Sergey, Aleksandr, Natalya, Yelena) and the scholarly one
/// (č, š, ž, ï, ja, ju, je, ch for х), also with its diacritics lost (Sevcenko), and German
/// spellings (Schewtschenko). A Latin letter or digraph often stands for several
/// Cyrillic ones, so the reading is a small lattice: each rule lists its alternatives, most
/// likely first, and the engine walks the lattice against the index of known names.
enum LatinSpelling {
    struct Rule: Sendable {
        /// Lower-case Latin scalars, diacritics precomposed.
        let pattern: [UInt32]
        /// Folded Cyrillic readings, most likely first; an empty reading drops the pattern.
        let readings: [[UInt8]]
    }

    /// Rules indexed by their first scalar, longest pattern first.
    static let rulesByFirst: [UInt32: [Rule]] = {
        let table: [(String, [String])] = [
            ("shch", ["щ"]), ("sch", ["щ", "ш", "шч"]), ("tsch", ["ч"]), ("šč", ["щ"]), ("szcz", ["щ"]), ("ŝ", ["щ"]),
            ("zgh", ["зг"]), ("zh", ["ж"]), ("ž", ["ж"]), ("ż", ["ж"]), ("ź", ["з"]),
            ("kh", ["х"]), ("ch", ["ч", "х"]), ("č", ["ч"]), ("ć", ["ч", "ц"]),
            ("sh", ["ш"]), ("š", ["ш"]), ("ś", ["с", "ш"]), ("sz", ["ш"]), ("cz", ["ч"]),
            ("ts", ["ц", "тс"]), ("tz", ["ц"]), ("tc", ["ц"]), ("dzh", ["дж"]),
            ("ya", ["я", "иа"]), ("ja", ["я", "иа"]), ("ia", ["я", "ия", "иа"]),
            ("yu", ["ю", "иу"]), ("ju", ["ю", "иу"]), ("iu", ["ю", "ию", "иу"]),
            ("ye", ["е", "ие"]), ("je", ["е", "ие"]), ("ie", ["е", "ие"]),
            ("yi", ["ии", "и"]), ("ji", ["и", "ии"]),
            ("yo", ["е", "о", "ио"]), ("jo", ["ио", "е", "о"]), ("io", ["ио", "о", "е"]),
            ("gh", ["г"]), ("ph", ["ф"]), ("ck", ["к"]), ("ks", ["кс"]),
            ("a", ["а"]), ("b", ["б"]), ("c", ["ц", "к", "ч", "с"]), ("d", ["д"]),
            ("e", ["е"]), ("f", ["ф"]), ("g", ["г", "ж"]), ("h", ["г", "х"]), ("i", ["и", "ии"]),
            ("j", ["и", "ж"]), ("k", ["к"]), ("l", ["л"]), ("m", ["м"]), ("n", ["н"]),
            ("o", ["о"]), ("p", ["п"]), ("q", ["к"]), ("r", ["р"]), ("s", ["с", "ш"]), ("t", ["т"]),
            ("u", ["у", "ю"]), ("v", ["в"]), ("w", ["в"]), ("x", ["кс", "х"]), ("y", ["и", "ии"]),
            ("z", ["з", "ж"]),
            ("ï", ["и"]), ("ì", ["и"]), ("í", ["и"]), ("î", ["и"]), ("ý", ["и"]), ("ÿ", ["и"]),
            ("ë", ["е", "ио"]), ("é", ["е"]), ("è", ["е"]), ("ê", ["е"]), ("ě", ["е"]),
            ("á", ["а"]), ("à", ["а"]), ("â", ["а"]), ("ä", ["а"]), ("ó", ["о"]), ("ò", ["о"]),
            ("ô", ["о"]), ("ö", ["о"]), ("ú", ["у"]), ("ù", ["у"]), ("ŭ", ["у"]), ("ü", ["у", "ю"]),
            ("ñ", ["н"]), ("ł", ["л"]), ("ĺ", ["л"]), ("ľ", ["л"]), ("ń", ["н"]), ("ň", ["н"]),
            ("ř", ["р"]), ("ŕ", ["р"]), ("ď", ["д"]), ("ť", ["т"]), ("ĭ", ["и"]), ("ǵ", ["г"]),
            ("ġ", ["г"]), ("ĝ", ["г"]), ("ĥ", ["х"]), ("ç", ["ц", "ч"]), ("ĉ", ["ч"]),
            // The soft sign and apostrophe of scholarly and passport spellings.
            ("'", [""]), ("’", [""]), ("ʼ", [""]), ("ʹ", [""]), ("ʺ", [""]), ("`", [""]),
            ("´", [""]), ("‘", [""]), ("\"", [""]),
        ]
        var byFirst: [UInt32: [Rule]] = [:]
        for (pattern, readings) in table {
            let scalars = pattern.unicodeScalars.map(\.value)
            let codes = readings.map { NameFold.fold($0) }
            byFirst[scalars[0], default: []].append(Rule(pattern: scalars, readings: codes))
        }
        for key in byFirst.keys {
            byFirst[key]!.sort { $0.pattern.count > $1.pattern.count }
        }
        return byFirst
    }()

    /// Whether a scalar belongs to a Latin spelling of a name (letters with diacritics included).
    static func isLatinLetter(_ value: UInt32) -> Bool {
        if (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) { return true }
        return (0xC0...0x24F).contains(value) && value != 0xD7 && value != 0xF7
    }

    /// The word lower-cased with diacritics precomposed (`c` + caron → `č`), as scalars.
    static func prepare<S: StringProtocol>(_ word: S) -> [UInt32] {
        let composed = String(word).lowercased().precomposedStringWithCanonicalMapping
        return composed.unicodeScalars.map(\.value)
    }

    /// The rules that apply at `position` of `word`, longest first.
    @inline(__always)
    static func rules(at position: Int, of word: [UInt32]) -> [Rule] {
        guard let candidates = rulesByFirst[word[position]] else { return [] }
        return candidates.filter { rule in
            guard position + rule.pattern.count <= word.count else { return false }
            for k in 1..<max(1, rule.pattern.count) where word[position + k] != rule.pattern[k] {
                return false
            }
            return true
        }
    }

    /// A few complete readings of the word, the most likely first, for the typo search that
    /// runs when no reading is a known name or the prefix of one. At most `limit` readings:
    /// the first-choice reading, then those that change one choice.
    static func readings(of word: [UInt32], limit: Int) -> [[UInt8]] {
        // Segment greedily by the longest rule; unknown scalars are skipped.
        var segments: [[[UInt8]]] = []
        var position = 0
        while position < word.count {
            let applicable = rules(at: position, of: word)
            if let rule = applicable.first {
                // A digraph also reads as its two letters (ya → й+а, ts → т+с) through the
                // alternatives of the rule itself; keep the longest segmentation only.
                segments.append(rule.readings)
                position += rule.pattern.count
            } else {
                position += 1
            }
        }
        var results: [[UInt8]] = [segments.flatMap { $0.first ?? [] }]
        outer: for (k, options) in segments.enumerated() where options.count > 1 {
            for option in options.dropFirst() {
                var reading: [UInt8] = []
                for (j, segment) in segments.enumerated() {
                    reading += j == k ? option : (segment.first ?? [])
                }
                if !results.contains(reading) { results.append(reading) }
                if results.count >= limit { break outer }
            }
        }
        return results
    }

    /// The first-choice reading as a folded string, for tests: `Zghurskyi` → `згурскии`.
    static func primaryReading<S: StringProtocol>(_ word: S) -> String {
        NameFold.string(readings(of: prepare(word), limit: 1).first ?? [])
    }
}
