import DeskCore
import Foundation

/// Who is acting, and where: recorded on every issuance, check-in and audit entry.
public struct DeskContext: Sendable, Hashable {
    public var operatorName: String
    public var desk: String
    /// The desk's local time zone: issuing days and clock times are read in it.
    public var timeZone: TimeZone

    public init(operatorName: String, desk: String, timeZone: TimeZone = .current) {
        self.operatorName = operatorName
        self.desk = desk
        self.timeZone = timeZone
    }
}

/// What an import changed.
public struct ImportSummary: Sendable, Hashable, Codable {
    public var householdsAdded = 0
    public var householdsUpdated = 0
    public var peopleAdded = 0
    public var peopleUpdated = 0
    public var peopleUnchanged = 0

    public init() {}

    public var changedAnything: Bool {
        householdsAdded + householdsUpdated + peopleAdded + peopleUpdated > 0
    }
}

/// Stock of one kit in one distribution. `left = received - issued` always.
public struct KitStock: Sendable, Hashable, Codable {
    public var kit: String
    public var received: Int
    public var issued: Int
    public var left: Int { received.saturatingSubtracting(issued) }
}

public struct DistributionStatus: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var date: CivilDate
    public var place: String
    public var isOpen: Bool
    public var openedBy: String
    public var stock: [KitStock]
    public var householdsServed: Int
    public var householdsCheckedIn: Int
}

public struct StatusReport: Sendable, Hashable {
    public var households: Int
    public var people: Int
    public var distributions: [DistributionStatus]
}

/// One kit handed out by `issue`.
public struct IssuedKit: Sendable, Hashable, Codable {
    public var id: Int64
    public var kit: String
    public var quantity: Int
}

/// What `issue` handed out, and to whom.
public struct IssueReceipt: Sendable, Hashable {
    public var household: String
    public var kits: [IssuedKit]
    /// The member or proxy who collected, by name.
    public var collectedBy: String
    public var collectedByProxy: Bool
}

/// The result of a check-in: new, or the earlier one (checking in twice is harmless).
public struct CheckInOutcome: Sendable, Hashable {
    public var isNew: Bool
    public var checkedInAt: Date
    public var desk: String
    public var operatorName: String
    public var distributionName: String
}

/// One line of a household's history: an issuance, live or voided.
public struct HistoryEntry: Sendable, Hashable {
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
    public var voidedAt: Date?
    public var voidedBy: String?
    public var voidReason: String?
    public var isVoided: Bool { voidedAt != nil }
}

public struct HouseholdHistory: Sendable, Hashable {
    public var household: Household
    public var entries: [HistoryEntry]
    public var checkIns: [CheckInOutcome]
}
