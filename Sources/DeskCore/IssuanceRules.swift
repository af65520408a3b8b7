import Foundation

/// A live (not voided) issuance, as much of it as a refusal needs to explain itself.
public struct PriorIssuance: Sendable, Hashable, Codable {
    public var id: Int64
    public var kitCode: String
    public var quantity: Int
    public var distributionName: String
    public var issuedAt: Date
    /// The local calendar day of `issuedAt`: eligibility counts in days, not hours.
    public var issuedOn: CivilDate
    public var desk: String
    public var operatorName: String
    public var collectedBy: String

    public init(
        id: Int64, kitCode: String, quantity: Int, distributionName: String, issuedAt: Date,
        issuedOn: CivilDate, desk: String, operatorName: String, collectedBy: String
    ) {
        self.id = id
        self.kitCode = kitCode
        self.quantity = quantity
        self.distributionName = distributionName
        self.issuedAt = issuedAt
        self.issuedOn = issuedOn
        self.desk = desk
        self.operatorName = operatorName
        self.collectedBy = collectedBy
    }
}

/// Why a kit was not handed out. Every case carries what the volunteer needs to say
/// to the person in front of them.
public enum IssueRefusal: Error, Sendable, Hashable {
    case unknownHousehold(String)
    case unknownKit(String)
    case noOpenDistribution
    case severalOpenDistributions([Int64])
    case unknownDistribution(Int64)
    case distributionClosed(name: String)
    /// The distribution was opened without stock of this kit.
    case kitNotInDistribution(kit: String, distribution: String)
    case alreadyIssued(PriorIssuance)
    case notEligibleUntil(CivilDate, previous: PriorIssuance)
    case outOfStock(kit: String, left: Int, needed: Int)
    /// The kit asked for twice in one request.
    case repeatedKit(String)
    /// The distribution's plan does not give this kit to this family (`rule` says who it is
    /// for). A coordinator may still give it, with a reason: an override.
    case notOnPlan(kit: String, rule: String)

    /// Out of stock is its own exit status (4): the desk reacts to it differently (call the
    /// coordinator) than to a family that already has the kit (3).
    public var isOutOfStock: Bool {
        if case .outOfStock = self { return true }
        return false
    }

    /// A rule about this household and kit said no (exit status 3), as opposed to a mistake
    /// in the request such as an unknown household number.
    public var isRuleRefusal: Bool {
        switch self {
        case .alreadyIssued, .notEligibleUntil, .distributionClosed, .kitNotInDistribution, .notOnPlan:
            return true
        default:
            return false
        }
    }
}

/// What the engine knows, inside the write transaction, when deciding one kit for one household.
public struct IssuanceFacts: Sendable {
    public var kit: KitDefinition
    public var distributionName: String
    public var distributionOpen: Bool
    /// nil when the distribution holds no stock of this kit at all.
    public var stockLeft: Int?
    public var householdSize: Int
    /// The live issuance of this kit in this distribution, if any.
    public var issuedInThisDistribution: PriorIssuance?
    /// The most recent live issuance of this kit to this household in any distribution.
    public var lastIssuedAnywhere: PriorIssuance?
    /// The local calendar day on which the kit would be handed out.
    public var today: CivilDate
    /// The distribution's plan for the kit and this family's place in it; nil: no plan (every
    /// family, the catalogue's quantity).
    public var entitlement: PlanEntitlement?
    /// A coordinator gives the kit off the plan, with a reason.
    public var overridesPlan: Bool

    public init(
        kit: KitDefinition, distributionName: String, distributionOpen: Bool, stockLeft: Int?,
        householdSize: Int, issuedInThisDistribution: PriorIssuance?,
        lastIssuedAnywhere: PriorIssuance?, today: CivilDate, entitlement: PlanEntitlement? = nil,
        overridesPlan: Bool = false
    ) {
        self.entitlement = entitlement
        self.overridesPlan = overridesPlan
        self.kit = kit
        self.distributionName = distributionName
        self.distributionOpen = distributionOpen
        self.stockLeft = stockLeft
        self.householdSize = householdSize
        self.issuedInThisDistribution = issuedInThisDistribution
        self.lastIssuedAnywhere = lastIssuedAnywhere
        self.today = today
    }
}

/// The issuing rules, as one pure decision the store calls inside its transaction.
public enum IssuanceRules {
    /// The quantity to hand out, or why not. Order matters: a family told "already issued"
    /// should not first hear "out of stock".
    public static func decide(_ facts: IssuanceFacts) -> Result<Int, IssueRefusal> {
        guard facts.distributionOpen else {
            return .failure(.distributionClosed(name: facts.distributionName))
        }
        if let previous = facts.issuedInThisDistribution {
            return .failure(.alreadyIssued(previous))
        }
        if let days = facts.kit.notAgainWithinDays, let last = facts.lastIssuedAnywhere {
            let eligibleFrom = last.issuedOn.adding(days: days)
            if facts.today < eligibleFrom {
                return .failure(.notEligibleUntil(eligibleFrom, previous: last))
            }
        }
        guard let left = facts.stockLeft else {
            return .failure(
                .kitNotInDistribution(kit: facts.kit.code, distribution: facts.distributionName))
        }
        if let entitlement = facts.entitlement, let plan = entitlement.plan, !entitlement.entitled,
            !facts.overridesPlan
        {
            return .failure(.notOnPlan(kit: facts.kit.code, rule: ruleText(plan)))
        }
        let quantity = facts.entitlement?.quantity ?? facts.kit.quantity(forHouseholdOf: facts.householdSize)
        guard left >= quantity else {
            return .failure(.outOfStock(kit: facts.kit.code, left: left, needed: quantity))
        }
        return .success(quantity)
    }

    /// The plan's audience as the refusal names it (words are added by `Strings.explain`).
    static func ruleText(_ plan: KitPlan) -> String {
        switch plan.audience {
        case .everyone: return ""
        case .list: return "list"
        case .criteria(let criterion): return criterion.text
        }
    }
}
