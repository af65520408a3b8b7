import DeskCore
import Foundation
import GRDB

// The reads behind the distribution report, and the close-out: the physical count per kit
// recorded against the ledger, and the distribution closed, in one transaction.

extension DeskDatabase {
    // MARK: Report

    /// The distribution a report is about: `id` if given, else the open one, else the latest.
    public func reportDistributionId(_ id: Int64?) throws -> Int64 {
        try writer.read { db in
            try authorize(db, .report)
            return try resolveDistribution(db, id: id, orLatest: true).id!
        }
    }

    /// The figures of a distribution (`id`, else the open one, else the latest), with hours
    /// read in `timeZone`. All of it is read in one transaction: the figures agree with each other.
    public func report(distribution id: Int64?, hubCity: String? = nil, timeZone: TimeZone = .current) throws
        -> DistributionReport
    {
        DistributionReport(facts: try reportFacts(distribution: id, hubCity: hubCity), timeZone: timeZone)
    }

    /// What the report is computed from, as the ledger holds it.
    public func reportFacts(distribution id: Int64?, hubCity: String? = nil) throws -> ReportFacts {
        try writer.read { db in
            try authorize(db, .report)
            let record = try resolveDistribution(db, id: id, orLatest: true)
            let distributionId = record.id!
            let stock = try Row.fetchAll(db, sql: """
                SELECT s.kitCode, s.received FROM stock s JOIN kit k ON k.code = s.kitCode
                WHERE s.distributionId = ? ORDER BY k.position
                """, arguments: [distributionId]).map { ReportFacts.StockLine(kit: $0["kitCode"], received: $0["received"]) }

            // A household merged into another counts as the one it was merged into. A purged
            // distribution's override reasons read as its void reasons do after the purge.
            let issuances = try Row.fetchAll(db, sql: """
                SELECT COALESCE(m.number, h.number) AS household, i.kitCode, i.quantity, i.desk, i.issuedAt,
                       i.voidedAt IS NOT NULL AS voided, i.overrideReason
                FROM issuance i JOIN household h ON h.id = i.householdId
                LEFT JOIN household m ON m.id = h.mergedInto
                WHERE i.distributionId = ? ORDER BY i.issuedAt, i.id
                """, arguments: [distributionId]).map { row in
                ReportFacts.Issuance(
                    household: row["household"], kit: row["kitCode"], quantity: row["quantity"], desk: row["desk"],
                    issuedAt: row["issuedAt"], isVoided: row["voided"],
                    overrideReason: (row["overrideReason"] as String?).map {
                        record.purgedAt == nil ? $0 : ReportFacts.purgedReason
                    })
            }

            // The plans, and the families each entitles by the number they are served under (the
            // register as it is now, ages on the distribution day), in catalogue order.
            let plans = try kitPlans(db, distributionId: distributionId)
            var planFacts: [ReportFacts.KitPlanFacts] = []
            if !plans.isEmpty {
                let entitled = try entitledFamilies(db, distribution: record)
                var numbers: [Int64: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, number FROM household WHERE mergedInto IS NULL") {
                    numbers[row["id"]] = row["number"]
                }
                let position = Dictionary(
                    catalogue.kits.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
                let codes = plans.keys.sorted { (position[$0] ?? .max, $0) < (position[$1] ?? .max, $1) }
                for code in codes {
                    planFacts.append(ReportFacts.KitPlanFacts(
                        kit: code, plan: plans[code]!,
                        entitled: Set((entitled[code] ?? [:]).keys.compactMap { numbers[$0] })))
                }
            }

            // The members of every served household, and of the households merged into it.
            let memberRows = try Row.fetchAll(db, sql: """
                WITH served AS (
                    SELECT DISTINCT COALESCE(h.mergedInto, h.id) AS id FROM issuance i
                    JOIN household h ON h.id = i.householdId
                    WHERE i.distributionId = ? AND i.voidedAt IS NULL)
                SELECT g.number, g.settlement, p.surname, p.givenName, p.patronymic, p.birthDate, p.sex
                FROM served s JOIN household g ON g.id = s.id
                JOIN household h ON h.id = s.id OR h.mergedInto = s.id
                JOIN person p ON p.householdId = h.id
                ORDER BY g.number, h.id <> s.id, h.id, p.position
                """, arguments: [distributionId])
            var served: [ReportFacts.ServedHousehold] = []
            for row in memberRows {
                let number: String = row["number"]
                let birth: String? = row["birthDate"]
                let sex: String? = row["sex"]
                let person = Person(
                    surname: row["surname"], givenName: row["givenName"], patronymic: row["patronymic"],
                    birthDate: birth.flatMap(CivilDate.init(parsing:)), sex: sex.flatMap(Sex.init(rawValue:)))
                if served.last?.number != number {
                    served.append(ReportFacts.ServedHousehold(number: number, settlement: row["settlement"], members: []))
                }
                served[served.count - 1].members.append(ReportFacts.Member(person))
            }

            var bySettlement: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT TRIM(settlement) AS settlement, COUNT(*) AS n FROM household
                WHERE mergedInto IS NULL GROUP BY TRIM(settlement)
                """)
            {
                bySettlement[row["settlement"], default: 0] += row["n"] as Int
            }

            // The households checked in, by the number they are served under (as the issuances),
            // each once: the report counts arrivals as `arrivalCounts` does, in this transaction.
            let checkedIn = try String.fetchAll(db, sql: """
                SELECT DISTINCT COALESCE(m.number, h.number) FROM checkIn c
                JOIN household h ON h.id = c.householdId
                LEFT JOIN household m ON m.id = h.mergedInto
                WHERE c.distributionId = ?
                """, arguments: [distributionId])

            let counts = try Row.fetchAll(db, sql: """
                SELECT r.* FROM reconciliation r JOIN kit k ON k.code = r.kitCode
                WHERE r.distributionId = ? ORDER BY k.position
                """, arguments: [distributionId]).map { row in
                ReportFacts.Count(
                    kit: row["kitCode"], expected: row["expected"], counted: row["counted"], reason: row["reason"],
                    operatorName: row["operator"], at: row["at"])
            }

            return ReportFacts(
                distribution: ReportFacts.Distribution(
                    id: distributionId, name: record.name, date: CivilDate(parsing: record.date)!, place: record.place,
                    isOpen: record.closedAt == nil, closedAt: record.closedAt, closedBy: record.closedBy),
                stock: stock, issuances: issuances, servedHouseholds: served, householdsBySettlement: bySettlement,
                checkedIn: checkedIn.count, counts: counts, hubCity: hubCity, checkedInHouseholds: checkedIn,
                plans: planFacts)
        }
    }

    // MARK: Close-out

    /// What the coordinator has to count to close the distribution (`id`, else the open one):
    /// per kit, received, issued and the expected `received - issued`.
    public func closeOutSheet(distribution id: Int64?) throws -> CloseOutSheet {
        try writer.read { db in
            try authorize(db, .distributions)
            let record = try resolveDistribution(db, id: id)
            guard record.closedAt == nil else { throw EngineError.distributionAlreadyClosed(name: record.name) }
            return try closeOutSheet(db, record)
        }
    }

    /// Records the physical count per kit (`counts`: every kit of the distribution, or none),
    /// each with the expected quantity `received - issued` and the reason for any difference,
    /// and closes the distribution: all in one transaction, audited. With no counts it closes
    /// and records none. The expected figures are read inside the transaction, so a kit issued
    /// at another desk a moment before is accounted for; a count made against a figure that
    /// has changed since (`KitCount.expectedShown`) is refused, to be counted again.
    /// Then backs the database up: `ClosedDistribution.backup` says where to, or why not.
    @discardableResult
    public func closeDistribution(
        id: Int64?, counts: [KitCount], context: DeskContext, now: Date = Date()
    ) throws -> ClosedDistribution {
        let (closedId, acting) = try writer.write { db -> (Int64, DeskContext) in
            let context = try authorize(db, .distributions, context)
            var record = try resolveDistribution(db, id: id)
            guard record.closedAt == nil else { throw EngineError.distributionAlreadyClosed(name: record.name) }
            let sheet = try closeOutSheet(db, record)
            if let problem = sheet.problem(with: counts) { throw problem }
            var summary: [String] = []
            for line in sheet.lines {
                guard let count = counts.first(where: { $0.kit == line.kit }) else { continue }
                var counted = ReconciliationRecord(
                    distributionId: record.id!, kitCode: line.kit, expected: line.expected, counted: count.counted,
                    reason: count.reason, operator: context.operatorName, desk: context.desk, at: now)
                try counted.insert(db)
                var entry = "\(line.kit) \(line.expected)→\(count.counted)"
                if count.counted != line.expected { entry += " (\(signedFigure(count.counted - line.expected)): \(count.reason))" }
                summary.append(entry)
            }
            record.closedAt = now
            record.closedBy = context.operatorName
            try record.update(db)
            if !summary.isEmpty {
                try audit(db, context, now: now, action: "closeout.count", distributionId: record.id,
                          detail: summary.joined(separator: ", "))
            }
            try audit(db, context, now: now, action: "distribution.close", distributionId: record.id,
                      detail: record.name + (counts.isEmpty ? " (no count)" : ""))
            return (record.id!, context)
        }
        let backup = backupAfterClose(distributionId: closedId, context: acting, now: now)
        return ClosedDistribution(status: try status().distributions.first { $0.id == closedId }!, backup: backup)
    }

    // MARK: Helpers

    private func closeOutSheet(_ db: Database, _ record: DistributionRecord) throws -> CloseOutSheet {
        let lines = try Row.fetchAll(db, sql: """
            SELECT s.kitCode, s.received,
                   COALESCE((SELECT SUM(quantity) FROM issuance i
                             WHERE i.distributionId = s.distributionId AND i.kitCode = s.kitCode
                               AND i.voidedAt IS NULL), 0) AS issued
            FROM stock s JOIN kit k ON k.code = s.kitCode
            WHERE s.distributionId = ? ORDER BY k.position
            """, arguments: [record.id]).map {
            CloseOutSheet.Line(kit: $0["kitCode"], received: $0["received"], issued: $0["issued"])
        }
        return CloseOutSheet(
            distributionId: record.id!, name: record.name, date: CivilDate(parsing: record.date)!, lines: lines)
    }
}
