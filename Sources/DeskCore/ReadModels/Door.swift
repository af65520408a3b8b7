import Foundation

// Arrivals: the waiting list, the door's latest, who has not come, what a check-in recorded.

/// One check-in: on the waiting list (checked in, not yet served) or among the door's latest.
public struct ArrivalLine: Sendable, Hashable {
    public var household: String
    public var checkedInAt: Date
    /// The member or proxy who came, when it was said.
    public var cameName: String?
    public var cameAsProxy: Bool
    public var document: CheckInDocument?
    public var desk: String
    public var operatorName: String
    /// The head of household (the waiting list names the family by its head).
    public var headName: String
    public var settlement: String
    public var memberCount: Int
    public var priority: [PriorityReason]
    /// The distribution's plan gives this family none of its kits: nothing to wait for.
    public var nothingToReceive: Bool

    public init(
        household: String, checkedInAt: Date, cameName: String? = nil, cameAsProxy: Bool = false,
        document: CheckInDocument? = nil, desk: String, operatorName: String, headName: String = "",
        settlement: String = "", memberCount: Int = 0, priority: [PriorityReason] = [], nothingToReceive: Bool = false
    ) {
        self.nothingToReceive = nothingToReceive
        self.household = household
        self.checkedInAt = checkedInAt
        self.cameName = cameName
        self.cameAsProxy = cameAsProxy
        self.document = document
        self.desk = desk
        self.operatorName = operatorName
        self.headName = headName
        self.settlement = settlement
        self.memberCount = memberCount
        self.priority = priority
    }

    /// Whole minutes since the family was checked in.
    public func minutesWaited(at now: Date) -> Int { max(0, Int(now.timeIntervalSince(checkedInAt) / 60)) }
}

/// How the day stands at the door and at the desk: families checked in, served, waiting, not come.
public struct ArrivalsOverview: Sendable, Hashable {
    public var registered: Int
    public var checkedIn: Int
    public var served: Int
    public var notCome: Int
    /// Checked in and not yet served, in arrival order.
    public var waiting: [ArrivalLine]
    /// The latest check-ins, newest first, served or not.
    public var recent: [ArrivalLine]

    public init(registered: Int, checkedIn: Int, served: Int, notCome: Int, waiting: [ArrivalLine], recent: [ArrivalLine]) {
        self.registered = registered
        self.checkedIn = checkedIn
        self.served = served
        self.notCome = notCome
        self.waiting = waiting
        self.recent = recent
    }

    public static let empty = ArrivalsOverview(registered: 0, checkedIn: 0, served: 0, notCome: 0, waiting: [], recent: [])
}

/// A registered family not checked in for the distribution: whom the coordinator phones.
public struct AbsentRow: Sendable, Hashable {
    public var household: String
    public var headName: String
    public var settlement: String
    /// The head's phone, else the first member's who has one.
    public var phone: String?
    public var memberCount: Int

    public init(household: String, headName: String, settlement: String, phone: String?, memberCount: Int) {
        self.household = household
        self.headName = headName
        self.settlement = settlement
        self.phone = phone
        self.memberCount = memberCount
    }
}

/// What a check-in recorded, or when the family had already been checked in.
public struct CheckInSummary: Sendable, Hashable {
    public var household: String
    /// False when the family was already checked in: `arrival` is then the first check-in.
    public var isNew: Bool
    public var arrival: ArrivalLine
    /// The family's place on the waiting list after the check-in (1 = next), if it is on it.
    public var queuePosition: Int?
    public var distributionName: String

    public init(household: String, isNew: Bool, arrival: ArrivalLine, queuePosition: Int?, distributionName: String = "") {
        self.household = household
        self.isNew = isNew
        self.arrival = arrival
        self.queuePosition = queuePosition
        self.distributionName = distributionName
    }
}
