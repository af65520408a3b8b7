import DeskCore
import Foundation
import GRDB

// What the search reads (every person, a result line's household, the kits it holds), the
// numbers that say the register or the database changed, and the demo's mark.

extension DeskDatabase {
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
