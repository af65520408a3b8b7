/// The plan for one kit of one distribution: who is entitled and how many each family gets.
///
/// A kit with no plan keeps the catalogue's behaviour: every family, the catalogue's quantity.
public struct KitPlan: Sendable, Hashable {
    public var kit: String
    public var audience: Audience
    public var quantity: Quantity
    /// The hub's city the `city` and `region` conditions were read against when the plan was
    /// set (empty when the criterion names no place).
    public var hubCity: String

    public enum Audience: Sendable, Hashable {
        case everyone
        /// Households named one by one (the store keeps the list; `listSize` counts it).
        case list(listSize: Int)
        case criteria(EntitlementCriterion)
    }

    public enum Quantity: Sendable, Hashable {
        case fixed(Int)
        /// One per person, at most `cap` when given.
        case perPerson(cap: Int?)
        /// One for every `people` people, rounded up: a family of four with 3 gets 2.
        case perPeople(Int)

        /// How many a family of `size` people gets (at least one: a family on the plan is
        /// never entitled to nothing).
        public func forFamily(of size: Int) -> Int {
            let people = max(1, size)
            switch self {
            case .fixed(let n): return max(1, n)
            case .perPerson(let cap): return cap.map { min(people, max(1, $0)) } ?? people
            case .perPeople(let n): return (people + max(1, n) - 1) / max(1, n)
            }
        }
    }

    public init(kit: String, audience: Audience, quantity: Quantity, hubCity: String = "") {
        self.kit = kit
        self.audience = audience
        self.quantity = quantity
        self.hubCity = hubCity
    }

    /// Whether the family is entitled on `date`. `onList` says whether the store holds the
    /// family's household on the plan's list (asked only for a list).
    public func entitles(_ family: PlanFamily, onList: Bool, on date: CivilDate) -> Bool {
        switch audience {
        case .everyone: return true
        case .list: return onList
        case .criteria(let criterion): return criterion.holds(for: family, on: date, hubCity: hubCity)
        }
    }
}

/// How a kit is planned as the store hands it to the rules: the plan, if any, and this family's
/// place in it.
public struct PlanEntitlement: Sendable, Hashable {
    /// nil: no plan for this kit (everyone, the catalogue's quantity).
    public var plan: KitPlan?
    public var entitled: Bool
    /// What the plan gives this family (also what an override gives).
    public var quantity: Int

    public init(plan: KitPlan?, entitled: Bool, quantity: Int) {
        self.plan = plan
        self.entitled = entitled
        self.quantity = quantity
    }

    /// The entitlement of a family of `size` people to `kit` with no plan.
    public static func unplanned(_ kit: KitDefinition, familySize size: Int) -> PlanEntitlement {
        PlanEntitlement(plan: nil, entitled: true, quantity: kit.quantity(forHouseholdOf: size))
    }

    /// The entitlement under `plan` (or the catalogue's, with none).
    public static func of(
        _ family: PlanFamily, kit: KitDefinition, plan: KitPlan?, onList: Bool, on date: CivilDate
    ) -> PlanEntitlement {
        guard let plan else { return .unplanned(kit, familySize: family.members.count) }
        return PlanEntitlement(
            plan: plan, entitled: plan.entitles(family, onList: onList, on: date),
            quantity: plan.quantity.forFamily(of: family.members.count))
    }
}

extension Strings {
    /// Who the plan is for, in words: `усі сім'ї`, `список (100 сімей)`, `age>=60 or age<5`.
    public func describe(_ audience: KitPlan.Audience) -> String {
        switch audience {
        case .everyone: return self("plan.who.everyone")
        case .list(let size): return self("plan.who.list", ["n": String(size)])
        case .criteria(let criterion): return criterion.text
        }
    }

    /// How many each family gets, in words.
    public func describe(_ quantity: KitPlan.Quantity) -> String {
        switch quantity {
        case .fixed(let n): return self("plan.quantity.fixed", ["n": String(n)])
        case .perPerson(nil): return self("plan.quantity.perPerson")
        case .perPerson(let cap?): return self("plan.quantity.perPersonCap", ["cap": String(cap)])
        case .perPeople(let n): return self("plan.quantity.perPeople", ["n": String(n)])
        }
    }
}
