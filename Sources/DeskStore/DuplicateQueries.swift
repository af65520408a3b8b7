import DeskCore
import Foundation
import GRDB

// Duplicate registrations: the list of possible duplicates, a coordinator's two answers
// (merge the households, or "not a duplicate"), and the desk card's warning.

/// Two people in different families who may be one person registered twice.
public struct DuplicateMatch: Sendable, Hashable {
    public var first: DuplicatePerson
    public var second: DuplicatePerson
    /// Strongest first.
    public var evidence: [DuplicateEvidence]
}

public struct DuplicateReport: Sendable {
    public var matches: [DuplicateMatch]
    /// Phones or certificate numbers shared by too many people to pair them all.
    public var crowded: [CrowdedKey]
}

/// Kits a merged family now holds twice in one distribution: the coordinator voids one.
public struct DoubleIssue: Sendable, Hashable {
    public var distributionId: Int64
    public var distributionName: String
    public var distributionOpen: Bool
    public var kit: String
    /// The live issuances, oldest first.
    public var issuanceIds: [Int64]
}

public struct MergeOutcome: Sendable, Hashable {
    /// The surviving household's number.
    public var kept: String
    /// The households now served under it: the one named, and any merged into that one before.
    public var merged: [String]
    public var doubleIssues: [DoubleIssue]
}

/// Why a duplicate decision could not be recorded.
public enum DuplicateError: Error, Sendable, Hashable {
    /// Not `HOUSEHOLD/MEMBER`.
    case badPersonReference(String)
    case unknownPerson(String)
    case samePerson(String)
    case sameHousehold(String)
    /// The household was merged into `into` already.
    case alreadyMerged(household: String, into: String)
}

extension DeskDatabase {
    /// Every possible duplicate pair across families, strongest evidence first. Pairs marked
    /// "not a duplicate" and people of one (merged) family are left out.
    public func possibleDuplicates() throws -> DuplicateReport {
        let (people, notDuplicates) = try writer.read { db in
            try authorize(db, .duplicates)
            return (try duplicatePeople(db, whereSQL: nil, arguments: []), try notDuplicatePairs(db))
        }
        let scan = DuplicateDetector.scan(people.map(\.candidate), notDuplicates: notDuplicates)
        return DuplicateReport(
            matches: scan.pairs.map { pair in
                DuplicateMatch(first: people[pair.first].shown, second: people[pair.second].shown, evidence: pair.evidence)
            },
            crowded: scan.crowded)
    }

    /// Records that two people are different people: the pair is never proposed again.
    ///
    /// - Parameters: `first`, `second`: `HOUSEHOLD/MEMBER`, as the duplicate list names them.
    /// - Returns: the two people, and whether the mark is new (false: marked already, nothing written).
    @discardableResult
    public func markNotDuplicate(
        _ first: String, _ second: String, reason: String = "", context: DeskContext, now: Date = Date()
    ) throws -> (first: DuplicatePerson, second: DuplicatePerson, isNew: Bool) {
        try writer.write { db in
            let context = try authorize(db, .duplicates, context)
            let a = try resolvePerson(db, first)
            let b = try resolvePerson(db, second)
            guard a.id != b.id else { throw DuplicateError.samePerson(first) }
            let pair = PersonPair(a.id, b.id)
            let exists = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM notDuplicate WHERE personA = ? AND personB = ?)
                """, arguments: [pair.low, pair.high]) ?? false
            guard !exists else { return (a.shown, b.shown, false) }
            try NotDuplicateRecord(personA: pair.low, personB: pair.high, operator: context.operatorName, at: now).insert(db)
            let reason = reason.trimmingSpaces()
            try audit(
                db, context, now: now, action: "duplicate.not", householdId: a.householdId,
                detail: "\(a.shown.reference) \(a.shown.person.fullName) ≠ \(b.shown.reference) \(b.shown.person.fullName)"
                    + (reason.isEmpty ? "" : ": \(reason)"))
            return (a.shown, b.shown, true)
        }
    }

    /// Merges household `other` into `keep`: `other` keeps its rows, members and history, and
    /// from now on is served as `keep`: its number leads to `keep`, and the rules count its
    /// issuances as `keep`'s. Households merged into `other` before follow it.
    ///
    /// The merge is allowed even when both households already hold the same kit in one
    /// distribution (the kits are out either way); the outcome lists those double issues so
    /// that the coordinator can void one.
    public func mergeHouseholds(keep: String, other: String, reason: String, context: DeskContext, now: Date = Date())
        throws -> MergeOutcome
    {
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw EngineError.reasonRequired }
        return try writer.write { db in
            let context = try authorize(db, .duplicates, context)
            guard let kept = try findRegisteredHousehold(db, number: keep) else { throw IssueRefusal.unknownHousehold(keep) }
            guard let merged = try findRegisteredHousehold(db, number: other) else {
                throw IssueRefusal.unknownHousehold(other)
            }
            guard kept.id != merged.id else { throw DuplicateError.sameHousehold(kept.number) }
            for record in [kept, merged] {
                if let target = try mergedInto(db, record.id!) {
                    throw DuplicateError.alreadyMerged(household: record.number, into: target)
                }
            }
            let followers = try String.fetchAll(db, sql: "SELECT number FROM household WHERE mergedInto = ? ORDER BY number",
                                                arguments: [merged.id])
            try db.execute(sql: "UPDATE household SET mergedInto = ? WHERE id = ? OR mergedInto = ?",
                           arguments: [kept.id, merged.id, merged.id])
            let chain = ([merged.number] + followers).joined(separator: ", ")
            try audit(db, context, now: now, action: "household.merge", householdId: kept.id,
                      detail: "\(chain) → \(kept.number): \(reason)")
            return MergeOutcome(
                kept: kept.number, merged: [merged.number] + followers,
                doubleIssues: try doubleIssues(db, family: try familyIds(db, householdId: kept.id!)))
        }
    }

    /// Possible duplicates of this family's members in other families, and which kits those
    /// families already hold in the distribution. For the desk card: the volunteer asks before
    /// handing a kit the same person may have collected under another household number.
    public func duplicateWarnings(household number: String, distribution id: Int64) throws -> [DuplicateNote] {
        let (people, notDuplicates, received, familyNumber) = try writer.read {
            db -> ([LoadedPerson], Set<PersonPair>, [Int64: [String]], String?) in
            try authorize(db, .lookUp)
            guard let household = try findHousehold(db, number: number) else {
                throw IssueRefusal.unknownHousehold(number)
            }
            let family = try familyIds(db, householdId: household.id!)
            let marks = databaseQuestionMarks(count: family.count)
            let members = try duplicatePeople(db, whereSQL: "p.householdId IN (\(marks))", arguments: StatementArguments(family))
            let certificates = Set(members.compactMap { DuplicateDetector.certificateKey($0.candidate.person.idpCertificate) })
            let phones = Set(members.compactMap { DuplicateDetector.phoneKey($0.candidate.person.phone) })
            let births = Set(members.compactMap { $0.candidate.person.birthDate?.iso })
            var conditions: [String] = []
            var arguments = StatementArguments()
            if !phones.isEmpty {
                conditions.append("p.phone IN (\(databaseQuestionMarks(count: phones.count)))")
                arguments += StatementArguments(Array(phones))
            }
            if !births.isEmpty {
                conditions.append("p.birthDate IN (\(databaseQuestionMarks(count: births.count)))")
                arguments += StatementArguments(Array(births))
            }
            if !certificates.isEmpty {
                conditions.append("p.certificateDigits IN (\(databaseQuestionMarks(count: certificates.count)))")
                arguments += StatementArguments(Array(certificates))
            }
            guard !conditions.isEmpty else { return ([], [], [:], nil) }
            let others = try duplicatePeople(
                db, whereSQL: "COALESCE(h.mergedInto, h.id) <> ? AND (\(conditions.joined(separator: " OR ")))",
                arguments: [household.id!] + arguments)
            var received: [Int64: [String]] = [:]
            let otherFamilies = Set(others.map(\.candidate.family))
            if !otherFamilies.isEmpty {
                let families = StatementArguments(Array(otherFamilies))
                let marks = databaseQuestionMarks(count: otherFamilies.count)
                let rows = try Row.fetchAll(db, sql: """
                    SELECT COALESCE(h.mergedInto, h.id) AS family, i.kitCode FROM household h
                    JOIN issuance i ON i.householdId = h.id JOIN kit k ON k.code = i.kitCode
                    WHERE (h.id IN (\(marks)) OR h.mergedInto IN (\(marks)))
                      AND i.distributionId = ? AND i.voidedAt IS NULL
                    ORDER BY k.position, i.id
                    """, arguments: families + families + [id])
                for row in rows {
                    let family: Int64 = row["family"], kit: String = row["kitCode"]
                    if received[family]?.contains(kit) != true { received[family, default: []].append(kit) }
                }
            }
            return (members + others, try notDuplicatePairs(db), received, household.number)
        }
        guard let familyNumber else { return [] }
        let scan = DuplicateDetector.scan(people.map(\.candidate), notDuplicates: notDuplicates)
        var warnings: [DuplicateNote] = []
        for pair in scan.pairs {
            var (mine, theirs) = (people[pair.first], people[pair.second])
            if mine.shown.family != familyNumber { swap(&mine, &theirs) }
            guard mine.shown.family == familyNumber, theirs.shown.family != familyNumber else { continue }
            warnings.append(DuplicateNote(
                member: mine.shown, other: theirs.shown, evidence: pair.evidence,
                kitsReceived: received[theirs.candidate.family] ?? []))
        }
        // Kits already out first, then in the card's member order.
        warnings.sort { a, b in
            if a.kitsReceived.isEmpty != b.kitsReceived.isEmpty { return !a.kitsReceived.isEmpty }
            return (a.member.household, a.member.member, a.other.family, a.other.member)
                < (b.member.household, b.member.member, b.other.family, b.other.member)
        }
        return warnings
    }

    // MARK: Helpers

    /// Digits of a certificate number, as `DuplicateDetector.certificateKey` takes them, in SQL
    /// (for filling `person.certificateDigits` in the migration that added it).
    static let certificateDigits = DatabaseFunction("aiddesk_certificate_digits", argumentCount: 1, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]) else { return nil }
        return DuplicateDetector.certificateKey(text)
    }

    struct LoadedPerson {
        var candidate: DuplicateCandidate
        var shown: DuplicatePerson
        var householdId: Int64
        var id: Int64 { candidate.id }
    }

    /// People with their household and family, in household-number and member order.
    func duplicatePeople(_ db: Database, whereSQL: String?, arguments: StatementArguments) throws -> [LoadedPerson] {
        // Surviving households' numbers, for people of merged ones.
        var survivors: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, number FROM household WHERE id IN (SELECT mergedInto FROM household WHERE mergedInto IS NOT NULL)
            """)
        {
            survivors[row[0]] = row[1]
        }
        // The member's place on the card (ordered by position, then id): counted in SQL when only
        // some of a household's people are read, else below.
        let ordinal = whereSQL == nil ? "0" : """
            (SELECT COUNT(*) FROM person q WHERE q.householdId = p.householdId
               AND (q.position < p.position OR (q.position = p.position AND q.id <= p.id)))
            """
        let rows = try Row.fetchCursor(db, sql: """
            SELECT p.id, p.householdId, p.position, p.surname, p.givenName, p.patronymic, p.birthDate, p.sex, p.phone,
                   p.idpCertificate, p.isHead, h.number, h.settlement, h.mergedInto, \(ordinal) AS ordinal
            FROM person p JOIN household h ON h.id = p.householdId
            \(whereSQL.map { "WHERE " + $0 } ?? "")
            ORDER BY h.number, p.position, p.id
            """, arguments: arguments)
        var people: [LoadedPerson] = []
        while let row = try rows.next() {
            let person = Person(
                surname: row[3], givenName: row[4], patronymic: row[5],
                birthDate: (row[6] as String?).flatMap(CivilDate.init(parsing:)),
                sex: (row[7] as String?).flatMap(Sex.init(rawValue:)), phone: row[8], idpCertificate: row[9],
                isHead: row[10])
            let householdId: Int64 = row[1]
            let mergedInto: Int64? = row[13]
            let number: String = row[11]
            people.append(LoadedPerson(
                candidate: DuplicateCandidate(id: row[0], family: mergedInto ?? householdId, person: person),
                shown: DuplicatePerson(
                    household: number, family: mergedInto.flatMap { survivors[$0] } ?? number,
                    member: row[14], person: person, settlement: row[12]),
                householdId: householdId))
        }
        if whereSQL == nil {
            var index = 0
            while index < people.count {
                var end = index
                while end < people.count && people[end].householdId == people[index].householdId { end += 1 }
                for k in index..<end { people[k].shown.member = k - index + 1 }
                index = end
            }
        }
        return people
    }

    func notDuplicatePairs(_ db: Database) throws -> Set<PersonPair> {
        var pairs = Set<PersonPair>()
        for row in try Row.fetchAll(db, sql: "SELECT personA, personB FROM notDuplicate") {
            pairs.insert(PersonPair(row[0], row[1]))
        }
        return pairs
    }

    /// `00417/2`: the second member listed on household 00417's card (merges not followed:
    /// the person as registered).
    func resolvePerson(_ db: Database, _ reference: String) throws -> LoadedPerson {
        let parts = reference.trimmingSpaces().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let member = Int(parts[1].trimmingSpaces()), member >= 1,
            !parts[0].trimmingSpaces().isEmpty
        else { throw DuplicateError.badPersonReference(reference) }
        guard let household = try findRegisteredHousehold(db, number: String(parts[0])) else {
            throw IssueRefusal.unknownHousehold(String(parts[0]))
        }
        let people = try duplicatePeople(db, whereSQL: "p.householdId = ?", arguments: [household.id!])
        guard member <= people.count else { throw DuplicateError.unknownPerson(reference) }
        return people[member - 1]
    }

    func mergedInto(_ db: Database, _ householdId: Int64) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT t.number FROM household h JOIN household t ON t.id = h.mergedInto WHERE h.id = ?
            """, arguments: [householdId])
    }

    /// Kits the family holds more than once, live, in one distribution.
    func doubleIssues(_ db: Database, family: [Int64]) throws -> [DoubleIssue] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT i.distributionId, d.name, d.closedAt IS NULL AS open, i.kitCode, GROUP_CONCAT(i.id) AS ids
            FROM issuance i JOIN distribution d ON d.id = i.distributionId JOIN kit k ON k.code = i.kitCode
            WHERE i.voidedAt IS NULL AND i.householdId IN (\(databaseQuestionMarks(count: family.count)))
            GROUP BY i.distributionId, i.kitCode HAVING COUNT(*) > 1
            ORDER BY i.distributionId, k.position
            """, arguments: StatementArguments(family))
        return rows.map { row in
            let ids = (row["ids"] as String).split(separator: ",").compactMap { Int64($0) }.sorted()
            return DoubleIssue(
                distributionId: row["distributionId"], distributionName: row["name"], distributionOpen: row["open"],
                kit: row["kitCode"], issuanceIds: ids)
        }
    }
}
