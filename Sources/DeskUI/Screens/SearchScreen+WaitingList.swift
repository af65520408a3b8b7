import DeskCore
import Foundation

// The search screen while nothing is typed: the waiting list at the issuing desk (F5 opens the
// first family, the arrows and Enter another), the latest check-ins at the door.

extension DeskState {
    /// "Прибули: 34 · чекають: 12 · обслуговано: 22 · ще не прийшли: 826".
    func arrivalCountsText() -> String {
        strings("arrivals.counts", [
            "checkedIn": "\(arrivals.checkedIn)", "waiting": "\(arrivals.waiting.count)", "served": "\(arrivals.served)",
            "notCome": "\(arrivals.notCome)",
        ])
    }

    /// "★ 60+ до 5".
    /// The waiting list's last column: the priority marks, and a family the plan gives nothing.
    func waitingMark(_ line: ArrivalLine) -> String {
        let priority = priorityMark(line.priority)
        guard line.nothingToReceive else { return priority }
        return (priority.isEmpty ? "" : priority + " ") + "∅ " + strings("plan.waiting.nothing")
    }

    func priorityMark(_ reasons: [PriorityReason]) -> String {
        reasons.isEmpty ? "" : "★ " + reasons.map { $0.mark(strings) }.joined(separator: " ")
    }

    /// The empty search screen: the hint, and the waiting list at the desk or the latest
    /// check-ins at the door.
    func drawIdle(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        var row = rows.lowerBound
        func hint(_ key: String) {
            for line in strings(key).split(separator: "\n") where row < rows.upperBound {
                buffer.write("  " + line, row: row, column: 0, role: .muted)
                row += 1
            }
        }
        switch mode {
        case .lookup:
            hint("desk.searchHint")
        case .arrivals:
            hint("arrivals.searchHint")
            guard overview.distribution != nil else { return }
            row += 1
            drawRecent(&buffer, rows: row..<rows.upperBound)
        case .desk:
            guard overview.distribution != nil, !arrivals.waiting.isEmpty else {
                hint("desk.searchHint")
                if overview.distribution != nil, row + 1 < rows.upperBound {
                    // The counts on a line of their own, wrapped, never cut: "83" of 830 would mislead.
                    let lines = [strings("arrivals.queueEmpty")] + wrap(arrivalCountsText(), width: buffer.width - 3, maxLines: 2)
                    for (offset, line) in lines.enumerated() where row + 1 + offset < rows.upperBound {
                        buffer.write("  " + line, row: row + 1 + offset, column: 0, role: .muted)
                    }
                }
                return
            }
            hint("arrivals.desk.queueHint")
            row += 1
            drawWaiting(&buffer, rows: row..<rows.upperBound)
        }
    }

    /// The families checked in and not yet served, in arrival order, with how long they have waited.
    func drawWaiting(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        guard rows.count >= 3 else { return }
        let waiting = arrivals.waiting
        let titleEnd = buffer.write(" " + strings("arrivals.queueTitle", ["count": "\(waiting.count)"]) + "   ",
                                    row: rows.lowerBound, column: 0, role: .strong)
        buffer.write(strings("arrivals.queueCounts", [
            "checkedIn": "\(arrivals.checkedIn)", "served": "\(arrivals.served)", "notCome": "\(arrivals.notCome)",
        ]), row: rows.lowerBound, column: titleEnd, role: .muted, limit: max(0, buffer.width - titleEnd - 1))
        let columns = WaitingColumns(
            width: buffer.width, longestMark: waiting.map { waitingMark($0).count }.max() ?? 0)
        buffer.write(columns.header(strings), row: rows.lowerBound + 1, column: 0, role: .muted)
        let listTop = rows.lowerBound + 2
        let visible = rows.upperBound - listTop
        let selected = search.selectedWaiting
        let first = max(0, min(selected - visible + 1, waiting.count - visible))
        for (offset, index) in (first..<min(waiting.count, first + visible)).enumerated() {
            columns.draw(waiting[index], position: index + 1, into: &buffer, row: listTop + offset, state: self,
                         selected: index == selected)
        }
        if waiting.count > first + visible {
            let more = strings("card.moreMembers", ["count": "\(waiting.count - first - visible)"])
            buffer.write(" " + more + " ", row: rows.upperBound - 1, column: max(0, buffer.width - more.count - 2), role: .muted)
        }
    }

    /// The door's latest check-ins, newest first: time, family, who came, what they showed, waiting or served.
    func drawRecent(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        guard rows.count >= 2 else { return }
        buffer.write(" " + strings("arrivals.recentTitle"), row: rows.lowerBound, column: 0, role: .strong)
        guard !arrivals.recent.isEmpty else {
            buffer.write("   " + strings("arrivals.noneYet"), row: rows.lowerBound + 1, column: 0, role: .muted)
            return
        }
        let waiting = Dictionary(arrivals.waiting.map { ($0.household, $0) }, uniquingKeysWith: { first, _ in first })
        func status(_ entry: ArrivalLine) -> String {
            var status = strings("arrivals.waitingFor", ["minutes": "\(entry.minutesWaited(at: now))"])
            let mark = waitingMark(entry)
            if !mark.isEmpty { status += " " + mark }
            return status
        }
        // Wide enough for the longest status, its ★ marks included: what came and was shown gives way.
        let longest = arrivals.recent.compactMap { waiting[$0.household].map { status($0).count } }.max() ?? 0
        let statusWidth = max(buffer.width >= 100 ? 24 : 20, longest)
        for (offset, line) in arrivals.recent.enumerated() {
            let row = rows.lowerBound + 1 + offset
            guard row < rows.upperBound else { break }
            var column = buffer.write("   " + clockTime(line.checkedInAt, timeZone: config.timeZone) + "  ", row: row, column: 0)
            column = buffer.write(line.household + "  ", row: row, column: column, role: .strong)
            let statusColumn = buffer.width - statusWidth - 1
            let detail = arrivalDetail(line)
            // Shortened with "…" when the statuses need the room, never cut without a sign.
            let detailWidth = max(0, statusColumn - column - 1)
            buffer.write(detail.isEmpty ? "—" : padded(detail, detailWidth), row: row, column: column, limit: detailWidth)
            if let entry = waiting[line.household] {
                buffer.write(status(entry), row: row, column: statusColumn, role: entry.priority.isEmpty ? .muted : .warning,
                             limit: statusWidth)
            } else {
                buffer.write(strings("arrivals.served"), row: row, column: statusColumn, role: .success, limit: statusWidth)
            }
        }
    }
}

/// The waiting list's columns, sized to the screen's width.
struct WaitingColumns {
    let positionWidth = 5
    let numberWidth = 7
    let settlementWidth: Int
    let peopleWidth = 4
    let timeWidth = 7
    let waitedWidth = 8
    /// Wide enough for the longest mark on the list (`★ 60+ до 5 інв.`): the name gives way.
    let priorityWidth: Int
    let nameWidth: Int

    init(width: Int, longestMark: Int = 0) {
        settlementWidth = width >= 100 ? 20 : 12
        priorityWidth = max(10, longestMark + 1)
        nameWidth = max(8, width - 1 - positionWidth - numberWidth - settlementWidth - peopleWidth - timeWidth - waitedWidth
            - priorityWidth - 1)
    }

    func header(_ strings: Strings) -> String {
        func cell(_ key: String, _ width: Int) -> String { padded(strings(key), width - 1) + " " }
        return " " + String(repeating: " ", count: positionWidth) + cell("results.number", numberWidth)
            + cell("arrivals.col.head", nameWidth + 1) + cell("results.settlement", settlementWidth)
            + cell("results.people", peopleWidth) + cell("arrivals.col.arrived", timeWidth)
            + cell("arrivals.col.waited", waitedWidth) + strings("arrivals.col.priority")
    }

    func draw(_ line: ArrivalLine, position: Int, into buffer: inout ScreenBuffer, row: Int, state: DeskState, selected: Bool) {
        let base: StyleRole = selected ? .selected : .normal
        if selected { buffer.fill(row: row, role: .selected) }
        var column = 1
        let number = String(position)
        buffer.write(String(repeating: " ", count: max(0, positionWidth - 2 - number.count)) + number + ".", row: row,
                     column: column, role: selected ? .selected : .muted)
        column += positionWidth
        buffer.write(line.household, row: row, column: column, role: base)
        column += numberWidth
        buffer.write(padded(line.headName, nameWidth), row: row, column: column, role: selected ? .selected : .strong)
        column += nameWidth + 1
        buffer.write(padded(line.settlement, settlementWidth - 1), row: row, column: column, role: base)
        column += settlementWidth
        buffer.write(rightAligned("\(line.memberCount)", peopleWidth - 2), row: row, column: column, role: base)
        column += peopleWidth
        buffer.write(clockTime(line.checkedInAt, timeZone: state.config.timeZone), row: row, column: column, role: base)
        column += timeWidth
        let minutes = line.minutesWaited(at: state.now)
        buffer.write(state.strings("arrivals.minutes", ["minutes": "\(minutes)"]), row: row, column: column,
                     role: selected ? .selected : minutes >= 30 ? .warning : .normal, limit: waitedWidth - 1)
        column += waitedWidth
        buffer.write(state.waitingMark(line), row: row, column: column,
                     role: selected ? .selected : line.nothingToReceive ? .muted : .warning,
                     limit: max(0, buffer.width - column - 1))
    }
}
