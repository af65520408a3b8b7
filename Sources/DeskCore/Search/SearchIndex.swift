/// The search engine's index of a register: built once from the people, immutable after,
/// safe to share between threads. `search(_:limit:refining:isCancelled:)` answers queries.
///
/// Names are indexed by *distinct folded words* (a national register of a million people
/// has a few tens of thousands of them); people are reached through posting lists. Phones,
/// certificate numbers and household numbers have sorted keys of their own.
public final class SearchIndex: Sendable {
    // MARK: Vocabulary: register words and the Russian forms that point at them, sorted.
    let vocabBytes: [UInt8]
    let vocabStart: [Int32]
    let trie: NameTrie
    /// People having each vocabulary word (empty for a Russian form absent from the register),
    /// in person order, as person << 2 | field.
    let postingStart: [Int32]
    let postings: [UInt32]
    /// The register words each vocabulary word is a Russian form of.
    let aliasStart: [Int32]
    let aliasTargets: [Int32]
    /// Light key (lower case, apostrophes dropped) of each register spelling → its word.
    let lightKeys: [String: Int32]

    // MARK: People, in household-number order (ties broken by member position).
    /// Each person's words: vocabulary id << 2 | field (0 surname, 1 given name, 2 patronymic).
    let personTokenStart: [Int32]
    let personTokens: [UInt32]
    /// Surname, given name and patronymic as registered, as indices into `rawStrings`.
    let personRaw: [Int32]
    let rawStrings: [String]
    let personHousehold: [Int32]
    let personMember: [Int32]
    let personRecord: [Int32]

    // MARK: Households, phones, certificates.
    let householdNumbers: [String]
    let householdFirstPerson: [Int32]
    let householdNumericKeys: [UInt64]
    let householdNumericRank: [Int32]
    let householdOtherKeys: [String: [Int32]]
    /// Sorted by (last seven digits, nine-digit national number).
    let phoneSuffix: [UInt32]
    let phoneNational: [UInt32]
    let phonePerson: [Int32]
    let certificateKeys: [UInt64]
    let certificatePerson: [Int32]

    /// How many people the index holds.
    public var peopleCount: Int { personRecord.count }
    /// How many distinct folded words (register words and Russian forms) it knows.
    public var vocabularyCount: Int { vocabStart.count - 1 }

    /// A rough count of the bytes the index holds (arrays by their element size, strings
    /// and dictionary entries by a typical size), for benchmarks and diagnostics.
    public var approximateMemoryBytes: Int {
        func bytes<T>(_ array: [T]) -> Int { array.capacity * MemoryLayout<T>.stride }
        var total = bytes(vocabBytes) + bytes(vocabStart) + bytes(postingStart) + bytes(postings)
        total += bytes(aliasStart) + bytes(aliasTargets)
        total += bytes(trie.label) + bytes(trie.firstChild) + bytes(trie.childCount) + bytes(trie.lo)
        total += bytes(trie.hi) + bytes(trie.terminal) + bytes(trie.depth)
        total += bytes(personTokenStart) + bytes(personTokens) + bytes(personRaw) + bytes(personHousehold)
        total += bytes(personMember) + bytes(personRecord) + bytes(householdFirstPerson)
        total += bytes(householdNumericKeys) + bytes(householdNumericRank)
        total += bytes(phoneSuffix) + bytes(phoneNational) + bytes(phonePerson)
        total += bytes(certificateKeys) + bytes(certificatePerson)
        let stringBytes = { (s: String) in 16 + (s.utf8.count > 15 ? 32 + s.utf8.count : 0) }
        total += rawStrings.reduce(0) { $0 + stringBytes($1) }
        total += householdNumbers.reduce(0) { $0 + stringBytes($1) }
        total += lightKeys.reduce(0) { $0 + stringBytes($1.key) + 12 }
        total += householdOtherKeys.reduce(0) { $0 + stringBytes($1.key) + 40 }
        return total
    }

    /// Indexes every member of every household, in the order given.
    public convenience init(households: [Household]) {
        var records: [SearchRecord] = []
        records.reserveCapacity(households.reduce(0) { $0 + $1.members.count })
        for household in households {
            for (k, person) in household.members.enumerated() {
                records.append(
                    SearchRecord(
                        household: household.number, member: k, surname: person.surname,
                        givenName: person.givenName, patronymic: person.patronymic,
                        phone: person.phone, idpCertificate: person.idpCertificate))
            }
        }
        self.init(records: records)
    }

    /// Indexes the people given; `SearchResult.record` refers to positions in `records`.
    public init(records: [SearchRecord]) {
        let n = records.count

        // Households, raw name strings and their folded words, interned.
        var householdIndex: [String: Int32] = [:]
        var householdTemp: [String] = []
        var personHouseholdTemp = [Int32](repeating: 0, count: n)
        var rawIndex: [String: Int32] = [:]
        var rawStrings: [String] = []
        var rawTokenStart: [Int32] = [0]
        var rawTokens: [Int32] = []
        var tokenIndex: [[UInt8]: Int32] = [:]
        var tokens: [[UInt8]] = []
        var lightTemp: [String: Int32] = [:]
        var personRawTemp = [Int32](repeating: 0, count: 3 * n)

        func internToken(_ codes: [UInt8]) -> Int32 {
            if let id = tokenIndex[codes] { return id }
            let id = Int32(tokens.count)
            tokens.append(codes)
            tokenIndex[codes] = id
            return id
        }
        func internRaw(_ text: String) -> Int32 {
            if let id = rawIndex[text] { return id }
            let id = Int32(rawStrings.count)
            rawStrings.append(text)
            rawIndex[text] = id
            for part in SearchIndex.nameParts(text) {
                let codes = SearchIndex.foldRegisterWord(part)
                guard !codes.isEmpty else { continue }
                let token = internToken(codes)
                rawTokens.append(token)
                let light = NameFold.lightKey(part)
                if lightTemp[light] == nil { lightTemp[light] = token }
            }
            rawTokenStart.append(Int32(rawTokens.count))
            return id
        }

        for (r, record) in records.enumerated() {
            if let h = householdIndex[record.household] {
                personHouseholdTemp[r] = h
            } else {
                let h = Int32(householdTemp.count)
                householdTemp.append(record.household)
                householdIndex[record.household] = h
                personHouseholdTemp[r] = h
            }
            personRawTemp[3 * r] = internRaw(SearchIndex.bounded(record.surname))
            personRawTemp[3 * r + 1] = internRaw(SearchIndex.bounded(record.givenName))
            personRawTemp[3 * r + 2] = internRaw(SearchIndex.bounded(record.patronymic))
        }
        householdIndex = [:]
        rawIndex = [:]

        // Russian forms of the register's given names and patronymics join the vocabulary.
        let registerTokenCount = tokens.count
        var aliasEdges: [(from: Int32, to: Int32)] = []
        for (russian, ukrainians) in RussianForms.aliases {
            let targets = ukrainians.compactMap { tokenIndex[$0] }
            guard !targets.isEmpty else { continue }
            let from = internToken(russian)
            for target in targets { aliasEdges.append((from, target)) }
        }
        for t in 0..<registerTokenCount {
            for russian in RussianForms.genericRussianForms(ofFolded: tokens[t]) {
                aliasEdges.append((internToken(russian), Int32(t)))
            }
        }
        tokenIndex = [:]

        // Sort the vocabulary; every id from here on is a position in it.
        let order = (0..<tokens.count).sorted { tokens[$0].lexicographicallyPrecedes(tokens[$1]) }
        var vocabId = [Int32](repeating: 0, count: tokens.count)
        var vocabBytes: [UInt8] = []
        var vocabStart: [Int32] = [0]
        vocabBytes.reserveCapacity(tokens.reduce(0) { $0 + $1.count })
        vocabStart.reserveCapacity(tokens.count + 1)
        for (rank, t) in order.enumerated() {
            vocabId[t] = Int32(rank)
            vocabBytes += tokens[t]
            vocabStart.append(Int32(vocabBytes.count))
        }
        let vocabularyCount = tokens.count
        tokens = []

        var aliasCount = [Int32](repeating: 0, count: vocabularyCount + 1)
        for edge in aliasEdges { aliasCount[Int(vocabId[Int(edge.from)]) + 1] += 1 }
        for k in 0..<vocabularyCount { aliasCount[k + 1] += aliasCount[k] }
        var aliasTargets = [Int32](repeating: 0, count: aliasEdges.count)
        var aliasFill = aliasCount
        for edge in aliasEdges {
            let from = Int(vocabId[Int(edge.from)])
            aliasTargets[Int(aliasFill[from])] = vocabId[Int(edge.to)]
            aliasFill[from] += 1
        }

        var lightKeys: [String: Int32] = [:]
        lightKeys.reserveCapacity(lightTemp.count)
        for (key, token) in lightTemp { lightKeys[key] = vocabId[Int(token)] }
        lightTemp = [:]

        // Households in number order: numeric numbers by value, then the others by text.
        let householdCount = householdTemp.count
        let numericValue: [UInt64?] = householdTemp.map(SearchIndex.numericKey)
        let householdOrder = (0..<householdCount).sorted { a, b in
            switch (numericValue[a], numericValue[b]) {
            case let (x?, y?): return x != y ? x < y : householdTemp[a] < householdTemp[b]
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return householdTemp[a] < householdTemp[b]
            }
        }
        var householdRank = [Int32](repeating: 0, count: householdCount)
        for (rank, h) in householdOrder.enumerated() { householdRank[h] = Int32(rank) }

        // People grouped by household rank (counting sort), members in order within each.
        var householdFirstPerson = [Int32](repeating: 0, count: householdCount + 1)
        for r in 0..<n { householdFirstPerson[Int(householdRank[Int(personHouseholdTemp[r])]) + 1] += 1 }
        for k in 0..<householdCount { householdFirstPerson[k + 1] += householdFirstPerson[k] }
        var fill = householdFirstPerson
        var personOrder = [Int32](repeating: 0, count: n)
        for r in 0..<n {
            let rank = Int(householdRank[Int(personHouseholdTemp[r])])
            personOrder[Int(fill[rank])] = Int32(r)
            fill[rank] += 1
        }
        for h in 0..<householdCount {
            let a = Int(householdFirstPerson[h]), b = Int(householdFirstPerson[h + 1])
            if b - a > 1 {
                personOrder[a..<b].sort { (records[Int($0)].member, $0) < (records[Int($1)].member, $1) }
            }
        }

        var personTokenStart = [Int32](repeating: 0, count: n + 1)
        var personTokens: [UInt32] = []
        personTokens.reserveCapacity(3 * n + n / 8)
        var personRaw = [Int32](repeating: 0, count: 3 * n)
        var personHousehold = [Int32](repeating: 0, count: n)
        var personMember = [Int32](repeating: 0, count: n)
        var postingCount = [Int32](repeating: 0, count: vocabularyCount + 1)
        var phoneEntries: [(suffix: UInt32, national: UInt32, person: Int32)] = []
        var certificateEntries: [(key: UInt64, person: Int32)] = []
        certificateEntries.reserveCapacity(n)
        phoneEntries.reserveCapacity(n)
        for p in 0..<n {
            let r = Int(personOrder[p])
            let record = records[r]
            personHousehold[p] = householdRank[Int(personHouseholdTemp[r])]
            personMember[p] = Int32(record.member)
            let first = personTokens.count
            for field in 0..<3 {
                let raw = personRawTemp[3 * r + field]
                personRaw[3 * p + field] = raw
                for k in Int(rawTokenStart[Int(raw)])..<Int(rawTokenStart[Int(raw) + 1]) {
                    let v = vocabId[Int(rawTokens[k])]
                    let token = UInt32(v) << 2 | UInt32(field)
                    var seen = false
                    for j in first..<personTokens.count where personTokens[j] == token { seen = true }
                    if seen { continue }
                    postingCount[Int(v) + 1] += 1
                    personTokens.append(token)
                }
            }
            personTokenStart[p + 1] = Int32(personTokens.count)
            if let phone = record.phone, let national = SearchIndex.nationalNumber(phone) {
                phoneEntries.append((national % 10_000_000, national, Int32(p)))
            }
            if let certificate = record.idpCertificate,
                let key = SearchIndex.certificateKey(certificate)
            {
                certificateEntries.append((key, Int32(p)))
            }
        }
        for k in 0..<vocabularyCount { postingCount[k + 1] += postingCount[k] }
        var postings = [UInt32](repeating: 0, count: Int(postingCount[vocabularyCount]))
        var postingFill = postingCount
        for p in 0..<n {
            for k in Int(personTokenStart[p])..<Int(personTokenStart[p + 1]) {
                let v = Int(personTokens[k] >> 2)
                postings[Int(postingFill[v])] = UInt32(p) << 2 | (personTokens[k] & 3)
                postingFill[v] += 1
            }
        }

        phoneEntries.sort { ($0.suffix, $0.national, $0.person) < ($1.suffix, $1.national, $1.person) }
        certificateEntries.sort { ($0.key, $0.person) < ($1.key, $1.person) }

        var householdNumbers: [String] = []
        householdNumbers.reserveCapacity(householdCount)
        var numericKeys: [UInt64] = []
        var numericRank: [Int32] = []
        var otherKeys: [String: [Int32]] = [:]
        for (rank, h) in householdOrder.enumerated() {
            householdNumbers.append(householdTemp[h])
            if let value = numericValue[h] {
                numericKeys.append(value)
                numericRank.append(Int32(rank))
            } else {
                otherKeys[SearchIndex.alphanumericKey(householdTemp[h]), default: []].append(Int32(rank))
            }
        }

        self.trie = NameTrie(bytes: vocabBytes, start: vocabStart, count: vocabularyCount)
        self.vocabBytes = vocabBytes
        self.vocabStart = vocabStart
        self.postingStart = postingCount
        self.postings = postings
        self.aliasStart = aliasCount
        self.aliasTargets = aliasTargets
        self.lightKeys = lightKeys
        self.personTokenStart = personTokenStart
        self.personTokens = personTokens
        self.personRaw = personRaw
        self.rawStrings = rawStrings
        self.personHousehold = personHousehold
        self.personMember = personMember
        self.personRecord = personOrder
        self.householdNumbers = householdNumbers
        self.householdFirstPerson = householdFirstPerson
        self.householdNumericKeys = numericKeys
        self.householdNumericRank = numericRank
        self.householdOtherKeys = otherKeys
        self.phoneSuffix = phoneEntries.map(\.suffix)
        self.phoneNational = phoneEntries.map(\.national)
        self.phonePerson = phoneEntries.map(\.person)
        self.certificateKeys = certificateEntries.map(\.key)
        self.certificatePerson = certificateEntries.map(\.person)
    }

    // MARK: Keys

    /// How much of a stored name field the index looks at: the import refuses longer cells,
    /// but a database from before that rule (or edited by hand) may hold a surname of
    /// millions of letters, and no search may become slow for it.
    public static let indexedFieldLength = TextInput.Limit.registerCell

    /// A name field cut to `indexedFieldLength` characters, with `…` where it was cut.
    static func bounded(_ text: String) -> String {
        // A field of that many UTF-8 bytes has no more characters than that: no need to count.
        guard text.utf8.count > indexedFieldLength else { return text }
        let head = text.prefix(indexedFieldLength)
        return head.endIndex == text.endIndex ? text : String(head) + "…"
    }

    /// The words of a registered name: `Петренко-Коваль` is two.
    static func nameParts(_ text: String) -> [Substring] {
        text.split { ch in
            !(ch.isLetter || ch.unicodeScalars.allSatisfy { NameFold.isApostrophe($0.value) })
        }
    }

    /// A registered word folded: Cyrillic by the fold, a Latin spelling by its first reading.
    static func foldRegisterWord(_ part: Substring) -> [UInt8] {
        let hasCyrillic = part.unicodeScalars.contains { NameFold.isCyrillicLetter($0.value) }
        let codes =
            hasCyrillic
            ? NameFold.fold(part)
            : LatinSpelling.readings(of: LatinSpelling.prepare(part), limit: 1).first ?? []
        return codes.count > maxWordLength ? Array(codes.prefix(maxWordLength)) : codes
    }

    /// Letters of a word the index keeps, and a query's word is read to.
    static let maxWordLength = 60

    /// The numeric value of an all-digit household number of up to 18 digits.
    static func numericKey(_ number: String) -> UInt64? {
        let utf8 = number.utf8
        guard !utf8.isEmpty, utf8.count <= 18 else { return nil }
        var value: UInt64 = 0
        for byte in utf8 {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + UInt64(byte - 48)
        }
        return value
    }

    /// Letters and digits only, upper case: `к-17` → `К17`.
    static func alphanumericKey(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }).uppercased()
    }

    /// The nine-digit national number of a Ukrainian phone, as an integer.
    static func nationalNumber(_ phone: String) -> UInt32? {
        let utf8 = phone.utf8
        if utf8.count == 13, phone.hasPrefix("+380") {
            var value: UInt32 = 0
            for byte in utf8.dropFirst(4) {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + UInt32(byte - 48)
            }
            return value
        }
        guard let normal = PhoneNumber.normalise(phone) else { return nil }
        return nationalNumber(normal)
    }

    /// A certificate number as a 64-bit key: all-digit numbers (the hyphen and spaces dropped)
    /// exactly, with their length so that leading zeros count; anything else hashed.
    static func certificateKey(_ text: String) -> UInt64? {
        var digits: UInt64 = 0
        var count: UInt64 = 0
        var allDigits = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 48 && value <= 57 {
                if count < 17 { digits = digits * 10 + UInt64(value - 48) }
                count += 1
            } else if (value | 0x20 >= 0x61 && value | 0x20 <= 0x7A)
                || (value >= 0x80 && scalar.properties.isAlphabetic)
            {
                allDigits = false
            }
        }
        if allDigits {
            guard count > 0 else { return nil }
            if count <= 17 { return count << 58 | digits }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var any = false
        for scalar in text.uppercased().unicodeScalars
        where scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            any = true
            for byte in String(scalar).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return any ? hash | 1 << 63 : nil
    }
}
