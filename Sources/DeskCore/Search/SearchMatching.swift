/// Matching one query word against the vocabulary (names) or the keys (numbers).
extension SearchIndex {
    /// Collects the best quality per vocabulary entry while the ways of matching run.
    struct DenseBuilder {
        var quals: [UInt32]
        var tokens: [Int32] = []
        var volume = 0

        init(count: Int) { quals = [UInt32](repeating: 0, count: count) }
    }

    @inline(__always)
    func entryLength(_ e: Int) -> Int { Int(vocabStart[e + 1] - vocabStart[e]) }

    /// Offers `entry` at quality `q`; a Russian form passes the offer on to its Ukrainian words.
    func offer(_ entry: Int, _ q: Double, _ kind: MatchKind, into b: inout DenseBuilder) {
        if postingStart[entry + 1] > postingStart[entry] {
            let packed = SearchQuality.pack(q, kind)
            let old = b.quals[entry]
            if old == 0 {
                b.tokens.append(Int32(entry))
                b.volume += Int(postingStart[entry + 1] - postingStart[entry])
            }
            if packed > old { b.quals[entry] = packed }
        }
        let a = Int(aliasStart[entry]), z = Int(aliasStart[entry + 1])
        if a < z {
            let aliasKind: MatchKind =
                switch kind {
                case .exact, .prefix, .transliteration: .russianForm
                default: kind
                }
            for k in a..<z {
                let target = Int(aliasTargets[k])
                guard postingStart[target + 1] > postingStart[target] else { continue }
                let packed = SearchQuality.pack(q * SearchQuality.russianForm, aliasKind)
                let old = b.quals[target]
                if old == 0 {
                    b.tokens.append(Int32(target))
                    b.volume += Int(postingStart[target + 1] - postingStart[target])
                }
                if packed > old { b.quals[target] = packed }
            }
        }
    }

    /// Matches one word: the fold, its prefixes, Russian forms and typos for Cyrillic;
    /// transliteration and the other keyboard layout for Latin; initials; numbers.
    func match(_ word: QueryWord) -> WordMatch {
        switch word.form {
        case .number:
            return .number(matchNumber(word.parts))
        case .initial:
            return .initial(matchInitial(word.text))
        case .name:
            var b = DenseBuilder(count: vocabularyCount)
            if word.hasCyrillic {
                let codes = NameFold.fold(word.text)
                matchCyrillic(
                    codes, light: NameFold.lightKey(word.text), factor: 1, layout: false,
                    isLast: word.isLast, into: &b)
                if codes.count >= 3 {
                    let latin = NameFold.ukrainianKeysToLatin(word.text)
                    matchLatin(latin, factor: SearchQuality.layout, layout: true, into: &b)
                }
            } else {
                // Latin letters: a transliteration, or Ukrainian typed on the Latin layout.
                // Typos are looked for only when neither reading is a registered word.
                let latinWhole = matchLatin(word.text, factor: 1, layout: false, into: &b)
                let codes = NameFold.fold(NameFold.latinKeysToUkrainian(word.text))
                let layoutWhole = matchCyrillic(
                    codes, light: nil, factor: SearchQuality.layout, layout: true, isLast: word.isLast,
                    typos: !latinWhole, into: &b)
                if !latinWhole && !layoutWhole {
                    matchLatinTypos(word.text, into: &b)
                }
            }
            return .dense(DenseMatch(quals: b.quals, tokens: b.tokens, volume: b.volume))
        }
    }

    /// Exact fold, prefix, Russian forms (through the vocabulary's aliases) and typos.
    /// Returns whether the word is a registered word (or Russian form) as it stands.
    @discardableResult
    func matchCyrillic(
        _ codes: [UInt8], light: String?, factor: Double, layout: Bool, isLast: Bool, typos: Bool = true,
        into b: inout DenseBuilder
    ) -> Bool {
        guard !codes.isEmpty else { return false }
        let exactKind: MatchKind = layout ? .keyboardLayout : .exact
        let prefixKind: MatchKind = layout ? .keyboardLayout : .prefix
        let typoKind: MatchKind = layout ? .keyboardLayout : .typo
        var foundWhole = false
        if let node = trie.descend(codes) {
            let terminal = Int(trie.terminal[node])
            if terminal >= 0 {
                foundWhole = true
                let same = light.flatMap { lightKeys[$0] } == Int32(terminal)
                offer(terminal, (same ? SearchQuality.exact : SearchQuality.folded) * factor, exactKind, into: &b)
            }
            for e in Int(trie.lo[node])..<Int(trie.hi[node]) where e != terminal {
                offer(e, SearchQuality.prefix(typed: codes.count, of: entryLength(e)) * factor, prefixKind, into: &b)
            }
        }
        guard typos, codes.count >= 4 else { return foundWhole }
        // A word that is a registered name as typed gets one edit at most: two edits away
        // from a real name is rarely what was meant.
        let maxUnits = codes.count >= 6 && !foundWhole ? 4 : 2
        let prefixUnits = isLast && codes.count >= 5 ? 2 : -1
        typoWalk(codes, maxUnits: maxUnits, prefixUnits: prefixUnits) { entry, units, prefixDepth in
            let q: Double
            if prefixDepth > 0 {
                q = SearchQuality.fuzzyPrefix(units: units, typed: prefixDepth, of: entryLength(entry))
            } else {
                q = SearchQuality.typo(units: units)
            }
            offer(entry, q * factor, typoKind, into: &b)
        }
        return foundWhole
    }

    /// The Latin letters (and apostrophes) of a word, lower case, diacritics precomposed.
    func latinLetters(_ text: String) -> [UInt32] {
        LatinSpelling.prepare(text).filter { LatinSpelling.isLatinLetter($0) || NameFold.isApostrophe($0) }
    }

    /// Latin letters read as Ukrainian names in every common transliteration system.
    /// Returns whether some complete reading is a registered word.
    @discardableResult
    func matchLatin(_ text: String, factor: Double, layout: Bool, into b: inout DenseBuilder) -> Bool {
        let word = latinLetters(text)
        guard word.contains(where: LatinSpelling.isLatinLetter) else { return false }
        let kind: MatchKind = layout ? .keyboardLayout : .transliteration
        let q = SearchQuality.transliteration * factor
        var ends = Set<Int>()
        latinWalk(word) { ends.insert($0) }
        var foundWhole = false
        for node in ends.sorted() {
            let terminal = Int(trie.terminal[node])
            let typed = Int(trie.depth[node])
            if terminal >= 0 {
                foundWhole = true
                offer(terminal, q, kind, into: &b)
            }
            for e in Int(trie.lo[node])..<Int(trie.hi[node]) where e != terminal {
                offer(e, SearchQuality.prefix(typed: typed, of: entryLength(e)) * q, kind, into: &b)
            }
        }
        return foundWhole
    }

    /// A typo in a Latin spelling: the likeliest readings, searched for typos.
    func matchLatinTypos(_ text: String, into b: inout DenseBuilder) {
        let word = latinLetters(text)
        guard word.count >= 4 else { return }
        let q = SearchQuality.transliteration
        for codes in LatinSpelling.readings(of: word, limit: 4) where codes.count >= 4 {
            let maxUnits = codes.count >= 6 ? 4 : 2
            typoWalk(codes, maxUnits: maxUnits, prefixUnits: -1) { entry, units, _ in
                offer(entry, SearchQuality.typo(units: units) * q, .typo, into: &b)
            }
        }
    }

    /// Walks the transliteration lattice of `word` through the trie; reports every node
    /// where a complete reading of the word ends.
    func latinWalk(_ word: [UInt32], _ report: (Int) -> Void) {
        var seen = Set<Int>()
        let stride = trie.nodeCount
        func go(_ position: Int, _ node: Int) {
            guard seen.insert(position * stride + node).inserted else { return }
            if position == word.count {
                report(node)
                return
            }
            var applied = false
            for rule in LatinSpelling.rulesByFirst[word[position]] ?? [] {
                let length = rule.pattern.count
                guard position + length <= word.count else { continue }
                var k = 1
                while k < length && word[position + k] == rule.pattern[k] { k += 1 }
                guard k == length else { continue }
                applied = true
                for reading in rule.readings {
                    if let next = trie.descend(reading, from: node) {
                        go(position + length, next)
                    }
                }
            }
            if !applied { go(position + 1, node) }
        }
        go(0, 0)
    }

    /// Damerau-Levenshtein (optimal string alignment) over the trie, in half-edit units:
    /// a neighbouring key costs 1, any other substitution, deletion, insertion or swap 2.
    /// One edit is allowed in words of 4 to 6 letters, two in longer ones, the longer of the
    /// typed word and the registered one deciding (a letter left out of a 7-letter name
    /// leaves 6). Reports `(entry, units, 0)` for whole words within that and `maxUnits`, and, when
    /// `prefixUnits >= 0`, `(entry, units, depth)` for every word under a node whose path is
    /// within `prefixUnits` of the whole query (a typo in a word still being typed).
    func typoWalk(
        _ word: [UInt8], maxUnits: Int, prefixUnits: Int, _ report: (Int, Int, Int) -> Void
    ) {
        let m = word.count
        guard m > 0 else { return }
        let width = m + 1
        let maxDepth = 64
        let bound = Int32(max(maxUnits, prefixUnits))
        let shortLimit = Int32(min(maxUnits, 2)), longLimit = Int32(maxUnits)
        var rows = [Int32](repeating: 0, count: width * (maxDepth + 1))
        var path = [UInt8](repeating: 0, count: maxDepth + 1)
        var cursor = [Int32](repeating: 0, count: maxDepth + 2)
        var end = [Int32](repeating: 0, count: maxDepth + 2)
        var reported = [Bool](repeating: false, count: maxDepth + 2)
        // Per query letter, the letters whose keys touch it.
        let near: [UInt32] = word.map { UInt32(truncatingIfNeeded: NameFold.neighbours[Int($0)]) }
        for j in 0...m { rows[j] = Int32(2 * j) }

        trie.label.withUnsafeBufferPointer { label in
            trie.firstChild.withUnsafeBufferPointer { firstChild in
                trie.childCount.withUnsafeBufferPointer { childCount in
                    trie.terminal.withUnsafeBufferPointer { terminals in
                        rows.withUnsafeMutableBufferPointer { rows in
                            word.withUnsafeBufferPointer { word in
                                var d = 1
                                cursor[1] = firstChild[0]
                                end[1] = firstChild[0] + Int32(childCount[0])
                                reported[1] = false
                                while d >= 1 {
                                    if cursor[d] == end[d] {
                                        d -= 1
                                        continue
                                    }
                                    let child = Int(cursor[d])
                                    cursor[d] += 1
                                    let c = label[child]
                                    path[d - 1] = c
                                    let row = d * width, up = row - width
                                    rows[row] = Int32(2 * d)
                                    var rowMin = rows[row]
                                    let previous: UInt8 = d >= 2 ? path[d - 2] : 0
                                    for j in 1...m {
                                        let w = word[j - 1]
                                        let sub: Int32 = w == c ? 0 : (near[j - 1] & (1 << UInt32(c)) != 0 ? 1 : 2)
                                        var v = min(rows[up + j] + 2, rows[row + j - 1] + 2, rows[up + j - 1] + sub)
                                        if d >= 2 && j >= 2 && c == word[j - 2] && previous == w && c != w {
                                            v = min(v, rows[up - width + j - 2] + 2)
                                        }
                                        rows[row + j] = v
                                        if v < rowMin { rowMin = v }
                                    }
                                    guard rowMin <= bound else { continue }
                                    let whole = rows[row + m]
                                    let terminal = Int(terminals[child])
                                    if terminal >= 0 && whole <= (m >= 7 || d >= 7 ? longLimit : shortLimit) {
                                        report(terminal, Int(whole), 0)
                                    }
                                    var prefixDone = reported[d]
                                    if !prefixDone && prefixUnits >= 0 && whole <= Int32(prefixUnits) && d < m + 3 {
                                        prefixDone = true
                                        for e in Int(trie.lo[child])..<Int(trie.hi[child]) where e != terminal {
                                            report(e, Int(whole), d)
                                        }
                                    }
                                    let children = Int32(childCount[child])
                                    if children > 0 && d < maxDepth {
                                        d += 1
                                        cursor[d] = firstChild[child]
                                        end[d] = firstChild[child] + children
                                        reported[d] = prefixDone
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A single letter: the initial of a given name or patronymic, or the first letter of a
    /// surname (the first keystroke of a search).
    func matchInitial(_ text: String) -> InitialMatch {
        var letterQ = [UInt32](repeating: 0, count: 56)
        func set(_ code: UInt8, _ given: Double, _ surname: Double, _ kind: MatchKind, _ surnameKind: MatchKind) {
            let g = SearchQuality.pack(given, kind), s = SearchQuality.pack(surname, surnameKind)
            if g > letterQ[28 + Int(code)] { letterQ[28 + Int(code)] = g }
            if s > letterQ[Int(code)] { letterQ[Int(code)] = s }
        }
        let letter = text.filter(\.isLetter)
        if letter.unicodeScalars.contains(where: { NameFold.isCyrillicLetter($0.value) }) {
            if let code = NameFold.fold(letter).first {
                set(code, SearchQuality.initial, SearchQuality.surnameInitial, .initials, .prefix)
            }
            // The Ukrainian layout on while typing a Latin initial: `Р` for `H`.
            let latin = LatinSpelling.prepare(NameFold.ukrainianKeysToLatin(letter))
            if !latin.isEmpty, LatinSpelling.isLatinLetter(latin[0]) {
                for rule in LatinSpelling.rules(at: 0, of: latin) where rule.pattern.count == 1 {
                    for reading in rule.readings {
                        if let code = reading.first {
                            set(
                                code, SearchQuality.initial * SearchQuality.layout,
                                SearchQuality.surnameInitial * SearchQuality.layout, .keyboardLayout, .keyboardLayout)
                        }
                    }
                }
            }
        } else {
            let scalars = LatinSpelling.prepare(letter)
            if !scalars.isEmpty {
                for rule in LatinSpelling.rules(at: 0, of: scalars) {
                    for reading in rule.readings {
                        if let code = reading.first {
                            set(code, SearchQuality.initial, SearchQuality.surnameInitial, .initials, .prefix)
                        }
                    }
                }
            }
            if let code = NameFold.fold(NameFold.latinKeysToUkrainian(letter)).first {
                set(
                    code, SearchQuality.initial * SearchQuality.layout, SearchQuality.surnameInitial * SearchQuality.layout,
                    .keyboardLayout, .keyboardLayout)
            }
        }
        var volume = 0
        for code in 1...27 where letterQ[code] != 0 || letterQ[28 + code] != 0 {
            if let node = trie.child(0, UInt8(code)) {
                volume += Int(postingStart[Int(trie.hi[node])] - postingStart[Int(trie.lo[node])])
            }
        }
        return InitialMatch(letterQ: letterQ, volume: volume)
    }

    /// A phone in any shape or its last 7+ digits, a certificate number, a household number.
    func matchNumber(_ parts: [String]) -> NumberMatch {
        var found = numberMatches(parts.joined())
        if found.isEmpty && parts.count > 1 {
            // `00417 0501234567`: each part must match the same person.
            var combined: [Int32: (UInt64, UInt32)]?
            for part in parts {
                let m = numberMatches(part)
                if let c = combined {
                    var next: [Int32: (UInt64, UInt32)] = [:]
                    for (p, q) in m { if let old = c[p] { next[p] = (old.0 + UInt64(q >> 8), min(old.1, q)) } }
                    combined = next
                } else {
                    combined = m.mapValues { (UInt64($0 >> 8), $0) }
                }
            }
            for (p, v) in combined ?? [:] {
                let mean = Double(v.0) / Double(parts.count) / 65000
                found[p] = SearchQuality.pack(mean, SearchQuality.kind(v.1))
            }
        }
        let people = found.keys.sorted()
        return NumberMatch(people: people, quals: people.map { found[$0]! })
    }

    func numberMatches(_ text: String) -> [Int32: UInt32] {
        var found: [Int32: UInt32] = [:]
        func add(_ person: Int32, _ q: Double, _ kind: MatchKind) {
            let packed = SearchQuality.pack(q, kind)
            if packed > found[person] ?? 0 { found[person] = packed }
        }
        let digits = String(text.unicodeScalars.filter { ("0"..."9").contains($0) })
        let alphanumeric = SearchIndex.alphanumericKey(text)

        // Household number, with or without its leading zeros.
        if let value = SearchIndex.numericKey(alphanumeric) {
            var k = searchLowerBound(householdNumericKeys, value)
            while k < householdNumericKeys.count && householdNumericKeys[k] == value {
                let rank = Int(householdNumericRank[k])
                for p in householdFirstPerson[rank]..<householdFirstPerson[rank + 1] {
                    add(p, SearchQuality.exact, .householdNumber)
                }
                k += 1
            }
        } else if let ranks = householdOtherKeys[alphanumeric] {
            for rank in ranks {
                for p in householdFirstPerson[Int(rank)]..<householdFirstPerson[Int(rank) + 1] {
                    add(p, SearchQuality.exact, .householdNumber)
                }
            }
        }

        // Phone: the whole number in any shape, or its last seven digits or more.
        if digits.count >= 7 {
            let whole = PhoneNumber.normalise(digits).flatMap(SearchIndex.nationalNumber)
            let tailLength = min(digits.count, 9)
            let tail = UInt32(digits.suffix(tailLength))!
            var modulus: UInt32 = 1
            for _ in 0..<tailLength { modulus *= 10 }
            let suffix = tail % 10_000_000
            var k = searchLowerBound(phoneSuffix, suffix)
            while k < phoneSuffix.count && phoneSuffix[k] == suffix {
                let national = phoneNational[k]
                if national == whole {
                    add(phonePerson[k], SearchQuality.exact, .phone)
                } else if national % modulus == tail {
                    add(phonePerson[k], tailLength >= 9 ? SearchQuality.exact : 0.95, .phone)
                }
                k += 1
            }
        }

        // Certificate number, with or without the hyphen.
        if let key = SearchIndex.certificateKey(text) {
            var k = searchLowerBound(certificateKeys, key)
            while k < certificateKeys.count && certificateKeys[k] == key {
                add(certificatePerson[k], SearchQuality.exact, .certificate)
                k += 1
            }
        }
        return found
    }
}

@inline(__always)
func searchLowerBound<T: Comparable>(_ array: [T], _ value: T) -> Int {
    var lo = 0, hi = array.count
    while lo < hi {
        let mid = (lo + hi) >> 1
        if array[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
