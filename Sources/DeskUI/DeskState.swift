import DeskCore
import Foundation

/// A line at the bottom that says what just happened, in the colour of its kind.
public struct DeskMessage: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case info, success, error }
    public var kind: Kind
    public var text: String
}

/// What the terminal last drew. A key is an intention about what the volunteer could see:
/// Enter on a card acts only when that very card (its kits, ticks and collector) is on screen.
public struct ShownScreen: Sendable, Hashable {
    /// False when the terminal was smaller than the desk needs and only a notice was drawn.
    public var fits: Bool
    /// The card as drawn; nil when no card was on screen.
    public var card: CardState?
}

/// Everything on the desk's screen. Changed only by `handle` and `apply`, drawn only by `render`.
/// It holds what every screen shares (the title's figures, the message line, the question, the
/// lock, the mode) and the screen on display; each screen's file under `Screens/` holds the rest.
public struct DeskState: Sendable {
    public var config: DeskConfig
    public var now: Date
    /// The open distribution, its stock and today's count: the title and stock bars.
    public var overview: DeskOverview = .empty
    /// Checked in, served, waiting, not come; the waiting list and the door's latest check-ins.
    public var arrivals: ArrivalsOverview = .empty
    /// What the desk is doing now: the mode it was opened in, or the door (F11) on an issuing desk.
    public var mode: DeskMode
    public var current: ScreenState = .search
    /// The search line and its results: kept beneath every other screen, as Esc finds them.
    public var search = SearchScreen()
    public var prompt: Prompt?
    public var showingHelp = false
    public var message: DeskMessage?
    /// Set while the desk is locked: the screen shows only the lock, keys go to it.
    public var lock: DeskLock?
    /// The last key pressed (or the desk's opening): the idle time is counted from it.
    public var lastActivity: Date
    /// What the terminal last drew (`DeskLoop.draw`); nil before the first drawing.
    public var shown: ShownScreen?
    /// True from an issue until a key other than Enter: a held-down Enter (or a cat on the
    /// keyboard) must not go on to open and serve the next family on the waiting list.
    var enterSpentOnIssue = false
    /// Where Esc leads from the card asked for last, once it arrives.
    var nextCardReturn: CardReturnAsked?

    /// Search results shown at most; the screen has room for fewer, the rest scroll.
    public static let resultLimit = 50
    /// The door's latest check-ins shown on its empty search screen.
    public static let recentLimit = 12

    public init(config: DeskConfig, now: Date) {
        self.config = config
        self.now = now
        lastActivity = now
        mode = Self.mode(config.mode, for: config.role)
    }

    /// The kind of screen on display.
    public var screen: Screen { current.kind }

    /// The mode the desk opens in for this role: an operator who may not issue (an assistant)
    /// gets the look-up desk whatever was asked for.
    static func mode(_ asked: DeskMode, for role: OperatorRole?) -> DeskMode {
        guard let role else { return asked }
        if asked == .arrivals { return role.allows(.checkIn) ? .arrivals : .lookup }
        return role.allows(.issue) ? asked : .lookup
    }

    /// True when the signed-in operator's role allows `action` (always in setup mode). The
    /// engine checks for itself; the screen uses it to hide keys and to answer in words.
    func may(_ action: DeskAction) -> Bool {
        config.role?.allows(action) ?? true
    }

    var strings: Strings { config.strings }
    /// Issuing, voids, coordinator screens: the issuing desk only.
    var canWrite: Bool { mode == .desk }
    /// Checking families in: the issuing desk and the door.
    var canCheckIn: Bool { mode != .lookup }
    var atDoor: Bool { mode == .arrivals }

    func kitName(_ code: String) -> String {
        config.catalogue[code]?.name(in: strings.language) ?? code
    }

    mutating func show(_ kind: DeskMessage.Kind, _ text: String) {
        message = DeskMessage(kind: kind, text: text)
    }

    mutating func show(_ failure: DeskFailure) {
        switch failure {
        case .refusal(let refusal):
            show(.error, strings.explain(refusal, catalogue: config.catalogue, timeZone: config.timeZone))
        case .engine(let error):
            show(.error, strings.explain(error))
        case .message(let text):
            show(.error, text)
        case .closeOut(let error):
            show(.error, strings.explain(error, catalogue: config.catalogue))
        case .access(let error):
            show(.error, strings.explain(error, timeZone: config.timeZone, now: now))
        case .card(let refusal):
            show(.error, strings.explain(refusal))
        }
    }

    /// Back to the empty-handed search (nothing typed is lost there: the query stays).
    mutating func goToSearch() {
        current = .search
    }

    mutating func readOnly() -> [DeskEffect] {
        show(.error, strings(atDoor ? "arrivals.noIssuing" : "desk.readOnly"))
        return []
    }

    /// A key the operator's role does not allow: said in words, as the engine would.
    mutating func notAllowed(_ action: DeskAction) -> [DeskEffect] {
        if let role = config.role {
            show(.error, strings.explain(AccessError.notAllowed(role: role, action: action), timeZone: config.timeZone, now: now))
        }
        return []
    }

    static func isEnter(_ key: Key) -> Bool {
        key == .enter || key == .function(2) || key == .control("s")
    }

    /// Where a list's selection (or a scroll position) goes for an arrow or page key, and for
    /// Home and End where they belong to the list; nil when the key does not move in lists.
    static func moved(_ index: Int, by key: Key, last: Int, homeAndEnd: Bool = true) -> Int? {
        switch key {
        case .up: return max(0, index - 1)
        case .down: return min(last, index + 1)
        case .pageUp: return max(0, index - 10)
        case .pageDown: return min(last, index + 10)
        case .home where homeAndEnd: return 0
        case .end where homeAndEnd: return last
        default: return nil
        }
    }
}

// MARK: - Keys

extension DeskState {
    /// Applies one key; returns what the loop must ask of the backend.
    public mutating func handle(_ key: Key) -> [DeskEffect] {
        let context = keyContext
        let row = KeyBinding.row(for: key, in: context, mode: mode)
        if row?.command == .quit { return [.quit] }
        if key == .resize || key == .unknown { return [] }
        // A screen too small to show the desk shows only a notice: nothing typed at it can know
        // what it would do, so nothing is done until the window is large enough again.
        if let shown, !shown.fits { return [] }
        let enterAfterIssue = enterSpentOnIssue
        enterSpentOnIssue = enterSpentOnIssue && Self.isEnter(key)
        if lock != nil { return handleLock(key, row?.command) }
        if row?.command == .lock { return lockDesk(idle: false) }
        if showingHelp {
            showingHelp = false
            return []
        }
        if prompt != nil { return handlePrompt(key, row?.command) }
        let dispatch = command(for: key, in: context)
        switch dispatch {
        case .refused(let effects): return effects
        case .command(.help):
            showingHelp = true
            return []
        default: break
        }
        if enterAfterIssue && Self.isEnter(key) && screen == .search {
            // Where Enter would open nothing, nothing needs saying.
            guard showsWaitingList || !search.results.isEmpty else { return [] }
            // The hint joins what was issued rather than hiding it.
            let hint = strings("desk.enterAfterIssue")
            if let said = message, said.kind == .success {
                if !said.text.hasSuffix(hint) { show(.success, said.text + " " + hint) }
            } else {
                show(.info, hint)
            }
            return []
        }
        return screenKey(dispatch, key)
    }

    /// The terminal drew the screen at this size: what it showed is what keys may act on.
    public mutating func noteShown(width: Int, height: Int) {
        let fits = width >= minimumScreen.width && height >= minimumScreen.height
        shown = ShownScreen(fits: fits, card: fits && lock == nil && prompt == nil && !showingHelp ? current.card : nil)
    }

    /// Typing a name anywhere but the search line starts the next search with that letter:
    /// nothing typed is lost to the wrong screen.
    mutating func startSearch(with letter: Character) -> [DeskEffect] {
        goToSearch()
        message = nil
        search.query.set(String(letter))
        search.selectedResult = 0
        return [.search(search.query.text)]
    }
}

// MARK: - Answers from the backend

extension DeskState {
    /// Applies a backend answer; returns follow-up effects (a refresh after a write).
    public mutating func apply(_ event: DeskEvent) -> [DeskEffect] {
        switch event {
        case .overview(let fresh):
            overview = fresh
            if case .stock(var screen) = current {
                screen.selected = min(screen.selected, max(0, fresh.stock.count - 1))
                current = .stock(screen)
            }
            // The waiting list and the counts follow the overview wherever families are checked in.
            return canCheckIn ? [.loadArrivals] : []
        case .arrivals(let fresh):
            applyArrivals(fresh)
            return []
        case .results(let forQuery, let rows):
            applyResults(rows, for: forQuery)
            return []
        case .card(let fresh):
            applyCard(fresh)
            return []
        case .issued(let summary): return applyIssued(summary)
        case .voided(let id): return applyVoided(id)
        case .checkedIn(let summary): return applyCheckedIn(summary)
        case .distributions(let list):
            applyDistributions(list)
            return []
        case .distributionOpened(let id, let name): return applyDistributionOpened(id: id, name: name)
        case .distributionClosed(let id, let note): return applyDistributionClosed(id: id, note: note)
        case .stockAdjusted(let kit, let delta):
            show(.success, strings("desk.stockAdjusted", ["kit": kitName(kit), "delta": delta > 0 ? "+\(delta)" : "\(delta)"]))
            return [.refreshOverview]
        case .report(let fresh):
            applyReport(fresh)
            return []
        case .closeOutSheet(let sheet):
            applyCloseOutSheet(sheet)
            return []
        case .closedOut(let id, let differences, let note):
            return applyClosedOut(id: id, differences: differences, note: note)
        case .absent(let list):
            applyAbsent(list)
            return []
        case .signedIn(let person):
            return unlocked(as: person)
        case .failed(.access(let error)) where lock == nil && Self.needsNewSignIn(error):
            // Disabled, or the PIN changed, since signing in: every action would be refused, so the
            // desk locks and waits for a PIN (the new one) or another operator.
            let effects = lockDesk(idle: false)
            show(DeskFailure.access(error))
            return effects
        case .failed(let failure):
            show(failure)
            // The list of who has not come could not be read (a role that may not see it): back to the search.
            if case .absent(let screen) = current, !screen.loaded { goToSearch() }
            if case .closeOut(let screen) = current, case .closeOut(.expectedChanged) = failure {
                return [.loadCloseOut(distribution: screen.form.sheet.distributionId)]
            }
            return []
        }
    }

    /// "Closed", then where the backup went; in red when it was not written, so it is not missed.
    mutating func showClosed(_ closed: String, _ note: CloseNote?) {
        guard let note else { return show(.success, closed) }
        show(note.isWarning ? .error : .success, closed + " " + note.text)
    }

    /// Another desk wrote something: fetch what the screen shows again.
    public func refreshAfterOutsideChange() -> [DeskEffect] {
        var effects: [DeskEffect] = [.refreshOverview]
        if case .card(let screen) = current { effects.append(.openCard(household: screen.card.card.household.number)) }
        if !search.query.text.trimmingSpaces().isEmpty { effects.append(.search(search.query.text)) }
        return effects + screenReloads
    }
}

// MARK: - What tests and the terminal read

extension DeskState {
    public var query: TextField { search.query }
    public var results: [SearchRow] { search.results }
    public var selectedResult: Int { search.selectedResult }
    public var selectedWaiting: Int { search.selectedWaiting }
    /// The card on display.
    public var card: CardState? { current.card }
    public var form: DistributionForm? {
        if case .newDistribution(let screen) = current { return screen.form }
        return nil
    }
    public var closeOut: CloseOutForm? {
        if case .closeOut(let screen) = current { return screen.form }
        return nil
    }
    public var report: DistributionReport? {
        if case .report(let screen) = current { return screen.report }
        return nil
    }
    /// The coordinator's list of distributions, on its screen or beneath the form over it.
    public var distributionList: [DistributionSummary] { distributionsBeneath?.list ?? [] }
    public var absentList: [AbsentRow] {
        switch current {
        case .absent(let screen): return screen.list
        case .card(let screen): if case .absent(let absent) = screen.returnTo { return absent.list }
        default: break
        }
        return []
    }
}
