import DeskCore
import Foundation
import GRDB

// Entitlement plans: who gets which kit of a distribution, and how many. Set by a coordinator
// before the day; read by the rules inside every issue, by the desk's card, the door's lists,
// `plan show` and the report.

extension DeskDatabase {
    /// Sets the plan of `kit` in the distribution (the open one when `id` is nil), replacing any
    /// earlier plan. Once the kit has been handed out in the distribution, a change needs a reason.
    /// The hub's city (for `city` and `region`) is `hubCity`, or else the register's largest
    /// settlement, as the report reads it; it is kept with the plan.
    ///
    /// - Returns: the kit against its new plan: families, kits needed, stock, shortfall.
    @discardableResult
    public func setPlan(
        kit code: String, audience: PlanAudienceRequest, quantity: KitPlan.Quantity, distribution id: Int64?,
        reason: String? = nil, hubCity: String? = nil, context: DeskContext, now: Date = Date()
    ) throws -> PlanLine {
        guard catalogue[code] != nil else { throw IssueRefusal.unknownKit(code) }
        switch quantity {
        case .fixed(let n) where n < 1 || n > Limits.maxStock: throw PlanError.badNumber(option: "--quantity", value: n)
        case .perPerson(let cap?) where cap < 1 || cap > Limits.maxStock: throw PlanError.badNumber(option: "--cap", value: cap)
        case .perPeople(let n) where n < 1 || n > Limits.maxStock: throw PlanError.badNumber(option: "--per-people", value: n)
        default: break
        }
        let reason = reason?.trimmingSpaces() ?? ""
        return try writer.write { db in
            let context = try authorize(db, .distributions, context)
            let distribution = try resolveDistribution(db, id: id)
            let distributionId = distribution.id!
            guard distribution.closedAt == nil else { throw PlanError.distributionClosed(name: distribution.name) }
            guard try StockRecord.filter({ $0.distributionId == distributionId && $0.kitCode == code }).fetchCount(db) > 0
            else { throw PlanError.kitNotInDistribution(kit: code, distribution: distribution.name) }
            // Once the kit has gone out, even if every one was voided since, the plan has been used.
            let issued = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN voidedAt IS NULL THEN quantity END), 0) AS live
                FROM issuance WHERE distributionId = ? AND kitCode = ?
                """, arguments: [distributionId, code])
            if (issued?["n"] as Int? ?? 0) > 0 && reason.isEmpty {
                throw PlanError.reasonRequired(kit: code, issued: issued?["live"] as Int? ?? 0)
            }

            var listed: [Int64] = []
            if case .list(let entries) = audience {
                var unknown: [PlanListEntry] = []
                var seen = Set<Int64>()
                for entry in entries {
                    guard let household = try findHousehold(db, number: entry.number) else {
                        unknown.append(entry)
                        continue
                    }
                    if seen.insert(household.id!).inserted { listed.append(household.id!) }
                }
                guard unknown.isEmpty else { throw PlanError.unknownHouseholds(unknown) }
                guard !listed.isEmpty else { throw PlanError.emptyList }
            }
            var city = ""
            if case .criteria(let criterion) = audience, criterion.mentionsPlace {
                city = try hubCity?.trimmingSpaces().nonEmpty ?? largestSettlement(db)
            }
            let record = KitPlanRecord(plan: KitPlan(kit: code, audience: .everyone, quantity: quantity), audience: audience,
                                       distributionId: distributionId, hubCity: city, setBy: context.operatorName,
                                       setAt: now, reason: reason)
            let earlier = try KitPlanRecord.fetchOne(db, key: ["distributionId": distributionId, "kitCode": code])
            try PlanHouseholdRecord.filter { $0.distributionId == distributionId && $0.kitCode == code }.deleteAll(db)
            try record.save(db)
            for householdId in listed {
                try PlanHouseholdRecord(distributionId: distributionId, kitCode: code, householdId: householdId).insert(db)
            }
            var detail = "\(code): " + record.summary(listSize: listed.count)
            if let earlier { detail += " (" + earlier.summary(listSize: nil) + ")" }
            if !reason.isEmpty { detail += " — " + reason }
            try audit(db, context, now: now, action: "plan.set", distributionId: distributionId, detail: detail)
            return try planLines(db, distribution: distribution, only: code).first { $0.kit == code }!
        }
    }

    /// Every stocked kit of the distribution (the open one, else the latest) against its plan.
    public func planOverview(distribution id: Int64?) throws -> PlanOverview {
        try writer.read { db in
            try authorize(db, .lookUp)
            let distribution = try resolveDistribution(db, id: id, orLatest: true)
            let families = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM household WHERE mergedInto IS NULL") ?? 0
            return PlanOverview(
                distributionId: distribution.id!, distributionName: distribution.name, date: distribution.civilDate,
                isOpen: distribution.closedAt == nil, families: families, lines: try planLines(db, distribution: distribution))
        }
    }

    /// What one family is entitled to in the distribution (the open one, else the latest).
    public func entitlements(household number: String, distribution id: Int64?) throws -> HouseholdEntitlements {
        try writer.read { db in
            try authorize(db, .lookUp)
            let distribution = try resolveDistribution(db, id: id, orLatest: true)
            guard let household = try findHousehold(db, number: number) else { throw IssueRefusal.unknownHousehold(number) }
            let family = try planFamily(db, household)
            let plans = try kitPlans(db, distributionId: distribution.id!)
            var lines: [HouseholdEntitlements.Line] = []
            for code in try stockedKits(db, distributionId: distribution.id!) {
                guard let kit = catalogue[code] else { continue }
                let entitlement = try self.entitlement(
                    db, kit: kit, plan: plans[code], distributionId: distribution.id!, householdId: household.id!,
                    family: family, date: distribution.civilDate)
                lines.append(.init(kit: code, plan: plans[code], entitled: entitlement.entitled, quantity: entitlement.quantity))
            }
            return HouseholdEntitlements(
                household: household.number, distributionId: distribution.id!, distributionName: distribution.name,
                date: distribution.civilDate, people: family.members.count, lines: lines)
        }
    }

    // MARK: - Inside a transaction

    /// The distribution's plans by kit code.
    func kitPlans(_ db: Database, distributionId: Int64) throws -> [String: KitPlan] {
        var plans: [String: KitPlan] = [:]
        for record in try KitPlanRecord.filter({ $0.distributionId == distributionId }).fetchAll(db) {
            let listSize = record.audience == "list"
                ? try PlanHouseholdRecord.filter { $0.distributionId == distributionId && $0.kitCode == record.kitCode }
                    .fetchCount(db) : 0
            plans[record.kitCode] = try record.plan(listSize: listSize)
        }
        return plans
    }

    /// The kit's entitlement for one family (the household it is served under, `householdId`).
    func entitlement(
        _ db: Database, kit: KitDefinition, plan: KitPlan?, distributionId: Int64, householdId: Int64,
        family: PlanFamily, date: CivilDate
    ) throws -> PlanEntitlement {
        guard let plan else {
            // No plan: the catalogue's quantity for the household's own people, as the desk gives it.
            let size = try PersonRecord.filter { $0.householdId == householdId }.fetchCount(db)
            return .unplanned(kit, familySize: size)
        }
        var onList = false
        if case .list = plan.audience {
            let ids = try familyIds(db, householdId: householdId)
            onList = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM planHousehold WHERE distributionId = ? AND kitCode = ?
                               AND householdId IN (\(databaseQuestionMarks(count: ids.count))))
                """, arguments: [distributionId, kit.code] + StatementArguments(ids)) ?? false
        }
        return PlanEntitlement.of(family, kit: kit, plan: plan, onList: onList, on: date)
    }

    /// The family as the plan sees it: the household's people and those of households merged
    /// into it, each person once.
    func planFamily(_ db: Database, _ household: HouseholdRecord) throws -> PlanFamily {
        let ids = try familyIds(db, householdId: household.id!)
        let people = try PersonRecord.fetchAll(db, sql: """
            SELECT * FROM person WHERE householdId IN (\(databaseQuestionMarks(count: ids.count)))
            ORDER BY householdId = ? DESC, householdId, position
            """, arguments: StatementArguments(ids) + [household.id!])
        return PlanFamily(household: household.number, members: Self.planMembers(people.map(\.person)),
                          settlement: household.settlement)
    }

    /// Each person once (by `Person.identityKey`). A person registered twice has a disability when
    /// either registration marks one, whichever household the family is kept under.
    static func planMembers(_ people: [Person]) -> [PlanFamily.Member] {
        var index: [String: Int] = [:]
        var members: [PlanFamily.Member] = []
        for person in people {
            guard let i = index[person.identityKey] else {
                index[person.identityKey] = members.count
                members.append(PlanFamily.Member(birthDate: person.birthDate, hasDisability: person.hasDisability))
                continue
            }
            switch (members[i].hasDisability, person.hasDisability) {
            case (_, true?): members[i].hasDisability = true
            case (nil, let other): members[i].hasDisability = other
            default: break
            }
        }
        return members
    }

    /// Every family of the register (households merged into another belong to it), by the id
    /// of the household it is served under.
    func allPlanFamilies(_ db: Database) throws -> [Int64: PlanFamily] {
        let households = try HouseholdRecord.fetchAll(db)
        var byId: [Int64: HouseholdRecord] = [:]
        for household in households { byId[household.id!] = household }
        func root(_ id: Int64) -> Int64 {
            var current = id
            var seen: Set<Int64> = [id]
            while let next = byId[current]?.mergedInto, seen.insert(next).inserted { current = next }
            return current
        }
        // Only the columns the criteria read, row by row: the whole register passes through here.
        var members: [Int64: [PlanFamily.Member]] = [:]
        var seen: [Int64: [String: Int]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT householdId, surname, givenName, patronymic, birthDate, hasDisability FROM person
            ORDER BY householdId, position
            """)
        while let row = try rows.next() {
            let family = root(row[0])
            let birth: String? = row[4]
            let key = [row[1] as String, row[2] as String, row[3] as String].map { $0.lowercased() }.joined(separator: "|")
                + "|" + (birth ?? "")
            // A person registered in two households merged into one family counts once (as
            // `Person.identityKey`), with a disability when either registration marks one.
            let disability: Bool? = row[5]
            if let at = seen[family]?[key] {
                switch (members[family]![at].hasDisability, disability) {
                case (_, true?): members[family]![at].hasDisability = true
                case (nil, let other): members[family]![at].hasDisability = other
                default: break
                }
                continue
            }
            seen[family, default: [:]][key] = members[family, default: []].count
            members[family, default: []].append(
                PlanFamily.Member(birthDate: birth.flatMap(CivilDate.init(parsing:)), hasDisability: disability))
        }
        var families: [Int64: PlanFamily] = [:]
        for household in households where household.mergedInto == nil {
            families[household.id!] = PlanFamily(
                household: household.number, members: members[household.id!] ?? [], settlement: household.settlement)
        }
        return families
    }

    /// For each planned kit of the distribution: the families entitled (by the id of the
    /// household each is served under) and how many each would get.
    func entitledFamilies(
        _ db: Database, distribution: DistributionRecord, only kit: String? = nil
    ) throws -> [String: [Int64: Int]] {
        let plans = try kitPlans(db, distributionId: distribution.id!).filter { kit == nil || $0.key == kit }
        guard !plans.isEmpty else { return [:] }
        let families = try allPlanFamilies(db)
        var result: [String: [Int64: Int]] = [:]
        for (code, plan) in plans {
            var listed = Set<Int64>()
            if case .list = plan.audience {
                let merged = try Row.fetchAll(db, sql: "SELECT id, mergedInto FROM household WHERE mergedInto IS NOT NULL")
                var into: [Int64: Int64] = [:]
                for row in merged { into[row["id"]] = row["mergedInto"] }
                for id in try Int64.fetchAll(db, sql: """
                    SELECT householdId FROM planHousehold WHERE distributionId = ? AND kitCode = ?
                    """, arguments: [distribution.id!, code]) {
                    var current = id
                    var seen: Set<Int64> = [id]
                    while let next = into[current], seen.insert(next).inserted { current = next }
                    listed.insert(current)
                }
            }
            var entitled: [Int64: Int] = [:]
            for (id, family) in families where plan.entitles(family, onList: listed.contains(id), on: distribution.civilDate) {
                entitled[id] = plan.quantity.forFamily(of: family.members.count)
            }
            result[code] = entitled
        }
        return result
    }

    func stockedKits(_ db: Database, distributionId: Int64) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT s.kitCode FROM stock s JOIN kit k ON k.code = s.kitCode WHERE s.distributionId = ? ORDER BY k.position
            """, arguments: [distributionId])
    }

    /// The settlement with the most families, as the report takes the hub's city when none is named.
    func largestSettlement(_ db: Database) throws -> String {
        let rows = try Row.fetchAll(db, sql: """
            SELECT settlement, COUNT(*) AS n FROM household WHERE mergedInto IS NULL GROUP BY settlement
            """)
        return DistributionReport.largestSettlement(Dictionary(rows.map { ($0["settlement"] as String, $0["n"] as Int) },
                                                               uniquingKeysWith: +))
    }

    /// The distribution's stocked kits against their plans (`only`: that kit alone). The register
    /// is read once for all the kits.
    func planLines(_ db: Database, distribution: DistributionRecord, only kit: String? = nil) throws -> [PlanLine] {
        let id = distribution.id!
        let plans = try kitPlans(db, distributionId: id)
        let records = Dictionary(
            try KitPlanRecord.filter({ $0.distributionId == id }).fetchAll(db).map { ($0.kitCode, $0) },
            uniquingKeysWith: { a, _ in a })
        let stocked = try stockedKits(db, distributionId: id).filter { kit == nil || $0 == kit }
        let entitled = try entitledFamilies(db, distribution: distribution, only: kit)
        // A kit with no plan: every family, the catalogue's quantity for the household's own people
        // (as the desk gives it).
        let ownSizes: [Int64: Int] = stocked.contains(where: { plans[$0] == nil })
            ? Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT h.id, COUNT(p.id) AS n FROM household h LEFT JOIN person p ON p.householdId = h.id
                WHERE h.mergedInto IS NULL GROUP BY h.id
                """).map { ($0["id"] as Int64, $0["n"] as Int) })
            : [:]
        var lines: [PlanLine] = []
        for code in stocked {
            guard let kit = catalogue[code] else { continue }
            let received = try Int.fetchOne(db, sql: "SELECT received FROM stock WHERE distributionId = ? AND kitCode = ?",
                                            arguments: [id, code]) ?? 0
            let perFamily = entitled[code] ?? ownSizes.mapValues { kit.quantity(forHouseholdOf: $0) }
            // Issuances count for the family they were given to (a merged household's for the survivor).
            let served = try Row.fetchAll(db, sql: """
                SELECT i.householdId, i.quantity, h.mergedInto FROM issuance i JOIN household h ON h.id = i.householdId
                WHERE i.distributionId = ? AND i.kitCode = ? AND i.voidedAt IS NULL
                """, arguments: [id, code])
            var servedFamilies = Set<Int64>()
            var issued = 0
            for row in served {
                issued += row["quantity"] as Int
                let family: Int64 = (row["mergedInto"] as Int64?) ?? row["householdId"]
                if perFamily[family] != nil { servedFamilies.insert(family) }
            }
            lines.append(PlanLine(
                kit: code, plan: plans[code], households: perFamily.count,
                kitsNeeded: perFamily.values.reduce(0) { $0.saturatingAdding($1) }, received: received, issued: issued,
                servedHouseholds: servedFamilies.count, setBy: records[code]?.setBy, setAt: records[code]?.setAt,
                reason: records[code].flatMap { $0.reason.isEmpty ? nil : $0.reason }))
        }
        return lines
    }
}

extension DistributionRecord {
    /// The distribution's day (stored as ISO text).
    var civilDate: CivilDate { CivilDate(parsing: date) ?? CivilDate(year: 2000, month: 1, day: 1)! }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension KitPlanRecord {
    init(plan: KitPlan, audience: PlanAudienceRequest, distributionId: Int64, hubCity: String, setBy: String, setAt: Date,
         reason: String) {
        self.distributionId = distributionId
        kitCode = plan.kit
        switch audience {
        case .everyone: self.audience = "everyone"; criteria = nil
        case .list: self.audience = "list"; criteria = nil
        case .criteria(let criterion): self.audience = "criteria"; criteria = criterion.text
        }
        self.hubCity = hubCity
        switch plan.quantity {
        case .fixed(let n): quantityRule = "fixed"; quantity = n; cap = nil
        case .perPerson(let c): quantityRule = "perPerson"; quantity = 1; cap = c
        case .perPeople(let n): quantityRule = "perPeople"; quantity = n; cap = nil
        }
        self.setBy = setBy
        self.setAt = setAt
        self.reason = reason
    }

    func plan(listSize: Int) throws -> KitPlan {
        let audience: KitPlan.Audience
        switch self.audience {
        case "list": audience = .list(listSize: listSize)
        case "criteria": audience = .criteria(try EntitlementCriterion(parsing: criteria ?? ""))
        default: audience = .everyone
        }
        let quantity: KitPlan.Quantity
        switch quantityRule {
        case "perPerson": quantity = .perPerson(cap: cap)
        case "perPeople": quantity = .perPeople(self.quantity)
        default: quantity = .fixed(self.quantity)
        }
        return KitPlan(kit: kitCode, audience: audience, quantity: quantity, hubCity: hubCity)
    }

    /// The plan in the audit's words: `criteria age>=60 or age<5; perPeople 3`.
    func summary(listSize: Int?) -> String {
        var who = audience
        if let criteria { who += " " + criteria }
        if audience == "list", let listSize { who += " \(listSize)" }
        if !hubCity.isEmpty { who += " [\(hubCity)]" }
        var howMany = quantityRule + " \(quantity)"
        if quantityRule == "perPerson" { howMany = "perPerson" + (cap.map { " cap \($0)" } ?? "") }
        return who + "; " + howMany
    }
}
