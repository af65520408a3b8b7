import DeskCore
import Foundation
import GRDB

// The counts: the register's size and, per distribution, stock received, issued and left.

extension DeskDatabase {
    /// Counts of the register and, per distribution, stock received, issued and left.
    public func status() throws -> StatusReport {
        try writer.read { db in
            try authorize(db, .lookUp)
            // A household merged into another is one family, counted once.
            let households = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM household WHERE mergedInto IS NULL") ?? 0
            let people = try PersonRecord.fetchCount(db)
            let distributions = try DistributionRecord.order { $0.id }.fetchAll(db)
            let stockRows = try Row.fetchAll(db, sql: """
                SELECT s.distributionId, s.kitCode, s.received,
                       COALESCE((SELECT SUM(quantity) FROM issuance i
                                 WHERE i.distributionId = s.distributionId AND i.kitCode = s.kitCode
                                   AND i.voidedAt IS NULL), 0) AS issued
                FROM stock s JOIN kit k ON k.code = s.kitCode
                ORDER BY s.distributionId, k.position
                """)
            var stockByDistribution: [Int64: [KitStock]] = [:]
            for row in stockRows {
                stockByDistribution[row["distributionId"], default: []].append(
                    KitStock(kit: row["kitCode"], received: row["received"], issued: row["issued"]))
            }
            let served = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT distributionId, COUNT(DISTINCT householdId) AS n FROM issuance
                WHERE voidedAt IS NULL GROUP BY distributionId
                """).map { ($0["distributionId"] as Int64, $0["n"] as Int) })
            let checkedIn = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT distributionId, COUNT(*) AS n FROM checkIn GROUP BY distributionId
                """).map { ($0["distributionId"] as Int64, $0["n"] as Int) })
            return StatusReport(
                households: households, people: people,
                distributions: distributions.map { d in
                    DistributionSummary(
                        id: d.id!, name: d.name, date: CivilDate(parsing: d.date)!, place: d.place,
                        isOpen: d.closedAt == nil, openedBy: d.openedBy, stock: stockByDistribution[d.id!] ?? [],
                        householdsServed: served[d.id!] ?? 0, householdsCheckedIn: checkedIn[d.id!] ?? 0)
                })
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
}
