import Foundation

/// One issuance as the reports read it: what, to which household, who collected, when,
/// where, by whom, and whether it was voided. Live and voided alike; the signed list
/// leaves the voided out, the issuances export keeps them.
public struct IssuanceLine: Sendable, Hashable {
    public var id: Int64
    public var distributionId: Int64
    public var distributionName: String
    /// The household number as the register writes it (`00417`).
    public var household: String
    /// How many people the register lists in the household now.
    public var householdPeople: Int
    public var kit: String
    public var quantity: Int
    /// The member or proxy who collected, by name.
    public var collectedBy: String
    /// True when the collector was not a member of the household.
    public var collectedByProxy: Bool
    public var issuedAt: Date
    public var desk: String
    public var operatorName: String
    public var voidedAt: Date?
    public var voidedBy: String?
    public var voidReason: String?
    /// The collecting member's phone and certificate number: read only when an export asks
    /// for contacts, and nil for a proxy (the register knows nothing about proxies).
    public var collectorPhone: String?
    public var collectorCertificate: String?
    /// Set when a coordinator gave the kit off the distribution's plan: the reason given.
    public var overrideReason: String?

    public var isVoided: Bool { voidedAt != nil }

    public init(
        id: Int64, distributionId: Int64, distributionName: String, household: String, householdPeople: Int,
        kit: String, quantity: Int, collectedBy: String, collectedByProxy: Bool, issuedAt: Date, desk: String,
        operatorName: String, voidedAt: Date? = nil, voidedBy: String? = nil, voidReason: String? = nil,
        collectorPhone: String? = nil, collectorCertificate: String? = nil, overrideReason: String? = nil
    ) {
        self.id = id
        self.distributionId = distributionId
        self.distributionName = distributionName
        self.household = household
        self.householdPeople = householdPeople
        self.kit = kit
        self.quantity = quantity
        self.collectedBy = collectedBy
        self.collectedByProxy = collectedByProxy
        self.issuedAt = issuedAt
        self.desk = desk
        self.operatorName = operatorName
        self.voidedAt = voidedAt
        self.voidedBy = voidedBy
        self.voidReason = voidReason
        self.collectorPhone = collectorPhone
        self.collectorCertificate = collectorCertificate
        self.overrideReason = overrideReason
    }
}

/// The distribution a list is for, as its heading shows it.
public struct SheetDistribution: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var date: CivilDate
    public var place: String
    public var isOpen: Bool
    /// The kits stocked for it, in catalogue order: the totals list each, even at zero.
    public var kits: [String]

    public init(id: Int64, name: String, date: CivilDate, place: String, isOpen: Bool, kits: [String]) {
        self.id = id
        self.name = name
        self.date = date
        self.place = place
        self.isOpen = isOpen
        self.kits = kits
    }
}

/// `25.11.2026 10:42` in `timeZone`: how the exports and the list write a moment.
public func localDateTime(_ date: Date, timeZone: TimeZone) -> String {
    CivilDate(date, in: timeZone).dotted + " " + clockTime(date, timeZone: timeZone)
}
