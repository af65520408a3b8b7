import DeskCore
import Foundation

/// The open distribution's stock, kit by kit: Enter adds or removes kits, with a reason.
public struct StockScreen: Sendable {
    public var selected = 0

    public init() {}
}

// MARK: Keys

extension DeskState {
    mutating func stockKey(_ dispatch: Dispatch, _ key: Key, _ screen: StockScreen) -> [DeskEffect] {
        var screen = screen
        switch dispatch {
        case .command(.back):
            goToSearch()
            message = nil
            return []
        case .command(.move):
            screen.selected = key == .up ? max(0, screen.selected - 1) : min(max(0, overview.stock.count - 1), screen.selected + 1)
            current = .stock(screen)
        case .command(.adjustStock):
            guard overview.stock.indices.contains(screen.selected) else { return [] }
            prompt = Prompt(purpose: .stockChange(kit: overview.stock[screen.selected].kit), field: TextField(maxLength: 7))
        default:
            break
        }
        return []
    }
}

// MARK: Drawing

extension DeskState {
    func drawStock(_ screen: StockScreen, _ buffer: inout ScreenBuffer, rows: Range<Int>) {
        let selectedStock = screen.selected
        guard let d = overview.distribution else {
            buffer.write(" " + strings(noDistributionKey), row: rows.lowerBound, column: 0, role: .warning)
            return
        }
        buffer.write(" " + strings("coord.stock", ["distribution": d.name]), row: rows.lowerBound, column: 0, role: .strong)
        buffer.write(strings("status.stockHeader"), row: rows.lowerBound + 2, column: 0, role: .muted)
        for (index, line) in overview.stock.enumerated() {
            let row = rows.lowerBound + 3 + index
            guard row < rows.upperBound else { break }
            let text = "    " + kitName(line.kit).padding(toLength: 26, withPad: " ", startingAt: 0)
                + pad(line.received, 8) + pad(line.issued, 8) + pad(line.left, 9)
            if index == selectedStock { buffer.fill(row: row, role: .selected) }
            buffer.write(text, row: row, column: 0, role: index == selectedStock ? .selected : .normal)
        }
        let hintRow = rows.lowerBound + 4 + overview.stock.count
        if hintRow < rows.upperBound { buffer.write("   " + strings("coord.stockHint"), row: hintRow, column: 0, role: .muted) }
    }
}
