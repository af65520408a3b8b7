import DeskCore
import Foundation
import GRDB

// What `check` can see of a file edited behind the engine's back (with sqlite3, say): the
// schema the migrations make, rows missing from ledgers that never delete, operators that the
// audit log does not account for. Kept apart from the engine's invariants in Maintenance.swift.

/// One thing found tampered with; `CheckProblem.tampering` carries it.
public enum Tampering: Sendable, Hashable {
    /// A table, index or trigger the migrations make is not there (`type` is SQLite's word).
    case schemaMissing(type: String, name: String)
    /// It is there, but not as the migrations make it.
    case schemaChanged(type: String, name: String)
    /// Something the migrations do not make.
    case schemaExtra(type: String, name: String)
    /// Ids missing from a table whose rows are never deleted (and no restore skipped them).
    case missingRows(table: String, ids: [Int64])
    /// Operators with the very same PIN hash string: a salted hash is never equal by chance,
    /// so one was copied over the other.
    case sharedPINHash(operators: [String])
    /// An operator whose role is not the one the audit log gave them (`audited` nil: the log
    /// never added them).
    case roleNotAudited(name: String, role: String, audited: String?)
    /// An operator enabled or disabled without the audit log saying so.
    case disabledNotAudited(name: String, disabled: Bool)
}

extension DeskDatabase {
    /// Every sign of tampering `check` can see, in `db` as it stands.
    static func tampering(_ db: Database) throws -> [Tampering] {
        try schemaTampering(db) + missingRows(db) + operatorTampering(db)
    }

    /// The schema compared with what the migrations make in a fresh database.
    static func schemaTampering(_ db: Database) throws -> [Tampering] {
        struct Object: Hashable {
            var type: String
            var name: String
        }
        func objects(_ db: Database) throws -> [Object: String] {
            var result: [Object: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT type, name, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'
                """) {
                result[Object(type: row[0], name: row[1])] = row[2]
            }
            return result
        }
        let fresh = try DatabaseQueue()
        try Schema.migrator.migrate(fresh)
        let expected = try fresh.read(objects)
        let actual = try objects(db)
        var found: [Tampering] = []
        for (object, sql) in expected.sorted(by: { ($0.key.type, $0.key.name) < ($1.key.type, $1.key.name) }) {
            guard let here = actual[object] else {
                found.append(.schemaMissing(type: object.type, name: object.name))
                continue
            }
            if normalised(here) != normalised(sql) { found.append(.schemaChanged(type: object.type, name: object.name)) }
        }
        for object in actual.keys.sorted(by: { ($0.type, $0.name) < ($1.type, $1.name) }) where expected[object] == nil {
            found.append(.schemaExtra(type: object.type, name: object.name))
        }
        return found
    }

    /// Whitespace is no change.
    private static func normalised(_ sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Ledgers never delete a row, and since v11 their ids never go back: an id between 1 and the
    /// highest ever given that is not there was deleted, unless a restore skipped it (`idGap`).
    /// The audit log's ids have no gaps at all (a restore carries entries over with new ids).
    static func missingRows(_ db: Database) throws -> [Tampering] {
        var found: [Tampering] = []
        let hasSequence = try db.tableExists("sqlite_sequence")
        let hasGaps = try db.tableExists("idGap")
        for table in Schema.neverReusedIds + ["audit"] where try db.tableExists(table) {
            var highest = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM \(table)") ?? 0
            if hasSequence, let sequence = try Int64.fetchOne(
                db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]) {
                highest = max(highest, sequence)
            }
            let present = try Int64.fetchAll(db, sql: "SELECT id FROM \(table) ORDER BY id")
            guard Int64(present.count) < highest else { continue }
            var skipped: [ClosedRange<Int64>] = []
            if hasGaps {
                for row in try Row.fetchAll(db, sql: "SELECT fromId, toId FROM idGap WHERE tableName = ?", arguments: [table]) {
                    let from: Int64 = row[0], to: Int64 = row[1]
                    if from <= to { skipped.append(from...to) }
                }
            }
            // At most 50 named: a table emptied by hand is said plainly enough by those.
            var missing: [Int64] = []
            var next: Int64 = 1
            for id in present + [highest + 1] where missing.count < 50 {
                if id > next {
                    // The gap less what restores skipped, range by range: never id by id through a
                    // huge jump (a sequence set by hand to 10^12 must not hang the check).
                    var uncovered: [ClosedRange<Int64>] = [next...(id - 1)]
                    for skip in skipped {
                        uncovered = uncovered.flatMap { range -> [ClosedRange<Int64>] in
                            guard range.overlaps(skip) else { return [range] }
                            var parts: [ClosedRange<Int64>] = []
                            if range.lowerBound < skip.lowerBound { parts.append(range.lowerBound...(skip.lowerBound - 1)) }
                            if range.upperBound > skip.upperBound { parts.append((skip.upperBound + 1)...range.upperBound) }
                            return parts
                        }
                    }
                    for range in uncovered {
                        var gap = range.lowerBound
                        while gap <= range.upperBound && missing.count < 50 {
                            missing.append(gap)
                            gap += 1
                        }
                    }
                }
                next = max(next, id + 1)
            }
            if !missing.isEmpty { found.append(.missingRows(table: table, ids: missing)) }
        }
        return found
    }

    /// Operators as the audit log made them: a role given by `operator.init`/`operator.add` (or
    /// a later `operator.role`), a disabled state by `operator.disable`/`operator.enable`, and a
    /// PIN hash of their own.
    static func operatorTampering(_ db: Database) throws -> [Tampering] {
        guard try db.tableExists("operator") else { return [] }
        var found: [Tampering] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT group_concat(name, '\u{1F}') FROM (SELECT name, pinHash FROM operator ORDER BY id)
            GROUP BY pinHash HAVING COUNT(*) > 1
            """) {
            let names: String = row[0]
            found.append(.sharedPINHash(operators: names.split(separator: "\u{1F}").map(String.init)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT name, role, disabled FROM operator ORDER BY id") {
            let name: String = row[0], role: String = row[1], disabled: Bool = row[2]
            let audited = try String.fetchOne(db, sql: """
                SELECT detail FROM audit WHERE action IN ('operator.init', 'operator.add', 'operator.role')
                  AND substr(detail, 1, length(?) + 2) = ? || ': '
                ORDER BY id DESC LIMIT 1
                """, arguments: [name, name]).map { String($0.dropFirst(name.count + 2)) }
            if audited != role { found.append(.roleNotAudited(name: name, role: role, audited: audited)) }
            let lastSwitch = try String.fetchOne(db, sql: """
                SELECT action FROM audit WHERE action IN ('operator.disable', 'operator.enable') AND detail = ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [name])
            if disabled != (lastSwitch == "operator.disable") { found.append(.disabledNotAudited(name: name, disabled: disabled)) }
        }
        return found
    }
}

extension Strings {
    public func explain(_ tampering: Tampering) -> String {
        switch tampering {
        case .schemaMissing(let type, let name): return self("check.tamper.schemaMissing", ["type": type, "name": name])
        case .schemaChanged(let type, let name): return self("check.tamper.schemaChanged", ["type": type, "name": name])
        case .schemaExtra(let type, let name): return self("check.tamper.schemaExtra", ["type": type, "name": name])
        case .missingRows(let table, let ids):
            return self("check.tamper.missingRows", ["table": table, "ids": ids.map { "#\($0)" }.joined(separator: ", ")])
        case .sharedPINHash(let operators):
            return self("check.tamper.sharedPINHash", ["operators": operators.joined(separator: ", ")])
        case .roleNotAudited(let name, let role, let audited):
            return self("check.tamper.role", ["name": name, "role": role, "audited": audited ?? "—"])
        case .disabledNotAudited(let name, let disabled):
            return self(disabled ? "check.tamper.disabled" : "check.tamper.enabled", ["name": name])
        }
    }
}
