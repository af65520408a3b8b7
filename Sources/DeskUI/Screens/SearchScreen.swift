import DeskCore
import Foundation

/// The search: the line where names are typed, the results, and (when the line is empty) the
/// waiting list at the desk or the latest check-ins at the door (`SearchScreen+WaitingList.swift`).
/// The desk's home: every other screen's Esc leads back here, to the query as it was left.
public struct SearchScreen: Sendable, Hashable {
    public var query = TextField()
    public var results: [SearchRow] = []
    public var selectedResult = 0
    /// The waiting family chosen on the empty search screen (Enter opens its card).
    public var selectedWaiting = 0

    public init() {}
}

/// Where Esc leads from a card that was asked for: the search, or who has not come.
enum CardReturnAsked: Sendable {
    case search, absent
}

// MARK: Keys

extension DeskState {
    /// True when the empty search screen shows the waiting list, and the arrows move in it.
    var showsWaitingList: Bool {
        mode == .desk && search.query.text.trimmingSpaces().isEmpty && !arrivals.waiting.isEmpty
    }

    mutating func searchKey(_ dispatch: Dispatch, _ key: Key) -> [DeskEffect] {
        guard case .command(let command) = dispatch else { return typeIntoSearch(key) }
        switch command {
        case .move:
            if showsWaitingList {
                // Home and End stay with the search line.
                search.selectedWaiting = Self.moved(search.selectedWaiting, by: key, last: arrivals.waiting.count - 1,
                                                    homeAndEnd: false) ?? search.selectedWaiting
            } else {
                search.selectedResult = Self.moved(search.selectedResult, by: key, last: max(0, search.results.count - 1),
                                                   homeAndEnd: false) ?? search.selectedResult
            }
            return []
        case .open:
            // A card scanned (the scanner types the digits, then Enter) or its code typed: that
            // family at once, without a list to choose from.
            switch CardCode.read(search.query.text) {
            case .code(let code):
                message = nil
                nextCardReturn = .search
                return [.openCardByCode(code)]
            case .wrongCheckDigit:
                show(.card(.wrongCheckDigit(search.query.text.trimmingSpaces())))
                return []
            case .notACode:
                break
            }
            if showsWaitingList {
                return openCard(arrivals.waiting[min(search.selectedWaiting, arrivals.waiting.count - 1)].household)
            }
            guard search.results.indices.contains(search.selectedResult) else {
                if !search.query.isEmpty { show(.info, strings("desk.noResults")) }
                return []
            }
            return openCard(search.results[search.selectedResult].household)
        case .nextWaiting:
            return openNextWaiting()
        case .door:
            return toggleDoor()
        case .absent:
            current = .absent(AbsentScreen())
            message = nil
            return [.loadAbsent]
        case .back:
            message = nil
            if !search.query.isEmpty {
                search.query.set("")
                search.results = []
                search.selectedResult = 0
            }
            return []
        case .distributions:
            current = .distributions(DistributionsScreen())
            message = nil
            return [.loadDistributions]
        case .report:
            return openReport(distribution: nil, returningTo: .search)
        case .stock:
            current = .stock(StockScreen())
            message = nil
            return [.refreshOverview]
        default:
            return []
        }
    }

    private mutating func typeIntoSearch(_ key: Key) -> [DeskEffect] {
        let before = search.query.text
        guard search.query.handle(key) else { return [] }
        message = nil
        guard search.query.text != before else { return [] }
        search.selectedResult = 0
        if search.query.text.trimmingSpaces().isEmpty {
            search.results = []
            return []
        }
        return [.search(search.query.text)]
    }

    /// Opens a household's card; Esc leads back to the search, or to who has not come.
    mutating func openCard(_ household: String, returningTo: CardReturnAsked = .search) -> [DeskEffect] {
        nextCardReturn = returningTo
        return [.openCard(household: household)]
    }

    /// The first family on the waiting list: the one who came earliest and is not yet served.
    mutating func openNextWaiting() -> [DeskEffect] {
        guard mode == .desk else { return [] }
        guard let next = arrivals.waiting.first else {
            show(.info, strings("arrivals.queueEmpty"))
            return []
        }
        search.selectedWaiting = 0
        return openCard(next.household)
    }

    /// An issuing desk turns into the door and back (a desk opened as the door stays one).
    private mutating func toggleDoor() -> [DeskEffect] {
        guard config.mode == .desk else {
            return atDoor ? [] : readOnly()
        }
        mode = atDoor ? .desk : .arrivals
        goToSearch()
        message = DeskMessage(kind: .info, text: strings(atDoor ? "arrivals.doorOn" : "arrivals.doorOff"))
        return [.refreshOverview]
    }

    /// Ready for the next family: the search empty again.
    mutating func clearSearch() {
        goToSearch()
        search.query.set("")
        search.results = []
        search.selectedResult = 0
    }
}

// MARK: Answers

extension DeskState {
    mutating func applyResults(_ rows: [SearchRow], for forQuery: String) {
        // A slow answer to an older query must not replace the newer one's.
        guard forQuery == search.query.text else { return }
        let results = search.results
        let previouslySelected = results.indices.contains(search.selectedResult) ? results[search.selectedResult].household : nil
        search.results = rows
        if let previouslySelected, let kept = rows.firstIndex(where: { $0.household == previouslySelected }) {
            search.selectedResult = kept
        } else {
            search.selectedResult = min(search.selectedResult, max(0, rows.count - 1))
        }
    }

    mutating func applyArrivals(_ fresh: ArrivalsOverview) {
        let waiting = arrivals.waiting
        let chosen = waiting.indices.contains(search.selectedWaiting) ? waiting[search.selectedWaiting].household : nil
        arrivals = fresh
        if let chosen, let kept = fresh.waiting.firstIndex(where: { $0.household == chosen }) {
            search.selectedWaiting = kept
        } else {
            search.selectedWaiting = min(search.selectedWaiting, max(0, fresh.waiting.count - 1))
        }
    }
}

// MARK: Drawing

extension DeskState {
    func drawSearch(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        let label = strings("desk.searchLabel") + " "
        let start = buffer.write(" " + label, row: rows.lowerBound, column: 0, role: .strong)
        let fieldWidth = buffer.width - start - 1
        buffer.fill(row: rows.lowerBound, from: start, to: start + fieldWidth, role: .input)
        if prompt == nil { drawField(&buffer, search.query, row: rows.lowerBound, column: start, width: fieldWidth) }

        let listTop = rows.lowerBound + 2
        if search.query.text.trimmingSpaces().isEmpty {
            drawIdle(&buffer, rows: listTop..<rows.upperBound)
            return
        }
        let results = search.results
        if results.isEmpty {
            // Ten digits from a card: not a name to look for but a family to open.
            let isCode = CardCode.read(search.query.text) != .notACode
            buffer.write("  " + strings(isCode ? "cards.desk.codeTyped" : "desk.noResults"), row: listTop, column: 0,
                         role: .muted)
            return
        }
        let columns = SearchColumns(width: buffer.width)
        buffer.write(columns.header(strings), row: rows.lowerBound + 1, column: 0, role: .muted)
        let visible = rows.upperBound - listTop
        let first = max(0, min(search.selectedResult - visible + 1, results.count - visible))
        for (offset, index) in (first..<min(results.count, first + visible)).enumerated() {
            columns.draw(results[index], into: &buffer, row: listTop + offset, state: self,
                         selected: index == search.selectedResult)
        }
    }
}

/// The search results table, its columns sized to the screen's width.
struct SearchColumns {
    let numberWidth = 7
    let yearWidth = 6
    let countWidth = 4
    let settlementWidth: Int
    let nameWidth: Int
    let receivedWidth: Int

    init(width: Int) {
        settlementWidth = width >= 100 ? 20 : 14
        receivedWidth = width >= 100 ? 28 : 16
        nameWidth = width - 1 - numberWidth - yearWidth - countWidth - settlementWidth - receivedWidth - 2
    }

    func header(_ strings: Strings) -> String {
        " " + strings("results.number").padding(toLength: numberWidth, withPad: " ", startingAt: 0)
            + strings("results.name").padding(toLength: nameWidth + 1, withPad: " ", startingAt: 0)
            + strings("results.born").padding(toLength: yearWidth, withPad: " ", startingAt: 0)
            + strings("results.settlement").padding(toLength: settlementWidth, withPad: " ", startingAt: 0)
            + strings("results.people").padding(toLength: countWidth + 1, withPad: " ", startingAt: 0)
            + strings("results.received")
    }

    func draw(_ row: SearchRow, into buffer: inout ScreenBuffer, row line: Int, state: DeskState, selected: Bool) {
        let base: StyleRole = selected ? .selected : .normal
        if selected { buffer.fill(row: line, role: .selected) }
        var column = buffer.write(" " + row.household, row: line, column: 0, role: base)
        column = 1 + numberWidth
        let reason = reasonTag(row.matchKind, state.strings)
        let nameEnd = buffer.write(row.personName, row: line, column: column, role: selected ? .selected : .strong,
                                   limit: nameWidth - (reason.isEmpty ? 0 : min(reason.count + 1, nameWidth / 3)))
        if !reason.isEmpty {
            buffer.write(" " + reason, row: line, column: nameEnd, role: selected ? .selected : .muted,
                         limit: column + nameWidth - nameEnd)
        }
        column += nameWidth + 1
        buffer.write(row.birthYear.map(String.init) ?? "", row: line, column: column, role: base)
        column += yearWidth
        buffer.write(row.settlement, row: line, column: column, role: base, limit: settlementWidth - 1)
        column += settlementWidth
        buffer.write(pad(row.memberCount, countWidth - 1), row: line, column: column, role: base)
        column += countWidth + 1
        let received = row.receivedKits.map { state.config.catalogue[$0]?.shortName(in: state.strings.language) ?? $0 }
            .joined(separator: ",")
        buffer.write(received, row: line, column: column, role: selected ? .selected : .success, limit: receivedWidth)
    }

    private func reasonTag(_ kind: MatchKind, _ strings: Strings) -> String {
        switch kind {
        case .exact, .prefix: return ""
        default: return "(" + strings("match.\(kind.rawValue)") + ")"
        }
    }
}
