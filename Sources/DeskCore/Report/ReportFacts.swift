import Foundation

/// Everything the distribution report is computed from, as read from the ledger: no figure
/// here is summed yet. `DistributionReport(facts:timeZone:)` does the arithmetic, so that it
/// can be tested without a database and every output (text, CSV, JSON, the desk screen)
/// shows the same numbers.
public struct ReportFacts: Sendable, Hashable {
    public struct Distribution: Sendable, Hashable {
        public var id: Int64
        public var name: String
        public var date: CivilDate
        public var place: String
        public var isOpen: Bool
        public var closedAt: Date?
        public var closedBy: String?

        public init(
            id: Int64, name: String, date: CivilDate, place: String, isOpen: Bool, closedAt: Date? = nil,
            closedBy: String? = nil
        ) {
            self.id = id
            self.name = name
            self.date = date
            self.place = place
            self.isOpen = isOpen
            self.closedAt = closedAt
            self.closedBy = closedBy
        }
    }

    /// A kit stocked in the distribution and the quantity received (stock adjustments included).
    public struct StockLine: Sendable, Hashable {
        public var kit: String
        public var received: Int
        public init(kit: String, received: Int) {
            self.kit = kit
            self.received = received
        }
    }

    /// One issuance row, live or voided. `household` is the number of the household it counts
    /// for (a household merged into another counts as the surviving one).
    public struct Issuance: Sendable, Hashable {
        public var household: String
        public var kit: String
        public var quantity: Int
        public var desk: String
        public var issuedAt: Date
        public var isVoided: Bool
        /// Set when a coordinator gave the kit off the distribution's plan: the reason given.
        public var overrideReason: String?

        public init(
            household: String, kit: String, quantity: Int, desk: String, issuedAt: Date, isVoided: Bool,
            overrideReason: String? = nil
        ) {
            self.household = household
            self.kit = kit
            self.quantity = quantity
            self.desk = desk
            self.issuedAt = issuedAt
            self.isVoided = isVoided
            self.overrideReason = overrideReason
        }
    }

    /// A kit of the distribution with a plan, and the families it entitles.
    public struct KitPlanFacts: Sendable, Hashable {
        public var kit: String
        public var plan: KitPlan
        /// The households entitled, by number as `Issuance.household` (a household merged into
        /// another is the surviving one), each once: the register as it is when the report is
        /// read, ages on the distribution day.
        public var entitled: Set<String>

        public init(kit: String, plan: KitPlan, entitled: Set<String>) {
            self.kit = kit
            self.plan = plan
            self.entitled = entitled
        }
    }

    /// One registered person of a served household: only what the disaggregation needs.
    public struct Member: Sendable, Hashable {
        public var sex: Sex?
        public var birthDate: CivilDate?
        /// Name and birth date, as `Person.identityKey`: the same person registered twice in
        /// households that were later merged is counted once.
        public var identity: String

        public init(sex: Sex?, birthDate: CivilDate?, identity: String) {
            self.sex = sex
            self.birthDate = birthDate
            self.identity = identity
        }

        public init(_ person: Person) {
            self.init(sex: person.sex, birthDate: person.birthDate, identity: person.identityKey)
        }
    }

    /// A household that received at least one kit (live), with its members (and the members
    /// of any household merged into it).
    public struct ServedHousehold: Sendable, Hashable {
        public var number: String
        public var settlement: String
        public var members: [Member]

        public init(number: String, settlement: String, members: [Member]) {
            self.number = number
            self.settlement = settlement
            self.members = members
        }
    }

    /// A kit's physical count recorded when the distribution was closed.
    public struct Count: Sendable, Hashable {
        public var kit: String
        public var expected: Int
        public var counted: Int
        public var reason: String
        public var operatorName: String
        public var at: Date

        public init(kit: String, expected: Int, counted: Int, reason: String, operatorName: String, at: Date) {
            self.kit = kit
            self.expected = expected
            self.counted = counted
            self.reason = reason
            self.operatorName = operatorName
            self.at = at
        }
    }

    public var distribution: Distribution
    /// In catalogue order.
    public var stock: [StockLine]
    public var issuances: [Issuance]
    public var servedHouseholds: [ServedHousehold]
    /// Registered households per settlement, the whole register: the hub's city is the
    /// settlement with the most, unless the coordinator names it.
    public var householdsBySettlement: [String: Int]
    /// Households checked in for the distribution (a merged family once).
    public var checkedIn: Int
    /// The numbers of those households (as `Issuance.household`: a household merged into
    /// another is the surviving one), each once; nil when only the count is known. With the
    /// numbers, a household served without a check-in (never the case through the engine:
    /// an issue checks the household in) still counts as checked in, and exactly once.
    public var checkedInHouseholds: [String]?
    /// In catalogue order; empty when the distribution was not closed with counts.
    public var counts: [Count]
    /// The hub's city as the coordinator named it (`--hub-city`), if they did.
    public var hubCity: String?
    /// The kits with an entitlement plan, in catalogue order; empty when the distribution has none.
    public var plans: [KitPlanFacts]

    public init(
        distribution: Distribution, stock: [StockLine], issuances: [Issuance], servedHouseholds: [ServedHousehold],
        householdsBySettlement: [String: Int], checkedIn: Int, counts: [Count], hubCity: String? = nil,
        checkedInHouseholds: [String]? = nil, plans: [KitPlanFacts] = []
    ) {
        self.distribution = distribution
        self.stock = stock
        self.issuances = issuances
        self.servedHouseholds = servedHouseholds
        self.householdsBySettlement = householdsBySettlement
        self.checkedIn = checkedIn
        self.checkedInHouseholds = checkedInHouseholds
        self.counts = counts
        self.hubCity = hubCity
        self.plans = plans
    }

    /// What a purge leaves of a coordinator's reason for a kit given off the plan (it may name
    /// people or their health), as it leaves of a void reason.
    public static let purgedReason = "—"

    /// The facts with every override's reason replaced by `purgedReason`: the kits given off the
    /// plan still count, and still show as such.
    public func withOverrideReasonsPurged() -> ReportFacts {
        var facts = self
        for index in facts.issuances.indices where facts.issuances[index].overrideReason != nil {
            facts.issuances[index].overrideReason = Self.purgedReason
        }
        return facts
    }

    /// The households in the register (a merged family once) as read with the facts: the
    /// register keeps no registration dates, so this is the register at the time of the report,
    /// not on the distribution day.
    public var registeredHouseholds: Int { householdsBySettlement.values.reduce(0, +) }
}
