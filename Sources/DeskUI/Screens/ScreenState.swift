import DeskCore
import Foundation

// The screens, and the three switches that route to them: a key, a drawing, a reload after
// another desk wrote. A new screen is a case here and a file beside this one; the compiler then
// points at each switch that must name it.

/// Which screen has the keyboard: the kind of `ScreenState`, for routing and for tests.
public enum Screen: Sendable, Hashable, CaseIterable {
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

/// The screen on display, with what only it holds. A card screen cannot exist without its card,
/// a close-out without its sheet; screens that Esc leads back to travel inside the screen above.
public enum ScreenState: Sendable {
    /// The search's own state lives in `DeskState.search`: it stays beneath every other screen.
    case search
    case card(CardScreen)
    case distributions(DistributionsScreen)
    case newDistribution(NewDistributionScreen)
    case stock(StockScreen)
    case report(ReportScreen)
    case closeOut(CloseOutScreen)
    case absent(AbsentScreen)

    public var kind: Screen {
        switch self {
        case .search: return .search
        case .card: return .card
        case .distributions: return .distributions
        case .newDistribution: return .newDistribution
        case .stock: return .stock
        case .report: return .report
        case .closeOut: return .closeOut
        case .absent: return .absent
        }
    }

    /// The card, when the card screen is on display.
    public var card: CardState? {
        if case .card(let screen) = self { return screen.card }
        return nil
    }
}

extension DeskState {
    /// A key for the screen on display (the lock, the help and a question took theirs already).
    mutating func screenKey(_ dispatch: Dispatch, _ key: Key) -> [DeskEffect] {
        switch current {
        case .search: return searchKey(dispatch, key)
        case .card(let screen): return cardKey(dispatch, key, screen)
        case .distributions(let screen): return distributionsKey(dispatch, key, screen)
        case .newDistribution(let screen): return newDistributionKey(dispatch, key, screen)
        case .stock(let screen): return stockKey(dispatch, key, screen)
        case .report(let screen): return reportKey(dispatch, key, screen)
        case .closeOut(let screen): return closeOutKey(dispatch, key, screen)
        case .absent(let screen): return absentKey(dispatch, key, screen)
        }
    }

    /// The screen on display, between the bars.
    func drawScreen(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        switch current {
        case .search: drawSearch(&buffer, rows: rows)
        case .card: drawCard(&buffer, rows: rows)
        case .distributions(let screen): drawDistributions(screen, &buffer, rows: rows)
        case .newDistribution(let screen): drawForm(screen.form, &buffer, rows: rows)
        case .stock(let screen): drawStock(screen, &buffer, rows: rows)
        case .report(let screen): drawReport(screen, &buffer, rows: rows)
        case .closeOut(let screen): drawCloseOut(screen.form, &buffer, rows: rows)
        case .absent(let screen): drawAbsent(screen, &buffer, rows: rows)
        }
    }

    /// What the screen on display fetches again when another desk wrote (the card and the search
    /// results are fetched again wherever they are).
    var screenReloads: [DeskEffect] {
        switch current {
        case .distributions: return [.loadDistributions]
        case .report(let screen): return [.loadReport(distribution: screen.distribution)]
        case .closeOut(let screen): return [.loadCloseOut(distribution: screen.form.sheet.distributionId)]
        case .absent: return [.loadAbsent]
        case .search, .card, .newDistribution, .stock: return []
        }
    }
}
