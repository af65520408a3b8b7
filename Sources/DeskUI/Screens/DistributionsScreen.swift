import DeskCore
import Foundation

/// The coordinator's distributions: open a new one (F2), the report of the chosen one (Enter),
/// count the stock and close (F8), or close without counting (F5, after a question).
public struct DistributionsScreen: Sendable {
    public var list: [DistributionSummary] = []
    public var selected = 0

    public init() {}
}

// MARK: Keys

extension DeskState {
    mutating func distributionsKey(_ dispatch: Dispatch, _ key: Key, _ screen: DistributionsScreen) -> [DeskEffect] {
        guard case .command(let command) = dispatch else { return [] }
        var screen = screen
        let chosen = screen.list.indices.contains(screen.selected) ? screen.list[screen.selected] : nil
        switch command {
        case .back:
            goToSearch()
            message = nil
            return []
        case .move:
            screen.selected = key == .up ? max(0, screen.selected - 1) : min(max(0, screen.list.count - 1), screen.selected + 1)
        case .newDistribution:
            current = .newDistribution(NewDistributionScreen(
                form: Self.newForm(catalogue: config.catalogue, today: CivilDate(now, in: config.timeZone)), list: screen))
            message = nil
            return []
        case .closeOut:
            // Closing counts the stock first: the donor's reconciliation needs the physical count.
            guard let chosen else { return [] }
            return startCloseOut(chosen)
        case .closeUncounted:
            // Closing without a count is possible, but only on purpose and after a question.
            guard let chosen else { return [] }
            guard chosen.isOpen else {
                show(.refusal(.distributionClosed(name: chosen.name)))
                return []
            }
            prompt = Prompt(purpose: .confirmClose(distribution: chosen.id), field: TextField(maxLength: 10))
            return []
        case .open:
            guard let chosen else { return [] }
            return openReport(distribution: chosen.id, returningTo: .distributions(screen))
        default:
            return []
        }
        current = .distributions(screen)
        return []
    }

    /// Asks for the close-out sheet of an open distribution; the form opens when it arrives.
    mutating func startCloseOut(_ chosen: DistributionSummary) -> [DeskEffect] {
        guard chosen.isOpen else {
            show(.refusal(.distributionClosed(name: chosen.name)))
            return []
        }
        prompt = nil
        message = nil
        return [.loadCloseOut(distribution: chosen.id)]
    }

    /// Esc from a form, the count or a report opened here: the list as it was left, fetched again.
    mutating func backToDistributions(_ list: DistributionsScreen) -> [DeskEffect] {
        current = .distributions(list)
        message = nil
        return [.loadDistributions]
    }

    /// The list of distributions on display, or beneath the form, count or report over it.
    var distributionsBeneath: DistributionsScreen? {
        switch current {
        case .distributions(let screen): return screen
        case .newDistribution(let screen): return screen.list
        case .closeOut(let screen): return screen.list
        case .report(let screen):
            if case .distributions(let list) = screen.returnTo { return list }
            return nil
        default: return nil
        }
    }
}

// MARK: Answers

extension DeskState {
    mutating func applyDistributions(_ list: [DistributionSummary]) {
        func fresh(_ screen: DistributionsScreen) -> DistributionsScreen {
            var screen = screen
            screen.list = list
            screen.selected = min(screen.selected, max(0, list.count - 1))
            return screen
        }
        switch current {
        case .distributions(let screen): current = .distributions(fresh(screen))
        case .newDistribution(var screen):
            screen.list = fresh(screen.list)
            current = .newDistribution(screen)
        case .closeOut(var screen):
            screen.list = fresh(screen.list)
            current = .closeOut(screen)
        case .report(var screen):
            guard case .distributions(let list) = screen.returnTo else { return }
            screen.returnTo = .distributions(fresh(list))
            current = .report(screen)
        default: break
        }
    }

    mutating func applyDistributionClosed(id: Int64, note: CloseNote?) -> [DeskEffect] {
        let name = distributionList.first { $0.id == id }?.name ?? ""
        showClosed(strings("distribution.closed", ["id": String(id), "name": name]), note)
        return [.loadDistributions, .refreshOverview]
    }
}

// MARK: Drawing

extension DeskState {
    func drawDistributions(_ screen: DistributionsScreen, _ buffer: inout ScreenBuffer, rows: Range<Int>) {
        let distributionList = screen.list
        let selectedDistribution = screen.selected
        buffer.write(" " + strings("coord.distributions"), row: rows.lowerBound, column: 0, role: .strong)
        if distributionList.isEmpty {
            buffer.write("   " + strings("status.noDistributions"), row: rows.lowerBound + 2, column: 0, role: .muted)
            return
        }
        for (index, d) in distributionList.enumerated() {
            let row = rows.lowerBound + 2 + index
            guard row < rows.upperBound else { break }
            let state = strings(d.isOpen ? "status.open" : "status.closed")
            let text = "   № \(d.id)".padding(toLength: 9, withPad: " ", startingAt: 0)
                + d.name.padding(toLength: 32, withPad: " ", startingAt: 0) + " " + d.date.dotted + "  "
                + state.padding(toLength: 9, withPad: " ", startingAt: 0)
                + strings("coord.served", ["count": "\(d.householdsServed)"])
            if index == selectedDistribution { buffer.fill(row: row, role: .selected) }
            buffer.write(text, row: row, column: 0, role: index == selectedDistribution ? .selected : d.isOpen ? .normal : .muted)
        }
    }
}
