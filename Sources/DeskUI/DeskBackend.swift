import DeskCore
import Foundation

/// What the screen asks of the engine. The program implements it over the database; tests
/// implement it in memory. Every call is made from the screen's one thread.
public protocol DeskBackend {
    func overview(now: Date) throws -> DeskOverview
    func search(_ query: String, limit: Int) -> [SearchRow]
    func card(household: String, now: Date) throws -> HouseholdCard
    func issue(household: String, kits: [String], collector: Collector, now: Date) -> Result<IssueSummary, DeskFailure>
    func void(issuance: Int64, reason: String, now: Date) -> Result<Void, DeskFailure>
    func distributions() throws -> [DistributionSummary]
    func openDistribution(name: String, date: CivilDate, place: String, stock: [(kit: String, quantity: Int)], now: Date)
        -> Result<Int64, DeskFailure>
    /// Closes without counting; the note says where the automatic backup went, or that it failed.
    func closeDistribution(id: Int64, now: Date) -> Result<CloseNote?, DeskFailure>
    func adjustStock(kit: String, by delta: Int, reason: String, now: Date) -> Result<Void, DeskFailure>
    /// A number that changes whenever any desk (any process) writes: the screen polls it.
    func changeCounter() -> Int
    /// The figures of a distribution (nil: the open one, else the latest), hours in the desk's time zone.
    func report(distribution: Int64?, now: Date) throws -> DistributionReport
    /// What closing the distribution asks to count: per kit, the expected `received - issued`.
    func closeOutSheet(distribution: Int64) throws -> CloseOutSheet
    /// Records the count per kit (every kit, or none) and closes the distribution, in one transaction.
    func closeOut(distribution: Int64, counts: [KitCount], now: Date) -> Result<CloseNote?, DeskFailure>
    /// Checks the household in for the open distribution: who came (nil: not said) and the
    /// document seen. Twice is harmless: the summary then carries the first check-in.
    func checkIn(household: String, person: Collector?, document: CheckInDocument?, now: Date)
        -> Result<CheckInSummary, DeskFailure>
    /// The open distribution's counts, waiting list (arrival order) and latest check-ins.
    func arrivals(now: Date) throws -> ArrivalsOverview
    /// Registered families not checked in for the open distribution, by settlement.
    func absent() throws -> [AbsentRow]
    /// The desk locked (idle, or Ctrl-L): the backend forgets the operator, so that nothing
    /// reads or writes the register until `unlock` or `signIn` succeeds.
    func lock(now: Date)
    /// The operator who was signed in when the desk locked types their PIN again.
    func unlock(pin: String, now: Date) -> Result<DeskOperator, DeskFailure>
    /// Another operator takes the desk with their own name and PIN.
    func signIn(name: String, pin: String, now: Date) -> Result<DeskOperator, DeskFailure>
}

extension DeskBackend {
    // For a backend made before arrivals existed: nothing to show, and a check-in says so.
    public func checkIn(household: String, person: Collector?, document: CheckInDocument?, now: Date)
        -> Result<CheckInSummary, DeskFailure>
    {
        .failure(.message("check-in is not available here"))
    }
    public func arrivals(now: Date) throws -> ArrivalsOverview { .empty }
    public func absent() throws -> [AbsentRow] { [] }
    // For a backend made before operators existed: there is nobody to sign in.
    public func lock(now: Date) {}
    public func unlock(pin: String, now: Date) -> Result<DeskOperator, DeskFailure> {
        .failure(.message("signing in is not available here"))
    }
    public func signIn(name: String, pin: String, now: Date) -> Result<DeskOperator, DeskFailure> {
        .failure(.message("signing in is not available here"))
    }
}
