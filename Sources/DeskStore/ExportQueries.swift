import DeskCore
import Foundation
import GRDB

// What the signed distribution list and the exports read. Reads only.

extension DeskDatabase {
    /// The register as stored, for the registry export: households in the order they came in,
    /// members head first. Phones, certificate numbers and disability marks are read only when
    /// `withContacts`.
    ///
    /// - Parameter distribution: only the households with a live issuance in it.
    public func exportRegister(servedIn distribution: Int64? = nil, withContacts: Bool) throws -> Register {
        try writer.read { db in
            try authorize(db, .export)
            if let distribution, try DistributionRecord.fetchOne(db, key: distribution) == nil {
                throw IssueRefusal.unknownDistribution(distribution)
            }
            let contacts = withContacts
                ? "p.phone, p.idpCertificate, p.hasDisability"
                : "NULL AS phone, NULL AS idpCertificate, NULL AS hasDisability"
            var sql = """
                SELECT h.id AS hid, h.number, h.settlement, p.surname, p.givenName, p.patronymic, p.birthDate, p.sex,
                       \(contacts), p.isHead
                FROM household h JOIN person p ON p.householdId = h.id
                """
            var arguments: StatementArguments = []
            if let distribution {
                sql += """
                     WHERE EXISTS (SELECT 1 FROM issuance i
                                   WHERE i.householdId = h.id AND i.distributionId = ? AND i.voidedAt IS NULL)
                    """
                arguments = [distribution]
            }
            sql += " ORDER BY h.id, p.isHead DESC, p.position, p.id"
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var households: [Household] = []
            var currentId: Int64?
            while let row = try rows.next() {
                let id: Int64 = row["hid"]
                if id != currentId {
                    households.append(Household(number: row["number"], settlement: row["settlement"], members: []))
                    currentId = id
                }
                let birth: String? = row["birthDate"]
                let sex: String? = row["sex"]
                households[households.count - 1].members.append(
                    Person(
                        surname: row["surname"], givenName: row["givenName"], patronymic: row["patronymic"],
                        birthDate: birth.flatMap(CivilDate.init(parsing:)), sex: sex.flatMap(Sex.init(rawValue:)),
                        phone: row["phone"], idpCertificate: row["idpCertificate"], isHead: row["isHead"],
                        hasDisability: row["hasDisability"]))
            }
            return Register(households: households)
        }
    }

    /// Every issuance, voided ones included, oldest first; in one distribution or in all.
    /// The collecting member's phone and certificate are read only when `withContacts`.
    public func issuanceLines(distribution: Int64? = nil, withContacts: Bool = false) throws -> [IssuanceLine] {
        try writer.read { db in
            try authorize(db, .export)
            if let distribution, try DistributionRecord.fetchOne(db, key: distribution) == nil {
                throw IssueRefusal.unknownDistribution(distribution)
            }
            let contacts = withContacts
                ? "p.phone AS collectorPhone, p.idpCertificate AS collectorCertificate"
                : "NULL AS collectorPhone, NULL AS collectorCertificate"
            var sql = """
                SELECT i.id, i.distributionId, d.name AS distributionName, h.number AS household,
                       (SELECT COUNT(*) FROM person m WHERE m.householdId = h.id) AS people,
                       i.kitCode, i.quantity, i.collectedBy, i.collectedByPersonId, i.issuedAt, i.desk, i.operator,
                       i.voidedAt, i.voidedBy, i.voidReason,
                       CASE WHEN d.purgedAt IS NULL THEN i.overrideReason
                            WHEN i.overrideReason IS NOT NULL THEN '\(ReportFacts.purgedReason)' END AS overrideReason,
                       \(contacts)
                FROM issuance i
                JOIN distribution d ON d.id = i.distributionId
                JOIN household h ON h.id = i.householdId
                LEFT JOIN person p ON p.id = i.collectedByPersonId
                """
            var arguments: StatementArguments = []
            if let distribution {
                sql += " WHERE i.distributionId = ?"
                arguments = [distribution]
            }
            sql += " ORDER BY i.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                IssuanceLine(
                    id: row["id"], distributionId: row["distributionId"], distributionName: row["distributionName"],
                    household: row["household"], householdPeople: row["people"], kit: row["kitCode"],
                    quantity: row["quantity"], collectedBy: row["collectedBy"],
                    collectedByProxy: (row["collectedByPersonId"] as Int64?) == nil, issuedAt: row["issuedAt"],
                    desk: row["desk"], operatorName: row["operator"], voidedAt: row["voidedAt"],
                    voidedBy: row["voidedBy"], voidReason: row["voidReason"], collectorPhone: row["collectorPhone"],
                    collectorCertificate: row["collectorCertificate"], overrideReason: row["overrideReason"])
            }
        }
    }

    /// The distribution a list is for: `id` if given; else the one open distribution; else,
    /// when every distribution is closed, the latest one (the list is printed after closing).
    public func sheetDistribution(_ id: Int64?) throws -> SheetDistribution {
        try writer.read { db in
            try authorize(db, .sheet)
            let record = try resolveDistribution(db, id: id, orLatest: true)
            let kits = try String.fetchAll(db, sql: """
                SELECT s.kitCode FROM stock s JOIN kit k ON k.code = s.kitCode
                WHERE s.distributionId = ? ORDER BY k.position
                """, arguments: [record.id])
            return SheetDistribution(
                id: record.id!, name: record.name, date: CivilDate(parsing: record.date) ?? CivilDate(year: 1970, month: 1, day: 1)!,
                place: record.place, isOpen: record.closedAt == nil, kits: kits)
        }
    }
}
