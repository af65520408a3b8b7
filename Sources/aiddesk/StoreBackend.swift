import DeskCore
import DeskStore
import DeskUI
import Foundation

/// The desk screen's backend over the hub's database: wiring between DeskUI and DeskStore.
final class StoreBackend: DeskBackend {
    /// Acting for the signed-in operator; signed out while the desk is locked.
    private var database: DeskDatabase
    private var context: DeskContext
    /// The handle as it was when the desk locked: its operator's PIN unlocks it.
    private var lockedSession: DeskDatabase?
    private var index: SearchIndex
    private var indexedVersion: Int64
    private var previousSearch: SearchResults?
    /// The distribution the desk issues in, as of the last overview.
    private var distributionId: Int64?
    /// The household whose card was last recorded as looked at: a card refreshed after a change
    /// (this desk's or another's) is not a new look-up.
    private var lastLookup: String?
    /// The hub's city for the report screen; else the settlement with the most households.
    var hubCity: String? = ProcessInfo.processInfo.environment["AIDDESK_HUB_CITY"].flatMap { $0.isEmpty ? nil : $0 }
    /// The interface strings, to put a full disk or a desk that held the database too long
    /// into words (never "database is locked").
    var strings: Strings?

    init(database: DeskDatabase, context: DeskContext) throws {
        self.database = database
        self.context = context
        indexedVersion = try database.registerVersion()
        index = SearchIndex(records: try database.searchRecords())
    }

    func readOverview(now: Date) throws -> DeskOverview {
        let overview = try database.deskOverview(now: now, timeZone: context.timeZone)
        distributionId = overview.distribution?.id
        return overview
    }

    func search(_ query: String, limit: Int) -> [SearchRow] {
        rebuildIndexIfRegisterChanged()
        guard let found = index.search(query, limit: limit, refining: previousSearch) else { return [] }
        previousSearch = found
        let numbers = Array(Set(found.results.map(\.household)))
        let summaries = (try? database.householdSummaries(numbers: numbers)) ?? [:]
        let received = distributionId.flatMap { try? database.receivedKits(households: numbers, distribution: $0) } ?? [:]
        return found.results.map { result in
            let summary = summaries[result.household]
            let years = summary?.birthYears ?? []
            return SearchRow(
                household: result.household, personName: result.name,
                birthYear: years.indices.contains(result.member) ? years[result.member] : nil,
                settlement: summary?.settlement ?? "", memberCount: years.count, matchKind: result.kind,
                receivedKits: received[result.household] ?? [])
        }
    }

    func readCard(household: String, now: Date) throws -> HouseholdCard {
        guard let found = try database.household(number: household) else {
            throw IssueRefusal.unknownHousehold(household)
        }
        if household != lastLookup {
            try database.recordLookup(household: household, kind: .card, context: context, now: now)
            lastLookup = household
        }
        let history = try database.history(household: household, context: context).entries
        guard let distributionId else {
            return HouseholdCard(household: found, kits: [], history: history, checkedInAt: nil)
        }
        let arrival = try database.arrival(household: household, distribution: distributionId)
        let kits = try database.kitAvailability(household: household, distribution: distributionId, context: context, now: now)
        let checkedInAt = try database.checkInTime(household: household, distribution: distributionId)
        let duplicates = try database.duplicateWarnings(household: household, distribution: distributionId)
        return HouseholdCard(
            household: found, kits: kits, history: history, checkedInAt: checkedInAt, duplicates: duplicates, arrival: arrival)
    }

    func issue(household: String, kits: [String], collector: Collector, now: Date) -> Result<IssueSummary, DeskFailure> {
        attempt {
            let members = try database.household(number: household)?.members ?? []
            let collectedBy: String?
            switch collector {
            case .member(let index): collectedBy = members.indices.contains(index) ? members[index].fullName : nil
            case .proxy(let name): collectedBy = name
            }
            return try database.issue(
                household: household, kits: kits, distribution: distributionId, collectedBy: collectedBy,
                context: context, now: now)
        }
    }

    func void(issuance: Int64, reason: String, now: Date) -> Result<Void, DeskFailure> {
        attempt { try database.void(issuance: issuance, reason: reason, context: context, now: now) }
    }

    func readDistributions() throws -> [DistributionSummary] {
        try database.status().distributions.reversed()
    }

    func openDistribution(name: String, date: CivilDate, place: String, stock: [(kit: String, quantity: Int)], now: Date)
        -> Result<Int64, DeskFailure>
    {
        attempt { try database.openDistribution(name: name, date: date, place: place, stock: stock, context: context, now: now) }
    }

    func closeDistribution(id: Int64, now: Date) -> Result<CloseNote?, DeskFailure> {
        attempt { note(try database.closeDistribution(id: id, context: context, now: now).backup) }
    }

    /// Where the automatic backup went, or the warning that it was not written, in words.
    private func note(_ backup: AutomaticBackup) -> CloseNote? {
        guard let text = strings?.explain(backup) else { return nil }
        if case .failed = backup { return CloseNote(text: text, isWarning: true) }
        return CloseNote(text: text, isWarning: false)
    }

    func adjustStock(kit: String, by delta: Int, reason: String, now: Date) -> Result<Void, DeskFailure> {
        attempt {
            try database.adjustStock(distribution: distributionId, kit: kit, by: delta, reason: reason, context: context, now: now)
        }
    }

    func readReport(distribution: Int64?, now: Date) throws -> DistributionReport {
        try database.report(distribution: distribution, hubCity: hubCity, timeZone: context.timeZone)
    }

    func readCloseOutSheet(distribution: Int64) throws -> CloseOutSheet {
        try database.closeOutSheet(distribution: distribution)
    }

    func closeOut(distribution: Int64, counts: [KitCount], now: Date) -> Result<CloseNote?, DeskFailure> {
        attempt { note(try database.closeDistribution(id: distribution, counts: counts, context: context, now: now).backup) }
    }

    // MARK: Arrivals

    func checkIn(household: String, person: Collector?, document: CheckInDocument?, now: Date)
        -> Result<CheckInSummary, DeskFailure>
    {
        attempt {
            let members = try database.household(number: household)?.members ?? []
            var member: String?
            var proxy: String?
            switch person {
            case .member(let index)?: member = members.indices.contains(index) ? members[index].fullName : nil
            case .proxy(let name)?: proxy = name
            case nil: break
            }
            var summary = try database.checkIn(
                household: household, distribution: distributionId, member: member, proxy: proxy, document: document,
                context: context, now: now)
            // What the door recorded for the family: its first check-in, under any of its merged numbers.
            let id = try database.resolveDistributionId(distributionId)
            if let recorded = try database.arrival(household: household, distribution: id) { summary.arrival = recorded }
            let waiting = try database.waitingList(distribution: id, day: CivilDate(now, in: context.timeZone))
            summary.queuePosition = waiting.firstIndex { $0.household == summary.household }.map { $0 + 1 }
            return summary
        }
    }

    func readArrivals(now: Date) throws -> ArrivalsOverview {
        guard let distributionId else { return .empty }
        let counts = try database.arrivalCounts(distribution: distributionId)
        let waiting = try database.waitingList(distribution: distributionId, day: CivilDate(now, in: context.timeZone))
        let recent = try database.recentArrivals(distribution: distributionId, limit: DeskState.recentLimit)
        return ArrivalsOverview(
            registered: counts.registered, checkedIn: counts.checkedIn, served: counts.served, notCome: counts.notCome,
            waiting: waiting, recent: recent)
    }

    func readAbsent() throws -> [AbsentRow] {
        guard let distributionId else { throw IssueRefusal.noOpenDistribution }
        return try database.absentFamilies(distribution: distributionId)
    }

    // MARK: Lock

    func lock(now: Date) {
        guard database.session != nil else { return }
        lockedSession = database
        database = database.signedOut
        try? database.recordDeskLocked(context: context, now: now)
    }

    func unlock(pin: String, now: Date) -> Result<DeskOperator, DeskFailure> {
        guard let lockedSession else { return .failure(.message(strings?("lock.setupMode") ?? "not locked")) }
        return attempt {
            signedIn(try Self.waitingBriefly { try lockedSession.reauthenticate(pin: pin, desk: context.desk) })
        }
    }

    func signIn(name: String, pin: String, now: Date) -> Result<DeskOperator, DeskFailure> {
        let signedOut = database.signedOut
        return attempt {
            signedIn(try Self.waitingBriefly {
                try signedOut.signIn(name: name, pin: pin, desk: context.desk, record: true)
            })
        }
    }

    /// A PIN typed again right after a typo is refused by the engine for a second or two ("too
    /// soon"): the desk waits that out rather than make the volunteer type it a third time.
    /// Longer pauses (after several wrong PINs) are said on the screen instead.
    private static func waitingBriefly<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch AccessError.tooSoon(_, let until) where until.timeIntervalSinceNow <= 2 {
            Thread.sleep(until: until.addingTimeInterval(0.05))
            return try body()
        }
    }

    /// Takes the handle the engine signed in: from now on every read and write acts for its operator.
    private func signedIn(_ handle: DeskDatabase) -> DeskOperator {
        let session = handle.session!
        if session.name != context.operatorName {
            // Another operator's look-ups are their own: the first card they open is recorded.
            lastLookup = nil
        }
        database = handle
        lockedSession = nil
        context.operatorName = session.name
        return DeskOperator(name: session.name, role: session.role)
    }

    func changeCounter() -> Int {
        (try? database.dataVersion()) ?? 0
    }

    private func rebuildIndexIfRegisterChanged() {
        guard let version = try? database.registerVersion(), version != indexedVersion,
            let records = try? database.searchRecords()
        else { return }
        index = SearchIndex(records: records)
        indexedVersion = version
        previousSearch = nil
    }

    private func attempt<T>(_ body: () throws -> T) -> Result<T, DeskFailure> {
        do {
            return .success(try body())
        } catch let refusal as IssueRefusal {
            return .failure(.refusal(refusal))
        } catch let error as AccessError {
            return .failure(.access(error))
        } catch let error as EngineError {
            return .failure(.engine(error))
        } catch let error as CloseOutError {
            return .failure(.closeOut(error))
        } catch {
            if let strings, let failure = StorageFailure(error, databasePath: database.path) {
                return .failure(.message(explain(failure, strings: strings)))
            }
            return .failure(.message(String(describing: error)))
        }
    }
}

// The screen's reads, with a full disk or a desk that held the database too long put into words
// (a look-up is written in the audit, so it can meet both). Each read is `read…` above; a new
// read the screen asks for gets its line here.
extension StoreBackend {
    func overview(now: Date) throws -> DeskOverview { try inWords { try readOverview(now: now) } }
    func card(household: String, now: Date) throws -> HouseholdCard {
        try inWords { try readCard(household: household, now: now) }
    }
    func distributions() throws -> [DistributionSummary] { try inWords { try readDistributions() } }
    func report(distribution: Int64?, now: Date) throws -> DistributionReport {
        try inWords { try readReport(distribution: distribution, now: now) }
    }
    func closeOutSheet(distribution: Int64) throws -> CloseOutSheet {
        try inWords { try readCloseOutSheet(distribution: distribution) }
    }
    func arrivals(now: Date) throws -> ArrivalsOverview { try inWords { try readArrivals(now: now) } }
    func absent() throws -> [AbsentRow] { try inWords { try readAbsent() } }

    /// Runs `body`; a disk or lock failure comes out as the screen's message, in the user's language.
    private func inWords<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            if let strings, let failure = StorageFailure(error, databasePath: database.path) {
                throw DeskFailure.message(explain(failure, strings: strings))
            }
            throw error
        }
    }
}
