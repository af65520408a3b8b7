import DeskCore
import Foundation
import GRDB

// Arrivals: who was checked in at the door and is waiting to be served, who has not come,
// and the counts of both. A family is counted once: households merged into another count
// as the one they were merged into, under its number.

/// A check-in request the engine could not take as asked.
public enum ArrivalError: Error, Sendable, Hashable {
    /// `--member` named nobody, or several people, in the household.
    case unknownMember(household: String, name: String)
    /// Both a member and a proxy were named: one person came.
    case memberAndProxy
}

/// How a distribution's day stands: families registered, checked in, served, still waiting, not come.
public struct ArrivalCounts: Sendable, Hashable, Codable {
    public var distributionId: Int64
    /// Families in the register (a merged family once).
    public var registered: Int
    public var checkedIn: Int
    /// Families with a kit that was not voided (every one of them was checked in).
    public var served: Int
    /// Checked in and not yet served.
    public var waiting: Int
    /// Registered and not checked in.
    public var notCome: Int
}

extension DeskDatabase {
    /// The distribution's waiting list: families checked in and not yet served, in arrival order
    /// (a family checked in under two merged numbers counts at its first arrival). Priority is
    /// reckoned on `day` (the desk's today): a member aged 60 or more, a child under 5, a member
    /// the register marks with a disability (in any of a merged family's registrations).
    public func waitingList(distribution id: Int64?, day: CivilDate) throws -> [ArrivalLine] {
        try writer.read { db in
            try authorize(db, .lookUp)
            let distribution = try resolveDistribution(db, id: id, orLatest: true)
            let served = try servedFamilies(db, distributionId: distribution.id!)
            var seen = Set<Int64>()
            var waiting: [(family: Int64, arrival: ArrivalLine)] = []
            for (family, arrival) in try arrivals(db, distributionId: distribution.id!, newestFirst: false)
            where !served.contains(family) && seen.insert(family).inserted {
                waiting.append((family, arrival))
            }
            let members = try familyMembers(db, families: waiting.map(\.family))
            let entitled = try entitledToSomething(db, distribution: distribution, families: waiting.map(\.family))
            return waiting.map { entry in
                let household = members[entry.family] ?? (settlement: "", people: [])
                var line = entry.arrival
                line.headName = Self.headName(household.people)
                line.settlement = household.settlement
                line.memberCount = household.people.count
                line.priority = PriorityReason.reasons(for: household.people, on: day)
                line.nothingToReceive = entitled.map { !$0.contains(entry.family) } ?? false
                return line
            }
        }
    }

    /// The latest check-ins of the distribution, newest first, served or not: what the door sees.
    public func recentArrivals(distribution id: Int64?, limit: Int) throws -> [ArrivalLine] {
        try writer.read { db in
            try authorize(db, .lookUp)
            let distribution = try resolveDistribution(db, id: id, orLatest: true)
            return Array(try arrivals(db, distributionId: distribution.id!, newestFirst: true, limit: limit).map(\.arrival))
        }
    }

    /// What the door recorded for the household in the distribution, if it was checked in.
    public func arrival(household number: String, distribution id: Int64) throws -> ArrivalLine? {
        try writer.read { db in
            try authorize(db, .lookUp)
            guard let household = try findHousehold(db, number: number) else { return nil }
            let family = try familyIds(db, householdId: household.id!)
            return try CheckInRecord
                .filter { $0.distributionId == id && family.contains($0.householdId) }
                .order { [$0.checkedInAt, $0.id] }
                .fetchOne(db)?
                .arrival(household: household.number)
        }
    }

    /// Registered families not checked in for the distribution, by settlement (in Ukrainian
    /// alphabetical order, no settlement last), then household number; with a phone to call.
    /// The coordinator's list (many families' phones at once): the report's permission.
    ///
    /// With a plan, only the families it gives some kit to (whom the kits wait for); `everyone`
    /// lists every family that has not come, as without a plan.
    public func absentFamilies(distribution id: Int64?, everyone: Bool = false) throws -> [AbsentRow] {
        try writer.read { db in
            try authorize(db, .report)
            let distribution = try resolveDistribution(db, id: id, orLatest: true)
            let came = try checkedInFamilies(db, distributionId: distribution.id!)
                .union(try servedFamilies(db, distributionId: distribution.id!))
            var families = try Int64.fetchAll(db, sql: "SELECT id FROM household WHERE mergedInto IS NULL ORDER BY number")
                .filter { !came.contains($0) }
            if !everyone, let entitled = try entitledToSomething(db, distribution: distribution, families: nil) {
                families = families.filter(entitled.contains)
            }
            let members = try familyMembers(db, families: families)
            let numbers = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT id, number FROM household WHERE mergedInto IS NULL
                """).map { ($0["id"] as Int64, $0["number"] as String) })
            let absent = families.map { family in
                let household = members[family] ?? (settlement: "", people: [])
                let head = household.people.first(where: \.isHead) ?? household.people.first
                let phone = head?.phone ?? household.people.first { $0.phone != nil }?.phone
                return AbsentRow(
                    household: numbers[family] ?? "", headName: Self.headName(household.people),
                    settlement: household.settlement, phone: phone, memberCount: household.people.count)
            }
            var keys: [String: [Int]] = [:]
            for family in absent where keys[family.settlement] == nil {
                keys[family.settlement] = Self.settlementSortKey(family.settlement)
            }
            return absent.sorted { a, b in
                let (ka, kb) = (keys[a.settlement]!, keys[b.settlement]!)
                if ka != kb { return ka.lexicographicallyPrecedes(kb) }
                return a.household < b.household
            }
        }
    }

    /// The families (by the household each is served under) the plan gives at least one kit
    /// of the distribution; nil when some stocked kit has no plan (then every family gets it).
    /// `families` limits the answer to those (nil: the whole register).
    func entitledToSomething(_ db: Database, distribution: DistributionRecord, families: [Int64]?) throws -> Set<Int64>? {
        let plans = try kitPlans(db, distributionId: distribution.id!)
        let stocked = try stockedKits(db, distributionId: distribution.id!)
        guard !plans.isEmpty, stocked.allSatisfy({ plans[$0] != nil }) else { return nil }
        guard let families else {
            return Set(try entitledFamilies(db, distribution: distribution).values.flatMap(\.keys))
        }
        var entitled = Set<Int64>()
        for id in families {
            guard let household = try HouseholdRecord.fetchOne(db, key: id) else { continue }
            let family = try planFamily(db, household)
            for code in stocked {
                guard let kit = catalogue[code] else { continue }
                if try entitlement(db, kit: kit, plan: plans[code], distributionId: distribution.id!, householdId: id,
                                   family: family, date: distribution.civilDate).entitled {
                    entitled.insert(id)
                    break
                }
            }
        }
        return entitled
    }

    /// Registered, checked in, served, waiting and not come, for the distribution.
    public func arrivalCounts(distribution id: Int64?) throws -> ArrivalCounts {
        try writer.read { db in
            try authorize(db, .lookUp)
            let distribution = try resolveDistribution(db, id: id, orLatest: true)
            return try arrivalCounts(db, distributionId: distribution.id!)
        }
    }

    /// The counts of every distribution, by id.
    public func arrivalCountsByDistribution() throws -> [Int64: ArrivalCounts] {
        try writer.read { db in
            try authorize(db, .lookUp)
            var result: [Int64: ArrivalCounts] = [:]
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM distribution ORDER BY id") {
                result[id] = try arrivalCounts(db, distributionId: id)
            }
            return result
        }
    }

    /// The distribution an arrivals command is about: `id` if given; else the one open
    /// (several open: say so); else the latest.
    public func arrivalDistribution(_ id: Int64?) throws -> (id: Int64, name: String, isOpen: Bool) {
        try writer.read { db in
            try authorize(db, .lookUp)
            let record = try resolveDistribution(db, id: id, orLatest: true)
            return (record.id!, record.name, record.closedAt == nil)
        }
    }

    // MARK: Helpers

    private func arrivalCounts(_ db: Database, distributionId: Int64) throws -> ArrivalCounts {
        let registered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM household WHERE mergedInto IS NULL") ?? 0
        let served = try servedFamilies(db, distributionId: distributionId)
        let checkedIn = try checkedInFamilies(db, distributionId: distributionId)
        let came = checkedIn.union(served)
        return ArrivalCounts(
            distributionId: distributionId, registered: registered, checkedIn: came.count, served: served.count,
            waiting: checkedIn.subtracting(served).count, notCome: max(0, registered - came.count))
    }

    /// The family (the household merged into, else itself) of every household with a live kit.
    private func servedFamilies(_ db: Database, distributionId: Int64) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: """
            SELECT DISTINCT COALESCE(h.mergedInto, h.id) FROM issuance i JOIN household h ON h.id = i.householdId
            WHERE i.distributionId = ? AND i.voidedAt IS NULL
            """, arguments: [distributionId]))
    }

    private func checkedInFamilies(_ db: Database, distributionId: Int64) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: """
            SELECT DISTINCT COALESCE(h.mergedInto, h.id) FROM checkIn c JOIN household h ON h.id = c.householdId
            WHERE c.distributionId = ?
            """, arguments: [distributionId]))
    }

    /// Check-ins of the distribution with the family each belongs to, by arrival.
    private func arrivals(_ db: Database, distributionId: Int64, newestFirst: Bool, limit: Int? = nil) throws
        -> [(family: Int64, arrival: ArrivalLine)]
    {
        let order = newestFirst ? "DESC" : ""
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.*, COALESCE(m.id, h.id) AS family, COALESCE(m.number, h.number) AS familyNumber
            FROM checkIn c JOIN household h ON h.id = c.householdId
            LEFT JOIN household m ON m.id = h.mergedInto
            WHERE c.distributionId = ?
            ORDER BY c.checkedInAt \(order), c.id \(order)
            \(limit.map { "LIMIT \(max(0, $0))" } ?? "")
            """, arguments: [distributionId])
        return try rows.map { ($0["family"], try CheckInRecord(row: $0).arrival(household: $0["familyNumber"])) }
    }

    /// The members of each family (its own household first, then those merged into it), and its settlement.
    private func familyMembers(_ db: Database, families: [Int64]) throws -> [Int64: (settlement: String, people: [Person])] {
        var result: [Int64: (settlement: String, people: [Person])] = [:]
        // In chunks: SQLite limits the number of parameters of one statement.
        var start = 0
        while start < families.count {
            let chunk = Array(families[start..<min(families.count, start + 500)])
            start += chunk.count
            // By the household and by what was merged into it: both are index look-ups.
            let marks = databaseQuestionMarks(count: chunk.count)
            let rows = try Row.fetchAll(db, sql: """
                SELECT COALESCE(h.mergedInto, h.id) AS family, g.settlement AS familySettlement, p.*
                FROM household h JOIN person p ON p.householdId = h.id
                JOIN household g ON g.id = COALESCE(h.mergedInto, h.id)
                WHERE (h.id IN (\(marks)) AND h.mergedInto IS NULL) OR h.mergedInto IN (\(marks))
                ORDER BY family, h.mergedInto IS NOT NULL, h.id, p.position
                """, arguments: StatementArguments(chunk + chunk))
            for row in rows {
                let family: Int64 = row["family"]
                let birth: String? = row["birthDate"]
                let sex: String? = row["sex"]
                let person = Person(
                    surname: row["surname"], givenName: row["givenName"], patronymic: row["patronymic"],
                    birthDate: birth.flatMap(CivilDate.init(parsing:)), sex: sex.flatMap(Sex.init(rawValue:)),
                    phone: row["phone"], idpCertificate: row["idpCertificate"], isHead: row["isHead"],
                    hasDisability: row["hasDisability"])
                result[family, default: (row["familySettlement"], [])].people.append(person)
            }
        }
        return result
    }

    private static func headName(_ people: [Person]) -> String {
        (people.first(where: \.isHead) ?? people.first)?.fullName ?? ""
    }

    /// Ukrainian alphabetical order (є after е, і ї after и, ґ after г), case and apostrophes
    /// ignored; letters of other alphabets after, by code point; an empty settlement last.
    static func settlementSortKey(_ settlement: String) -> [Int] {
        let trimmed = settlement.trimmingSpaces().lowercased()
        guard !trimmed.isEmpty else { return [Int.max] }
        let alphabet = Array("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя")
        return trimmed.compactMap { c -> Int? in
            if "'’ʼ`".contains(c) { return nil }
            if let index = alphabet.firstIndex(of: c) { return 0x10000 + index }
            guard let scalar = c.unicodeScalars.first else { return nil }
            return scalar.value < 0x400 ? Int(scalar.value) : 0x20000 + Int(scalar.value)
        }
    }
}
