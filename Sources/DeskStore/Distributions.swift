import DeskCore
import Foundation
import GRDB

// Opening and closing a distribution, and which distribution a command or a screen means.
// Each change is one write transaction, audited.

extension DeskDatabase {
    /// Opens a distribution with the stock received per kit; returns its id.
    public func openDistribution(
        name: String, date: CivilDate, place: String, stock: [(kit: String, quantity: Int)],
        context: DeskContext, now: Date = Date()
    ) throws -> Int64 {
        let name = name.trimmingSpaces()
        guard !name.isEmpty else { throw EngineError.nameRequired }
        guard !stock.isEmpty else { throw EngineError.noKitsGiven }
        var seen = Set<String>()
        for line in stock {
            guard catalogue[line.kit] != nil else { throw IssueRefusal.unknownKit(line.kit) }
            guard line.quantity >= 0 else { throw EngineError.badQuantity(kit: line.kit, quantity: line.quantity) }
            guard line.quantity <= Limits.maxStock else { throw EngineError.quantityTooLarge(kit: line.kit, quantity: line.quantity) }
            guard seen.insert(line.kit).inserted else { throw IssueRefusal.repeatedKit(line.kit) }
        }
        return try writer.write { db in
            let context = try authorize(db, .distributions, context)
            // One distribution at a time: every desk issues against "the open one", so a second
            // would stop them all mid-day. It is refused here, where the coordinator can act.
            if let open = try DistributionRecord.filter({ $0.closedAt == nil }).order({ $0.id }).fetchOne(db) {
                throw EngineError.distributionStillOpen(id: open.id!, name: open.name)
            }
            var record = DistributionRecord(
                id: nil, name: name, date: date.iso, place: place.trimmingSpaces(), openedAt: now,
                openedBy: context.operatorName, closedAt: nil, closedBy: nil)
            try record.insert(db)
            let id = record.id!
            for line in stock {
                try StockRecord(distributionId: id, kitCode: line.kit, received: line.quantity).insert(db)
            }
            let lines = stock.map { "\($0.kit)=\($0.quantity)" }.joined(separator: " ")
            try audit(db, context, now: now, action: "distribution.open", distributionId: id, detail: "\(name): \(lines)")
            return id
        }
    }

    /// Closes the distribution (the one open when `id` is nil). A closed one takes no issuance.
    /// Then backs the database up; the result says where the backup went or why it could not
    /// be written (`ClosedDistribution.backup`): the close stands either way.
    @discardableResult
    public func closeDistribution(id: Int64?, context: DeskContext, now: Date = Date()) throws -> ClosedDistribution {
        let (closedId, acting) = try writer.write { db -> (Int64, DeskContext) in
            let context = try authorize(db, .distributions, context)
            var record = try resolveDistribution(db, id: id)
            guard record.closedAt == nil else { throw EngineError.distributionAlreadyClosed(name: record.name) }
            record.closedAt = now
            record.closedBy = context.operatorName
            try record.update(db)
            try audit(db, context, now: now, action: "distribution.close", distributionId: record.id, detail: record.name)
            return (record.id!, context)
        }
        let backup = backupAfterClose(distributionId: closedId, context: acting, now: now)
        return ClosedDistribution(status: try status().distributions.first { $0.id == closedId }!, backup: backup)
    }

    /// The id of the distribution a command acts on: `id` if given, else the one open distribution.
    public func resolveDistributionId(_ id: Int64?) throws -> Int64 {
        try writer.read { db in
            try authorize(db, .lookUp)
            return try resolveDistribution(db, id: id).id!
        }
    }

    /// The distribution a command or a screen means: `id` if given (it must exist); else the one
    /// open (several open: refused, the coordinator must close one); else, `orLatest`, the latest
    /// (a report or the arrivals of a day that is over), or a refusal: nothing is open.
    func resolveDistribution(_ db: Database, id: Int64?, orLatest: Bool = false) throws -> DistributionRecord {
        if let id {
            guard let record = try DistributionRecord.fetchOne(db, key: id) else {
                throw IssueRefusal.unknownDistribution(id)
            }
            return record
        }
        let open = try DistributionRecord.filter { $0.closedAt == nil }.order { $0.id }.fetchAll(db)
        switch open.count {
        case 1: return open[0]
        case 0:
            if orLatest, let latest = try DistributionRecord.order({ $0.id.desc }).fetchOne(db) { return latest }
            throw IssueRefusal.noOpenDistribution
        default: throw IssueRefusal.severalOpenDistributions(open.map { $0.id! })
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
            let distribution = try resolveDistribution(db, id: id)
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
            var adjustment = StockAdjustmentRecord(
                distributionId: distribution.id!, kitCode: kit, delta: delta, reason: reason,
                operator: context.operatorName, desk: context.desk, at: now)
            try adjustment.insert(db)
            try audit(db, context, now: now, action: "stock.adjust", distributionId: distribution.id,
                      detail: "\(kit) \(delta > 0 ? "+" : "")\(delta): \(reason)")
        }
    }
}
