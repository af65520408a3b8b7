/// Why two people in different households may be one person registered twice.
///
/// Raw values are what `--json` prints. The order of the cases is their strength: a shared
/// certificate number is nearly proof, a near-identical name with the same birth date a hint.
public enum DuplicateEvidence: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The same IDP certificate number (digits only: `1234-5678901234` = `12345678901234`).
    case certificate = "certificate"
    /// The same name (folded: case, е/є, і/и, ґ/г, apostrophes ignored) and the same birth date.
    case nameAndBirthDate = "name_birth_date"
    /// The same phone number.
    case phone = "phone"
    /// Names one or two letters apart, or the same surname and given name with the
    /// patronymic left out on one side; and the same birth date.
    case similarNameAndBirthDate = "similar_name_birth_date"

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    var weight: Int { 1 << (Self.allCases.count - 1 - rank) }

    public static func < (a: DuplicateEvidence, b: DuplicateEvidence) -> Bool { a.rank < b.rank }
}

/// One registered person as the detector sees them.
public struct DuplicateCandidate: Sendable, Hashable {
    /// Stable identity of the person (the store's row id): what "not a duplicate" decisions name.
    public var id: Int64
    /// The family the person belongs to: their household, or the household it was merged
    /// into. People of one family are never proposed as duplicates of each other.
    public var family: Int64
    public var person: Person

    public init(id: Int64, family: Int64, person: Person) {
        self.id = id
        self.family = family
        self.person = person
    }
}

/// Two people, in id order, whatever order they were given in.
public struct PersonPair: Sendable, Hashable {
    public let low: Int64
    public let high: Int64

    public init(_ a: Int64, _ b: Int64) {
        low = min(a, b)
        high = max(a, b)
    }
}

/// Two people who may be one: indices into the candidates the detector was given.
public struct PossibleDuplicate: Sendable, Hashable {
    /// The candidate with the lower id.
    public var first: Int
    public var second: Int
    /// Strongest first.
    public var evidence: [DuplicateEvidence]
}

/// A certificate number or phone shared by so many people that pairing them all would
/// drown the list (a hub's own phone written for many families, a placeholder number).
public struct CrowdedKey: Sendable, Hashable {
    public var evidence: DuplicateEvidence
    /// The shared value as registered (for a certificate, its digits).
    public var value: String
    public var people: Int

    public init(evidence: DuplicateEvidence, value: String, people: Int) {
        self.evidence = evidence
        self.value = value
        self.people = people
    }
}

public struct DuplicateScan: Sendable {
    /// Strongest evidence first; ties by the first person's, then the second person's order.
    public var pairs: [PossibleDuplicate]
    public var crowded: [CrowdedKey]
}

/// Finds possible duplicate people across households without comparing every pair:
/// people are grouped by certificate number, by phone, and by birth date together with one
/// word of the name; only people within a group are compared. A register of 110,000 people
/// takes a fraction of a second.
public enum DuplicateDetector {
    /// Certificate numbers with fewer digits than this are not compared (a `0` or `-` typed
    /// into the column says nothing).
    public static let minimumCertificateDigits = 5

    /// People sharing one certificate number or phone beyond this many are reported as
    /// `crowded` instead of paired.
    public static let crowdedGroup = 12

    /// Possible duplicates among `candidates`, leaving out pairs in one family and pairs a
    /// coordinator marked as different people.
    public static func scan(
        _ candidates: [DuplicateCandidate], notDuplicates: Set<PersonPair> = []
    ) -> DuplicateScan {
        var found: [UInt64: UInt8] = [:]
        var crowded: [CrowdedKey] = []

        func record(_ i: Int, _ j: Int, _ evidence: DuplicateEvidence) {
            let (a, b) = candidates[i].id < candidates[j].id ? (i, j) : (j, i)
            let key = UInt64(a) << 32 | UInt64(b)
            found[key, default: 0] |= UInt8(1 << evidence.rank)
        }
        func comparable(_ i: Int, _ j: Int) -> Bool {
            candidates[i].family != candidates[j].family
                && candidates[i].id != candidates[j].id
                && !notDuplicates.contains(PersonPair(candidates[i].id, candidates[j].id))
        }

        // Exact keys: certificate digits and phone.
        for evidence in [DuplicateEvidence.certificate, .phone] {
            var groups: [String: [Int]] = [:]
            for (i, candidate) in candidates.enumerated() {
                let key =
                    evidence == .certificate
                    ? certificateKey(candidate.person.idpCertificate) : phoneKey(candidate.person.phone)
                if let key { groups[key, default: []].append(i) }
            }
            for (value, members) in groups where members.count > 1 {
                let families = Set(members.map { candidates[$0].family })
                guard families.count > 1 else { continue }
                if members.count > crowdedGroup {
                    crowded.append(CrowdedKey(evidence: evidence, value: value, people: members.count))
                    continue
                }
                for x in 0..<members.count {
                    for y in (x + 1)..<members.count where comparable(members[x], members[y]) {
                        record(members[x], members[y], evidence)
                    }
                }
            }
        }

        // Names with the same birth date: grouped by (birth date, folded surname), (birth date,
        // folded given name) and (birth date, folded patronymic). Two names at most two edits
        // apart keep at least one of the three words whole, so they share a group.
        let folded = candidates.map { FoldedName($0.person) }
        var vocabulary: [[UInt8]: UInt32] = [:]
        var entries: [(key: UInt64, index: Int32)] = []
        entries.reserveCapacity(candidates.count * 3)
        for (i, candidate) in candidates.enumerated() {
            guard let birth = candidate.person.birthDate else { continue }
            let day = UInt64(UInt32(truncatingIfNeeded: birth.dayNumber))
            for (role, word) in [folded[i].surname, folded[i].given, folded[i].patronymic].enumerated()
            where !word.isEmpty {
                let id: UInt32
                if let known = vocabulary[word] {
                    id = known
                } else {
                    id = UInt32(vocabulary.count)
                    vocabulary[word] = id
                }
                entries.append((day << 32 | UInt64(role) << 30 | UInt64(id), Int32(i)))
            }
        }
        entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        let nameBits = UInt8(1 << DuplicateEvidence.nameAndBirthDate.rank | 1 << DuplicateEvidence.similarNameAndBirthDate.rank)
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count && entries[end].key == entries[start].key { end += 1 }
            if end - start > 1 {
                for x in start..<end {
                    for y in (x + 1)..<end {
                        let i = Int(entries[x].index), j = Int(entries[y].index)
                        guard comparable(i, j) else { continue }
                        let (a, b) = candidates[i].id < candidates[j].id ? (i, j) : (j, i)
                        if let bits = found[UInt64(a) << 32 | UInt64(b)], bits & nameBits != 0 { continue }
                        switch folded[i].compare(folded[j]) {
                        case .same: record(i, j, .nameAndBirthDate)
                        case .similar: record(i, j, .similarNameAndBirthDate)
                        case .different: break
                        }
                    }
                }
            }
            start = end
        }

        var pairs = found.map { key, bits in
            PossibleDuplicate(
                first: Int(key >> 32), second: Int(key & 0xFFFF_FFFF),
                evidence: DuplicateEvidence.allCases.filter { bits & UInt8(1 << $0.rank) != 0 })
        }
        pairs.sort { p, q in
            let wp = p.evidence.reduce(0) { $0 + $1.weight }, wq = q.evidence.reduce(0) { $0 + $1.weight }
            if wp != wq { return wp > wq }
            if p.first != q.first { return p.first < q.first }
            return p.second < q.second
        }
        crowded.sort { ($0.evidence, -$0.people, $0.value) < ($1.evidence, -$1.people, $1.value) }
        return DuplicateScan(pairs: pairs, crowded: crowded)
    }

    /// The digits of a certificate number, when there are enough of them to mean something.
    public static func certificateKey(_ text: String?) -> String? {
        guard let text else { return nil }
        if let fast = text.utf8.withContiguousStorageIfAvailable(certificateDigits) { return fast }
        return Array(text.utf8).withUnsafeBufferPointer(certificateDigits)
    }

    /// The ASCII digits of UTF-8 bytes (a digit byte is never part of a longer character).
    static func certificateDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var count = 0
        for byte in bytes where byte &- 48 < 10 { count += 1 }
        guard count >= minimumCertificateDigits else { return nil }
        return String(unsafeUninitializedCapacity: count) { out in
            var k = 0
            for byte in bytes where byte &- 48 < 10 {
                out[k] = byte
                k += 1
            }
            return count
        }
    }

    /// A phone as `+380XXXXXXXXX`, whatever shape it was written in; nil when it is not one.
    public static func phoneKey(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        if text.utf8.count == 13, text.hasPrefix("+380") { return text }
        return PhoneNumber.normalise(text)
    }

    /// The evidence for one pair of people, as `scan` would give it (ignoring families and
    /// decisions): for explaining a single match, such as a warning on the desk card.
    public static func evidence(_ a: Person, _ b: Person) -> [DuplicateEvidence] {
        var result: [DuplicateEvidence] = []
        if let x = certificateKey(a.idpCertificate), x == certificateKey(b.idpCertificate) { result.append(.certificate) }
        if let x = a.birthDate, x == b.birthDate {
            switch FoldedName(a).compare(FoldedName(b)) {
            case .same: result.append(.nameAndBirthDate)
            case .similar: result.append(.similarNameAndBirthDate)
            case .different: break
            }
        }
        if let x = phoneKey(a.phone), x == phoneKey(b.phone) { result.append(.phone) }
        return result.sorted()
    }
}

/// A name reduced by the search engine's fold (`SearchIndex.foldRegisterWord`): each of its
/// three parts, and the whole with a 0 between words.
struct FoldedName {
    let surname: [UInt8]
    let given: [UInt8]
    let patronymic: [UInt8]
    let whole: [UInt8]

    init(_ person: Person) {
        surname = Self.fold(person.surname)
        given = Self.fold(person.givenName)
        patronymic = Self.fold(person.patronymic)
        var whole = surname
        for part in [given, patronymic] where !part.isEmpty {
            whole.append(0)
            whole += part
        }
        self.whole = whole
    }

    /// A field folded word by word (`Петренко-Коваль` is two words), joined by 0.
    static func fold(_ text: String) -> [UInt8] {
        if isOneCyrillicWord(text) { return SearchIndex.foldRegisterWord(text[...]) }
        var codes: [UInt8] = []
        for part in SearchIndex.nameParts(text) {
            let word = SearchIndex.foldRegisterWord(part)
            guard !word.isEmpty else { continue }
            if !codes.isEmpty { codes.append(0) }
            codes += word
        }
        return codes
    }

    /// Only Cyrillic letters and apostrophes: one word, as `SearchIndex.nameParts` would find
    /// (the common case, decided without Unicode property look-ups).
    static func isOneCyrillicWord(_ text: String) -> Bool {
        var any = false
        for scalar in text.unicodeScalars {
            guard NameFold.isCyrillicLetter(scalar.value) || NameFold.isApostrophe(scalar.value) else { return false }
            any = true
        }
        return any
    }

    enum Likeness { case same, similar, different }

    func compare(_ other: FoldedName) -> Likeness {
        if whole == other.whole { return whole.isEmpty ? .different : .same }
        // The patronymic left out on one side.
        if surname == other.surname && given == other.given && !surname.isEmpty && !given.isEmpty
            && (patronymic.isEmpty != other.patronymic.isEmpty)
        {
            return .similar
        }
        // One or two slips: a wrong, missing, extra or swapped letter; a short name allows one,
        // and so does a short word (Діана and Інна are two names, not two slips).
        guard Self.near(whole, other.whole, longAt: 10) else { return .different }
        for (x, y) in [(surname, other.surname), (given, other.given), (patronymic, other.patronymic)]
        where !x.isEmpty && !y.isEmpty && x != y {
            guard Self.near(x, y, longAt: 7) else { return .different }
        }
        return .similar
    }

    /// At most two edits apart when both have `longAt` letters or more, else at most one.
    static func near(_ x: [UInt8], _ y: [UInt8], longAt: Int) -> Bool {
        let allowed = min(x.count, y.count) >= longAt ? 2 : 1
        guard abs(x.count - y.count) <= allowed else { return false }
        return SearchScorer.editDistance(x, y[...]) <= allowed
    }
}
