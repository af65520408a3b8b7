import DeskCore
import Foundation

/// Registered families not checked in for the open distribution, by settlement, with a phone:
/// whom the coordinator calls. Enter opens the family's card; Esc there comes back here.
public struct AbsentScreen: Sendable {
    public var list: [AbsentRow] = []
    /// False until the first answer: the screen then says it is loading, not that everyone came.
    public var loaded = false
    public var selected = 0

    public init() {}
}

// MARK: Keys

extension DeskState {
    mutating func absentKey(_ dispatch: Dispatch, _ key: Key, _ screen: AbsentScreen) -> [DeskEffect] {
        var screen = screen
        switch dispatch {
        case .command(.move):
            screen.selected = Self.moved(screen.selected, by: key, last: max(0, screen.list.count - 1)) ?? screen.selected
            current = .absent(screen)
        case .command(.back):
            goToSearch()
            message = nil
        case .command(.open):
            guard screen.list.indices.contains(screen.selected) else { return [] }
            return openCard(screen.list[screen.selected].household, returningTo: .absent)
        case .typed:
            if case .character(let c) = key, c.isLetter { return startSearch(with: c) }
        default:
            break
        }
        return []
    }

    mutating func applyAbsent(_ list: [AbsentRow]) {
        guard case .absent(var screen) = current else { return }
        let chosen = screen.list.indices.contains(screen.selected) ? screen.list[screen.selected].household : nil
        screen.list = list
        screen.loaded = true
        if let chosen, let kept = list.firstIndex(where: { $0.household == chosen }) {
            screen.selected = kept
        } else {
            screen.selected = min(screen.selected, max(0, list.count - 1))
        }
        current = .absent(screen)
    }
}

// MARK: Drawing

extension DeskState {
    /// Registered families not checked in, by settlement, with a phone to call.
    func drawAbsent(_ screen: AbsentScreen, _ buffer: inout ScreenBuffer, rows: Range<Int>) {
        let absentList = screen.list
        let selectedAbsent = screen.selected
        guard let distribution = overview.distribution else {
            buffer.write(" " + strings(noDistributionKey), row: rows.lowerBound, column: 0, role: .warning)
            return
        }
        guard screen.loaded else {
            buffer.write(" " + strings("arrivals.absent.loading"), row: rows.lowerBound, column: 0, role: .muted)
            return
        }
        buffer.write(" " + strings("arrivals.absent.title", ["name": distribution.name, "count": "\(absentList.count)"]),
                     row: rows.lowerBound, column: 0, role: .strong, limit: buffer.width - 1)
        guard !absentList.isEmpty else {
            buffer.write("   " + strings("arrivals.absent.none"), row: rows.lowerBound + 2, column: 0, role: .muted)
            return
        }
        let settlementWidth = buffer.width >= 100 ? 22 : 16
        let phoneWidth = 15
        let peopleWidth = 4
        let nameWidth = max(10, buffer.width - 3 - settlementWidth - 7 - phoneWidth - peopleWidth - 2)
        let header = "   " + padded(strings("results.settlement"), settlementWidth) + padded(strings("results.number"), 7)
            + padded(strings("arrivals.col.head"), nameWidth + 1) + padded(strings("arrivals.col.phone"), phoneWidth)
            + strings("results.people")
        buffer.write(header, row: rows.lowerBound + 1, column: 0, role: .muted)
        let listTop = rows.lowerBound + 2
        let visible = rows.upperBound - listTop
        let first = max(0, min(selectedAbsent - visible + 1, absentList.count - visible))
        for (offset, index) in (first..<min(absentList.count, first + visible)).enumerated() {
            let family = absentList[index]
            let row = listTop + offset
            let selected = index == selectedAbsent
            let sameSettlement = index > first && absentList[index - 1].settlement == family.settlement
            if selected { buffer.fill(row: row, role: .selected) }
            let base: StyleRole = selected ? .selected : .normal
            buffer.write("   " + padded(sameSettlement && !selected ? "" : family.settlement, settlementWidth), row: row,
                         column: 0, role: selected ? .selected : .muted)
            var column = 3 + settlementWidth
            buffer.write(family.household, row: row, column: column, role: base)
            column += 7
            buffer.write(padded(family.headName, nameWidth), row: row, column: column, role: selected ? .selected : .strong)
            column += nameWidth + 1
            buffer.write(family.phone ?? "—", row: row, column: column, role: base, limit: phoneWidth - 1)
            column += phoneWidth
            buffer.write(rightAligned("\(family.memberCount)", 3), row: row, column: column, role: base)
        }
        if absentList.count > visible && message == nil && prompt == nil {
            let position = strings("report.desk.position", [
                "from": "\(first + 1)", "to": "\(min(absentList.count, first + visible))", "of": "\(absentList.count)",
            ])
            buffer.write(" " + position + (first + visible < absentList.count ? " ↓" : ""), row: rows.upperBound, column: 0,
                         role: .muted)
        }
    }
}
