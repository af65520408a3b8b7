import DeskCore
import Foundation
import GRDB

// Checking a family in: at the door, or by issuing. Twice is harmless; a closed distribution
// refuses.

extension DeskDatabase {
    /// Checks the household in for the distribution. Checking in twice is harmless: the
    /// outcome then tells when and where the first check-in was, and nothing is changed.
    /// A closed distribution refuses.
    ///
    /// - Parameter member: the member who came, by name (`бондар ганна` finds `Бондар Ганна
    ///   Степанівна`); a name that is not one member's throws `ArrivalError.unknownMember`.
    /// - Parameter proxy: someone else who came for the family, by name. Neither: not recorded.
    /// - Parameter document: the document the family showed.
    @discardableResult
    public func checkIn(
        household number: String, distribution id: Int64?, member: String? = nil, proxy: String? = nil,
        document: CheckInDocument? = nil, context: DeskContext, now: Date = Date()
    ) throws -> CheckInSummary {
        let member = member.map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        let proxy = proxy.map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        if member != nil && proxy != nil { throw ArrivalError.memberAndProxy }
        return try writer.write { db in
            let context = try authorize(db, .checkIn, context)
            let distribution = try resolveDistribution(db, id: id)
            guard distribution.closedAt == nil else {
                throw IssueRefusal.distributionClosed(name: distribution.name)
            }
            guard let household = try findHousehold(db, number: number) else {
                throw IssueRefusal.unknownHousehold(number)
            }
            var came: (name: String?, personId: Int64?) = (proxy, nil)
            if let member {
                let members = try PersonRecord.filter { $0.householdId == household.id! }
                    .order { $0.position }.fetchAll(db)
                let found = Self.collector(named: member, among: members)
                guard let personId = found.personId else {
                    throw ArrivalError.unknownMember(household: household.number, name: member)
                }
                came = (found.name, personId)
            }
            return try checkIn(db, distribution: distribution, household: household, member: came.name,
                               memberPersonId: came.personId, proxy: proxy != nil, document: document,
                               context: context, now: now)
        }
    }

    func checkIn(
        _ db: Database, distribution: DistributionRecord, household: HouseholdRecord, member: String?,
        memberPersonId: Int64? = nil, proxy: Bool = false, document: CheckInDocument? = nil,
        context: DeskContext, now: Date
    ) throws -> CheckInSummary {
        if let earlier = try CheckInRecord
            .filter({ $0.distributionId == distribution.id! && $0.householdId == household.id! })
            .fetchOne(db)
        {
            return CheckInSummary(
                household: household.number, isNew: false, arrival: earlier.arrival(household: household.number),
                queuePosition: nil, distributionName: distribution.name)
        }
        var record = CheckInRecord(
            distributionId: distribution.id!, householdId: household.id!, checkedInAt: now,
            operator: context.operatorName, desk: context.desk, member: member, memberPersonId: memberPersonId,
            proxy: proxy, documentKind: document?.code, documentNote: document?.note)
        try record.insert(db)
        var detail = (member ?? "") + (proxy ? " (proxy)" : "")
        if let document { detail += (detail.isEmpty ? "" : "; ") + document.code + (document.note.map { ": " + $0 } ?? "") }
        try audit(db, context, now: now, action: "checkin", householdId: household.id,
                  distributionId: distribution.id, detail: detail)
        return CheckInSummary(
            household: household.number, isNew: true, arrival: record.arrival(household: household.number),
            queuePosition: nil, distributionName: distribution.name)
    }

    /// The head of household by default; a member when the name matches one; else a proxy.
    static func collector(named name: String?, among members: [PersonRecord]) -> (name: String, personId: Int64?) {
        guard let name = name?.trimmingSpaces(), !name.isEmpty else {
            let head = members.first(where: \.isHead) ?? members.first
            return (head?.person.fullName ?? "", head?.id)
        }
        let wanted = name.lowercased().split(separator: " ")
        let matches = members.filter { member in
            let words = member.person.fullName.lowercased().split(separator: " ")
            return wanted.allSatisfy { words.contains($0) }
        }
        if matches.count == 1 { return (matches[0].person.fullName, matches[0].id) }
        return (name, nil)
    }

    /// When the household was checked in for the distribution, if it was.
    public func checkInTime(household number: String, distribution id: Int64) throws -> Date? {
        try writer.read { db in
            try authorize(db, .lookUp)
            guard let household = try findHousehold(db, number: number) else { return nil }
            return try Date.fetchOne(db, sql: """
                SELECT checkedInAt FROM checkIn WHERE distributionId = ? AND householdId = ?
                """, arguments: [id, household.id])
        }
    }
}
