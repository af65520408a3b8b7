import DeskCore
import Foundation

/// Smallest screen the layout is made for; smaller terminals get a polite notice instead.
public let minimumScreen = (width: 80, height: 24)

extension DeskState {
    /// Why no distribution is on the desk: none open, or several (which the desk cannot choose between).
    var noDistributionKey: String {
        overview.openDistributionCount > 1 ? "desk.severalOpen" : "desk.noDistribution"
    }

    /// The whole screen for this state, at this size.
    public func render(width: Int, height: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        guard width >= minimumScreen.width, height >= minimumScreen.height else {
            let notice = strings("desk.tooSmall", ["width": "\(width)", "height": "\(height)"])
            var row = 0
            var rest = Substring(notice)
            while !rest.isEmpty && row < height {
                buffer.write(String(rest.prefix(max(1, width))), row: row, column: 0, role: .error)
                rest = rest.dropFirst(max(1, width))
                row += 1
            }
            return buffer
        }
        drawTitle(&buffer)
        let body = 3..<(height - 2)
        if let lock {
            // Nothing of the families, their kits or the stock: only the lock.
            drawLock(lock, &buffer, rows: 2..<(height - 2))
            drawMessageLine(&buffer, row: height - 2)
            drawKeyBar(&buffer, row: height - 1)
            return buffer
        }
        drawStockBar(&buffer)
        if showingHelp {
            drawHelp(&buffer, rows: body)
        } else {
            drawScreen(&buffer, rows: body)
        }
        drawMessageLine(&buffer, row: height - 2)
        drawKeyBar(&buffer, row: height - 1)
        return buffer
    }

    // MARK: Bars

    private func drawTitle(_ buffer: inout ScreenBuffer) {
        buffer.fill(row: 0, role: .bar)
        var left = " AidDesk"
        if lock != nil {
            let right = strings("lock.titleRight", ["desk": config.desk, "time": clockTime(now, timeZone: config.timeZone)]) + " "
            let rightStart = max(0, buffer.width - right.count)
            buffer.write(left + " · " + strings("lock.title"), row: 0, column: 0, role: .bar, limit: max(0, rightStart - 1))
            buffer.write(right, row: 0, column: rightStart, role: .bar)
            return
        }
        if mode == .lookup { left += " · " + strings("desk.lookupMode") }
        if mode == .arrivals { left += " · " + strings("arrivals.mode") }
        if let d = overview.distribution {
            left += " · \(d.name) · \(d.date.dotted)"
        }
        // Who is signed in and as what: a volunteer sees at a glance why F7 is not on the bar.
        let who = config.role.map { config.operatorName + " · " + strings("role.\($0.rawValue)") } ?? config.operatorName
        let right = strings("desk.titleRight", [
            "desk": config.desk, "operator": who, "time": clockTime(now, timeZone: config.timeZone),
        ]) + " "
        let rightStart = max(0, buffer.width - right.count)
        buffer.write(left, row: 0, column: 0, role: .bar, limit: max(0, rightStart - 1))
        buffer.write(right, row: 0, column: rightStart, role: .bar)
    }

    private func drawStockBar(_ buffer: inout ScreenBuffer) {
        let stockLength = overview.stock.reduce(strings("desk.stock").count + 2) { total, line in
            let name = config.catalogue[line.kit]?.shortName(in: strings.language) ?? line.kit
            return total + name.count + String(line.left).count + 3
        }
        var served = strings("desk.servedToday", ["count": "\(overview.householdsServedToday)"])
        if stockLength + served.count + 1 > buffer.width {
            served = strings("desk.servedTodayShort", ["count": "\(overview.householdsServedToday)"])
        }
        let servedStart = buffer.width - served.count - 1
        guard overview.distribution != nil else {
            buffer.write(" " + strings(noDistributionKey), row: 1, column: 0, role: .warning)
            return
        }
        if atDoor {
            // The door has no stock to watch: how the day stands instead.
            buffer.write(" " + arrivalCountsText(), row: 1, column: 0, role: .muted)
            return
        }
        var column = buffer.write(" " + strings("desk.stock") + " ", row: 1, column: 0, role: .muted)
        // Whole items only, a space clear of the served count; what does not fit is on F9.
        let end = servedStart - 1
        for (index, line) in overview.stock.enumerated() {
            let name = config.catalogue[line.kit]?.shortName(in: strings.language) ?? line.kit
            let separator = index > 0 ? "  " : ""
            guard column + separator.count + name.count + 1 + String(line.left).count <= end else {
                if column + 2 <= end { buffer.write(" …", row: 1, column: column, role: .muted) }
                break
            }
            column = buffer.write(separator + name + " ", row: 1, column: column)
            let low = line.left <= max(5, line.received / 10)
            column = buffer.write("\(line.left)", row: 1, column: column, role: low ? .warning : .strong)
        }
        buffer.write(served, row: 1, column: servedStart, role: .muted)
    }

    private func drawMessageLine(_ buffer: inout ScreenBuffer, row: Int) {
        if let prompt {
            var label = strings(promptLabelKey(prompt.purpose), promptValues(prompt.purpose))
            // A question too long for one row (a long distribution name) takes the row above as well,
            // so that the answer field always has room.
            let room = buffer.width - 12
            if label.count > room {
                let lines = wrap(label, width: room, maxLines: 2)
                buffer.write(String(repeating: " ", count: buffer.width), row: row - 1, column: 0)
                buffer.write(" " + lines[0], row: row - 1, column: 0, role: .strong)
                label = lines.count > 1 ? lines[1] : ""
            }
            let start = buffer.write(label + " ", row: row, column: 1, role: .strong)
            let fieldWidth = max(1, buffer.width - start - 1)
            buffer.fill(row: row, from: start, to: start + fieldWidth, role: .input)
            drawField(&buffer, prompt.field, row: row, column: start, width: fieldWidth)
            return
        }
        guard let message else { return }
        let role: StyleRole = message.kind == .error ? .error : message.kind == .success ? .success : .muted
        // A long message takes the row above as well: a refusal must be read whole.
        let lines = wrap(message.text, width: buffer.width - 2, maxLines: 2)
        for (offset, line) in lines.enumerated() {
            let target = row - (lines.count - 1) + offset
            buffer.write(String(repeating: " ", count: buffer.width), row: target, column: 0, role: role)
            buffer.write(" " + line, row: target, column: 0, role: role)
        }
    }

    /// The function-key bar, Midnight Commander style: the key, then what it does; from the key table.
    private func drawKeyBar(_ buffer: inout ScreenBuffer, row: Int) {
        // Entries that do not fit are left out, the least needed first; help and quit stay.
        var entries = keyBarEntries()
        func length(_ list: [(key: String, label: String, dropRank: Int?)]) -> Int {
            list.reduce(0) { $0 + $1.key.count + $1.label.count + 2 } - 1
        }
        for rank in Set(entries.compactMap(\.dropRank)).sorted() where length(entries) > buffer.width {
            entries.removeAll { $0.dropRank == rank }
        }
        var column = 0
        for (key, label, _) in entries {
            guard column + key.count + 1 + label.count <= buffer.width else { break }
            column = buffer.write(key, row: row, column: column, role: .key)
            column = buffer.write(" " + label, row: row, column: column, role: .keyLabel)
            column = buffer.write(" ", row: row, column: column)
        }
    }

    func drawField(_ buffer: inout ScreenBuffer, _ field: TextField, row: Int, column: Int, width: Int) {
        // Scroll long text so the cursor stays visible.
        let offset = max(0, field.cursor - (width - 1))
        let visible = String(field.text.dropFirst(offset).prefix(width))
        buffer.write(visible, row: row, column: column, role: .input, limit: width)
        buffer.cursor = (row, column + field.cursor - offset)
    }
}

/// Splits `text` at spaces into at most `maxLines` lines of `width` characters; the last line is cut.
func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        let candidate = current.isEmpty ? String(word) : current + " " + word
        if candidate.count <= width || current.isEmpty {
            current = candidate
        } else {
            lines.append(current)
            current = String(word)
        }
    }
    lines.append(current)
    if lines.count > maxLines {
        lines = Array(lines.prefix(maxLines - 1)) + [lines.dropFirst(maxLines - 1).joined(separator: " ")]
    }
    return lines.map { String($0.prefix(width)) }
}

/// `text` cut or padded to exactly `width` columns.
func padded(_ text: String, _ width: Int) -> String {
    text.count > width ? String(text.prefix(max(0, width - 1))) + "…" : text.padding(toLength: width, withPad: " ", startingAt: 0)
}

/// `text` right-aligned in `width` columns, with at least one space before it.
func rightAligned(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}

/// `n` right-aligned in `width` columns (wider numbers are written whole).
func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: " ", count: max(0, width - s.count)) + s
}
