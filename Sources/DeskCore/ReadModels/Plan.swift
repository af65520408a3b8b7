import Foundation

// The plan of a distribution, as `aiddesk plan show` and the desk show it.

/// One kit of a distribution against its plan: how many families and kits it needs, and what
/// the stock received leaves short.
public struct PlanLine: Sendable, Hashable {
    public var kit: String
    /// nil: no plan (every family, the catalogue's quantity).
    public var plan: KitPlan?
    /// Families entitled (each family once, however many households were merged into it).
    public var households: Int
    /// Kits the entitled families would take between them.
    public var kitsNeeded: Int
    public var received: Int
    /// Kits handed out so far (live), and to how many entitled families.
    public var issued: Int
    public var servedHouseholds: Int
    public var setBy: String?
    public var setAt: Date?
    public var reason: String?

    public init(
        kit: String, plan: KitPlan?, households: Int, kitsNeeded: Int, received: Int, issued: Int = 0,
        servedHouseholds: Int = 0, setBy: String? = nil, setAt: Date? = nil, reason: String? = nil
    ) {
        self.kit = kit
        self.plan = plan
        self.households = households
        self.kitsNeeded = kitsNeeded
        self.received = received
        self.issued = issued
        self.servedHouseholds = servedHouseholds
        self.setBy = setBy
        self.setAt = setAt
        self.reason = reason
    }

    /// Kits the plan needs beyond the stock received (0 when the stock covers it).
    public var shortfall: Int { max(0, kitsNeeded - received) }
}

/// Every stocked kit of a distribution against its plan.
public struct PlanOverview: Sendable, Hashable {
    public var distributionId: Int64
    public var distributionName: String
    public var date: CivilDate
    public var isOpen: Bool
    /// Families in the register (households merged into another not counted).
    public var families: Int
    public var lines: [PlanLine]

    public init(distributionId: Int64, distributionName: String, date: CivilDate, isOpen: Bool, families: Int,
                lines: [PlanLine]) {
        self.distributionId = distributionId
        self.distributionName = distributionName
        self.date = date
        self.isOpen = isOpen
        self.families = families
        self.lines = lines
    }
}

/// What one family is entitled to in a distribution, kit by kit.
public struct HouseholdEntitlements: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var kit: String
        /// nil: the kit has no plan.
        public var plan: KitPlan?
        public var entitled: Bool
        public var quantity: Int
        public init(kit: String, plan: KitPlan?, entitled: Bool, quantity: Int) {
            self.kit = kit
            self.plan = plan
            self.entitled = entitled
            self.quantity = quantity
        }
    }

    /// The household the family is served under.
    public var household: String
    public var distributionId: Int64
    public var distributionName: String
    public var date: CivilDate
    public var people: Int
    public var lines: [Line]

    public init(household: String, distributionId: Int64, distributionName: String, date: CivilDate, people: Int,
                lines: [Line]) {
        self.household = household
        self.distributionId = distributionId
        self.distributionName = distributionName
        self.date = date
        self.people = people
        self.lines = lines
    }

    /// True when some kit of the distribution has a plan: the family's place in it is worth saying.
    public var distributionHasPlan: Bool { lines.contains { $0.plan != nil } }
}

/// How `plan set` says who is entitled.
public enum PlanAudienceRequest: Sendable, Hashable {
    case everyone
    case list([PlanListEntry])
    case criteria(EntitlementCriterion)
}
