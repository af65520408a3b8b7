import DeskCore
import Foundation

/// Which screen has the keyboard.
public enum Screen: Sendable, Hashable {
    case search
    case card
    case distributions
    case newDistribution
    case stock
    /// The distribution's figures with bar charts (F6 from the search, Enter on a distribution).
    case report
    /// The coordinator counts the stock left, kit by kit, before closing.
    case closeOut
    /// Registered families not checked in, by settlement, with phones: whom the coordinator calls.
    case absent
}

/// A line at the bottom that says what just happened, in the colour of its kind.
public struct DeskMessage: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case info, success, error }
    public var kind: Kind
    public var text: String
}

/// A one-line question over the current screen: a reason, a proxy's name, a confirmation.
public struct Prompt: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable {
        case proxyName
        case voidReason(issuance: Int64)
        case stockChange(kit: String)
        case stockReason(kit: String, delta: Int)
        case confirmClose(distribution: Int64)
        case confirmCloseOut(distribution: Int64)
        /// Checking in: which document was shown (1, 2, 3 or a name typed).
        case checkInDocument(household: String)
        /// Checking in with another document: its name.
        case checkInOtherDocument(household: String)
    }
    public var purpose: Purpose
    public var field: TextField
}

/// The household card while it is open: the selection of kits and who collects.
public struct CardState: Sendable, Hashable {
    public var card: HouseholdCard
    public var selectedKits: Set<String>
    public var collector: Collector
    /// The history line chosen for a void (Up/Down move it).
    public var historyIndex: Int?
}

/// The coordinator's form for a new distribution: name, date, place, and a quantity per kit.
public struct DistributionForm: Sendable, Hashable {
    public var fields: [TextField]
    public var focus: Int = 0
    /// Index of the first kit field; kits follow in catalogue order.
    public static let firstKitField = 3
}

/// The close-out form: per kit of the distribution, the physical count and, where it differs
/// from what the ledger expects, the reason. Fields go count, reason, count, reason…; a reason
/// field takes the cursor only when its count differs.
public struct CloseOutForm: Sendable, Hashable {
    public var sheet: CloseOutSheet
    public var counted: [TextField]
    public var reasons: [TextField]
    /// `2 * line` is the line's count, `2 * line + 1` its reason.
    public var focus: Int = 0

    init(sheet: CloseOutSheet) {
        self.sheet = sheet
        counted = sheet.lines.map { _ in TextField(maxLength: 7) }
        reasons = sheet.lines.map { _ in TextField(maxLength: 200) }
    }

    /// The count typed for line `index`, if it is a whole number.
    func count(_ index: Int) -> Int? { Int(counted[index].text.trimmingSpaces()) }

    /// True when line `index` has a count that differs from what the ledger expects.
    func differs(_ index: Int) -> Bool { count(index).map { $0 != sheet.lines[index].expected } ?? false }

    func canFocus(_ field: Int) -> Bool { field % 2 == 0 || differs(field / 2) }

    mutating func move(by step: Int) {
        var next = focus + step
        while next >= 0 && next < 2 * sheet.lines.count {
            if canFocus(next) {
                focus = next
                return
            }
            next += step
        }
    }

    var isOnLastField: Bool {
        !((focus + 1)..<(2 * sheet.lines.count)).contains { canFocus($0) }
    }

    /// The counts as typed, each with the expected figure shown next to it.
    var counts: [KitCount] {
        sheet.lines.indices.compactMap { i in
            count(i).map {
                KitCount(kit: sheet.lines[i].kit, counted: $0, reason: reasons[i].text, expectedShown: sheet.lines[i].expected)
            }
        }
    }
}

/// The locked desk: the screen shows nothing of the families until a PIN is typed, either the
/// PIN of whoever was signed in, or another operator's name and PIN (Tab).
public struct DeskLock: Sendable, Hashable {
    /// Who was signed in when the desk locked: their PIN unlocks the desk as it was.
    public var operatorName: String
    public var lockedAt: Date
    /// True when it locked by itself after the idle time (false: Ctrl-L).
    public var wasIdle: Bool
    /// Another operator taking the desk: their name (shown only after Tab).
    public var name = TextField(maxLength: 80)
    public var pin = TextField(maxLength: 64)
    /// Another operator signs in (Tab): the name field is shown.
    public var otherOperator = false
    /// The name field has the cursor (only while `otherOperator`).
    public var editingName = false
}

/// What the terminal last drew. A key is an intention about what the volunteer could see:
/// Enter on a card acts only when that very card (its kits, ticks and collector) is on screen.
public struct ShownScreen: Sendable, Hashable {
    /// False when the terminal was smaller than the desk needs and only a notice was drawn.
    public var fits: Bool
    /// The card as drawn; nil when no card was on screen.
    public var card: CardState?
}

/// What the loop must do after a state change: ask the backend, or stop.
public enum DeskEffect: Sendable, Hashable {
    case refreshOverview
    case search(String)
    case openCard(household: String)
    case issue(household: String, kits: [String], collector: Collector)
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

/// Everything on the desk's screen. Changed only by `handle`, drawn only by `render`.
public struct DeskState: Sendable {
    public var config: DeskConfig
    public var now: Date
    public var overview: DeskOverview = .empty
    public var screen: Screen = .search
    public var query = TextField()
    public var results: [SearchRow] = []
    public var selectedResult = 0
    public var card: CardState?
    public var prompt: Prompt?
    public var showingHelp = false
    public var message: DeskMessage?
    public var distributionList: [DistributionSummary] = []
    public var selectedDistribution = 0
    public var form: DistributionForm?
    public var selectedStock = 0
    public var report: DistributionReport?
    /// The distribution the report screen asks for; nil for the open one, else the latest.
    public var reportDistribution: Int64?
    /// First report line shown.
    public var reportScroll = 0
    /// Where Esc leaves the report screen for.
    public var reportReturn: Screen = .search
    public var closeOut: CloseOutForm?
    /// What the desk is doing now: the mode it was opened in, or the door (F11) on an issuing desk.
    public var mode: DeskMode
    /// Checked in, served, waiting, not come; the waiting list and the door's latest check-ins.
    public var arrivals: ArrivalsOverview = .empty
    /// The waiting family chosen on the empty search screen (Enter opens its card).
    public var selectedWaiting = 0
    public var absentList: [AbsentRow] = []
    /// False until the first answer: the screen then says it is loading, not that everyone came.
    public var absentLoaded = false
    public var selectedAbsent = 0
    /// Where Esc leaves the card for: the search, or the list of families who have not come.
    public var cardReturn: Screen = .search
    /// Set while the desk is locked: the screen shows only the lock, keys go to it.
    public var lock: DeskLock?
    /// The last key pressed (or the desk's opening): the idle time is counted from it.
    public var lastActivity: Date
    /// What the terminal last drew (`DeskLoop.draw`); nil before the first drawing.
    public var shown: ShownScreen?
    /// True from an issue until a key other than Enter: a held-down Enter (or a cat on the
    /// keyboard) must not go on to open and serve the next family on the waiting list.
    var enterSpentOnIssue = false

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
        }
    }
}

// MARK: - Keys

extension DeskState {
    /// Applies one key; returns what the loop must ask of the backend.
    public mutating func handle(_ key: Key) -> [DeskEffect] {
        if key == .function(10) || key == .control("q") { return [.quit] }
        if key == .resize || key == .unknown { return [] }
        // A screen too small to show the desk shows only a notice: nothing typed at it can know
        // what it would do, so nothing is done until the window is large enough again.
        if let shown, !shown.fits { return [] }
        let enterAfterIssue = enterSpentOnIssue
        enterSpentOnIssue = enterSpentOnIssue && Self.isEnter(key)
        if lock != nil { return handleLock(key) }
        if key == .control("l") { return lockDesk(idle: false) }
        if showingHelp {
            showingHelp = false
            return []
        }
        if prompt != nil { return handlePrompt(key) }
        if key == .function(1) || key == .control("g") {
            showingHelp = true
            return []
        }
        if enterAfterIssue && Self.isEnter(key) && screen == .search {
            // Where Enter would open nothing, nothing needs saying.
            guard showsWaitingList || !results.isEmpty else { return [] }
            // The hint joins what was issued rather than hiding it.
            let hint = strings("desk.enterAfterIssue")
            if let said = message, said.kind == .success {
                if !said.text.hasSuffix(hint) { show(.success, said.text + " " + hint) }
            } else {
                show(.info, hint)
            }
            return []
        }
        switch screen {
        case .search: return handleSearch(key)
        case .card: return handleCard(key)
        case .distributions: return handleDistributions(key)
        case .newDistribution: return handleForm(key)
        case .stock: return handleStock(key)
        case .report: return handleReport(key)
        case .closeOut: return handleCloseOut(key)
        case .absent: return handleAbsent(key)
        }
    }

    static func isEnter(_ key: Key) -> Bool {
        key == .enter || key == .function(2) || key == .control("s")
    }

    /// True when the card as it stands now is the card the terminal last drew, on a screen large
    /// enough to show it: only then does Enter on it act.
    var cardIsOnScreen: Bool {
        guard let shown, shown.fits, let card else { return false }
        return shown.card == card
    }

    /// The terminal drew the screen at this size: what it showed is what keys may act on.
    public mutating func noteShown(width: Int, height: Int) {
        let fits = width >= minimumScreen.width && height >= minimumScreen.height
        shown = ShownScreen(fits: fits, card: fits && screen == .card && lock == nil && prompt == nil && !showingHelp ? card : nil)
    }

    /// True when the empty search screen shows the waiting list, and the arrows move in it.
    var showsWaitingList: Bool {
        mode == .desk && query.text.trimmingSpaces().isEmpty && !arrivals.waiting.isEmpty
    }

    private mutating func handleSearch(_ key: Key) -> [DeskEffect] {
        if showsWaitingList {
            let last = arrivals.waiting.count - 1
            // Home and End stay with the search line.
            if let moved = Self.moved(selectedWaiting, by: key, last: last, homeAndEnd: false) {
                selectedWaiting = moved
                return []
            }
            switch key {
            case .enter, .function(2), .control("s"):
                return openCard(arrivals.waiting[min(selectedWaiting, last)].household)
            default: return handleSearchKey(key)
            }
        }
        return handleSearchKey(key)
    }

    private mutating func handleSearchKey(_ key: Key) -> [DeskEffect] {
        if let moved = Self.moved(selectedResult, by: key, last: max(0, results.count - 1), homeAndEnd: false) {
            selectedResult = moved
            return []
        }
        switch key {
        case .enter, .function(2), .control("s"):
            guard results.indices.contains(selectedResult) else {
                if !query.isEmpty { show(.info, strings("desk.noResults")) }
                return []
            }
            return openCard(results[selectedResult].household)
        case .function(5), .control("n"):
            return openNextWaiting()
        case .function(11), .control("b"):
            return toggleDoor()
        case .function(12), .control("y"):
            guard canCheckIn else { return readOnly() }
            guard may(.report) else { return notAllowed(.report) }
            screen = .absent
            selectedAbsent = 0
            absentLoaded = false
            message = nil
            return [.loadAbsent]
        case .escape:
            message = nil
            if !query.isEmpty {
                query.set("")
                results = []
                selectedResult = 0
            }
            return []
        case .function(7), .control("d"):
            guard canWrite else { return readOnly() }
            guard may(.distributions) else { return notAllowed(.distributions) }
            screen = .distributions
            message = nil
            return [.loadDistributions]
        case .function(6), .control("r"):
            guard may(.report) else { return notAllowed(.report) }
            return openReport(distribution: nil, returningTo: .search)
        case .function(9), .control("t"):
            guard canWrite else { return readOnly() }
            guard may(.adjustStock) else { return notAllowed(.adjustStock) }
            screen = .stock
            selectedStock = 0
            message = nil
            return [.refreshOverview]
        default:
            let before = query.text
            guard query.handle(key) else { return [] }
            message = nil
            guard query.text != before else { return [] }
            selectedResult = 0
            if query.text.trimmingSpaces().isEmpty {
                results = []
                return []
            }
            return [.search(query.text)]
        }
    }

    private mutating func handleCard(_ key: Key) -> [DeskEffect] {
        guard var state = card else {
            screen = .search
            return []
        }
        switch key {
        case .escape:
            screen = cardReturn
            card = nil
            message = nil
            return cardReturn == .absent ? [.loadAbsent] : []
        case .function(4), .control("p"):
            return startCheckIn(state)
        case .enter where atDoor, .function(2) where atDoor, .control("s") where atDoor:
            // At the door the card's one action is the check-in.
            guard cardIsOnScreen else { return [] }
            return startCheckIn(state)
        case .function(5), .control("n"):
            return openNextWaiting()
        case .character(let c) where c.isNumber && c.wholeNumberValue.map({ (1...9).contains($0) }) == true:
            let index = c.wholeNumberValue! - 1
            guard canWrite else { return readOnly() }
            guard state.card.kits.indices.contains(index) else { return [] }
            let line = state.card.kits[index]
            switch line.status {
            case .success:
                if state.selectedKits.contains(line.kit) {
                    state.selectedKits.remove(line.kit)
                } else {
                    state.selectedKits.insert(line.kit)
                }
                message = nil
            case .failure(let refusal):
                show(.refusal(refusal))
            }
            card = state
            return []
        case .character(let c) where c.isLetter:
            return startSearch(with: c)
        case .enter, .function(2), .control("s"):
            guard canWrite else { return readOnly() }
            // Typed ahead of the card, or of a change to it not yet drawn: not an intention to
            // issue what the volunteer has not seen. The card is drawn as soon as the keys run out.
            guard cardIsOnScreen else { return [] }
            let kits = state.card.kits.map(\.kit).filter { state.selectedKits.contains($0) }
            guard !kits.isEmpty else {
                show(.error, strings("desk.nothingSelected"))
                return []
            }
            enterSpentOnIssue = true
            return [.issue(household: state.card.household.number, kits: kits, collector: state.collector)]
        case .function(3), .control("o"):
            // Who collects at the desk; who came at the door. The same choice records both.
            guard canCheckIn else { return readOnly() }
            let members = state.card.household.members.count
            switch state.collector {
            case .member(let index) where index + 1 < members:
                state.collector = .member(index: index + 1)
            case .member:
                prompt = Prompt(purpose: .proxyName, field: TextField(maxLength: 80))
            case .proxy:
                state.collector = .member(index: Self.headIndex(state.card.household))
            }
            card = state
            return []
        case .up:
            guard !state.card.history.isEmpty else { return [] }
            state.historyIndex = max(0, (state.historyIndex ?? 0) - 1)
            card = state
            return []
        case .down:
            guard !state.card.history.isEmpty else { return [] }
            state.historyIndex = state.historyIndex.map { min(state.card.history.count - 1, $0 + 1) } ?? 0
            card = state
            return []
        case .function(8), .control("v"):
            guard canWrite else { return readOnly() }
            guard may(.void) else { return notAllowed(.void) }
            guard let index = state.historyIndex ?? (state.card.history.isEmpty ? nil : 0),
                state.card.history.indices.contains(index)
            else {
                show(.error, strings("desk.nothingToVoid"))
                return []
            }
            let line = state.card.history[index]
            guard !line.isVoided else {
                show(.error, strings.explain(EngineError.alreadyVoided(line.issuanceId)))
                return []
            }
            state.historyIndex = index
            card = state
            prompt = Prompt(purpose: .voidReason(issuance: line.issuanceId), field: TextField(maxLength: 200))
            return []
        default:
            return []
        }
    }

    private mutating func handleDistributions(_ key: Key) -> [DeskEffect] {
        switch key {
        case .escape:
            screen = .search
            message = nil
            return []
        case .up:
            selectedDistribution = max(0, selectedDistribution - 1)
        case .down:
            selectedDistribution = min(max(0, distributionList.count - 1), selectedDistribution + 1)
        case .function(2), .control("s"), .character("n"), .character("т"), .character("N"), .character("Т"):
            form = Self.newForm(catalogue: config.catalogue, today: CivilDate(now, in: config.timeZone))
            screen = .newDistribution
            message = nil
        case .function(8), .control("v"), .character("c"), .character("з"), .character("C"), .character("З"):
            // Closing counts the stock first: the donor's reconciliation needs the physical count.
            guard distributionList.indices.contains(selectedDistribution) else { return [] }
            return startCloseOut(distributionList[selectedDistribution])
        case .function(5), .control("k"):
            // Closing without a count is possible, but only on purpose and after a question.
            guard distributionList.indices.contains(selectedDistribution) else { return [] }
            let chosen = distributionList[selectedDistribution]
            guard chosen.isOpen else {
                show(.refusal(.distributionClosed(name: chosen.name)))
                return []
            }
            prompt = Prompt(purpose: .confirmClose(distribution: chosen.id), field: TextField(maxLength: 10))
        case .enter, .function(6), .control("r"):
            guard distributionList.indices.contains(selectedDistribution) else { return [] }
            return openReport(distribution: distributionList[selectedDistribution].id, returningTo: .distributions)
        default:
            break
        }
        return []
    }

    /// Asks for the close-out sheet of an open distribution; the form opens when it arrives.
    private mutating func startCloseOut(_ chosen: DistributionSummary) -> [DeskEffect] {
        guard chosen.isOpen else {
            show(.refusal(.distributionClosed(name: chosen.name)))
            return []
        }
        prompt = nil
        message = nil
        return [.loadCloseOut(distribution: chosen.id)]
    }

    private mutating func openReport(distribution: Int64?, returningTo: Screen) -> [DeskEffect] {
        if reportDistribution != distribution || screen != .report { reportScroll = 0 }
        reportDistribution = distribution
        reportReturn = returningTo
        report = nil
        screen = .report
        message = nil
        return [.loadReport(distribution: distribution)]
    }

    /// Lines of the report as the screen shows them: the same text as `aiddesk report`.
    func reportLines(width: Int) -> [ReportLine] {
        guard let report else { return [] }
        return ReportText(report, strings: strings, catalogue: config.catalogue, width: width).lines()
    }

    private mutating func handleReport(_ key: Key) -> [DeskEffect] {
        let last = max(0, reportLines(width: minimumScreen.width - 2).count - 1)
        if let moved = Self.moved(reportScroll, by: key, last: last) {
            reportScroll = moved
            return []
        }
        switch key {
        case .escape:
            screen = reportReturn
            message = nil
            return reportReturn == .distributions ? [.loadDistributions] : []
        case .character(let c) where c.isLetter:
            return startSearch(with: c)
        default:
            break
        }
        return []
    }

    private mutating func handleCloseOut(_ key: Key) -> [DeskEffect] {
        guard var form = closeOut else {
            screen = .distributions
            return []
        }
        switch key {
        case .escape:
            closeOut = nil
            screen = .distributions
            message = nil
            return [.loadDistributions]
        case .up, .backTab:
            form.move(by: -1)
        case .down, .tab:
            form.move(by: 1)
        case .enter where !form.isOnLastField:
            form.move(by: 1)
        case .enter, .function(2), .control("s"):
            closeOut = form
            return submitCloseOut(form)
        default:
            let line = form.focus / 2
            if form.focus % 2 == 0 {
                if case .character(let c) = key, !c.isNumber {
                    show(.error, strings("desk.digitsOnly"))
                    return []
                }
                _ = form.counted[line].handle(key)
                if !form.differs(line) { form.reasons[line].set("") }
            } else {
                _ = form.reasons[line].handle(key)
            }
            message = nil
        }
        closeOut = form
        return []
    }

    private mutating func submitCloseOut(_ form: CloseOutForm) -> [DeskEffect] {
        if let missing = form.sheet.lines.indices.first(where: { form.count($0) == nil }) {
            closeOut?.focus = 2 * missing
            show(.error, strings("closeout.desk.countMissing", ["kit": kitName(form.sheet.lines[missing].kit)]))
            return []
        }
        if let problem = form.sheet.problem(with: form.counts) {
            if case .reasonRequired(let kit, _, _) = problem, let line = form.sheet.lines.firstIndex(where: { $0.kit == kit }) {
                closeOut?.focus = 2 * line + 1
                show(.error, strings("closeout.desk.reasonMissing", ["kit": kitName(kit)]))
            } else {
                show(.closeOut(problem))
            }
            return []
        }
        prompt = Prompt(purpose: .confirmCloseOut(distribution: form.sheet.distributionId), field: TextField(maxLength: 10))
        return []
    }

    static func newForm(catalogue: KitCatalogue, today: CivilDate) -> DistributionForm {
        var fields = [TextField(maxLength: 80), TextField(today.dotted, maxLength: 10), TextField(maxLength: 80)]
        fields += catalogue.kits.map { _ in TextField(maxLength: 6) }
        return DistributionForm(fields: fields)
    }

    private mutating func handleForm(_ key: Key) -> [DeskEffect] {
        guard var form else {
            screen = .distributions
            return []
        }
        switch key {
        case .escape:
            self.form = nil
            screen = .distributions
            message = nil
            return [.loadDistributions]
        case .up, .backTab:
            form.focus = max(0, form.focus - 1)
        case .down, .tab:
            form.focus = min(form.fields.count - 1, form.focus + 1)
        case .enter where form.focus < form.fields.count - 1:
            form.focus += 1
        case .enter, .function(2), .control("s"):
            self.form = form
            return submitForm(form)
        default:
            if form.focus >= DistributionForm.firstKitField, case .character(let c) = key, !c.isNumber {
                show(.error, strings("desk.digitsOnly"))
                return []
            }
            _ = form.fields[form.focus].handle(key)
            message = nil
        }
        self.form = form
        return []
    }

    private mutating func submitForm(_ form: DistributionForm) -> [DeskEffect] {
        let name = form.fields[0].text.trimmingSpaces()
        guard !name.isEmpty else {
            show(.engine(.nameRequired))
            return []
        }
        guard let date = CivilDate(parsing: form.fields[1].text) else {
            show(.error, strings("error.badDate", ["value": form.fields[1].text]))
            return []
        }
        if let refusal = implausibleDistributionDate(date, today: CivilDate(now, in: config.timeZone), strings: strings) {
            show(.error, refusal)
            return []
        }
        var stock: [StockRequest] = []
        for (offset, kit) in config.catalogue.kits.enumerated() {
            let text = form.fields[DistributionForm.firstKitField + offset].text.trimmingSpaces()
            guard !text.isEmpty else { continue }
            // Too many digits for an Int is too many kits, not an empty field.
            guard let quantity = Int(text), quantity <= Limits.maxStock else {
                show(.engine(.quantityTooLarge(kit: kit.name(in: strings.language), quantity: Int(text) ?? Int.max)))
                return []
            }
            if quantity > 0 { stock.append(StockRequest(kit: kit.code, quantity: quantity)) }
        }
        guard !stock.isEmpty else {
            show(.engine(.noKitsGiven))
            return []
        }
        return [.openDistribution(name: name, date: date, place: form.fields[2].text.trimmingSpaces(), stock: stock)]
    }

    private mutating func handleStock(_ key: Key) -> [DeskEffect] {
        switch key {
        case .escape:
            screen = .search
            message = nil
        case .up:
            selectedStock = max(0, selectedStock - 1)
        case .down:
            selectedStock = min(max(0, overview.stock.count - 1), selectedStock + 1)
        case .enter, .function(2), .control("s"):
            guard overview.stock.indices.contains(selectedStock) else { return [] }
            prompt = Prompt(purpose: .stockChange(kit: overview.stock[selectedStock].kit), field: TextField(maxLength: 7))
        default:
            break
        }
        return []
    }

    private mutating func handlePrompt(_ key: Key) -> [DeskEffect] {
        guard var current = prompt else { return [] }
        if case .checkInDocument(let household) = current.purpose, current.field.isEmpty, case .character(let c) = key {
            // One key for the usual documents.
            switch c {
            case "1": return checkIn(household, document: .idpCertificate)
            case "2": return checkIn(household, document: .passport)
            case "3":
                prompt = Prompt(purpose: .checkInOtherDocument(household: household), field: TextField(maxLength: 80))
                message = nil
                return []
            default: break
            }
        }
        switch key {
        case .escape:
            prompt = nil
            message = nil
            return []
        case .function(8), .control("v"):
            // From "close without counting?" straight to counting.
            if case .confirmClose(let id) = current.purpose, let chosen = distributionList.first(where: { $0.id == id }) {
                return startCloseOut(chosen)
            }
            return []
        case .enter:
            return submitPrompt(current)
        default:
            _ = current.field.handle(key)
            prompt = current
            return []
        }
    }

    private mutating func submitPrompt(_ current: Prompt) -> [DeskEffect] {
        let text = current.field.text.trimmingSpaces()
        switch current.purpose {
        case .proxyName:
            guard !text.isEmpty else {
                show(.engine(.nameRequired))
                return []
            }
            prompt = nil
            card?.collector = .proxy(name: text)
            return []
        case .voidReason(let id):
            guard !text.isEmpty else {
                show(.engine(.reasonRequired))
                return []
            }
            prompt = nil
            return [.void(issuance: id, reason: text)]
        case .stockChange(let kit):
            guard let delta = Int(text.replacingOccurrences(of: "+", with: "")), delta != 0 else {
                show(.error, strings("desk.stockChangeFormat"))
                return []
            }
            prompt = Prompt(purpose: .stockReason(kit: kit, delta: delta), field: TextField(maxLength: 200))
            message = nil
            return []
        case .stockReason(let kit, let delta):
            guard !text.isEmpty else {
                show(.engine(.reasonRequired))
                return []
            }
            prompt = nil
            return [.adjustStock(kit: kit, delta: delta, reason: text)]
        case .confirmClose(let id):
            prompt = nil
            return [.closeDistribution(id: id)]
        case .confirmCloseOut(let id):
            prompt = nil
            return [.closeOut(distribution: id, counts: closeOut?.counts ?? [])]
        case .checkInDocument(let household), .checkInOtherDocument(let household):
            guard let document = CheckInDocument(typed: text) else {
                show(.error, strings("arrivals.chooseDocument"))
                return []
            }
            return checkIn(household, document: document)
        }
    }

    // MARK: Arrivals

    /// Opens a household's card; Esc leads back to the search.
    private mutating func openCard(_ household: String, returningTo: Screen = .search) -> [DeskEffect] {
        cardReturn = returningTo
        return [.openCard(household: household)]
    }

    /// The first family on the waiting list: the one who came earliest and is not yet served.
    private mutating func openNextWaiting() -> [DeskEffect] {
        guard mode == .desk else { return [] }
        guard let next = arrivals.waiting.first else {
            show(.info, strings("arrivals.queueEmpty"))
            return []
        }
        selectedWaiting = 0
        return openCard(next.household)
    }

    /// An issuing desk turns into the door and back (a desk opened as the door stays one).
    private mutating func toggleDoor() -> [DeskEffect] {
        guard config.mode == .desk else {
            return atDoor ? [] : readOnly()
        }
        mode = atDoor ? .desk : .arrivals
        screen = .search
        card = nil
        message = DeskMessage(kind: .info, text: strings(atDoor ? "arrivals.doorOn" : "arrivals.doorOff"))
        return [.refreshOverview]
    }

    /// F4 on the card: the document question, or what the first check-in was.
    private mutating func startCheckIn(_ state: CardState) -> [DeskEffect] {
        guard canCheckIn else { return readOnly() }
        if let arrival = state.card.arrival ?? state.card.checkedInAt.map({
            ArrivalLine(household: state.card.household.number, checkedInAt: $0, desk: "", operatorName: "")
        }) {
            show(.info, alreadyCheckedInText(state.card.household.number, arrival))
            return []
        }
        guard overview.distribution != nil else {
            show(.error, strings(noDistributionKey))
            return []
        }
        prompt = Prompt(purpose: .checkInDocument(household: state.card.household.number), field: TextField(maxLength: 80))
        message = nil
        return []
    }

    private mutating func checkIn(_ household: String, document: CheckInDocument) -> [DeskEffect] {
        prompt = nil
        message = nil
        let person = card.flatMap { $0.card.household.number == household ? $0.collector : nil }
        return [.checkIn(household: household, person: person, document: document)]
    }

    func alreadyCheckedInText(_ household: String, _ arrival: ArrivalLine) -> String {
        var text = strings("arrivals.already", [
            "household": household, "time": clockTime(arrival.checkedInAt, timeZone: config.timeZone),
            "date": CivilDate(arrival.checkedInAt, in: config.timeZone).dotted,
        ])
        if !arrival.desk.isEmpty {
            text += " " + strings("arrivals.where", ["desk": arrival.desk, "operator": arrival.operatorName])
        }
        return text + "."
    }

    /// "прийшла Коваленко Олена Петрівна, довідка ВПО": who came and what they showed, as recorded.
    func arrivalDetail(_ arrival: ArrivalLine) -> String {
        var parts: [String] = []
        if let name = arrival.cameName, !name.isEmpty {
            parts.append(name + (arrival.cameAsProxy ? " (" + strings("card.proxy") + ")" : ""))
        }
        if let document = arrival.document { parts.append(document.name(strings)) }
        return parts.joined(separator: ", ")
    }

    private mutating func handleAbsent(_ key: Key) -> [DeskEffect] {
        let last = max(0, absentList.count - 1)
        if let moved = Self.moved(selectedAbsent, by: key, last: last) {
            selectedAbsent = moved
            return []
        }
        switch key {
        case .escape:
            screen = .search
            message = nil
        case .enter, .function(2), .control("s"):
            guard absentList.indices.contains(selectedAbsent) else { return [] }
            return openCard(absentList[selectedAbsent].household, returningTo: .absent)
        case .character(let c) where c.isLetter:
            return startSearch(with: c)
        default:
            break
        }
        return []
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

    /// Typing a name anywhere but the search line starts the next search with that letter:
    /// nothing typed is lost to the wrong screen.
    private mutating func startSearch(with letter: Character) -> [DeskEffect] {
        screen = .search
        card = nil
        message = nil
        query.set(String(letter))
        selectedResult = 0
        return [.search(query.text)]
    }

    private mutating func readOnly() -> [DeskEffect] {
        show(.error, strings(atDoor ? "arrivals.noIssuing" : "desk.readOnly"))
        return []
    }

    /// A key the operator's role does not allow: said in words, as the engine would.
    private mutating func notAllowed(_ action: DeskAction) -> [DeskEffect] {
        if let role = config.role {
            show(.error, strings.explain(AccessError.notAllowed(role: role, action: action), timeZone: config.timeZone, now: now))
        }
        return []
    }

    static func headIndex(_ household: Household) -> Int {
        household.members.firstIndex(where: \.isHead) ?? 0
    }
}

// MARK: - Results coming back from the backend

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

extension DeskState {
    /// Applies a backend answer; returns follow-up effects (a refresh after a write).
    public mutating func apply(_ event: DeskEvent) -> [DeskEffect] {
        switch event {
        case .overview(let fresh):
            overview = fresh
            selectedStock = min(selectedStock, max(0, fresh.stock.count - 1))
            // The waiting list and the counts follow the overview wherever families are checked in.
            return canCheckIn ? [.loadArrivals] : []
        case .results(let forQuery, let rows):
            // A slow answer to an older query must not replace the newer one's.
            guard forQuery == query.text else { return [] }
            let previouslySelected = results.indices.contains(selectedResult) ? results[selectedResult].household : nil
            results = rows
            if let previouslySelected, let kept = rows.firstIndex(where: { $0.household == previouslySelected }) {
                selectedResult = kept
            } else {
                selectedResult = min(selectedResult, max(0, rows.count - 1))
            }
            return []
        case .card(let fresh):
            if var open = card, open.card.household.number == fresh.household.number, screen == .card {
                // A live refresh: keep the volunteer's choices where they still hold.
                open.card = fresh
                let available = Set(fresh.kits.filter(\.isAvailable).map(\.kit))
                open.selectedKits = open.selectedKits.intersection(available)
                if let index = open.historyIndex { open.historyIndex = min(index, max(0, fresh.history.count - 1)) }
                card = open
            } else {
                // A kit another registration of one of these people already got is not ticked:
                // the volunteer decides, having read the warning.
                let suggested = Set(fresh.kits.filter(\.isAvailable).map(\.kit)).subtracting(fresh.kitsHeldElsewhere)
                card = CardState(
                    card: fresh, selectedKits: canWrite ? suggested : [],
                    collector: .member(index: Self.headIndex(fresh.household)), historyIndex: nil)
                screen = .card
                message = nil
            }
            return []
        case .issued(let summary):
            let lines = summary.kits.map { "\(kitName($0.kit)) ×\($0.quantity)" }.joined(separator: ", ")
            show(.success, strings("desk.issued", ["household": summary.household, "kits": lines,
                                                    "collectedBy": summary.collectedBy]))
            // Ready for the next person in the queue.
            card = nil
            screen = .search
            query.set("")
            results = []
            selectedResult = 0
            return [.refreshOverview]
        case .voided(let id):
            show(.success, strings("void.done", ["id": String(id), "reason": ""]).trimmingSpaces())
            guard let number = card?.card.household.number else { return [.refreshOverview] }
            return [.refreshOverview, .openCard(household: number)]
        case .distributions(let list):
            distributionList = list
            selectedDistribution = min(selectedDistribution, max(0, list.count - 1))
            return []
        case .distributionOpened(let id, let name):
            form = nil
            screen = .distributions
            show(.success, strings("distribution.opened", ["id": String(id), "name": name, "date": ""])
                .replacingOccurrences(of: " ()", with: ""))
            return [.loadDistributions, .refreshOverview]
        case .distributionClosed(let id, let note):
            let name = distributionList.first { $0.id == id }?.name ?? ""
            showClosed(strings("distribution.closed", ["id": String(id), "name": name]), note)
            return [.loadDistributions, .refreshOverview]
        case .stockAdjusted(let kit, let delta):
            show(.success, strings("desk.stockAdjusted", ["kit": kitName(kit), "delta": delta > 0 ? "+\(delta)" : "\(delta)"]))
            return [.refreshOverview]
        case .report(let fresh):
            guard screen == .report else { return [] }
            report = fresh
            return []
        case .closeOutSheet(let sheet):
            if var form = closeOut, form.sheet.distributionId == sheet.distributionId,
                form.sheet.lines.map(\.kit) == sheet.lines.map(\.kit)
            {
                // Fresh expected figures (another desk issued meanwhile); what was typed stays.
                form.sheet = sheet
                closeOut = form
            } else {
                closeOut = CloseOutForm(sheet: sheet)
                message = nil
            }
            screen = .closeOut
            return []
        case .closedOut(let id, let differences, let note):
            closeOut = nil
            screen = .distributions
            let name = distributionList.first { $0.id == id }?.name ?? ""
            showClosed(strings("distribution.closed", ["id": String(id), "name": name]) + " "
                       + strings("closeout.desk.recorded", ["count": "\(differences)"]), note)
            return [.loadDistributions, .refreshOverview]
        case .checkedIn(let summary):
            if summary.isNew {
                var text = strings("arrivals.done", [
                    "household": summary.household,
                    "time": clockTime(summary.arrival.checkedInAt, timeZone: config.timeZone),
                ])
                let detail = arrivalDetail(summary.arrival)
                if !detail.isEmpty { text += " " + strings("arrivals.doneDetail", ["detail": detail]) }
                if let position = summary.queuePosition, atDoor {
                    text += " " + strings("arrivals.position", ["position": "\(position)"])
                }
                show(.success, text)
            } else {
                show(.info, alreadyCheckedInText(summary.household, summary.arrival))
            }
            if atDoor {
                // Ready for the next family at the door.
                card = nil
                screen = .search
                query.set("")
                results = []
                selectedResult = 0
                return [.refreshOverview]
            }
            return [.refreshOverview, .openCard(household: summary.household)]
        case .arrivals(let fresh):
            let chosen = arrivals.waiting.indices.contains(selectedWaiting) ? arrivals.waiting[selectedWaiting].household : nil
            arrivals = fresh
            if let chosen, let kept = fresh.waiting.firstIndex(where: { $0.household == chosen }) {
                selectedWaiting = kept
            } else {
                selectedWaiting = min(selectedWaiting, max(0, fresh.waiting.count - 1))
            }
            return []
        case .absent(let list):
            let chosen = absentList.indices.contains(selectedAbsent) ? absentList[selectedAbsent].household : nil
            absentList = list
            absentLoaded = true
            if let chosen, let kept = list.firstIndex(where: { $0.household == chosen }) {
                selectedAbsent = kept
            } else {
                selectedAbsent = min(selectedAbsent, max(0, list.count - 1))
            }
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
            if screen == .absent && !absentLoaded { screen = .search }
            if screen == .closeOut, case .closeOut(.expectedChanged) = failure, let id = closeOut?.sheet.distributionId {
                return [.loadCloseOut(distribution: id)]
            }
            return []
        }
    }

    /// "Closed", then where the backup went; in red when it was not written, so it is not missed.
    private mutating func showClosed(_ closed: String, _ note: CloseNote?) {
        guard let note else { return show(.success, closed) }
        show(note.isWarning ? .error : .success, closed + " " + note.text)
    }

    /// Another desk wrote something: fetch what the screen shows again.
    public func refreshAfterOutsideChange() -> [DeskEffect] {
        var effects: [DeskEffect] = [.refreshOverview]
        if screen == .card, let number = card?.card.household.number { effects.append(.openCard(household: number)) }
        if !query.text.trimmingSpaces().isEmpty { effects.append(.search(query.text)) }
        if screen == .distributions { effects.append(.loadDistributions) }
        if screen == .report { effects.append(.loadReport(distribution: reportDistribution)) }
        if screen == .closeOut, let id = closeOut?.sheet.distributionId { effects.append(.loadCloseOut(distribution: id)) }
        if screen == .absent { effects.append(.loadAbsent) }
        return effects
    }
}
