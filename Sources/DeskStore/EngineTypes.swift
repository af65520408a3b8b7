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

public struct StatusReport: Sendable, Hashable {
    public var households: Int
    public var people: Int
    public var distributions: [DistributionSummary]
}

/// A household with what it received, newest first, voids included and marked.
public struct HouseholdHistory: Sendable, Hashable {
    public var household: Household
    public var entries: [HistoryLine]
}
