import DeskCore
import Foundation
import GRDB

// Handing out kits and voiding them. Each issue is one write transaction: the rules are checked
// and the rows written under the same lock, so what a desk decided still holds when it commits;
// the schema's unique index and triggers back the rules up.

extension DeskDatabase {
    /// Hands out `kits` to the household: all of them or none. Rules are checked inside the
    /// write transaction; the schema's unique index and triggers back them up.
    ///
    /// - Parameter collectedBy: a member's name, or anyone else's (recorded as a proxy);
    ///   nil means the head of household.
    /// - Parameter overrideReason: a coordinator's reason for giving kits the distribution's
    ///   plan does not give this family; recorded with each such issuance and in the audit.
    ///   Kits the family is entitled to are given as planned either way.
    /// - Throws: `IssueRefusal` saying why, with nothing written.
    public func issue(
        household number: String, kits: [String], distribution id: Int64?, collectedBy: String? = nil,
        overrideReason: String? = nil, context: DeskContext, now: Date = Date()
    ) throws -> IssueSummary {
        guard !kits.isEmpty else { throw EngineError.noKitsGiven }
        let overrideReason = overrideReason?.trimmingSpaces()
        if let overrideReason, overrideReason.isEmpty { throw EngineError.reasonRequired }
        do {
            return try writer.write { db in
                var context = try authorize(db, .issue, context)
                if overrideReason != nil { context = try authorize(db, .overridePlan, context) }
                let distribution = try resolveDistribution(db, id: id)
                let distributionId = distribution.id!
                guard let householdRecord = try findHousehold(db, number: number) else {
                    throw IssueRefusal.unknownHousehold(number)
                }
                let householdId = householdRecord.id!
                let members = try PersonRecord.filter { $0.householdId == householdId }
                    .order { $0.position }.fetchAll(db)
                var seen = Set<String>()
                var decided: [(kit: String, quantity: Int, overridden: Bool)] = []
                for code in kits {
                    guard let kit = catalogue[code] else { throw IssueRefusal.unknownKit(code) }
                    guard seen.insert(code).inserted else { throw IssueRefusal.repeatedKit(code) }
                    let facts = try issuanceFacts(
                        db, kit: kit, distribution: distribution, householdId: householdId,
                        householdSize: members.count, context: context, now: now, overridesPlan: overrideReason != nil)
                    switch IssuanceRules.decide(facts) {
                    case .success(let quantity):
                        let offPlan = facts.entitlement.map { $0.plan != nil && !$0.entitled } ?? false
                        decided.append((code, quantity, offPlan))
                    case .failure(let refusal): throw refusal
                    }
                }
                let collector = Self.collector(named: collectedBy, among: members)
                _ = try checkIn(db, distribution: distribution, household: householdRecord, member: collector.name,
                                memberPersonId: collector.personId,
                                proxy: collector.personId == nil && !collector.name.isEmpty, context: context, now: now)
                var issued: [IssuedKit] = []
                for line in decided {
                    var record = IssuanceRecord(
                        id: nil, distributionId: distributionId, householdId: householdId, kitCode: line.kit,
                        quantity: line.quantity, collectedBy: collector.name, collectedByPersonId: collector.personId,
                        operator: context.operatorName, desk: context.desk, issuedAt: now,
                        overrideReason: line.overridden ? overrideReason : nil)
                    try record.insert(db)
                    issued.append(IssuedKit(id: record.id!, kit: line.kit, quantity: line.quantity,
                                            overrideReason: record.overrideReason))
                }
                let detail = issued.map { "#\($0.id) \($0.kit)×\($0.quantity)" }.joined(separator: ", ")
                try audit(db, context, now: now, action: "issue", householdId: householdId,
                          distributionId: distributionId, detail: detail + " → " + collector.name)
                let overridden = issued.filter { $0.overrideReason != nil }
                if !overridden.isEmpty, let overrideReason {
                    // Its own entry, so that a donor's audit finds every kit given off the plan.
                    let kits = overridden.map { "#\($0.id) \($0.kit)×\($0.quantity)" }.joined(separator: ", ")
                    try audit(db, context, now: now, action: "issue.override", householdId: householdId,
                              distributionId: distributionId, detail: kits + ": " + overrideReason)
                }
                return IssueSummary(
                    household: householdRecord.number, kits: issued, collectedBy: collector.name,
                    collectedByProxy: collector.personId == nil)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            // Only reachable if a write slipped past the checks above; the schema said no,
            // so explain it the same way the rules would have.
            throw try refusalAfterConstraint(error, household: number, kits: kits, distribution: id, context: context)
        }
    }

    /// Voids an issuance, with the reason; the row stays, marked void, and the kit returns to stock.
    public func void(issuance id: Int64, reason: String, context: DeskContext, now: Date = Date()) throws {
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw EngineError.reasonRequired }
        try writer.write { db in
            let context = try authorize(db, .void, context)
            guard var record = try IssuanceRecord.fetchOne(db, key: id) else { throw EngineError.unknownIssuance(id) }
            guard record.voidedAt == nil else { throw EngineError.alreadyVoided(id) }
            record.voidedAt = now
            record.voidedBy = context.operatorName
            record.voidReason = reason
            try record.update(db)
            try audit(db, context, now: now, action: "void", householdId: record.householdId,
                      distributionId: record.distributionId, detail: "#\(id) \(record.kitCode): \(reason)")
        }
    }

    /// What the rules need to decide one kit for one household, read inside the caller's transaction.
    ///
    /// The issuances of households merged into this one count as its own.
    func issuanceFacts(
        _ db: Database, kit: KitDefinition, distribution: DistributionRecord, householdId: Int64, householdSize: Int,
        context: DeskContext, now: Date, overridesPlan: Bool = false
    ) throws -> IssuanceFacts {
        let family = try familyIds(db, householdId: householdId)
        var entitlement: PlanEntitlement? = nil
        if let record = try KitPlanRecord.fetchOne(db, key: ["distributionId": distribution.id!, "kitCode": kit.code]),
            let household = try HouseholdRecord.fetchOne(db, key: householdId)
        {
            // Only a planned kit reads the family: an unplanned one keeps the catalogue's rules as they were.
            let plan = try record.plan(listSize: 0)
            entitlement = try self.entitlement(
                db, kit: kit, plan: plan, distributionId: distribution.id!, householdId: householdId,
                family: try planFamily(db, household), date: distribution.civilDate)
        }
        return IssuanceFacts(
            kit: kit, distributionName: distribution.name, distributionOpen: distribution.closedAt == nil,
            stockLeft: try stockLeft(db, distributionId: distribution.id!, kit: kit.code),
            householdSize: householdSize,
            issuedInThisDistribution: try priorIssuances(
                db, family: family, kit: kit.code, distributionId: distribution.id!,
                timeZone: context.timeZone
            ).first,
            lastIssuedAnywhere: try priorIssuances(
                db, family: family, kit: kit.code, distributionId: nil, timeZone: context.timeZone
            ).first,
            today: CivilDate(now, in: context.timeZone), entitlement: entitlement, overridesPlan: overridesPlan)
    }

    private func stockLeft(_ db: Database, distributionId: Int64, kit: String) throws -> Int? {
        guard let received = try Int.fetchOne(db, sql: """
            SELECT received FROM stock WHERE distributionId = ? AND kitCode = ?
            """, arguments: [distributionId, kit])
        else { return nil }
        let issued = try Int.fetchOne(db, sql: """
            SELECT COALESCE(SUM(quantity), 0) FROM issuance
            WHERE distributionId = ? AND kitCode = ? AND voidedAt IS NULL
            """, arguments: [distributionId, kit]) ?? 0
        return received - issued
    }

    /// Live issuances of `kit` to the family (a household and those merged into it), newest
    /// first; in one distribution or in any.
    func priorIssuances(
        _ db: Database, family: [Int64], kit: String, distributionId: Int64?, timeZone: TimeZone
    ) throws -> [PriorIssuance] {
        var sql = """
            SELECT i.*, d.name AS distributionName FROM issuance i
            JOIN distribution d ON d.id = i.distributionId
            WHERE i.householdId IN (\(databaseQuestionMarks(count: family.count))) AND i.kitCode = ? AND i.voidedAt IS NULL
            """
        var arguments = StatementArguments(family) + [kit]
        if let distributionId {
            sql += " AND i.distributionId = ?"
            arguments += [distributionId]
        }
        sql += " ORDER BY i.issuedAt DESC, i.id DESC"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let issuedAt: Date = row["issuedAt"]
            return PriorIssuance(
                id: row["id"], kitCode: row["kitCode"], quantity: row["quantity"],
                distributionName: row["distributionName"], issuedAt: issuedAt,
                issuedOn: CivilDate(issuedAt, in: timeZone), desk: row["desk"], operatorName: row["operator"],
                collectedBy: row["collectedBy"])
        }
    }

    private func refusalAfterConstraint(
        _ error: DatabaseError, household: String, kits: [String], distribution: Int64?, context: DeskContext
    ) throws -> Error {
        let message = error.message ?? ""
        if message.contains("out of stock") {
            let status = try status()
            let id = try resolveDistributionId(distribution)
            let kit = kits.first { code in
                status.distributions.first { $0.id == id }?.stock.first { $0.kit == code }.map { $0.left <= 0 } ?? false
            } ?? kits[0]
            return IssueRefusal.outOfStock(kit: kit, left: 0, needed: 1)
        }
        if message.contains("distribution closed") {
            return IssueRefusal.distributionClosed(name: "")
        }
        if message.contains("UNIQUE") {
            // Let the rules explain it now that the other desk's issuance is committed.
            let history = try self.history(household: household, context: context)
            let id = try resolveDistributionId(distribution)
            if let entry = history.entries.first(where: { !$0.isVoided && $0.distributionId == id && kits.contains($0.kit) }) {
                return IssueRefusal.alreadyIssued(
                    PriorIssuance(
                        id: entry.issuanceId, kitCode: entry.kit, quantity: entry.quantity,
                        distributionName: entry.distributionName, issuedAt: entry.issuedAt,
                        issuedOn: CivilDate(entry.issuedAt, in: context.timeZone), desk: entry.desk,
                        operatorName: entry.operatorName, collectedBy: entry.collectedBy))
            }
        }
        return error
    }

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
            let size = try PersonRecord.filter { $0.householdId == household.id! }.fetchCount(db)
            let stocked = try String.fetchAll(db, sql: """
                SELECT s.kitCode FROM stock s JOIN kit k ON k.code = s.kitCode
                WHERE s.distributionId = ? ORDER BY k.position
                """, arguments: [id])
            return try stocked.compactMap { code -> KitLine? in
                guard let kit = catalogue[code] else { return nil }
                let facts = try issuanceFacts(
                    db, kit: kit, distribution: distribution, householdId: household.id!, householdSize: size,
                    context: context, now: now)
                return KitLine(kit: code, status: IssuanceRules.decide(facts), planned: facts.entitlement != nil)
            }
        }
    }
}
