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

    func overview(now: Date) throws(DeskFailure) -> DeskOverview {
        let overview = try answering { try database.deskOverview(now: now, timeZone: context.timeZone) }
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

    func card(household: String, now: Date) throws(DeskFailure) -> HouseholdCard {
        try answering { try readCard(household: household, now: now) }
    }

    private func readCard(household: String, now: Date) throws -> HouseholdCard {
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

    func card(code: CardCode, now: Date) throws(DeskFailure) -> HouseholdCard {
        let number = try answering { try database.household(forCard: code, timeZone: context.timeZone) }
        return try card(household: number, now: now)
    }

    func issue(household: String, kits: [String], collector: Collector, overrideReason: String?, now: Date)
        throws(DeskFailure) -> IssueSummary
    {
        try answering {
            let members = try database.household(number: household)?.members ?? []
            let collectedBy: String?
            switch collector {
            case .member(let index): collectedBy = members.indices.contains(index) ? members[index].fullName : nil
            case .proxy(let name): collectedBy = name
            }
            return try database.issue(
                household: household, kits: kits, distribution: distributionId, collectedBy: collectedBy,
                overrideReason: overrideReason, context: context, now: now)
        }
    }

    func void(issuance: Int64, reason: String, now: Date) throws(DeskFailure) {
        try answering { try database.void(issuance: issuance, reason: reason, context: context, now: now) }
    }

    func distributions() throws(DeskFailure) -> [DistributionSummary] {
        try answering { try database.status().distributions.reversed() }
    }

    func openDistribution(name: String, date: CivilDate, place: String, stock: [(kit: String, quantity: Int)], now: Date)
        throws(DeskFailure) -> Int64
    {
        try answering { try database.openDistribution(name: name, date: date, place: place, stock: stock, context: context, now: now) }
    }

    func closeDistribution(id: Int64, now: Date) throws(DeskFailure) -> CloseNote? {
        try answering { note(try database.closeDistribution(id: id, context: context, now: now).backup) }
    }

    /// Where the automatic backup went, or the warning that it was not written, in words.
    private func note(_ backup: AutomaticBackup) -> CloseNote? {
        guard let text = strings?.explain(backup) else { return nil }
        if case .failed = backup { return CloseNote(text: text, isWarning: true) }
        return CloseNote(text: text, isWarning: false)
    }

    func adjustStock(kit: String, by delta: Int, reason: String, now: Date) throws(DeskFailure) {
        try answering {
            try database.adjustStock(distribution: distributionId, kit: kit, by: delta, reason: reason, context: context, now: now)
        }
    }

    func report(distribution: Int64?, now: Date) throws(DeskFailure) -> DistributionReport {
        try answering { try database.report(distribution: distribution, hubCity: hubCity, timeZone: context.timeZone) }
    }

    func closeOutSheet(distribution: Int64) throws(DeskFailure) -> CloseOutSheet {
        try answering { try database.closeOutSheet(distribution: distribution) }
    }

    func closeOut(distribution: Int64, counts: [KitCount], now: Date) throws(DeskFailure) -> CloseNote? {
        try answering { note(try database.closeDistribution(id: distribution, counts: counts, context: context, now: now).backup) }
    }

    // MARK: Arrivals

    func checkIn(household: String, person: Collector?, document: CheckInDocument?, now: Date)
        throws(DeskFailure) -> CheckInSummary
    {
        try answering {
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

    func arrivals(now: Date) throws(DeskFailure) -> ArrivalsOverview {
        try answering { try readArrivals(now: now) }
    }

    private func readArrivals(now: Date) throws -> ArrivalsOverview {
        guard let distributionId else { return .empty }
        let counts = try database.arrivalCounts(distribution: distributionId)
        let waiting = try database.waitingList(distribution: distributionId, day: CivilDate(now, in: context.timeZone))
        let recent = try database.recentArrivals(distribution: distributionId, limit: DeskState.recentLimit)
        return ArrivalsOverview(
            registered: counts.registered, checkedIn: counts.checkedIn, served: counts.served, notCome: counts.notCome,
            waiting: waiting, recent: recent)
    }

    func absent() throws(DeskFailure) -> [AbsentRow] {
        guard let distributionId else { throw .refusal(.noOpenDistribution) }
        return try answering { try database.absentFamilies(distribution: distributionId) }
    }

    // MARK: Lock

    func lock(now: Date) {
        guard database.session != nil else { return }
        lockedSession = database
        database = database.signedOut
        try? database.recordDeskLocked(context: context, now: now)
    }

    func unlock(pin: String, now: Date) throws(DeskFailure) -> DeskOperator {
        guard let lockedSession else { throw .message(strings?("lock.setupMode") ?? "not locked") }
        return try answering {
            signedIn(try Self.waitingBriefly { try lockedSession.reauthenticate(pin: pin, desk: context.desk) })
        }
    }

    func signIn(name: String, pin: String, now: Date) throws(DeskFailure) -> DeskOperator {
        let signedOut = database.signedOut
        return try answering {
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

    /// Runs `body`; whatever it throws comes out as the screen's `DeskFailure`: the engine's
    /// reasons as they are, a full disk or a desk that held the database too long in the
    /// user's language (never "database is locked"), anything else as it describes itself.
    /// The one place where the engine's errors become the screen's.
    private func answering<T>(_ body: () throws -> T) throws(DeskFailure) -> T {
        do {
            return try body()
        } catch {
            if let failure = DeskFailure(error) { throw failure }
            if let strings, let failure = StorageFailure(error, databasePath: database.path) {
                throw .message(explain(failure, strings: strings))
            }
            throw .message(String(describing: error))
        }
    }
}
