import DeskCore
import Foundation

// The help (F1) over whatever screen: one page per mode, one string per line. A line that
// teaches a key this operator's role may not use is left out: the key table says which lines
// teach which keys (`KeyBinding.help`), so the help and the bar hide the same keys.

/// The lines of one help page, by strings key; nil is a blank line.
struct HelpPage {
    var lines: [String?]

    /// The issuing desk.
    static let desk = HelpPage(lines: [
        "help.desk", nil, "help.search", "help.search.keys", "help.card", "help.card.issue", "help.card.plan",
        "help.card.collector", "help.card.void", "help.card.back", "help.coordinator", "help.report", "help.distributions",
        "help.distributions.uncounted", "help.arrivals", "help.queue", "help.toDoor", "help.absent", "help.always", nil,
        "help.anyKey",
    ])

    /// Assistants' look-up: nothing is issued.
    static let lookup = HelpPage(lines: [
        "help.lookup", nil, "help.search", "help.lookup.keys", "help.lookup.card", "help.lookup.readOnly", "help.report",
        "help.always", nil, "help.anyKey",
    ])

    /// The door; `help.door.back` (F11) only on a desk that was opened as an issuing desk.
    static func door(openedAsDesk: Bool) -> HelpPage {
        HelpPage(lines: [
            "help.door.title", nil, "help.door.search", "help.search.keys", "help.card", "help.door.checkIn",
            "help.door.documents", "help.door.whoCame", "help.card.back", "help.door.next", "help.door.absent",
        ] + (openedAsDesk ? ["help.door.back"] : []) + ["help.door.always", nil, "help.anyKey"])
    }
}

extension DeskState {
    var helpPage: HelpPage {
        if atDoor { return .door(openedAsDesk: config.mode == .desk) }
        return canWrite ? .desk : .lookup
    }

    func drawHelp(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        // Keys the operator's role may not use are not taught (the key bar leaves them out too).
        let hidden = helpLinesHidden
        var lines = helpPage.lines.filter { $0.map { !hidden.contains($0) } ?? true }.map { $0.map { strings($0) } ?? "" }
        // On a short screen the blank lines go first, so that every key stays listed.
        while lines.count > rows.count, let blank = lines.indices.dropFirst().last(where: { lines[$0].isEmpty }) {
            lines.remove(at: blank)
        }
        for (offset, line) in lines.enumerated() {
            let row = rows.lowerBound + offset
            guard row < rows.upperBound else { break }
            buffer.write(" " + line, row: row, column: 0, role: offset == 0 ? .strong : .normal)
        }
    }
}
