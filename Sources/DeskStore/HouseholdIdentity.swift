import DeskCore
import Foundation
import GRDB

// One family, one number, one head: the schema's part (migration v10) and what `check` reports
// when a file was edited around it.

enum HouseholdIdentityMigration {
    /// Who the migration's repairs are recorded as in the audit log.
    static let auditOperator = "aiddesk"
    static let auditDesk = "v10"

    /// Adds `household.numberKey` (the number as `HouseholdNumber.key` compares it, computed by
    /// SQLite so that no writer can forget it), makes it unique among the families served, and
    /// allows at most one head per household.
    ///
    /// A database written before this may already hold one family under two spellings (`00417`
    /// and `417`, the second from a register Excel stripped of its zeros), each with kits issued.
    /// Nothing is deleted: the later registration is merged into the first, exactly as
    /// `aiddesk duplicates merge` would do it, so that both keep their members and history and
    /// the rules count their kits together from now on (a kit both already hold shows in
    /// `aiddesk check` as a kit issued twice, which it was). Households with several heads keep
    /// the first listed (lowest position) as head; a household with none gets its first member.
    /// Every repair is written in the audit log, as `household.merge` and `household.head`.
    static func migrate(_ db: Database, now: Date) throws {
        try db.execute(sql: """
            ALTER TABLE household ADD COLUMN numberKey TEXT
                GENERATED ALWAYS AS (\(HouseholdNumber.sqlExpression(column: "number"))) VIRTUAL;
            """)

        // Two spellings of one number: merge into the first registered.
        let groups = try Row.fetchAll(db, sql: """
            SELECT numberKey FROM household WHERE mergedInto IS NULL
            GROUP BY numberKey HAVING COUNT(*) > 1 ORDER BY MIN(id)
            """).map { $0[0] as String }
        for key in groups {
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, number FROM household WHERE mergedInto IS NULL AND numberKey = ? ORDER BY id
                """, arguments: [key])
            let keep: Int64 = rows[0][0]
            let keepNumber: String = rows[0][1]
            for row in rows.dropFirst() {
                let other: Int64 = row[0]
                let otherNumber: String = row[1]
                // Households merged earlier into the one merged now follow it: one level, as merges keep it.
                try db.execute(sql: "UPDATE household SET mergedInto = ? WHERE mergedInto = ?", arguments: [keep, other])
                try db.execute(sql: "UPDATE household SET mergedInto = ? WHERE id = ?", arguments: [keep, other])
                try audit(db, now: now, action: "household.merge", householdId: keep,
                          detail: "\(otherNumber) → \(keepNumber): the same household number written two ways")
            }
        }

        // Exactly one head per household that has members.
        let households = try Int64.fetchAll(db, sql: """
            SELECT householdId FROM person GROUP BY householdId
            HAVING SUM(CASE WHEN isHead THEN 1 ELSE 0 END) <> 1 ORDER BY householdId
            """)
        for household in households {
            let members = try Row.fetchAll(db, sql: """
                SELECT id, surname, givenName, patronymic, isHead FROM person WHERE householdId = ?
                ORDER BY isHead DESC, position, id
                """, arguments: [household])
            let head: Int64 = members[0][0]
            let name = { (row: Row) in
                [row[1] as String, row[2] as String, row[3] as String].filter { !$0.isEmpty }.joined(separator: " ")
            }
            let demoted = members.dropFirst().filter { $0[4] as Bool }
            try db.execute(sql: "UPDATE person SET isHead = (id = ?) WHERE householdId = ?", arguments: [head, household])
            let detail = demoted.isEmpty
                ? "no head was marked: \(name(members[0])) is the head"
                : "several heads were marked: \(name(members[0])) stays the head; no longer head: "
                    + demoted.map(name).joined(separator: ", ")
            try audit(db, now: now, action: "household.head", householdId: household, detail: detail)
        }

        try db.execute(sql: """
            -- One family, one number: two spellings of a number (00417, 417) are one household.
            -- A household merged into another keeps its spelling as history and is not counted.
            CREATE UNIQUE INDEX household_numberKey ON household(numberKey) WHERE mergedInto IS NULL;
            -- One head per household: the head collects by default and per-family rules read it.
            CREATE UNIQUE INDEX person_one_head ON person(householdId) WHERE isHead;
            """)
    }

    private static func audit(_ db: Database, now: Date, action: String, householdId: Int64, detail: String) throws {
        var entry = AuditRecord(
            id: nil, at: now, operator: auditOperator, desk: auditDesk, action: action,
            householdId: householdId, distributionId: nil, detail: detail)
        try entry.insert(db)
    }
}

/// What `check` finds wrong with household numbers and heads (the schema prevents each of
/// them; a file edited with other tools may still hold them).
public enum HouseholdIdentityProblem: Sendable, Hashable {
    /// Families served under numbers that are one number written differently (`00417`, `417`).
    case sameNumber([String])
    /// A household whose members include no head, or several.
    case heads(household: String, count: Int)
}

extension DeskDatabase {
    /// Households whose numbers collide once compared as `HouseholdNumber.key` does, and
    /// households with no head or several. Kept apart from `check`'s other findings.
    func householdIdentityProblems(_ db: Database) throws -> [HouseholdIdentityProblem] {
        var problems: [HouseholdIdentityProblem] = []
        // Computed here, not read from `numberKey`: the check must not trust what it checks.
        var byKey: [String: [String]] = [:]
        var order: [String] = []
        for number in try String.fetchAll(db, sql: "SELECT number FROM household WHERE mergedInto IS NULL ORDER BY id") {
            let key = HouseholdNumber.key(number)
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(number)
        }
        for key in order where byKey[key]!.count > 1 { problems.append(.sameNumber(byKey[key]!)) }
        for row in try Row.fetchAll(db, sql: """
            SELECT h.number, (SELECT COUNT(*) FROM person p WHERE p.householdId = h.id AND p.isHead) AS heads
            FROM household h WHERE EXISTS (SELECT 1 FROM person p WHERE p.householdId = h.id)
            ORDER BY h.id
            """) where (row[1] as Int) != 1 {
            problems.append(.heads(household: row[0], count: row[1]))
        }
        return problems
    }
}

extension Strings {
    public func explain(_ problem: HouseholdIdentityProblem) -> String {
        switch problem {
        case .sameNumber(let numbers):
            return self("check.household.sameNumber", ["numbers": numbers.joined(separator: ", ")])
        case .heads(let household, let count):
            return count == 0
                ? self("check.household.noHead", ["household": household])
                : self("check.household.severalHeads", ["household": household, "count": "\(count)"])
        }
    }
}
