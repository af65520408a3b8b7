import DeskCore
import Foundation
import GRDB

/// What a purge removed, per distribution.
public struct PurgeOutcome: Sendable, Hashable {
    public var distributionId: Int64
    public var name: String
    public var date: CivilDate
    /// Issuances whose recipient's name (member or proxy) was removed.
    public var issuances: Int
    /// Check-ins whose member or proxy name, and document note, were removed.
    public var checkIns: Int
    /// Audit entries cut short of the names at their end.
    public var auditEntries: Int
}

/// What a purge keeps of a distribution: its report frozen as JSON, when (as stored) and by whom.
struct FrozenPurge {
    var report: String
    var purgedAt: DatabaseValue
    var purgedBy: String
}

extension DeskDatabase {
    /// Removes people's names from the records of closed distributions held before `day`: who
    /// collected each kit (a member, or a proxy who is not even in the register), who came to
    /// check in, free-text void and override reasons, and the names at the end of audit entries. What stays
    /// is anonymous: which household got which kit and when, the stock, and the report's figures,
    /// which are first frozen as JSON (`purgedReport`) so they survive later register changes.
    /// The register itself is not touched: it is the list of people the hub still serves.
    ///
    /// - Parameter dryRun: say what would be purged, change nothing.
    public func purge(before day: CivilDate, dryRun: Bool = false, context: DeskContext, now: Date = Date())
        throws -> [PurgeOutcome]
    {
        let candidates = try writer.read { db in
            try authorize(db, .maintenance)
            return try DistributionRecord.fetchAll(db, sql: """
                SELECT * FROM distribution WHERE closedAt IS NOT NULL AND date < ? AND purgedAt IS NULL ORDER BY id
                """, arguments: [day.iso])
        }
        // Frozen before anything changes, each in the form the report command prints; the reasons
        // of kits given off the plan go, as void reasons do (the kits still count as overrides).
        var frozen: [Int64: Data] = [:]
        for distribution in candidates {
            let facts = try reportFacts(distribution: distribution.id).withOverrideReasonsPurged()
            frozen[distribution.id!] = try DistributionReport(facts: facts, timeZone: context.timeZone).json()
        }
        var outcomes: [PurgeOutcome] = []
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let context = try authorize(db, .maintenance, context)
                for distribution in candidates {
                    let id = distribution.id!
                    let removed = try purgePersonalData(db, distributionId: id, FrozenPurge(
                        report: String(decoding: frozen[id]!, as: UTF8.self), purgedAt: now.databaseValue,
                        purgedBy: context.operatorName))
                    outcomes.append(PurgeOutcome(
                        distributionId: id, name: distribution.name, date: CivilDate(parsing: distribution.date)!,
                        issuances: removed.issuances, checkIns: removed.checkIns, auditEntries: removed.auditEntries))
                    try audit(db, context, now: now, action: "purge", distributionId: id,
                              detail: "issuances \(removed.issuances), check-ins \(removed.checkIns), audit \(removed.auditEntries)")
                }
                return dryRun ? .rollback : .commit
            }
        }
        return outcomes
    }

    /// The purge of one distribution, inside the caller's transaction: marks it purged, keeps
    /// `frozen` (its report as frozen, when and by whom) in `purgedReport`, then removes the names.
    /// The one place that says what a purge removes: `purge` uses it, and `restore` too, to purge
    /// again what a backup taken before a purge would bring back.
    /// - Returns: how many issuances, check-ins and audit entries lost names.
    func purgePersonalData(_ db: Database, distributionId id: Int64, _ frozen: FrozenPurge) throws
        -> (issuances: Int, checkIns: Int, auditEntries: Int)
    {
        // First: the triggers allow the changes below only in a purged distribution.
        try db.execute(sql: "UPDATE distribution SET purgedAt = ? WHERE id = ?", arguments: [frozen.purgedAt, id])
        try db.execute(sql: """
            INSERT OR REPLACE INTO purgedReport (distributionId, report, purgedAt, purgedBy) VALUES (?, ?, ?, ?)
            """, arguments: [id, frozen.report, frozen.purgedAt, frozen.purgedBy])
        try db.execute(sql: """
            UPDATE issuance SET collectedBy = '', collectedByPersonId = NULL,
                voidReason = CASE WHEN voidReason IS NULL THEN NULL ELSE '—' END,
                overrideReason = CASE WHEN overrideReason IS NULL THEN NULL ELSE '—' END
            WHERE distributionId = ? AND (collectedBy <> '' OR collectedByPersonId IS NOT NULL
                OR (voidReason IS NOT NULL AND voidReason <> '—')
                OR (overrideReason IS NOT NULL AND overrideReason <> '—'))
            """, arguments: [id])
        let issuances = db.changesCount
        try db.execute(sql: """
            UPDATE checkIn SET member = NULL, memberPersonId = NULL, documentNote = NULL
            WHERE distributionId = ? AND (member IS NOT NULL OR memberPersonId IS NOT NULL OR documentNote IS NOT NULL)
            """, arguments: [id])
        let checkIns = db.changesCount
        // "#17 hygiene×1 → Name" keeps "#17 hygiene×1"; "#17 hygiene: reason" keeps "#17 hygiene"
        // (a void's reason, and a kit given off the plan's).
        try db.execute(sql: """
            UPDATE audit SET detail = CASE
                WHEN action = 'issue' AND instr(detail, ' → ') > 0 THEN substr(detail, 1, instr(detail, ' → ') - 1)
                WHEN action IN ('void', 'issue.override') AND instr(detail, ': ') > 0
                    THEN substr(detail, 1, instr(detail, ': ') - 1)
                WHEN action = 'checkin' THEN ''
                ELSE detail END
            WHERE distributionId = ? AND action IN ('issue', 'void', 'issue.override', 'checkin')
              AND detail <> CASE
                WHEN action = 'issue' AND instr(detail, ' → ') > 0 THEN substr(detail, 1, instr(detail, ' → ') - 1)
                WHEN action IN ('void', 'issue.override') AND instr(detail, ': ') > 0
                    THEN substr(detail, 1, instr(detail, ': ') - 1)
                WHEN action = 'checkin' THEN ''
                ELSE detail END
            """, arguments: [id])
        return (issuances, checkIns, db.changesCount)
    }

    /// The report of a purged distribution as it was frozen at the purge, or nil.
    public func purgedReport(distribution id: Int64) throws -> Data? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT report FROM purgedReport WHERE distributionId = ?", arguments: [id])
                .map { Data($0.utf8) }
        }
    }
}

// MARK: Restore

/// A distribution purged today, read before a restore, with what its purge froze.
struct PurgedBeforeRestore {
    var id: Int64
    var name: String
    /// As stored, like `AuditEntryBeforeRestore.distributionOpenedAt`, to find it again.
    var openedAt: DatabaseValue
    /// When it closed (a purge needs a closed distribution), as stored.
    var closedAt: DatabaseValue
    var frozen: FrozenPurge
}

extension DeskDatabase {
    /// Today's purged distributions, read just before a restore replaces the data.
    func purgedBeforeRestore() throws -> [PurgedBeforeRestore] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.id, d.name, d.openedAt, p.report, p.purgedAt, p.purgedBy, d.closedAt
                FROM distribution d JOIN purgedReport p ON p.distributionId = d.id
                WHERE d.purgedAt IS NOT NULL ORDER BY d.id
                """).map { row in
                PurgedBeforeRestore(id: row[0], name: row[1], openedAt: row[2], closedAt: row[6],
                                    frozen: FrozenPurge(report: row[3], purgedAt: row[4], purgedBy: row[5]))
            }
        }
    }

    /// After a restore, inside its transaction: a backup taken before a purge brings the names
    /// back, so every distribution purged today (`before`) that the restored data holds unpurged
    /// is purged again, keeping today's frozen report, time and operator (the figures are not
    /// computed again from the restored data). It is found the way `carryAuditOver` finds
    /// distributions: by name and opening time. Today's `purge` entries are carried over into
    /// the log with the rest; the restore's own entry says how many were purged again. A backup
    /// taken before the distribution closed holds it open: it is closed again as it was today,
    /// then purged (an open purged distribution would take new names that no purge removes).
    /// - Returns: how many distributions were purged again.
    func purgeAgain(_ db: Database, _ before: [PurgedBeforeRestore]) throws -> Int {
        var purged = 0
        for distribution in before {
            guard let id = try restoredDistribution(
                db, formerId: distribution.id, name: distribution.name, openedAt: distribution.openedAt),
                try Bool.fetchOne(db, sql: "SELECT purgedAt IS NULL FROM distribution WHERE id = ?", arguments: [id]) == true
            else { continue }
            try db.execute(sql: "UPDATE distribution SET closedAt = ? WHERE id = ? AND closedAt IS NULL",
                           arguments: [distribution.closedAt, id])
            _ = try purgePersonalData(db, distributionId: id, distribution.frozen)
            purged += 1
        }
        return purged
    }
}
