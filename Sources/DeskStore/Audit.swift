import DeskCore
import Foundation
import GRDB

// The audit log: who did what, from which desk, and who looked at which family. Every write
// of the engine adds its entry in the same transaction; look-ups are recorded by the screens
// and commands that show a family's data, through `recordLookup`. Triggers refuse UPDATE and
// DELETE on the table (migration v1).

/// What was shown of a household.
public enum LookupKind: String, Sendable, Hashable, CaseIterable {
    /// The household card at the desk.
    case card
    /// `aiddesk history`: members and everything received.
    case history
    /// A line of `aiddesk find`'s results.
    case find
}

/// One line of the audit log.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var operatorName: String
    public var desk: String
    /// `issue`, `void`, `checkin`, `lookup.card`, `operator.add`, … (see the README).
    public var action: String
    /// The household's number, when the entry is about one.
    public var household: String?
    public var distributionId: Int64?
    public var detail: String
}

/// Which entries `auditLog` returns. Every condition given must hold.
public struct AuditFilter: Sendable, Hashable {
    /// A household number: its entries, and those of households merged into it.
    public var household: String?
    public var operatorName: String?
    public var since: Date?
    /// An action or an action family: `lookup` takes `lookup.card`, `lookup.history`, `lookup.find`.
    public var action: String?
    /// The newest this many (still listed oldest first); nil for all.
    public var limit: Int?

    public init(household: String? = nil, operatorName: String? = nil, since: Date? = nil, action: String? = nil,
                limit: Int? = nil) {
        self.household = household
        self.operatorName = operatorName
        self.since = since
        self.action = action
        self.limit = limit
    }
}

/// What `auditLog` found: the entries, oldest first, and how many matched in all.
public struct AuditListing: Sendable, Hashable {
    public var entries: [AuditEntry]
    public var matching: Int
}

extension DeskDatabase {
    /// Adds the audit entry of a write, inside the write's own transaction.
    func audit(
        _ db: Database, _ context: DeskContext, now: Date, action: String, householdId: Int64? = nil,
        distributionId: Int64? = nil, detail: String
    ) throws {
        var entry = AuditRecord(
            id: nil, at: now, operator: context.operatorName, desk: context.desk, action: action,
            householdId: householdId, distributionId: distributionId, detail: detail)
        try entry.insert(db)
    }

    /// Records that the operator was shown the household's data (card, history, a find result).
    public func recordLookup(household number: String, kind: LookupKind = .card, context: DeskContext, now: Date = Date())
        throws
    {
        try recordLookups(households: [number], kind: kind, context: context, now: now)
    }

    /// One entry per household, in one transaction (`aiddesk find` shows several at once).
    /// - Parameter detail: written on each entry (for `find`, the query is not: it is a name).
    public func recordLookups(
        households numbers: [String], kind: LookupKind, detail: String = "", context: DeskContext, now: Date = Date()
    ) throws {
        guard !numbers.isEmpty else { return }
        try writer.write { db in
            let context = try authorize(db, .lookUp, context)
            var seen = Set<Int64>()
            for number in numbers {
                guard let household = try findRegisteredHousehold(db, number: number) else {
                    throw IssueRefusal.unknownHousehold(number)
                }
                guard seen.insert(household.id!).inserted else { continue }
                try audit(db, context, now: now, action: "lookup.\(kind.rawValue)", householdId: household.id,
                          detail: detail)
            }
        }
    }

    /// The audit log, filtered. Coordinators only; the reading itself is recorded (`audit.read`).
    public func auditLog(_ filter: AuditFilter, context: DeskContext, now: Date = Date()) throws -> AuditListing {
        try writer.write { db in
            let context = try authorize(db, .readAudit, context)
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            var readHousehold: Int64?
            if let number = filter.household {
                guard let household = try findHousehold(db, number: number) else {
                    throw IssueRefusal.unknownHousehold(number)
                }
                readHousehold = household.id
                var ids = try familyIds(db, householdId: household.id!)
                // The number as typed may name a household merged into this one: keep it too.
                if let registered = try findRegisteredHousehold(db, number: number), !ids.contains(registered.id!) {
                    ids.append(registered.id!)
                }
                conditions.append("a.householdId IN (\(databaseQuestionMarks(count: ids.count)))")
                arguments += ids.map { $0 as any DatabaseValueConvertible }
            }
            if let name = filter.operatorName {
                // The name as the operators table spells it, when it names an operator.
                let canonical = try String.fetchOne(
                    db, sql: "SELECT name FROM operator WHERE nameKey = ?", arguments: [Self.operatorKey(name)])
                conditions.append("a.operator IN (?, ?)")
                arguments += [Self.cleanName(name), canonical ?? Self.cleanName(name)]
            }
            if let since = filter.since {
                conditions.append("a.at >= ?")
                arguments.append(since)
            }
            if let action = filter.action {
                conditions.append("(a.action = ? OR a.action LIKE ? ESCAPE '\\')")
                let escaped = action.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                arguments += [action, escaped + ".%"]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let matching = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM audit a \(whereClause)", arguments: StatementArguments(arguments)) ?? 0
            var sql = """
                SELECT a.id, a.at, a.operator, a.desk, a.action, h.number, a.distributionId, a.detail
                FROM audit a LEFT JOIN household h ON h.id = a.householdId
                \(whereClause) ORDER BY a.id DESC
                """
            if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
            let entries = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                AuditEntry(
                    id: row[0], at: row[1], operatorName: row[2], desk: row[3], action: row[4], household: row[5],
                    distributionId: row[6], detail: row[7])
            }
            var described: [String] = []
            if let household = filter.household { described.append("household \(household)") }
            if let name = filter.operatorName { described.append("operator \(name)") }
            if let since = filter.since { described.append("since \(ISO8601DateFormatter().string(from: since))") }
            if let action = filter.action { described.append("action \(action)") }
            try audit(db, context, now: now, action: "audit.read", householdId: readHousehold,
                      detail: described.joined(separator: ", "))
            return AuditListing(entries: entries.reversed(), matching: matching)
        }
    }
}

// MARK: Restore

/// One entry of today's log, read before a restore, with what its ids pointed at.
struct AuditEntryBeforeRestore {
    var id: Int64
    /// As stored (GRDB's text), so that it is compared and written back unchanged.
    var at: DatabaseValue
    var operatorName: String
    var desk: String
    var action: String
    var householdId: Int64?
    var householdNumber: String?
    var distributionId: Int64?
    var distributionName: String?
    var distributionOpenedAt: DatabaseValue
    var detail: String
}

extension DeskDatabase {
    /// Today's whole audit log, oldest first, read just before a restore replaces it.
    func auditBeforeRestore() throws -> [AuditEntryBeforeRestore] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.at, a.operator, a.desk, a.action, a.householdId, h.number,
                       a.distributionId, d.name, d.openedAt, a.detail
                FROM audit a LEFT JOIN household h ON h.id = a.householdId
                LEFT JOIN distribution d ON d.id = a.distributionId
                ORDER BY a.id
                """).map { row in
                AuditEntryBeforeRestore(
                    id: row[0], at: row[1], operatorName: row[2], desk: row[3], action: row[4], householdId: row[5],
                    householdNumber: row[6], distributionId: row[7], distributionName: row[8],
                    distributionOpenedAt: row[9], detail: row[10])
            }
        }
    }

    /// After a restore, inside its transaction: appends to the restored log every entry of
    /// today's (`before`) that the backup does not hold, oldest first. Returns how many.
    ///
    /// Why this way. The log is append-only (rows are never deleted; a purge may only cut an
    /// entry's detail short), so a backup of this hub holds a prefix of today's log, id for id.
    /// An entry of today's is therefore *held* by the backup exactly when the backup has a row
    /// with the same id and the same time (as stored, to the millisecond), operator, desk,
    /// action, household and distribution ids, and a detail equal to today's or cut short
    /// from it or to it. Comparing ids alone would be wrong: a backup from another hub, or a
    /// log that went on after an earlier restore, reuses ids for other entries. Comparing by
    /// time alone would be wrong too: desks' clocks and same-millisecond entries make times
    /// neither unique nor ordered. The backup's rows are all kept as they are (the log is never
    /// rewritten) and today's missing ones are appended with new ids, after them: when the
    /// backup is an earlier copy of this hub they get their old ids back (unless a desk wrote in
    /// the meantime), and restoring the same backup again carries nothing twice.
    ///
    /// An appended entry keeps its time, operator, desk, action and detail. Its household and
    /// distribution are looked up again in the restored data (by household number; by a
    /// distribution's name and opening time), because the backup may not have them, or have
    /// other rows under those ids, and ids that the restored database does not hold would be
    /// given again to the next household or distribution created. What is not found there is
    /// written into the detail instead ("household 00512", "distribution 7 «name»").
    func carryAuditOver(_ db: Database, _ before: [AuditEntryBeforeRestore]) throws -> Int {
        struct Held {
            var at: DatabaseValue
            var operatorName: String
            var desk: String
            var action: String
            var householdId: Int64?
            var distributionId: Int64?
            var detail: String
        }
        var held: [Int64: Held] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, at, operator, desk, action, householdId, distributionId, detail FROM audit
            """) {
            held[row[0]] = Held(at: row[1], operatorName: row[2], desk: row[3], action: row[4], householdId: row[5],
                                distributionId: row[6], detail: row[7])
        }
        func isHeld(_ entry: AuditEntryBeforeRestore) -> Bool {
            guard let row = held[entry.id] else { return false }
            return row.at == entry.at && row.operatorName == entry.operatorName && row.desk == entry.desk
                && row.action == entry.action && row.householdId == entry.householdId
                && row.distributionId == entry.distributionId
                && (row.detail.hasPrefix(entry.detail) || entry.detail.hasPrefix(row.detail))
        }
        var carried = 0
        for entry in before where !isHeld(entry) {
            var detail = entry.detail
            var householdId: Int64?
            if let number = entry.householdNumber {
                householdId = try Int64.fetchOne(db, sql: "SELECT id FROM household WHERE number = ?", arguments: [number])
                if householdId == nil { detail += (detail.isEmpty ? "" : " · ") + "household \(number)" }
            }
            var distributionId: Int64?
            if let id = entry.distributionId, let name = entry.distributionName {
                distributionId = try restoredDistribution(db, formerId: id, name: name, openedAt: entry.distributionOpenedAt)
                if distributionId == nil { detail += (detail.isEmpty ? "" : " · ") + "distribution \(id) «\(name)»" }
            }
            try db.execute(
                sql: """
                    INSERT INTO audit (at, operator, desk, action, householdId, distributionId, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [entry.at, entry.operatorName, entry.desk, entry.action, householdId, distributionId, detail])
            carried += 1
        }
        return carried
    }

    /// After a restore: the restored data's distribution that was `formerId` «`name`» before it,
    /// found by its name and opening time (as stored, to the millisecond), under the same id when
    /// several match; nil when the restored data does not have it. Ids alone would be wrong: a
    /// backup may hold other distributions under today's ids.
    func restoredDistribution(_ db: Database, formerId: Int64, name: String, openedAt: DatabaseValue) throws -> Int64? {
        try Int64.fetchOne(
            db, sql: "SELECT id FROM distribution WHERE name = ? AND openedAt = ? ORDER BY id = ? DESC LIMIT 1",
            arguments: [name, openedAt, formerId])
    }
}
