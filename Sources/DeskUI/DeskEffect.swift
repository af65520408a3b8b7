import DeskCore
import Foundation

// What travels between the screen and the backend (bubbletea's commands and messages): a key
// gives effects, the loop carries each out against the backend, and the answer comes back as an
// event that `DeskState.apply` turns into state and, at times, further effects.

/// What the loop must do after a state change: ask the backend, or stop.
public enum DeskEffect: Sendable, Hashable {
    case refreshOverview
    case search(String)
    case openCard(household: String)
    /// A household card's code, scanned or typed into the search line: that family's card at once.
    case openCardByCode(CardCode)
    /// `overrideReason`: a coordinator gives the ticked kits off the plan with this reason.
    case issue(household: String, kits: [String], collector: Collector, overrideReason: String? = nil)
    case void(issuance: Int64, reason: String)
    case loadDistributions
    case openDistribution(name: String, date: CivilDate, place: String, stock: [StockRequest])
    case closeDistribution(id: Int64)
    case adjustStock(kit: String, delta: Int, reason: String)
    /// nil: the open distribution, else the latest.
    case loadReport(distribution: Int64?)
    case loadCloseOut(distribution: Int64)
    case closeOut(distribution: Int64, counts: [KitCount])
    /// nil person: who came was not said.
    case checkIn(household: String, person: Collector?, document: CheckInDocument?)
    case loadArrivals
    case loadAbsent
    /// The desk locks: the backend forgets the operator until a PIN is typed.
    case lock
    /// The operator who was signed in unlocks with their PIN.
    case unlock(pin: String)
    /// Another operator takes the locked desk.
    case signIn(name: String, pin: String)
    case quit
}

public struct StockRequest: Sendable, Hashable {
    public var kit: String
    public var quantity: Int
}

/// What the backend answered to an effect; fed back into the state by the loop.
public enum DeskEvent: Sendable {
    case overview(DeskOverview)
    case results(query: String, rows: [SearchRow])
    case card(HouseholdCard)
    case issued(IssueSummary)
    case voided(issuance: Int64)
    case distributions([DistributionSummary])
    case distributionOpened(id: Int64, name: String)
    case distributionClosed(id: Int64, note: CloseNote?)
    case stockAdjusted(kit: String, delta: Int)
    case report(DistributionReport)
    case closeOutSheet(CloseOutSheet)
    case closedOut(distribution: Int64, differences: Int, note: CloseNote?)
    case checkedIn(CheckInSummary)
    case arrivals(ArrivalsOverview)
    case absent([AbsentRow])
    /// A PIN was accepted on the locked desk: the operator now signed in.
    case signedIn(DeskOperator)
    case failed(DeskFailure)
}
