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

extension DeskDatabase {
    /// Removes people's names from the records of closed distributions held before `day`: who
    /// collected each kit (a member, or a proxy who is not even in the register), who came to
    /// check in, free-text void reasons, and the names at the end of audit entries. What stays
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
        // Frozen before anything changes, each in the form the report command prints.
        var frozen: [Int64: Data] = [:]
        for distribution in candidates {
            frozen[distribution.id!] = try report(distribution: distribution.id, timeZone: context.timeZone).json()
        }
        var outcomes: [PurgeOutcome] = []
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let context = try authorize(db, .maintenance, context)
                for var distribution in candidates {
                    let id = distribution.id!
                    distribution.purgedAt = now
                    try distribution.update(db)
                    try db.execute(sql: """
                        INSERT INTO purgedReport (distributionId, report, purgedAt, purgedBy) VALUES (?, ?, ?, ?)
                        """, arguments: [id, String(decoding: frozen[id]!, as: UTF8.self), now, context.operatorName])
                    try db.execute(sql: """
                        UPDATE issuance SET collectedBy = '', collectedByPersonId = NULL,
                            voidReason = CASE WHEN voidReason IS NULL THEN NULL ELSE '—' END
                        WHERE distributionId = ? AND (collectedBy <> '' OR collectedByPersonId IS NOT NULL
                            OR (voidReason IS NOT NULL AND voidReason <> '—'))
                        """, arguments: [id])
                    let issuances = db.changesCount
                    try db.execute(sql: """
                        UPDATE checkIn SET member = NULL, memberPersonId = NULL, documentNote = NULL
                        WHERE distributionId = ? AND (member IS NOT NULL OR memberPersonId IS NOT NULL OR documentNote IS NOT NULL)
                        """, arguments: [id])
                    let checkIns = db.changesCount
                    // "#17 hygiene×1 → Name" keeps "#17 hygiene×1"; "#17 hygiene: reason" keeps "#17 hygiene".
                    try db.execute(sql: """
                        UPDATE audit SET detail = CASE
                            WHEN action = 'issue' AND instr(detail, ' → ') > 0 THEN substr(detail, 1, instr(detail, ' → ') - 1)
                            WHEN action = 'void' AND instr(detail, ': ') > 0 THEN substr(detail, 1, instr(detail, ': ') - 1)
                            WHEN action = 'checkin' THEN ''
                            ELSE detail END
                        WHERE distributionId = ? AND action IN ('issue', 'void', 'checkin')
                          AND detail <> CASE
                            WHEN action = 'issue' AND instr(detail, ' → ') > 0 THEN substr(detail, 1, instr(detail, ' → ') - 1)
                            WHEN action = 'void' AND instr(detail, ': ') > 0 THEN substr(detail, 1, instr(detail, ': ') - 1)
                            WHEN action = 'checkin' THEN ''
                            ELSE detail END
                        """, arguments: [id])
                    let auditEntries = db.changesCount
                    outcomes.append(PurgeOutcome(
                        distributionId: id, name: distribution.name, date: CivilDate(parsing: distribution.date)!,
                        issuances: issuances, checkIns: checkIns, auditEntries: auditEntries))
                    try audit(db, context, now: now, action: "purge", distributionId: id,
                              detail: "issuances \(issuances), check-ins \(checkIns), audit \(auditEntries)")
                }
                return dryRun ? .rollback : .commit
            }
        }
        return outcomes
    }

    /// The report of a purged distribution as it was frozen at the purge, or nil.
    public func purgedReport(distribution id: Int64) throws -> Data? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT report FROM purgedReport WHERE distributionId = ?", arguments: [id])
                .map { Data($0.utf8) }
        }
    }
}
