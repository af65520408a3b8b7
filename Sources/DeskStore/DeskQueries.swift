import DeskCore
import Foundation
import GRDB

// What the desk screen reads, and the coordinator's stock adjustment.

extension DeskDatabase {
    /// For each kit stocked in the distribution, in catalogue order: what the rules say now.
    public func kitAvailability(household number: String, distribution id: Int64, context: DeskContext, now: Date = Date())
        throws -> [KitLine]
    {
        try writer.read { db in
            try authorize(db, .lookUp)
            guard let household = try findHousehold(db, number: number) else {
                throw IssueRefusal.unknownHousehold(number)
            }
            guard let distribution = try DistributionRecord.fetchOne(db, key: id) else {
                throw IssueRefusal.unknownDistribution(id)
            }
            let size = try PersonRecord.filter(Column("householdId") == household.id!).fetchCount(db)
            let stocked = try String.fetchAll(db, sql: """
                SELECT s.kitCode FROM stock s JOIN kit k ON k.code = s.kitCode
                WHERE s.distributionId = ? ORDER BY k.position
                """, arguments: [id])
            return try stocked.compactMap { code -> KitLine? in
                guard let kit = catalogue[code] else { return nil }
                let facts = try issuanceFacts(
                    db, kit: kit, distribution: distribution, householdId: household.id!, householdSize: size,
                    context: context, now: now)
                return KitLine(kit: code, status: IssuanceRules.decide(facts))
            }
        }
    }

    /// When the household was checked in for the distribution, if it was.
    public func checkInTime(household number: String, distribution id: Int64) throws -> Date? {
        try writer.read { db in
            try authorize(db, .lookUp)
            guard let household = try findHousehold(db, number: number) else { return nil }
            return try Date.fetchOne(db, sql: """
                SELECT checkedInAt FROM checkIn WHERE distributionId = ? AND householdId = ?
                """, arguments: [id, household.id])
        }
    }

    /// The desk's top lines: the one open distribution with its stock (none when several are
    /// open: the coordinator must close one), households served today (in `timeZone`), register size.
    public func deskOverview(now: Date = Date(), timeZone: TimeZone = .current) throws -> DeskOverview {
        let status = try status()
        let open = status.distributions.filter(\.isOpen)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let startOfDay = calendar.startOfDay(for: now)
        let served = try writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT i.householdId) FROM issuance i JOIN distribution d ON d.id = i.distributionId
                WHERE d.closedAt IS NULL AND i.voidedAt IS NULL AND i.issuedAt >= ?
                """, arguments: [startOfDay]) ?? 0
        }
        let only = open.count == 1 ? open[0] : nil
        return DeskOverview(
            distribution: only, openDistributionCount: open.count, stock: only?.stock ?? [],
            householdsServedToday: served, householdsInRegister: status.households)
    }

    /// Kit codes each of `households` holds (live) in the distribution.
    public func receivedKits(households numbers: [String], distribution id: Int64) throws -> [String: [String]] {
        guard !numbers.isEmpty else { return [:] }
        return try writer.read { db in
            try authorize(db, .lookUp)
            let rows = try Row.fetchAll(db, sql: """
                SELECT h.number, i.kitCode FROM issuance i JOIN household h ON h.id = i.householdId
                JOIN kit k ON k.code = i.kitCode
                WHERE i.distributionId = ? AND i.voidedAt IS NULL AND h.number IN (\(databaseQuestionMarks(count: numbers.count)))
                ORDER BY k.position
                """, arguments: StatementArguments([id] + numbers.map { $0 as any DatabaseValueConvertible }))
            var result: [String: [String]] = [:]
            for row in rows { result[row["number"], default: []].append(row["kitCode"]) }
            return result
        }
    }

    /// Changes the quantity received of a kit by `delta`, with the reason, logged. The schema
    /// refuses to go below what was already issued.
    public func adjustStock(distribution id: Int64?, kit: String, by delta: Int, reason: String, context: DeskContext,
                            now: Date = Date()) throws {
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw EngineError.reasonRequired }
        guard delta != 0 else { throw EngineError.badQuantity(kit: kit, quantity: delta) }
        guard delta >= -Limits.maxStock && delta <= Limits.maxStock else {
            throw EngineError.quantityTooLarge(kit: kit, quantity: delta)
        }
        try writer.write { db in
            let context = try authorize(db, .adjustStock, context)
            let distribution = try resolveDistribution(db, id: id, allowClosed: true)
            guard distribution.closedAt == nil else { throw IssueRefusal.distributionClosed(name: distribution.name) }
            guard var stock = try StockRecord.fetchOne(db, key: ["distributionId": distribution.id!, "kitCode": kit]) else {
                throw IssueRefusal.kitNotInDistribution(kit: kit, distribution: distribution.name)
            }
            let issued = try Int.fetchOne(db, sql: """
                SELECT COALESCE(SUM(quantity), 0) FROM issuance
                WHERE distributionId = ? AND kitCode = ? AND voidedAt IS NULL
                """, arguments: [distribution.id, kit]) ?? 0
            // The stored figure may come from before the limit (or a hand-edited file): no trap.
            let received = stock.received.saturatingAdding(delta)
            guard received <= Limits.maxStock else { throw EngineError.quantityTooLarge(kit: kit, quantity: received) }
            guard received >= issued else {
                throw EngineError.badQuantity(kit: kit, quantity: received)
            }
            stock.received = received
            try stock.update(db)
            try db.execute(sql: """
                INSERT INTO stockAdjustment (distributionId, kitCode, delta, reason, operator, desk, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [distribution.id, kit, delta, reason, context.operatorName, context.desk, now])
            try audit(db, context, now: now, action: "stock.adjust", distributionId: distribution.id,
                      detail: "\(kit) \(delta > 0 ? "+" : "")\(delta): \(reason)")
        }
    }

    /// Every person as a search record, in household order: what the name search indexes.
    public func searchRecords() throws -> [SearchRecord] {
        try writer.read { db in
            try authorize(db, .lookUp)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT h.number, p.position, p.surname, p.givenName, p.patronymic, p.phone, p.idpCertificate
                FROM person p JOIN household h ON h.id = p.householdId
                ORDER BY h.number, p.position
                """)
            var records: [SearchRecord] = []
            while let row = try rows.next() {
                records.append(SearchRecord(
                    household: row[0], member: row[1], surname: row[2], givenName: row[3], patronymic: row[4],
                    phone: row[5], idpCertificate: row[6]))
            }
            return records
        }
    }

    /// A number that changes when the register changes (an import), to know when to rebuild the search index.
    public func registerVersion() throws -> Int64 {
        try writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM audit WHERE action = 'import'") ?? 0
        }
    }

    /// SQLite's `data_version` as seen by the writing connection: it changes whenever another
    /// connection, in this process or another, commits. GRDB's observation cannot see other
    /// processes' writes; this can.
    public func dataVersion() throws -> Int {
        try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }
}

/// What a search result line shows about a household besides the matching name.
public struct HouseholdSummary: Sendable, Hashable {
    public var number: String
    public var settlement: String
    /// Birth years by member position (nil where the register has no date).
    public var birthYears: [Int?]
}

extension DeskDatabase {
    public func householdSummaries(numbers: [String]) throws -> [String: HouseholdSummary] {
        guard !numbers.isEmpty else { return [:] }
        return try writer.read { db in
            try authorize(db, .lookUp)
            let rows = try Row.fetchAll(db, sql: """
                SELECT h.number, h.settlement, p.position, p.birthDate FROM household h
                JOIN person p ON p.householdId = h.id
                WHERE h.number IN (\(databaseQuestionMarks(count: numbers.count)))
                ORDER BY h.number, p.position
                """, arguments: StatementArguments(numbers))
            var result: [String: HouseholdSummary] = [:]
            for row in rows {
                let number: String = row["number"]
                var summary = result[number] ?? HouseholdSummary(number: number, settlement: row["settlement"], birthYears: [])
                let birth: String? = row["birthDate"]
                summary.birthYears.append(birth.flatMap(CivilDate.init(parsing:))?.year)
                result[number] = summary
            }
            return result
        }
    }
}

extension DeskDatabase {
    /// Marks this database as the demo's, so that the demo never mistakes a real register for its own.
    public func markAsDemo(context: DeskContext) throws {
        try writer.write { db in
            let context = try authorize(db, .importRegister, context)
            try audit(db, context, now: Date(), action: "demo.create", detail: "synthetic data")
        }
    }

    /// True when the database was made by `aiddesk demo`, or holds no register at all.
    public func isDemoOrEmpty() throws -> Bool {
        try writer.read { db in
            let marked = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit WHERE action = 'demo.create')") ?? false
            let empty = try HouseholdRecord.fetchCount(db) == 0
            return marked || empty
        }
    }
}
