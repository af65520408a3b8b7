extension SearchIndex {
    /// The people that best match `query`, best first.
    ///
    /// - Parameters:
    ///   - limit: how many results to return.
    ///   - previous: the results of the previous keystroke's query. When the new query only
    ///     adds letters or words to it, the search scores the people that matched before
    ///     instead of enumerating the index again.
    ///   - isCancelled: polled while the search runs; when it returns true the search stops
    ///     and returns nil (a newer keystroke has made this search stale).
    /// - Returns: nil only when cancelled.
    public func search(
        _ query: String, limit: Int = 10, refining previous: SearchResults? = nil,
        isCancelled: () -> Bool = { false }
    ) -> SearchResults? {
        // Whatever was typed or piped in, only the first `TextInput.Limit.query` characters
        // are read: the work of a search grows with the query, and no name is longer.
        var words = QueryWord.parse(
            query.utf8.count > TextInput.Limit.query ? String(query.prefix(TextInput.Limit.query)) : query)
        // More than six name words is not a name; the first six are enough to find one.
        var nameSeen = 0
        words = words.filter { word in
            guard word.form != .number else { return true }
            nameSeen += 1
            return nameSeen <= 6
        }
        // A word is read as far as the index keeps register words: matching costs grow with
        // its length, and letters past that point could match nothing anyway.
        for k in words.indices where words[k].form == .name && words[k].text.utf8.count > SearchIndex.maxWordLength {
            words[k].text = String(words[k].text.prefix(SearchIndex.maxWordLength))
        }
        guard !words.isEmpty, limit > 0 else {
            return SearchResults(query: query, results: [], matchedCount: 0, state: nil, refined: false)
        }
        let prior = previous?.state.flatMap { $0.indexIdentity == ObjectIdentifier(self) ? $0 : nil }

        var matches: [WordMatch] = []
        matches.reserveCapacity(words.count)
        for (i, word) in words.enumerated() {
            if let prior, i < prior.words.count, prior.words[i] == word {
                matches.append(prior.matches[i])
            } else {
                matches.append(match(word))
            }
            if isCancelled() { return nil }
        }

        // One name word: straight to the best people, level by level of quality.
        if words.count == 1, words[0].form != .number {
            guard let single = singleWordTop(matches[0], limit: limit, isCancelled: isCancelled) else { return nil }
            let state = SearchState(
                words: words, matches: matches, matchedPeople: nil, indexIdentity: ObjectIdentifier(self))
            return SearchResults(
                query: query, results: single.results, matchedCount: single.count, state: state, refined: false)
        }

        var candidates: [Int32]? = nil
        var refined = false
        if let prior, let people = prior.matchedPeople, prior.words.count <= words.count {
            var covered = true
            for i in 0..<prior.words.count where prior.words[i] != words[i] {
                if !covers(prior.matches[i], matches[i]) {
                    covered = false
                    break
                }
            }
            if covered {
                candidates = people
                refined = true
            }
        }

        guard var outcome = score(words: words, matches: matches, candidates: candidates, limit: limit, isCancelled: isCancelled)
        else { return nil }
        var refinable = true
        if outcome.matched.isEmpty && words.count >= 2 {
            // Nothing matched every word: leave out one word at a time (it counts as not
            // matching in the score), so that one garbled word does not hide the family.
            // People found without it are ranked by how close their names come to it, unless
            // there are too many of them to compare.
            var merged: [(total: UInt32, person: Int32, result: SearchResult)] = []
            for dropped in words.indices {
                let keep = words.indices.filter { $0 != dropped }
                let volume = keep.map { matches[$0].volume }.min() ?? 0
                if keep.count == 1 && words[keep[0]].form != .number && volume > 20_000 {
                    guard let single = singleWordTop(matches[keep[0]], limit: limit, isCancelled: isCancelled)
                    else { return nil }
                    for (k, var result) in single.results.enumerated() {
                        result.score /= Double(words.count)
                        var kinds = [MatchKind](repeating: .typo, count: words.count)
                        kinds[keep[0]] = result.kind
                        result.wordKinds = kinds
                        result.kind = .typo
                        merged.append((single.totals[k], single.people[k], result))
                    }
                    continue
                }
                guard
                    let relaxed = score(
                        words: keep.map { words[$0] }, matches: keep.map { matches[$0] }, candidates: nil,
                        limit: limit, isCancelled: isCancelled, wordPositions: keep, totalWords: words.count,
                        loose: volume <= 20_000 ? looseCodes(words[dropped]) : nil)
                else { return nil }
                for (k, result) in relaxed.results.enumerated() {
                    merged.append((relaxed.totals[k], relaxed.people[k], result))
                }
            }
            merged.sort { SearchTopK.better(($0.total, $0.person), ($1.total, $1.person)) }
            var seen = Set<Int32>()
            merged = merged.filter { seen.insert($0.person).inserted }
            outcome = Outcome(
                results: Array(merged.prefix(limit).map(\.result)), matched: [], totals: [], people: [])
            refinable = false
        }
        let state = SearchState(
            words: words, matches: matches, matchedPeople: refinable ? outcome.matched : nil,
            indexIdentity: ObjectIdentifier(self))
        return SearchResults(
            query: query, results: outcome.results, matchedCount: outcome.matched.count, state: state,
            refined: refined)
    }

    /// The folded letters of a word left out of a relaxed search, to rank the people found
    /// without it by how close their names come to it.
    func looseCodes(_ word: QueryWord) -> [UInt8]? {
        guard word.form == .name else { return nil }
        if word.hasCyrillic { return NameFold.fold(word.text) }
        let scalars = LatinSpelling.prepare(word.text).filter(LatinSpelling.isLatinLetter)
        return LatinSpelling.readings(of: scalars, limit: 1).first
    }

    /// Whether every entry the new match accepts was accepted by the old one, so that the
    /// people matching the new query are among those that matched the old.
    func covers(_ old: WordMatch, _ new: WordMatch) -> Bool {
        switch (old, new) {
        case (.dense(let o), .dense(let n)):
            return o.quals.withUnsafeBufferPointer { q in n.tokens.allSatisfy { q[Int($0)] != 0 } }
        case (.initial(let o), .dense(let n)):
            return n.tokens.allSatisfy { t in
                let code = Int(vocabBytes[Int(vocabStart[Int(t)])])
                return o.letterQ[code] != 0 && o.letterQ[28 + code] != 0
            }
        case (.initial(let o), .initial(let n)):
            return (0..<56).allSatisfy { n.letterQ[$0] == 0 || o.letterQ[$0] != 0 }
        default:
            return false
        }
    }

    struct Outcome {
        var results: [SearchResult]
        var matched: [Int32]
        /// Per result: the sum of word qualities and the person, for merging outcomes.
        var totals: [UInt32]
        var people: [Int32]
    }

    /// Scores the candidates (or every person reached by the cheapest word) and keeps the
    /// best `limit`.
    func score(
        words: [QueryWord], matches: [WordMatch], candidates: [Int32]?, limit: Int,
        isCancelled: () -> Bool, wordPositions: [Int]? = nil, totalWords: Int? = nil, loose: [UInt8]? = nil
    ) -> Outcome? {
        let scorer = SearchScorer(index: self, matches: matches, loose: loose)
        var top = SearchTopK(limit: limit)
        var matched: [Int32] = []
        let people: [Int32]
        if let candidates {
            people = candidates
        } else {
            // Enumerate the cheapest word: a number's people, or a name word's postings.
            // When even that reaches many people, the next cheapest word marks who it
            // reaches, and only people marked by both are scored.
            let byVolume = matches.indices.sorted { matches[$0].volume < matches[$1].volume }
            let cheapest = matches[byVolume[0]]
            let filter = byVolume.count >= 2 && cheapest.volume > 8192 ? reach(matches[byVolume[1]]) : nil
            people = reached(by: cheapest, within: filter)
            if isCancelled() { return nil }
        }
        var k = 0
        while k < people.count {
            let end = min(people.count, k + 4096)
            people[k..<end].withUnsafeBufferPointer { scorer.scoreBatch($0, &top, &matched) }
            k = end
            if isCancelled() { return nil }
        }

        let count = totalWords ?? words.count
        var results: [SearchResult] = []
        for (total, p) in top.items {
            var detail = scorer.detail(Int(p))
            var kinds = [MatchKind](repeating: .typo, count: count)
            for (k, kind) in detail.kinds.enumerated() { kinds[wordPositions?[k] ?? k] = kind }
            if count > words.count { detail.main = .typo }
            results.append(result(person: Int(p), score: Double(total) / Double(count) / 65001, kind: detail.main, wordKinds: kinds))
        }
        return Outcome(results: results, matched: matched, totals: top.items.map(\.0), people: top.items.map(\.1))
    }

    /// The vocabulary entries a name word reaches, each with the fields it may match in.
    func entryMasks(_ match: WordMatch) -> [(entry: Int, mask: UInt32)] {
        switch match {
        case .dense(let m):
            return m.tokens.map { (Int($0), 7) }
        case .initial(let m):
            var pairs: [(entry: Int, mask: UInt32)] = []
            for code in 1...27 {
                let mask = (m.letterQ[code] != 0 ? 1 : 0) | (m.letterQ[28 + code] != 0 ? 6 : 0)
                guard mask != 0, let node = trie.child(0, UInt8(code)) else { continue }
                for e in Int(trie.lo[node])..<Int(trie.hi[node]) { pairs.append((e, UInt32(mask))) }
            }
            return pairs
        case .number:
            return []
        }
    }

    /// Everyone a word reaches, as a bit set over people.
    func reach(_ match: WordMatch) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: peopleCount / 64 + 1)
        if case .number(let m) = match {
            for p in m.people { bits[Int(p) >> 6] |= 1 << UInt64(Int(p) & 63) }
            return bits
        }
        let pairs = entryMasks(match)
        postings.withUnsafeBufferPointer { posts in
            postingStart.withUnsafeBufferPointer { starts in
                bits.withUnsafeMutableBufferPointer { bits in
                    for (entry, mask) in pairs {
                        for k in Int(starts[entry])..<Int(starts[entry + 1]) where mask & (1 << (posts[k] & 3)) != 0 {
                            let p = Int(posts[k] >> 2)
                            bits[p >> 6] |= 1 << UInt64(p & 63)
                        }
                    }
                }
            }
        }
        return bits
    }

    /// The people a word reaches, each once, in person order (so that scoring reads the
    /// people's arrays front to back); only those in `filter` if given.
    func reached(by match: WordMatch, within filter: [UInt64]?) -> [Int32] {
        if case .number(let m) = match {
            guard let filter else { return m.people }
            return m.people.filter { filter[Int($0) >> 6] & (1 << UInt64(Int($0) & 63)) != 0 }
        }
        if filter == nil && match.volume <= 8192 {
            // Few postings: gather, sort, drop repeats.
            var out: [Int32] = []
            out.reserveCapacity(match.volume)
            let pairs = entryMasks(match)
            postings.withUnsafeBufferPointer { posts in
                for (entry, mask) in pairs {
                    for k in Int(postingStart[entry])..<Int(postingStart[entry + 1])
                    where mask & (1 << (posts[k] & 3)) != 0 {
                        out.append(Int32(posts[k] >> 2))
                    }
                }
            }
            out.sort()
            var unique = 0
            for k in out.indices where k == 0 || out[k] != out[k - 1] {
                out[unique] = out[k]
                unique += 1
            }
            out.removeLast(out.count - unique)
            return out
        }
        var bits = reach(match)
        var count = 0
        if let filter {
            for w in bits.indices {
                bits[w] &= filter[w]
                count += bits[w].nonzeroBitCount
            }
        } else {
            for w in bits.indices { count += bits[w].nonzeroBitCount }
        }
        var out = [Int32]()
        out.reserveCapacity(count)
        for w in bits.indices {
            var word = bits[w]
            while word != 0 {
                out.append(Int32(w << 6 | word.trailingZeroBitCount))
                word &= word - 1
            }
        }
        return out
    }

    func result(person p: Int, score: Double, kind: MatchKind, wordKinds: [MatchKind]) -> SearchResult {
        let name = (0..<3).map { rawStrings[Int(personRaw[3 * p + $0])] }.filter { !$0.isEmpty }
            .joined(separator: " ")
        return SearchResult(
            household: householdNumbers[Int(personHousehold[p])], record: Int(personRecord[p]),
            member: Int(personMember[p]), name: name, score: score, kind: kind, wordKinds: wordKinds)
    }

    /// The best `limit` people for a query of one name word, without scoring everyone it
    /// reaches: a person's score is the best quality among their words, so the vocabulary
    /// entries are taken in falling quality and, within one quality, their posting lists
    /// are merged in person order until `limit` people are found. Returns nil if cancelled.
    func singleWordTop(
        _ match: WordMatch, limit: Int, isCancelled: () -> Bool
    ) -> (results: [SearchResult], count: Int, totals: [UInt32], people: [Int32])? {
        // (packed quality, entry, fields accepted as a bit mask)
        var items: [(packed: UInt32, entry: Int32, mask: UInt32)] = []
        switch match {
        case .dense(let m):
            for t in m.tokens { items.append((m.quals[Int(t)], t, 7)) }
        case .initial(let m):
            for code in 1...27 {
                guard m.letterQ[code] != 0 || m.letterQ[28 + code] != 0, let node = trie.child(0, UInt8(code))
                else { continue }
                for e in Int(trie.lo[node])..<Int(trie.hi[node]) where postingStart[e + 1] > postingStart[e] {
                    if m.letterQ[code] != 0 { items.append((m.letterQ[code], Int32(e), 1)) }
                    if m.letterQ[28 + code] != 0 { items.append((m.letterQ[28 + code], Int32(e), 6)) }
                }
            }
        case .number:
            return nil
        }
        items.sort { a, b in
            let qa = SearchQuality.q16(a.packed), qb = SearchQuality.q16(b.packed)
            return qa != qb ? qa > qb : (a.entry, a.mask) < (b.entry, b.mask)
        }

        // Everyone the word reaches, counted once.
        var seen = [UInt64](repeating: 0, count: peopleCount / 64 + 1)
        var count = 0
        var sinceCheck = 0
        for item in items {
            let from = Int(postingStart[Int(item.entry)]), to = Int(postingStart[Int(item.entry) + 1])
            postings.withUnsafeBufferPointer { posts in
                seen.withUnsafeMutableBufferPointer { bits in
                    for k in from..<to {
                        let posting = posts[k]
                        guard item.mask & (1 << (posting & 3)) != 0 else { continue }
                        let p = Int(posting >> 2)
                        let bit: UInt64 = 1 << UInt64(p & 63)
                        if bits[p >> 6] & bit == 0 {
                            bits[p >> 6] |= bit
                            count += 1
                        }
                    }
                }
            }
            sinceCheck += to - from
            if sinceCheck > 65536 {
                sinceCheck = 0
                if isCancelled() { return nil }
            }
        }

        var chosen: [(person: Int32, packed: UInt32)] = []
        var taken = Set<Int32>()
        var heap = SearchPostingHeap()
        var i = 0
        while i < items.count && chosen.count < limit {
            let level = SearchQuality.q16(items[i].packed)
            var j = i
            while j < items.count && SearchQuality.q16(items[j].packed) == level { j += 1 }
            heap.removeAll()
            for k in i..<j {
                if let position = nextPosting(items[k].entry, items[k].mask, from: Int(postingStart[Int(items[k].entry)])) {
                    heap.push(person: postings[position] >> 2, item: Int32(k), position: Int32(position))
                }
            }
            while chosen.count < limit, let head = heap.pop() {
                let p = Int32(head.person)
                if taken.insert(p).inserted { chosen.append((p, items[Int(head.item)].packed)) }
                let item = items[Int(head.item)]
                if let position = nextPosting(item.entry, item.mask, from: Int(head.position) + 1) {
                    heap.push(person: postings[position] >> 2, item: head.item, position: Int32(position))
                }
            }
            i = j
        }
        let results = chosen.map { c in
            let kind = SearchQuality.kind(c.packed)
            return result(person: Int(c.person), score: Double(SearchQuality.q16(c.packed)) / 65001, kind: kind, wordKinds: [kind])
        }
        return (results, count, chosen.map { SearchQuality.q16($0.packed) }, chosen.map(\.person))
    }

    /// The first posting of `entry` at or after `from` whose field is in `mask`.
    @inline(__always)
    func nextPosting(_ entry: Int32, _ mask: UInt32, from: Int) -> Int? {
        let end = Int(postingStart[Int(entry) + 1])
        var k = from
        while k < end {
            if mask & (1 << (postings[k] & 3)) != 0 { return k }
            k += 1
        }
        return nil
    }
}

/// A binary min-heap of posting-list heads, by person.
struct SearchPostingHeap {
    private var nodes: [(person: UInt32, item: Int32, position: Int32)] = []

    mutating func removeAll() { nodes.removeAll(keepingCapacity: true) }

    mutating func push(person: UInt32, item: Int32, position: Int32) {
        nodes.append((person, item, position))
        var k = nodes.count - 1
        while k > 0 {
            let parent = (k - 1) / 2
            guard nodes[k].person < nodes[parent].person else { break }
            nodes.swapAt(k, parent)
            k = parent
        }
    }

    mutating func pop() -> (person: UInt32, item: Int32, position: Int32)? {
        guard let first = nodes.first else { return nil }
        let last = nodes.removeLast()
        if !nodes.isEmpty {
            nodes[0] = last
            var k = 0
            while true {
                let l = 2 * k + 1, r = l + 1
                var m = k
                if l < nodes.count && nodes[l].person < nodes[m].person { m = l }
                if r < nodes.count && nodes[r].person < nodes[m].person { m = r }
                if m == k { break }
                nodes.swapAt(k, m)
                k = m
            }
        }
        return first
    }
}

/// The best `limit` (score, person) pairs: higher total first, then lower person (household
/// number order).
struct SearchTopK {
    let limit: Int
    var items: [(UInt32, Int32)] = []

    init(limit: Int) { self.limit = limit }

    @inline(__always)
    static func better(_ a: (UInt32, Int32), _ b: (UInt32, Int32)) -> Bool {
        a.0 != b.0 ? a.0 > b.0 : a.1 < b.1
    }

    @inline(__always)
    mutating func insert(_ total: UInt32, _ person: Int32) {
        let item = (total, person)
        if items.count == limit {
            guard SearchTopK.better(item, items[limit - 1]) else { return }
            items.removeLast()
        }
        var k = items.count
        items.append(item)
        while k > 0 && SearchTopK.better(item, items[k - 1]) {
            items[k] = items[k - 1]
            k -= 1
        }
        items[k] = item
    }
}

/// Scores one person against the words of a query: each word takes the best of the
/// person's words, no two query words the same one, and every query word must match.
struct SearchScorer {
    let tokenStart: [Int32]
    let tokens: [UInt32]
    /// Per name word, the packed quality of every vocabulary entry: `offsets[i] + entry`,
    /// plus `strides[i]` for a given name or patronymic when the word is an initial.
    let flat: [UInt32]
    let offsets: [Int]
    let strides: [Int]
    let nameWords: [Int]
    let numberWords: [Int]
    let numbers: [NumberMatch]
    let wordCount: Int
    /// A word left out of a relaxed search: it adds a little for names close to it.
    let loose: [UInt8]?
    let vocabBytes: [UInt8]
    let vocabStart: [Int32]

    static let maxTokens = 8

    init(index: SearchIndex, matches: [WordMatch], loose: [UInt8]? = nil) {
        tokenStart = index.personTokenStart
        tokens = index.personTokens
        wordCount = matches.count
        self.loose = loose.flatMap { $0.isEmpty ? nil : $0 }
        vocabBytes = index.vocabBytes
        vocabStart = index.vocabStart
        let v = index.vocabularyCount
        var flat: [UInt32] = []
        var offsets: [Int] = [], strides: [Int] = [], nameWords: [Int] = [], numberWords: [Int] = []
        var numbers: [NumberMatch] = []
        for (w, m) in matches.enumerated() {
            switch m {
            case .dense(let d):
                nameWords.append(w)
                offsets.append(flat.count)
                strides.append(0)
                flat += d.quals
            case .initial(let im):
                nameWords.append(w)
                offsets.append(flat.count)
                strides.append(v)
                let base = flat.count
                flat += [UInt32](repeating: 0, count: 2 * v)
                for e in 0..<v {
                    let code = Int(index.vocabBytes[Int(index.vocabStart[e])])
                    flat[base + e] = im.letterQ[code]
                    flat[base + v + e] = im.letterQ[28 + code]
                }
            case .number(let nm):
                numberWords.append(w)
                numbers.append(nm)
            }
        }
        self.flat = flat
        self.offsets = offsets
        self.strides = strides
        self.nameWords = nameWords
        self.numberWords = numberWords
        self.numbers = numbers
    }

    /// The packed quality of name word `i` against a person's token (vocabulary id << 2 | field).
    @inline(__always)
    func quality(_ i: Int, _ token: UInt32) -> UInt32 {
        flat[offsets[i] + (token & 3 != 0 ? strides[i] : 0) + Int(token >> 2)]
    }

    @inline(__always)
    func numberQuality(_ k: Int, _ person: Int32) -> UInt32 {
        let m = numbers[k]
        let j = searchLowerBound(m.people, person)
        return j < m.people.count && m.people[j] == person ? m.quals[j] : 0
    }

    /// Scores a batch of people into `top`; those who match every word join `matched`.
    func scoreBatch(_ people: UnsafeBufferPointer<Int32>, _ top: inout SearchTopK, _ matched: inout [Int32]) {
        let n = nameWords.count
        flat.withUnsafeBufferPointer { f in
            tokens.withUnsafeBufferPointer { tok in
                tokenStart.withUnsafeBufferPointer { start in
                    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(1, n) * SearchScorer.maxTokens) { table in
                        let offsets = self.offsets, strides = self.strides
                        @inline(__always) func q(_ i: Int, _ token: UInt32) -> UInt32 {
                            f[offsets[i] + (token & 3 != 0 ? strides[i] : 0) + Int(token >> 2)] >> 8
                        }
                        personLoop: for p in people {
                            var sum: UInt32 = 0
                            for k in numbers.indices {
                                let packed = numberQuality(k, p)
                                if packed == 0 { continue personLoop }
                                sum += SearchQuality.q16(packed)
                            }
                            let a = Int(start[Int(p)])
                            let t = min(Int(start[Int(p) + 1]) - a, SearchScorer.maxTokens)
                            if n == 1 {
                                var best: UInt32 = 0
                                for j in 0..<t { best = max(best, q(0, tok[a + j])) }
                                if best == 0 { continue personLoop }
                                sum += best
                            } else if n >= 2 {
                                if t < n { continue personLoop }
                                for i in 0..<n {
                                    var any: UInt32 = 0
                                    for j in 0..<t {
                                        let v = q(i, tok[a + j])
                                        table[i * SearchScorer.maxTokens + j] = v
                                        any |= v
                                    }
                                    if any == 0 { continue personLoop }
                                }
                                var best = -1
                                if n == 2 {
                                    for j in 0..<t where table[j] != 0 {
                                        for k in 0..<t where k != j && table[SearchScorer.maxTokens + k] != 0 {
                                            best = max(best, Int(table[j] + table[SearchScorer.maxTokens + k]))
                                        }
                                    }
                                } else {
                                    best = SearchScorer.assign(
                                        UnsafePointer(table.baseAddress!), words: n, tokens: t, word: 0, used: 0)
                                }
                                if best < 0 { continue personLoop }
                                sum += UInt32(best)
                            }
                            if loose != nil { sum += looseQuality(Int(p)) }
                            matched.append(p)
                            top.insert(sum, p)
                        }
                    }
                }
            }
        }
    }

    /// How close the person's nearest word comes to the left-out word, as a small q16.
    func looseQuality(_ p: Int) -> UInt32 {
        guard let loose else { return 0 }
        let a = Int(tokenStart[p]), b = Int(tokenStart[p + 1])
        var best = 0.0
        for k in a..<b {
            let e = Int(tokens[k] >> 2)
            let token = vocabBytes[Int(vocabStart[e])..<Int(vocabStart[e + 1])]
            let distance = SearchScorer.editDistance(loose, token)
            best = max(best, 1 - Double(distance) / Double(max(loose.count, token.count)))
        }
        return SearchQuality.q16(SearchQuality.pack(0.45 * best, .typo))
    }

    /// Plain optimal-string-alignment distance, for ranking in a relaxed search.
    static func editDistance(_ x: [UInt8], _ y: ArraySlice<UInt8>) -> Int {
        let n = x.count, m = y.count
        if n == 0 || m == 0 { return max(n, m) }
        let base = y.startIndex
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { buffer in
            var previous2 = buffer.baseAddress!
            var previous = previous2 + (m + 1)
            var current = previous + (m + 1)
            for j in 0...m {
                previous[j] = j
                previous2[j] = 0
            }
            for i in 1...n {
                current[0] = i
                let xi = x[i - 1]
                for j in 1...m {
                    let yj = y[base + j - 1]
                    var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (xi == yj ? 0 : 1))
                    if i > 1 && j > 1 && xi == y[base + j - 2] && x[i - 2] == yj {
                        v = min(v, previous2[j - 2] + 1)
                    }
                    current[j] = v
                }
                (previous2, previous, current) = (previous, current, previous2)
            }
            return previous[m]
        }
    }

    /// The best total over assignments of words to distinct tokens; -1 when none exists.
    static func assign(_ table: UnsafePointer<UInt32>, words: Int, tokens: Int, word: Int, used: Int) -> Int {
        if word == words { return 0 }
        var best = -1
        for j in 0..<tokens where used & (1 << j) == 0 {
            let q = table[word * maxTokens + j]
            guard q != 0 else { continue }
            let rest = assign(table, words: words, tokens: tokens, word: word + 1, used: used | 1 << j)
            if rest >= 0 { best = max(best, Int(q) + rest) }
        }
        return best
    }

    struct Detail {
        var kinds: [MatchKind]
        var main: MatchKind
    }

    /// How each word matched the person under the best assignment.
    func detail(_ p: Int) -> Detail {
        let a = Int(tokenStart[p])
        let t = min(Int(tokenStart[p + 1]) - a, SearchScorer.maxTokens)
        var kinds = [MatchKind](repeating: .exact, count: wordCount)
        var qs = [UInt32](repeating: 0, count: wordCount)
        for (k, w) in numberWords.enumerated() {
            let q = numberQuality(k, Int32(p))
            kinds[w] = SearchQuality.kind(q)
            qs[w] = SearchQuality.q16(q)
        }
        var bestTotal: UInt32 = 0
        var bestChoice: [Int] = []
        var choice: [Int] = []
        func go(_ i: Int, _ used: Int, _ total: UInt32) {
            if i == nameWords.count {
                if total > bestTotal || bestChoice.isEmpty {
                    bestTotal = total
                    bestChoice = choice
                }
                return
            }
            for j in 0..<t where used & (1 << j) == 0 {
                let q = quality(i, tokens[a + j])
                guard q != 0 else { continue }
                choice.append(j)
                go(i + 1, used | 1 << j, total + SearchQuality.q16(q))
                choice.removeLast()
            }
        }
        go(0, 0, 0)
        for (i, w) in nameWords.enumerated() where i < bestChoice.count {
            let q = quality(i, tokens[a + bestChoice[i]])
            kinds[w] = SearchQuality.kind(q)
            qs[w] = SearchQuality.q16(q)
        }
        var main = MatchKind.exact
        var lowest = UInt32.max
        for w in 0..<wordCount where qs[w] < lowest {
            lowest = qs[w]
            main = kinds[w]
        }
        return Detail(kinds: kinds, main: main)
    }
}
