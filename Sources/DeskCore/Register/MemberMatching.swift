/// Which stored member of a household a row of a re-imported register is.
///
/// A register is corrected over time: a child's name typed `Марко` becomes `Марк`, a birth
/// year is fixed, a surname changes at marriage. Taking each corrected row for a new person
/// multiplies the family (a third member raises every per-person kit), so a row is matched to
/// the stored person on the surest evidence the two share, tier by tier:
///
/// 1. the same IDP certificate number (digits compared), held by no one else in the household
///    on either side, and a surname, given name or birth date in common;
/// 2. the same name (surname, given name, patronymic) and birth date;
/// 3. the same name, the birth date corrected;
/// 4. the same given name and birth date, the surname or patronymic corrected;
/// 5. the same surname with a given name one or two letters apart (or the other way round),
///    the sex not contradicting and birth dates at most two years apart.
///
/// Tier 2 pairs people in household order (as the import always did, so that a stored
/// household which already holds a person twice still matches); the other tiers match
/// only when the pair is unambiguous on both sides: one candidate for the row, and that row
/// the only candidate for the stored person. Anything less is a new person, as before: a
/// guess that merges two people would take a member off the register.
public enum MemberMatching {
    /// What the file says: a column it does not have is not compared.
    public struct Columns: Sendable, Hashable {
        public var patronymic: Bool
        public var birthDate: Bool
        public var idpCertificate: Bool
        public var sex: Bool

        public init(patronymic: Bool = true, birthDate: Bool = true, idpCertificate: Bool = true, sex: Bool = true) {
            self.patronymic = patronymic
            self.birthDate = birthDate
            self.idpCertificate = idpCertificate
            self.sex = sex
        }
    }

    /// For each of `filed`, the index in `stored` of the same person, or nil for a new one.
    /// No stored person is matched twice.
    public static func match(filed: [Person], stored: [Person], columns: Columns = Columns()) -> [Int?] {
        var result = [Int?](repeating: nil, count: filed.count)
        var taken = [Bool](repeating: false, count: stored.count)
        guard !stored.isEmpty else { return result }

        func pairInOrder(_ key: (Person) -> String?) {
            var waiting: [String: [Int]] = [:]
            for (j, person) in stored.enumerated() where !taken[j] {
                if let k = key(person) { waiting[k, default: []].append(j) }
            }
            guard !waiting.isEmpty else { return }
            for (i, person) in filed.enumerated() where result[i] == nil {
                guard let k = key(person), var queue = waiting[k], !queue.isEmpty else { continue }
                let j = queue.removeFirst()
                waiting[k] = queue
                result[i] = j
                taken[j] = true
            }
        }

        func pairUnambiguous(_ same: (Person, Person) -> Bool) {
            let rows = filed.indices.filter { result[$0] == nil }
            let people = stored.indices.filter { !taken[$0] }
            guard !rows.isEmpty, !people.isEmpty else { return }
            var candidates: [Int: [Int]] = [:]
            var claimedBy: [Int: [Int]] = [:]
            for i in rows {
                for j in people where same(filed[i], stored[j]) {
                    candidates[i, default: []].append(j)
                    claimedBy[j, default: []].append(i)
                }
            }
            for i in rows {
                guard let c = candidates[i], c.count == 1, claimedBy[c[0]]?.count == 1 else { continue }
                result[i] = c[0]
                taken[c[0]] = true
            }
        }

        func folded(_ text: String) -> String { text.lowercased() }
        func name(_ p: Person) -> String {
            [folded(p.surname), folded(p.givenName), columns.patronymic ? folded(p.patronymic) : ""]
                .joined(separator: "|")
        }

        if columns.idpCertificate {
            // A certificate number shared in the household (a parent's typed for the children
            // too) says nothing about which member is which, and one pasted on the wrong row
            // must not rename a person: the number has to be unique on both sides and the two
            // must share at least a surname, a given name or a birth date.
            let fileKeys = filed.map { DuplicateDetector.certificateKey($0.idpCertificate) }
            let storedKeys = stored.map { DuplicateDetector.certificateKey($0.idpCertificate) }
            var fileCount: [String: Int] = [:]
            var storedIndex: [String: Int] = [:]
            var storedCount: [String: Int] = [:]
            for k in fileKeys { if let k { fileCount[k, default: 0] += 1 } }
            for (j, k) in storedKeys.enumerated() {
                if let k {
                    storedCount[k, default: 0] += 1
                    storedIndex[k] = j
                }
            }
            for (i, k) in fileKeys.enumerated() {
                guard let k, fileCount[k] == 1, storedCount[k] == 1, let j = storedIndex[k] else { continue }
                let a = filed[i], b = stored[j]
                if folded(a.surname) == folded(b.surname) || folded(a.givenName) == folded(b.givenName)
                    || (a.birthDate != nil && a.birthDate == b.birthDate)
                {
                    result[i] = j
                    taken[j] = true
                }
            }
        }
        pairInOrder { name($0) + "|" + (columns.birthDate ? $0.birthDate?.iso ?? "" : "") }
        pairUnambiguous { name($0) == name($1) }
        if columns.birthDate {
            pairUnambiguous { a, b in
                a.birthDate != nil && a.birthDate == b.birthDate && folded(a.givenName) == folded(b.givenName)
            }
        }
        pairUnambiguous { a, b in
            if columns.sex, let x = a.sex, let y = b.sex, x != y { return false }
            if columns.birthDate, let x = a.birthDate, let y = b.birthDate, abs(x.year - y.year) > 2 { return false }
            let sameSurname = folded(a.surname) == folded(b.surname)
            let sameGiven = folded(a.givenName) == folded(b.givenName)
            if sameSurname { return isClose(folded(a.givenName), folded(b.givenName)) }
            if sameGiven { return isClose(folded(a.surname), folded(b.surname)) }
            return false
        }
        return result
    }

    /// At most two edits apart (insert, delete, replace), and not a short name turned into
    /// another: both at least three letters long.
    static func isClose(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        guard x.count >= 3, y.count >= 3, abs(x.count - y.count) <= 2, x.count <= 64, y.count <= 64 else { return false }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > 2 { return false }
            swap(&previous, &current)
        }
        return previous[y.count] <= 2
    }
}
