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

/// "Коваленко Олена is perhaps also registered in household 00812, which already got hygiene."
public struct DuplicateNote: Sendable, Hashable {
    public var memberName: String
    public var otherHousehold: String
    public var otherName: String
    public var evidence: [DuplicateEvidence]
    /// Kit codes the other family holds in this distribution.
    public var kitsReceived: [String]

    public init(memberName: String, otherHousehold: String, otherName: String, evidence: [DuplicateEvidence],
                kitsReceived: [String]) {
        self.memberName = memberName
        self.otherHousehold = otherHousehold
        self.otherName = otherName
        self.evidence = evidence
        self.kitsReceived = kitsReceived
    }
}

public struct KitLine: Sendable, Hashable {
    public var kit: String
    public var status: Result<Int, IssueRefusal>
    public init(kit: String, status: Result<Int, IssueRefusal>) {
        self.kit = kit
        self.status = status
    }
    public var isAvailable: Bool {
        if case .success = status { return true }
        return false
    }
}

public struct HistoryLine: Sendable, Hashable {
    public var issuanceId: Int64
    public var kit: String
    public var quantity: Int
    public var distributionName: String
    public var issuedAt: Date
    public var desk: String
    public var operatorName: String
    public var collectedBy: String
    public var isVoided: Bool
    public var voidReason: String?

    public init(
        issuanceId: Int64, kit: String, quantity: Int, distributionName: String, issuedAt: Date, desk: String,
        operatorName: String, collectedBy: String, isVoided: Bool, voidReason: String?
    ) {
        self.issuanceId = issuanceId
        self.kit = kit
        self.quantity = quantity
        self.distributionName = distributionName
        self.issuedAt = issuedAt
        self.desk = desk
        self.operatorName = operatorName
        self.collectedBy = collectedBy
        self.isVoided = isVoided
        self.voidReason = voidReason
    }
}
