import DeskCore
import Foundation

/// Drives the desk: hands keys to the state, carries out the effects against the backend,
/// and notices other desks' writes. No terminal here: the terminal layer feeds it keys and
/// draws `render()`, and tests do the same with a fake backend.
public struct DeskLoop {
    public private(set) var state: DeskState
    private let backend: any DeskBackend
    private var lastChange: Int

    public init(state: DeskState, backend: any DeskBackend) {
        self.state = state
        self.backend = backend
        lastChange = backend.changeCounter()
        _ = run([.refreshOverview])
    }

    /// Handles one key. Returns false when the desk should close.
    ///
    /// - Parameter moreKeysWaiting: the terminal already holds further typed keys (fast typing,
    ///   a paste). The search this key asks for is then stale before it starts: it is skipped,
    ///   and only the search for the query as it stands when the keys run out is made.
    public mutating func press(_ key: Key, now: Date = Date(), moreKeysWaiting: Bool = false) -> Bool {
        state.now = now
        state.lastActivity = now
        if searchPending && !Self.editsText(key) {
            // Enter, arrows and the like act on the results: they must be those of the query as typed.
            searchPending = false
            _ = run(currentSearch())
        }
        var effects = state.handle(key)
        if effects.contains(where: Self.isSearch) {
            effects.removeAll(where: Self.isSearch)
            searchPending = true
        }
        let started = ContinuousClock.now
        guard run(effects) else { return false }
        // Time spent answering (a PIN checked, a busy database) is not idle time: a desk whose
        // unlock took longer than the idle limit must not lock again the moment it opens.
        let spent = started.duration(to: .now)
        state.lastActivity = now.addingTimeInterval(
            Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18)
        if searchPending && !moreKeysWaiting {
            searchPending = false
            return run(currentSearch())
        }
        return true
    }

    private var searchPending = false

    private func currentSearch() -> [DeskEffect] {
        state.query.text.trimmingSpaces().isEmpty ? [] : [.search(state.query.text)]
    }

    private static func isSearch(_ effect: DeskEffect) -> Bool {
        if case .search = effect { return true }
        return false
    }

    private static func editsText(_ key: Key) -> Bool {
        switch key {
        case .character, .backspace, .delete, .left, .right, .home, .end, .control("u"), .control("w"),
            .control("a"), .control("e"):
            return true
        default:
            return false
        }
    }

    /// Checks whether another desk wrote since the last look; if so, fetches what the screen
    /// shows again. Returns true when the screen needs redrawing.
    public mutating func poll(now: Date = Date()) -> Bool {
        let minuteChanged = clockTime(now, timeZone: state.config.timeZone) != clockTime(state.now, timeZone: state.config.timeZone)
        state.now = now
        let locking = state.lockIfIdle(now: now)
        if !locking.isEmpty {
            _ = run(locking)
            return true
        }
        // A locked desk shows nothing to refresh, and its backend may read nothing: unlocking
        // fetches everything afresh.
        guard state.lock == nil else { return minuteChanged }
        let change = backend.changeCounter()
        guard change != lastChange else { return minuteChanged }
        lastChange = change
        _ = run(state.refreshAfterOutsideChange())
        return true
    }

    public func render(width: Int, height: Int) -> ScreenBuffer {
        state.render(width: width, height: height)
    }

    /// The screen to put on the terminal now; from here on, keys act on what it shows.
    public mutating func draw(width: Int, height: Int) -> ScreenBuffer {
        state.noteShown(width: width, height: height)
        return state.render(width: width, height: height)
    }

    /// Runs effects and the effects that their answers cause. Returns false on quit.
    private mutating func run(_ effects: [DeskEffect]) -> Bool {
        var queue = effects[...]
        var steps = 0
        while let effect = queue.popFirst() {
            steps += 1
            if steps > 64 { break }  // answers never chain this far; a guard against a loop
            if effect == .quit { return false }
            if let event = perform(effect) {
                queue.append(contentsOf: state.apply(event))
            }
        }
        // `lastChange` stays what it was before these effects ran: another desk's commit that lands
        // while we fetch (after our reads, before now) must still bring a refresh at the next poll.
        // SQLite's data_version does not move for this connection's own commits, so our own writes
        // cost nothing; a backend whose counter does move for them gets one harmless refresh.
        return true
    }

    private func perform(_ effect: DeskEffect) -> DeskEvent? {
        let now = state.now
        do throws(DeskFailure) {
            switch effect {
            case .quit:
                return nil
            case .refreshOverview:
                return .overview(try backend.overview(now: now))
            case .search(let query):
                return .results(query: query, rows: backend.search(query, limit: DeskState.resultLimit))
            case .openCard(let household):
                return .card(try backend.card(household: household, now: now))
            case .openCardByCode(let code):
                return .card(try backend.card(code: code, now: now))
            case .issue(let household, let kits, let collector, let overrideReason):
                return .issued(try backend.issue(
                    household: household, kits: kits, collector: collector, overrideReason: overrideReason, now: now))
            case .void(let id, let reason):
                try backend.void(issuance: id, reason: reason, now: now)
                return .voided(issuance: id)
            case .loadDistributions:
                return .distributions(try backend.distributions())
            case .openDistribution(let name, let date, let place, let stock):
                let lines = stock.map { (kit: $0.kit, quantity: $0.quantity) }
                let id = try backend.openDistribution(name: name, date: date, place: place, stock: lines, now: now)
                return .distributionOpened(id: id, name: name)
            case .closeDistribution(let id):
                return .distributionClosed(id: id, note: try backend.closeDistribution(id: id, now: now))
            case .adjustStock(let kit, let delta, let reason):
                try backend.adjustStock(kit: kit, by: delta, reason: reason, now: now)
                return .stockAdjusted(kit: kit, delta: delta)
            case .loadReport(let id):
                return .report(try backend.report(distribution: id, now: now))
            case .loadCloseOut(let id):
                return .closeOutSheet(try backend.closeOutSheet(distribution: id))
            case .checkIn(let household, let person, let document):
                return .checkedIn(try backend.checkIn(household: household, person: person, document: document, now: now))
            case .loadArrivals:
                return .arrivals(try backend.arrivals(now: now))
            case .loadAbsent:
                return .absent(try backend.absent())
            case .lock:
                backend.lock(now: now)
                return nil
            case .unlock(let pin):
                return .signedIn(try backend.unlock(pin: pin, now: now))
            case .signIn(let name, let pin):
                return .signedIn(try backend.signIn(name: name, pin: pin, now: now))
            case .closeOut(let id, let counts):
                let note = try backend.closeOut(distribution: id, counts: counts, now: now)
                let differences = counts.filter { count in count.expectedShown.map { count.counted != $0 } ?? false }.count
                return .closedOut(distribution: id, differences: differences, note: note)
            }
        } catch {
            return .failed(error)
        }
    }
}
