import Foundation

// The search results and the household card.

/// One line of search results: the household, the person who matched, and why.
public struct SearchRow: Sendable, Hashable {
    public var household: String
    public var personName: String
    public var birthYear: Int?
    public var settlement: String
    public var memberCount: Int
    public var matchKind: MatchKind
    /// Kit codes this household already holds in the open distribution.
    public var receivedKits: [String]

    public init(
        household: String, personName: String, birthYear: Int?, settlement: String, memberCount: Int,
        matchKind: MatchKind, receivedKits: [String]
    ) {
        self.household = household
        self.personName = personName
        self.birthYear = birthYear
        self.settlement = settlement
        self.memberCount = memberCount
        self.matchKind = matchKind
        self.receivedKits = receivedKits
    }
}

/// Everything the household card shows.
public struct HouseholdCard: Sendable, Hashable {
    public var household: Household
    /// Per kit of the open distribution: how many it would give now, or why not.
    public var kits: [KitLine]
    /// Issuances, newest first, voids included.
    public var history: [HistoryLine]
    public var checkedInAt: Date?
    /// Members who may also be registered in another family, with what that family already holds.
    public var duplicates: [DuplicateNote]
    /// What the door recorded when the family was checked in for the open distribution.
    public var arrival: ArrivalLine?

    public init(household: Household, kits: [KitLine], history: [HistoryLine], checkedInAt: Date?,
                duplicates: [DuplicateNote] = [], arrival: ArrivalLine? = nil) {
        self.household = household
        self.kits = kits
        self.history = history
        self.checkedInAt = checkedInAt ?? arrival?.checkedInAt
        self.duplicates = duplicates
        self.arrival = arrival
    }

    /// Kits that another registration of one of these people already received in this distribution.
    public var kitsHeldElsewhere: Set<String> { Set(duplicates.flatMap(\.kitsReceived)) }
}

/// One person as the duplicate list and the card's warning show them.
public struct DuplicatePerson: Sendable, Hashable {
    /// The household the person is registered in, as registered (`00417`).
    public var household: String
    /// The household the family is served under: `household`, or the one it was merged into.
    public var family: String
    /// 1 for the first member listed on the card (the head), 2 for the next…
    public var member: Int
    public var person: Person
    public var settlement: String

    public init(household: String, family: String, member: Int, person: Person, settlement: String) {
        self.household = household
        self.family = family
        self.member = member
        self.person = person
        self.settlement = settlement
    }

    /// How commands name the person: `00417/2`.
    public var reference: String { "\(household)/\(member)" }
}

/// "Коваленко Олена is perhaps also registered in household 00812, which already got hygiene."
///
/// On the desk card: a member of this family who may also be registered in another family.
public struct DuplicateNote: Sendable, Hashable {
    /// The member of the family on the card.
    public var member: DuplicatePerson
    /// The same person, perhaps, in the other family.
    public var other: DuplicatePerson
    public var evidence: [DuplicateEvidence]
    /// Kit codes the other family holds, live, in the distribution, in catalogue order: a kit
    /// listed here was perhaps already handed to this same person.
    public var kitsReceived: [String]

    public var memberName: String { member.person.fullName }
    public var otherName: String { other.person.fullName }
    /// The other family's number (the household it is served under).
    public var otherHousehold: String { other.family }

    public init(member: DuplicatePerson, other: DuplicatePerson, evidence: [DuplicateEvidence], kitsReceived: [String]) {
        self.member = member
        self.other = other
        self.evidence = evidence
        self.kitsReceived = kitsReceived
    }

    /// A note known by names only (a screen test's hub): each person's whole name stands as a surname.
    public init(memberName: String, otherHousehold: String, otherName: String, evidence: [DuplicateEvidence],
                kitsReceived: [String]) {
        self.init(
            member: DuplicatePerson(household: "", family: "", member: 1, person: Person(surname: memberName, givenName: ""),
                                    settlement: ""),
            other: DuplicatePerson(household: otherHousehold, family: otherHousehold, member: 1,
                                   person: Person(surname: otherName, givenName: ""), settlement: ""),
            evidence: evidence, kitsReceived: kitsReceived)
    }
}

/// The per-kit answer for one household: how many it would get now, or why not.
public struct KitLine: Sendable, Hashable {
    public var kit: String
    public var status: Result<Int, IssueRefusal>
    /// The distribution's plan names who gets this kit (false: every family, as the catalogue says).
    public var planned: Bool
    public init(kit: String, status: Result<Int, IssueRefusal>, planned: Bool = false) {
        self.kit = kit
        self.status = status
        self.planned = planned
    }
    /// The plan does not give this kit to the family (a coordinator may, with a reason).
    public var isOffPlan: Bool {
        if case .failure(.notOnPlan) = status { return true }
        return false
    }
    public var isAvailable: Bool {
        if case .success = status { return true }
        return false
    }
}

/// One line of a household's history: an issuance, live or voided.
public struct HistoryLine: Sendable, Hashable {
    public var issuanceId: Int64
    public var kit: String
    public var quantity: Int
    public var distributionId: Int64
    public var distributionName: String
    public var place: String
    public var issuedAt: Date
    public var desk: String
    public var operatorName: String
    public var collectedBy: String
    /// True when the collector was not a member of the household.
    public var collectedByProxy: Bool
    public var isVoided: Bool
    public var voidedAt: Date?
    public var voidedBy: String?
    public var voidReason: String?
    /// Set when a coordinator gave the kit off the distribution's plan: the reason.
    public var overrideReason: String?

    public init(
        issuanceId: Int64, kit: String, quantity: Int, distributionId: Int64 = 0, distributionName: String,
        place: String = "", issuedAt: Date, desk: String, operatorName: String, collectedBy: String,
        collectedByProxy: Bool = false, isVoided: Bool, voidedAt: Date? = nil, voidedBy: String? = nil,
        voidReason: String?, overrideReason: String? = nil
    ) {
        self.overrideReason = overrideReason
        self.issuanceId = issuanceId
        self.kit = kit
        self.quantity = quantity
        self.distributionId = distributionId
        self.distributionName = distributionName
        self.place = place
        self.issuedAt = issuedAt
        self.desk = desk
        self.operatorName = operatorName
        self.collectedBy = collectedBy
        self.collectedByProxy = collectedByProxy
        self.isVoided = isVoided
        self.voidedAt = voidedAt
        self.voidedBy = voidedBy
        self.voidReason = voidReason
    }
}
