import DeskCore
import Foundation

/// What the screen asks of the engine. The program implements it over the database; tests
/// implement it in memory. Every call is made from the screen's one thread, and every call
/// that can fail says why one way: it throws a `DeskFailure`.
public protocol DeskBackend {
    func overview(now: Date) throws(DeskFailure) -> DeskOverview
    func search(_ query: String, limit: Int) -> [SearchRow]
    func card(household: String, now: Date) throws(DeskFailure) -> HouseholdCard
    /// The card of the family a household card's code names; `.card(CardRefusal)` when it names
    /// none (a replaced card, a code never printed).
    func card(code: CardCode, now: Date) throws(DeskFailure) -> HouseholdCard
    /// `overrideReason`: a coordinator's reason for giving kits the distribution's plan does not give this family.
    func issue(household: String, kits: [String], collector: Collector, overrideReason: String?, now: Date)
        throws(DeskFailure) -> IssueSummary
    func void(issuance: Int64, reason: String, now: Date) throws(DeskFailure)
    func distributions() throws(DeskFailure) -> [DistributionSummary]
    func openDistribution(name: String, date: CivilDate, place: String, stock: [(kit: String, quantity: Int)], now: Date)
        throws(DeskFailure) -> Int64
    /// Closes without counting; the note says where the automatic backup went, or that it failed.
    func closeDistribution(id: Int64, now: Date) throws(DeskFailure) -> CloseNote?
    func adjustStock(kit: String, by delta: Int, reason: String, now: Date) throws(DeskFailure)
    /// A number that changes whenever any desk (any process) writes: the screen polls it.
    func changeCounter() -> Int
    /// The figures of a distribution (nil: the open one, else the latest), hours in the desk's time zone.
    func report(distribution: Int64?, now: Date) throws(DeskFailure) -> DistributionReport
    /// What closing the distribution asks to count: per kit, the expected `received - issued`.
    func closeOutSheet(distribution: Int64) throws(DeskFailure) -> CloseOutSheet
    /// Records the count per kit (every kit, or none) and closes the distribution, in one transaction.
    func closeOut(distribution: Int64, counts: [KitCount], now: Date) throws(DeskFailure) -> CloseNote?
    /// Checks the household in for the open distribution: who came (nil: not said) and the
    /// document seen. Twice is harmless: the summary then carries the first check-in.
    func checkIn(household: String, person: Collector?, document: CheckInDocument?, now: Date)
        throws(DeskFailure) -> CheckInSummary
    /// The open distribution's counts, waiting list (arrival order) and latest check-ins.
    func arrivals(now: Date) throws(DeskFailure) -> ArrivalsOverview
    /// Registered families not checked in for the open distribution, by settlement.
    func absent() throws(DeskFailure) -> [AbsentRow]
    /// The desk locked (idle, or Ctrl-L): the backend forgets the operator, so that nothing
    /// reads or writes the register until `unlock` or `signIn` succeeds.
    func lock(now: Date)
    /// The operator who was signed in when the desk locked types their PIN again.
    func unlock(pin: String, now: Date) throws(DeskFailure) -> DeskOperator
    /// Another operator takes the desk with their own name and PIN.
    func signIn(name: String, pin: String, now: Date) throws(DeskFailure) -> DeskOperator
}

extension DeskBackend {
    // For a backend made before arrivals existed: nothing to show, and a check-in says so.
    public func checkIn(household: String, person: Collector?, document: CheckInDocument?, now: Date)
        throws(DeskFailure) -> CheckInSummary
    {
        throw .message("check-in is not available here")
    }
    public func arrivals(now: Date) throws(DeskFailure) -> ArrivalsOverview { .empty }
    public func absent() throws(DeskFailure) -> [AbsentRow] { [] }
    // For a backend made before operators existed: there is nobody to sign in.
    public func lock(now: Date) {}
    public func unlock(pin: String, now: Date) throws(DeskFailure) -> DeskOperator {
        throw .message("signing in is not available here")
    }
    public func signIn(name: String, pin: String, now: Date) throws(DeskFailure) -> DeskOperator {
        throw .message("signing in is not available here")
    }
}
