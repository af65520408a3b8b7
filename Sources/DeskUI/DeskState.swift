import DeskCore
import Foundation

/// Which screen has the keyboard.
public enum Screen: Sendable, Hashable {
    case search
    case card
    case distributions
    case newDistribution
    case stock
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

    /// Search results shown at most; the screen has room for fewer, the rest scroll.
    public static let resultLimit = 50

    public init(config: DeskConfig, now: Date) {
        self.config = config
        self.now = now
    }

    var strings: Strings { config.strings }
    var canWrite: Bool { config.mode == .desk }

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
        }
    }
}

// MARK: - Keys

extension DeskState {
    /// Applies one key; returns what the loop must ask of the backend.
    public mutating func handle(_ key: Key) -> [DeskEffect] {
        if key == .function(10) || key == .control("q") { return [.quit] }
        if key == .resize || key == .unknown { return [] }
        if showingHelp {
            showingHelp = false
            return []
        }
        if prompt != nil { return handlePrompt(key) }
        if key == .function(1) || key == .control("g") {
            showingHelp = true
            return []
        }
        switch screen {
        case .search: return handleSearch(key)
        case .card: return handleCard(key)
        case .distributions: return handleDistributions(key)
        case .newDistribution: return handleForm(key)
        case .stock: return handleStock(key)
        }
    }

    private mutating func handleSearch(_ key: Key) -> [DeskEffect] {
        switch key {
        case .up:
            selectedResult = max(0, selectedResult - 1)
            return []
        case .down:
            selectedResult = min(max(0, results.count - 1), selectedResult + 1)
            return []
        case .pageUp:
            selectedResult = max(0, selectedResult - 10)
            return []
        case .pageDown:
            selectedResult = min(max(0, results.count - 1), selectedResult + 10)
            return []
        case .enter, .function(2), .control("s"):
            guard results.indices.contains(selectedResult) else {
                if !query.isEmpty { show(.info, strings("desk.noResults")) }
                return []
            }
            return [.openCard(household: results[selectedResult].household)]
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
            screen = .distributions
            message = nil
            return [.loadDistributions]
        case .function(9), .control("t"):
            guard canWrite else { return readOnly() }
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
            screen = .search
            card = nil
            message = nil
            return []
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
            // Typing a name on the card starts the next search: nothing typed is lost.
            screen = .search
            card = nil
            message = nil
            query.set(String(c))
            selectedResult = 0
            return [.search(query.text)]
        case .enter, .function(2), .control("s"):
            guard canWrite else { return readOnly() }
            let kits = state.card.kits.map(\.kit).filter { state.selectedKits.contains($0) }
            guard !kits.isEmpty else {
                show(.error, strings("desk.nothingSelected"))
                return []
            }
            return [.issue(household: state.card.household.number, kits: kits, collector: state.collector)]
        case .function(3), .control("o"):
            guard canWrite else { return readOnly() }
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
            guard distributionList.indices.contains(selectedDistribution) else { return [] }
            let chosen = distributionList[selectedDistribution]
            guard chosen.isOpen else {
                show(.refusal(.distributionClosed(name: chosen.name)))
                return []
            }
            prompt = Prompt(purpose: .confirmClose(distribution: chosen.id), field: TextField(maxLength: 10))
        default:
            break
        }
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
        var stock: [StockRequest] = []
        for (offset, kit) in config.catalogue.kits.enumerated() {
            let text = form.fields[DistributionForm.firstKitField + offset].text.trimmingSpaces()
            if let quantity = Int(text), quantity > 0 { stock.append(StockRequest(kit: kit.code, quantity: quantity)) }
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
        switch key {
        case .escape:
            prompt = nil
            message = nil
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
        }
    }

    private mutating func readOnly() -> [DeskEffect] {
        show(.error, strings("desk.readOnly"))
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
    case distributionClosed(id: Int64)
    case stockAdjusted(kit: String, delta: Int)
    case failed(DeskFailure)
}

extension DeskState {
    /// Applies a backend answer; returns follow-up effects (a refresh after a write).
    public mutating func apply(_ event: DeskEvent) -> [DeskEffect] {
        switch event {
        case .overview(let fresh):
            overview = fresh
            selectedStock = min(selectedStock, max(0, fresh.stock.count - 1))
            return []
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
                card = CardState(
                    card: fresh, selectedKits: canWrite ? Set(fresh.kits.filter(\.isAvailable).map(\.kit)) : [],
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
        case .distributionClosed(let id):
            let name = distributionList.first { $0.id == id }?.name ?? ""
            show(.success, strings("distribution.closed", ["id": String(id), "name": name]))
            return [.loadDistributions, .refreshOverview]
        case .stockAdjusted(let kit, let delta):
            show(.success, strings("desk.stockAdjusted", ["kit": kitName(kit), "delta": delta > 0 ? "+\(delta)" : "\(delta)"]))
            return [.refreshOverview]
        case .failed(let failure):
            show(failure)
            return []
        }
    }

    /// Another desk wrote something: fetch what the screen shows again.
    public func refreshAfterOutsideChange() -> [DeskEffect] {
        var effects: [DeskEffect] = [.refreshOverview]
        if screen == .card, let number = card?.card.household.number { effects.append(.openCard(household: number)) }
        if !query.text.trimmingSpaces().isEmpty { effects.append(.search(query.text)) }
        if screen == .distributions { effects.append(.loadDistributions) }
        return effects
    }
}
