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
            switch screen {
            case .search: drawSearch(&buffer, rows: body)
            case .card: drawCard(&buffer, rows: body)
            case .distributions: drawDistributions(&buffer, rows: body)
            case .newDistribution: drawForm(&buffer, rows: body)
            case .stock: drawStock(&buffer, rows: body)
            case .report: drawReport(&buffer, rows: body)
            case .closeOut: drawCloseOut(&buffer, rows: body)
            case .absent: drawAbsent(&buffer, rows: body)
            }
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

    private func promptLabelKey(_ purpose: Prompt.Purpose) -> String {
        switch purpose {
        case .proxyName: return "prompt.proxyName"
        case .voidReason: return "prompt.voidReason"
        case .stockChange: return "prompt.stockChange"
        case .stockReason: return "prompt.stockReason"
        case .confirmClose: return "closeout.desk.confirmUncounted"
        case .confirmCloseOut: return "closeout.desk.confirm"
        case .checkInDocument: return "arrivals.prompt.document"
        case .checkInOtherDocument: return "arrivals.prompt.otherDocument"
        }
    }

    private func promptValues(_ purpose: Prompt.Purpose) -> [String: String] {
        switch purpose {
        case .voidReason(let id): return ["id": "\(id)"]
        case .stockChange(let kit): return ["kit": kitName(kit)]
        case .stockReason(let kit, let delta): return ["kit": kitName(kit), "delta": delta > 0 ? "+\(delta)" : "\(delta)"]
        case .confirmClose(let id), .confirmCloseOut(let id):
            return ["name": distributionList.first { $0.id == id }?.name ?? closeOut?.sheet.name ?? "\(id)"]
        case .checkInDocument(let household), .checkInOtherDocument(let household): return ["household": household]
        case .proxyName: return [:]
        }
    }

    /// The function-key bar, Midnight Commander style: the key, then what it does.
    private func drawKeyBar(_ buffer: inout ScreenBuffer, row: Int) {
        // Entries that do not fit are left out, the least needed first; help and quit stay.
        var entries = keyBarEntries()
        let optional = ["^L", "F11", "F12", "1-9", "F7", "F9", "F8", "F4", "F3", "Tab"]
        func length(_ list: [(String, String)]) -> Int { list.reduce(0) { $0 + $1.0.count + $1.1.count + 2 } - 1 }
        for key in optional where length(entries) > buffer.width {
            entries.removeAll { $0.0 == key }
        }
        var column = 0
        for (key, label) in entries {
            guard column + key.count + 1 + label.count <= buffer.width else { break }
            column = buffer.write(key, row: row, column: column, role: .key)
            column = buffer.write(" " + label, row: row, column: column, role: .keyLabel)
            column = buffer.write(" ", row: row, column: column)
        }
    }

    private func keyBarEntries() -> [(String, String)] {
        let s = strings
        if let prompt {
            if case .checkInDocument = prompt.purpose {
                return [("1", s("arrivals.document.idp")), ("2", s("arrivals.document.passport")),
                        ("3", s("arrivals.document.other")), ("Esc", s("keys.cancel"))]
            }
            return [("Enter", s("keys.confirm")), ("Esc", s("keys.cancel"))]
        }
        if let lock {
            var entries: [(String, String)] = [("Enter", s(lock.otherOperator && lock.editingName ? "keys.nextField" : "lock.keys.signIn"))]
            entries.append(lock.otherOperator ? ("Esc", s("lock.keys.back")) : ("Tab", s("lock.keys.other")))
            entries.append(("F10", s("keys.quit")))
            return entries
        }
        if showingHelp { return [("Esc", s("keys.back"))] }
        var entries: [(String, String)] = [("F1", s("keys.help"))]
        switch screen {
        case .search:
            entries.append(("Enter", s("keys.card")))
            if mode == .desk { entries.append(("F5", s("arrivals.keys.next"))) }
            if !atDoor && may(.report) { entries.append(("F6", s("keys.report"))) }
            if canWrite && may(.distributions) { entries.append(("F7", s("keys.distributions"))) }
            if canWrite && may(.adjustStock) { entries.append(("F9", s("keys.stock"))) }
            if canCheckIn && may(.report) { entries.append(("F12", s("arrivals.keys.absent"))) }
            if config.mode == .desk { entries.append(("F11", s(atDoor ? "arrivals.keys.desk" : "arrivals.keys.door"))) }
            if config.role != nil { entries.append(("^L", s("lock.keys.lock"))) }
        case .card:
            let checkedIn = card?.card.checkedInAt != nil
            if canWrite {
                entries += [("Enter", s("keys.issue")), ("1-9", s("keys.kits")), ("F3", s("keys.collector"))]
                if !checkedIn { entries.append(("F4", s("arrivals.keys.checkIn"))) }
                if may(.void) { entries.append(("F8", s("keys.void"))) }
            } else if atDoor {
                if !checkedIn { entries.append(("Enter", s("arrivals.keys.checkIn"))) }
                entries.append(("F3", s("arrivals.keys.whoCame")))
            }
            entries.append(("Esc", s("keys.back")))
        case .absent:
            entries += [("Enter", s("keys.card")), ("↑↓", s("keys.scroll")), ("Esc", s("keys.back"))]
        case .distributions:
            entries += [("F2", s("keys.newDistribution")), ("Enter", s("keys.report")), ("F8", s("keys.closeDistribution")),
                        ("F5", s("keys.closeUncounted")), ("Esc", s("keys.back"))]
        case .newDistribution:
            entries += [("Tab", s("keys.nextField")), ("F2", s("keys.save")), ("Esc", s("keys.cancel"))]
        case .stock:
            entries += [("Enter", s("keys.adjust")), ("Esc", s("keys.back"))]
        case .report:
            entries += [("↑↓", s("keys.scroll")), ("Esc", s("keys.back"))]
        case .closeOut:
            entries += [("Tab", s("keys.nextField")), ("F2", s("keys.recordAndClose")), ("Esc", s("keys.cancel"))]
        }
        entries.append(("F10", s("keys.quit")))
        return entries
    }

    private func drawField(_ buffer: inout ScreenBuffer, _ field: TextField, row: Int, column: Int, width: Int) {
        // Scroll long text so the cursor stays visible.
        let offset = max(0, field.cursor - (width - 1))
        let visible = String(field.text.dropFirst(offset).prefix(width))
        buffer.write(visible, row: row, column: column, role: .input, limit: width)
        buffer.cursor = (row, column + field.cursor - offset)
    }

    // MARK: Search

    private func drawSearch(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        let label = strings("desk.searchLabel") + " "
        let start = buffer.write(" " + label, row: rows.lowerBound, column: 0, role: .strong)
        let fieldWidth = buffer.width - start - 1
        buffer.fill(row: rows.lowerBound, from: start, to: start + fieldWidth, role: .input)
        if prompt == nil { drawField(&buffer, query, row: rows.lowerBound, column: start, width: fieldWidth) }

        let listTop = rows.lowerBound + 2
        if query.text.trimmingSpaces().isEmpty {
            drawIdle(&buffer, rows: listTop..<rows.upperBound)
            return
        }
        if results.isEmpty {
            buffer.write("  " + strings("desk.noResults"), row: listTop, column: 0, role: .muted)
            return
        }
        let columns = SearchColumns(width: buffer.width)
        buffer.write(columns.header(strings), row: rows.lowerBound + 1, column: 0, role: .muted)
        let visible = rows.upperBound - listTop
        let first = max(0, min(selectedResult - visible + 1, results.count - visible))
        for (offset, index) in (first..<min(results.count, first + visible)).enumerated() {
            let row = listTop + offset
            let result = results[index]
            let selected = index == selectedResult
            columns.draw(result, into: &buffer, row: row, state: self, selected: selected)
        }
    }

    // MARK: Card

    private func drawCard(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        guard let state = card else { return }
        let household = state.card.household
        let today = CivilDate(now, in: config.timeZone)
        var row = rows.lowerBound
        var header = strings("card.household", ["household": household.number, "settlement": household.settlement])
        if let phone = household.head?.phone { header += " · " + strings("card.phone", ["phone": phone]) }
        if let at = state.card.checkedInAt {
            header += " · " + strings("card.checkedIn", ["time": clockTime(at, timeZone: config.timeZone)])
        }
        let headerEnd = buffer.write(" " + header, row: row, column: 0, role: .strong)
        let priority = PriorityReason.reasons(for: household.members, on: today)
        if !priority.isEmpty {
            // After the header when it fits, else on a line of its own: a priority is never cut short.
            let mark = " " + priorityMark(priority)
            if headerEnd + mark.count <= buffer.width {
                buffer.write(mark, row: row, column: headerEnd, role: .warning)
            } else {
                row += 1
                buffer.write(mark, row: row, column: 0, role: .warning)
            }
        }
        row += 1
        // Who came to the door and what they showed, once the family is checked in.
        if let arrival = state.card.arrival {
            let detail = arrivalDetail(arrival)
            if !detail.isEmpty {
                var text = strings("arrivals.card.came", ["detail": detail])
                if !arrival.desk.isEmpty {
                    text += " (" + strings("card.historyWhere", ["desk": arrival.desk, "operator": arrival.operatorName]) + ")"
                }
                buffer.write(" " + text, row: row, column: 0, role: .muted)
                row += 1
            }
        }

        // Possible double registrations first: the volunteer must see them before issuing.
        let warnings = state.card.duplicates.prefix(2)
        for note in warnings {
            let evidence = note.evidence.map { strings("duplicates.evidence.\($0.rawValue)") }.joined(separator: ", ")
            var text = strings(note.otherName == note.memberName ? "card.duplicateSameName" : "card.duplicate", [
                "member": note.memberName, "household": note.otherHousehold, "other": note.otherName, "evidence": evidence,
            ])
            if !note.kitsReceived.isEmpty {
                text += " " + strings("card.duplicateReceived", ["kits": note.kitsReceived.map {
                    config.catalogue[$0]?.shortName(in: strings.language) ?? $0
                }.joined(separator: ", ")])
            }
            let role: StyleRole = note.kitsReceived.isEmpty ? .warning : .error
            for (offset, line) in wrap(text, width: buffer.width - 4, maxLines: 2).enumerated() {
                buffer.write((offset == 0 ? " ⚠ " : "   ") + line, row: row, column: 0, role: role)
                row += 1
            }
        }

        // Members: as many as fit with the kits and collector below; the rest summarised.
        let kitRows = state.card.kits.count
        let historyMinimum = state.card.history.isEmpty ? 0 : 2
        let spare = rows.upperBound - row - kitRows - 4 - historyMinimum
        let shownMembers = min(household.members.count, max(1, spare))
        for (index, person) in household.members.prefix(shownMembers).enumerated() {
            var line = "   " + person.fullName
            line = line.padding(toLength: 37, withPad: " ", startingAt: 0)
            if let birth = person.birthDate {
                line += strings("card.age", ["age": "\(birth.age(on: today))", "birth": birth.dotted])
            }
            if person.isHead { line += "  " + strings("card.head") }
            if let certificate = person.idpCertificate, !certificate.isEmpty { line += "  " + certificate }
            if person.hasDisability == true {
                // Who the family's ★ інв. is for: in full when it fits, else short, else only the ★.
                for key in ["arrivals.card.disability", "arrivals.priority.disability"] {
                    let mark = "  " + strings(key)
                    if line.count + mark.count <= buffer.width - 1 {
                        line += mark
                        break
                    }
                }
            }
            let role: StyleRole = index == Self.headIndex(household) ? .strong : .normal
            buffer.write(line, row: row, column: 0, role: role)
            row += 1
        }
        if shownMembers < household.members.count {
            buffer.write("   " + strings("card.moreMembers", ["count": "\(household.members.count - shownMembers)"]),
                         row: row - 1, column: 0, role: .muted)
        }

        let distributionName = overview.distribution?.name ?? ""
        buffer.write(" " + strings("card.kits", ["distribution": distributionName]), row: row, column: 0, role: .muted)
        row += 1
        if state.card.kits.isEmpty {
            buffer.write("   " + strings(noDistributionKey), row: row, column: 0, role: .warning)
            row += 1
        }
        for (index, line) in state.card.kits.enumerated() where row < rows.upperBound {
            let checked = state.selectedKits.contains(line.kit)
            let mark = line.isAvailable ? (checked ? "[x]" : "[ ]") : " - "
            var column = buffer.write("  \(mark) ", row: row, column: 0, role: checked ? .success : .normal)
            column = buffer.write("\(index + 1) ", row: row, column: column, role: .key)
            let name: String
            switch line.status {
            case .success(let quantity): name = kitName(line.kit) + (quantity > 1 ? " ×\(quantity)" : "")
            case .failure: name = kitName(line.kit)
            }
            buffer.write(name, row: row, column: column, role: checked ? .success : .normal, limit: 28)
            var (status, role) = kitStatusText(line)
            if line.isAvailable, state.card.kitsHeldElsewhere.contains(line.kit) {
                (status, role) = (strings("card.heldElsewhere"), .error)
            }
            buffer.write(status, row: row, column: column + 29, role: role)
            row += 1
        }

        if row < rows.upperBound {
            let collector = collectorText(state)
            let label = strings(atDoor ? "arrivals.card.whoCame" : "card.collector")
            let column = buffer.write(" " + label + " ", row: row, column: 0, role: .muted)
            buffer.write(collector, row: row, column: column, role: .strong)
            row += 1
        }

        guard row + 1 < rows.upperBound else { return }
        buffer.write(" " + strings("card.history"), row: row, column: 0, role: .muted)
        row += 1
        if state.card.history.isEmpty {
            buffer.write("   " + strings("history.none"), row: row, column: 0, role: .muted)
            return
        }
        let visible = rows.upperBound - row
        let selected = state.historyIndex ?? -1
        let first = max(0, min(selected - visible + 1, state.card.history.count - visible))
        for index in first..<min(state.card.history.count, first + visible) {
            let entry = state.card.history[index]
            var text = "   " + CivilDate(entry.issuedAt, in: config.timeZone).dotted + " "
                + clockTime(entry.issuedAt, timeZone: config.timeZone) + "  "
                + kitName(entry.kit) + " ×\(entry.quantity)  «\(entry.distributionName)»  "
                + strings("card.historyWhere", ["desk": entry.desk, "operator": entry.operatorName])
                + "  № \(entry.issuanceId)"
            if entry.isVoided { text += "  " + strings("card.voided", ["reason": entry.voidReason ?? ""]) }
            let role: StyleRole = index == selected ? .selected : entry.isVoided ? .muted : .normal
            if index == selected { buffer.fill(row: row, role: .selected) }
            buffer.write(text, row: row, column: 0, role: role)
            row += 1
        }
    }

    private func collectorText(_ state: CardState) -> String {
        switch state.collector {
        case .member(let index):
            guard state.card.household.members.indices.contains(index) else { return "" }
            let person = state.card.household.members[index]
            return person.fullName + (person.isHead ? " (" + strings("card.head") + ")" : "")
        case .proxy(let name):
            return name + " (" + strings("card.proxy") + ")"
        }
    }

    /// The short reason on a kit line: "видано 25.11 о 10:42, стіл 2, Марія", "не раніше 01.03.2027".
    func kitStatusText(_ line: KitLine) -> (String, StyleRole) {
        switch line.status {
        case .success:
            return (strings("card.available"), .muted)
        case .failure(let refusal):
            switch refusal {
            case .alreadyIssued(let prior):
                return (strings("card.issuedAt", [
                    "date": CivilDate(prior.issuedAt, in: config.timeZone).dotted,
                    "time": clockTime(prior.issuedAt, timeZone: config.timeZone), "desk": prior.desk,
                    "operator": prior.operatorName,
                ]), .error)
            case .notEligibleUntil(let date, _):
                return (strings("card.notUntil", ["date": date.dotted]), .warning)
            case .outOfStock(_, let left, let needed):
                return (strings("card.outOfStock", ["left": "\(left)", "needed": "\(needed)"]), .warning)
            case .distributionClosed:
                return (strings("card.closed"), .warning)
            default:
                return (strings.explain(refusal, catalogue: config.catalogue, timeZone: config.timeZone), .warning)
            }
        }
    }

    // MARK: Coordinator screens

    private func drawDistributions(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
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

    private func drawForm(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        guard let form else { return }
        buffer.write(" " + strings("coord.newDistribution"), row: rows.lowerBound, column: 0, role: .strong)
        var labels = [strings("coord.name"), strings("coord.date"), strings("coord.place")]
        labels += config.catalogue.kits.map { kitName($0.code) }
        for (index, label) in labels.enumerated() {
            let row = rows.lowerBound + 2 + index
            guard row < rows.upperBound else { break }
            let isKit = index >= DistributionForm.firstKitField
            buffer.write("   " + label, row: row, column: 0, role: index == form.focus ? .strong : .normal)
            let width = isKit ? 8 : 44
            buffer.fill(row: row, from: 28, to: 28 + width, role: .input)
            if index == form.focus && prompt == nil {
                drawField(&buffer, form.fields[index], row: row, column: 28, width: width)
            } else {
                buffer.write(form.fields[index].text, row: row, column: 28, role: .input, limit: width)
            }
        }
        let hintRow = rows.lowerBound + 3 + labels.count
        if hintRow < rows.upperBound {
            buffer.write("   " + strings("coord.formHint"), row: hintRow, column: 0, role: .muted)
        }
    }

    private func drawStock(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
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

    // MARK: Report and close-out

    private func drawReport(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        // Drawn from column 1, with a column spare on the right.
        let lines = reportLines(width: buffer.width - 2)
        guard !lines.isEmpty else {
            buffer.write(" " + strings("report.desk.loading"), row: rows.lowerBound, column: 0, role: .muted)
            return
        }
        let visible = rows.count
        let first = max(0, min(reportScroll, lines.count - visible))
        for (offset, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            var column = 1
            for span in line {
                column = buffer.write(span.text, row: rows.lowerBound + offset, column: column, role: role(of: span.kind))
            }
        }
        // Where in the report the screen is, on the message row while it is free.
        if lines.count > visible && message == nil && prompt == nil {
            let position = strings("report.desk.position", [
                "from": "\(first + 1)", "to": "\(min(lines.count, first + visible))", "of": "\(lines.count)",
            ])
            buffer.write(" " + position + (first + visible < lines.count ? " ↓" : ""), row: rows.upperBound, column: 0,
                         role: .muted)
        }
    }

    private func role(of kind: ReportSpan.Kind) -> StyleRole {
        switch kind {
        case .title, .heading, .strong: return .strong
        case .normal: return .normal
        case .muted: return .muted
        case .bar: return .success
        case .warning: return .warning
        }
    }

    private func drawCloseOut(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        guard let form = closeOut else { return }
        let sheet = form.sheet
        buffer.write(" " + strings("closeout.desk.title", ["name": sheet.name, "id": "\(sheet.distributionId)"]),
                     row: rows.lowerBound, column: 0, role: .strong)
        // One row per kit: name, received, issued, expected, the count field, match or difference.
        // A kit whose count differs gets a second row for the reason, as wide as the screen.
        let countColumn = 57
        let countWidth = 10
        let statusColumn = countColumn + countWidth + 2
        let header = "   " + padded(strings("report.kitColumn"), 22) + rightAligned(strings("report.received"), 10)
            + rightAligned(strings("report.issued"), 8) + rightAligned(strings("closeout.desk.expected"), 12)
        buffer.write(header, row: rows.lowerBound + 2, column: 0, role: .muted)
        buffer.write(strings("closeout.desk.counted"), row: rows.lowerBound + 2, column: countColumn, role: .muted)
        let focused = prompt == nil ? form.focus : -1
        var row = rows.lowerBound + 3
        for (index, line) in sheet.lines.enumerated() where row < rows.upperBound {
            let text = "   " + padded(kitName(line.kit), 22) + rightAligned("\(line.received)", 10)
                + rightAligned("\(line.issued)", 8) + rightAligned("\(line.expected)", 12)
            buffer.write(text, row: row, column: 0, role: focused / 2 == index ? .strong : .normal)
            buffer.fill(row: row, from: countColumn, to: countColumn + countWidth, role: .input)
            if focused == 2 * index {
                drawField(&buffer, form.counted[index], row: row, column: countColumn, width: countWidth)
            } else {
                buffer.write(form.counted[index].text, row: row, column: countColumn, role: .input, limit: countWidth)
            }
            if let counted = form.count(index) {
                let differs = counted != line.expected
                let status = differs
                    ? strings("closeout.desk.difference", ["difference": signedFigure(counted.saturatingSubtracting(line.expected))])
                    : strings("closeout.desk.matches")
                buffer.write(status, row: row, column: statusColumn, role: differs ? .warning : .muted)
            }
            row += 1
            guard form.differs(index), row < rows.upperBound else { continue }
            let labelEnd = buffer.write("      " + strings("closeout.desk.reason") + " ", row: row, column: 0,
                                        role: form.reasons[index].text.trimmingSpaces().isEmpty ? .warning : .muted)
            let width = max(1, buffer.width - labelEnd - 1)
            buffer.fill(row: row, from: labelEnd, to: labelEnd + width, role: .input)
            if focused == 2 * index + 1 {
                drawField(&buffer, form.reasons[index], row: row, column: labelEnd, width: width)
            } else {
                buffer.write(form.reasons[index].text, row: row, column: labelEnd, role: .input, limit: width)
            }
            row += 1
        }
        let hint = wrap(strings("closeout.desk.hint"), width: buffer.width - 4, maxLines: 3)
        if row + hint.count < rows.upperBound {
            for (offset, line) in hint.enumerated() {
                buffer.write("   " + line, row: row + 1 + offset, column: 0, role: .muted)
            }
        }
    }

    /// How the help names the keys this operator's role may not use (the same in every language).
    private var hiddenHelpKeys: [String] {
        var keys: [String] = []
        if !may(.distributions) { keys += ["F7 (Ctrl-D)", "(F7)", "F5 (Ctrl-K)"] }
        if !may(.adjustStock) { keys.append("F9 (Ctrl-T)") }
        if !may(.report) { keys += ["F6 (Ctrl-R)", "F12 (Ctrl-Y)"] }
        if !may(.void) { keys.append("F8 (Ctrl-V)") }
        return keys
    }

    // MARK: Lock

    private func drawLock(_ lock: DeskLock, _ buffer: inout ScreenBuffer, rows: Range<Int>) {
        var row = rows.lowerBound + 1
        func line(_ text: String, _ role: StyleRole = .normal) {
            guard row < rows.upperBound else { return }
            buffer.write("  " + text, row: row, column: 0, role: role, limit: buffer.width)
            row += 1
        }
        line(strings("lock.title"), .strong)
        let seconds = Int((config.lockAfter ?? 0).rounded())
        let idle = seconds % 60 == 0
            ? strings("lock.idleMinutes", ["minutes": "\(seconds / 60)"]) : strings("lock.idleSeconds", ["seconds": "\(seconds)"])
        line(strings(lock.wasIdle ? "lock.sinceIdle" : "lock.since", [
            "time": clockTime(lock.lockedAt, timeZone: config.timeZone), "idle": idle,
        ]), .muted)
        row += 1
        let nameLabel = strings("lock.name") + " "
        let pinLabel = strings("lock.pin") + " "
        let labelWidth = max(nameLabel.count, pinLabel.count)
        let fieldWidth = min(30, buffer.width - labelWidth - 6)
        func field(_ label: String, _ text: TextField, masked: Bool, focused: Bool) {
            guard row < rows.upperBound else { return }
            let start = buffer.write("  " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0), row: row,
                                     column: 0, role: .strong)
            buffer.fill(row: row, from: start, to: start + fieldWidth, role: .input)
            // The PIN is never drawn, only a star per character typed.
            let shown = masked ? TextField(String(repeating: "*", count: text.text.count), maxLength: text.maxLength) : text
            if focused {
                drawField(&buffer, shown, row: row, column: start, width: fieldWidth)
            } else {
                buffer.write(shown.text, row: row, column: start, role: .input, limit: fieldWidth)
            }
            row += 1
        }
        if lock.otherOperator {
            line(strings("lock.otherExplain"))
            row += 1
            field(nameLabel, lock.name, masked: false, focused: lock.editingName)
            field(pinLabel, lock.pin, masked: true, focused: !lock.editingName)
            row += 1
            line(strings("lock.backHint", ["operator": lock.operatorName]), .muted)
        } else {
            line(strings("lock.pinFor", ["operator": lock.operatorName]))
            row += 1
            field(pinLabel, lock.pin, masked: true, focused: true)
            row += 1
            line(strings("lock.otherHint"), .muted)
        }
    }

    // MARK: Help

    private func drawHelp(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        var lines: [Substring]
        if atDoor {
            lines = strings("arrivals.help").split(separator: "\n", omittingEmptySubsequences: false)
            if config.mode == .desk { lines.insert(Substring(strings("arrivals.help.back")), at: max(min(1, lines.count), lines.count - 3)) }
        } else {
            lines = strings(canWrite ? "help.desk" : "help.lookup").split(separator: "\n", omittingEmptySubsequences: false)
            // The report and close-out keys, then the arrivals keys, before the "always" line and the
            // closing "any key" paragraph.
            var extra = strings(canWrite ? "report.desk.help" : "report.desk.helpLookup").split(separator: "\n")
            if canWrite { extra += strings("arrivals.help.desk").split(separator: "\n") }
            lines.insert(contentsOf: extra, at: max(min(1, lines.count), lines.count - 3))
        }
        // Keys the operator's role may not use are not taught (the key bar leaves them out too).
        let hidden = hiddenHelpKeys
        if !hidden.isEmpty {
            lines.removeAll { line in hidden.contains { line.contains($0) } }
        }
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
private func padded(_ text: String, _ width: Int) -> String {
    text.count > width ? String(text.prefix(max(0, width - 1))) + "…" : text.padding(toLength: width, withPad: " ", startingAt: 0)
}

/// `text` right-aligned in `width` columns, with at least one space before it.
private func rightAligned(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: " ", count: max(0, width - s.count)) + s
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

// MARK: - Arrivals

extension DeskState {
    /// "Прибули: 34 · чекають: 12 · обслуговано: 22 · ще не прийшли: 826".
    func arrivalCountsText() -> String {
        strings("arrivals.counts", [
            "checkedIn": "\(arrivals.checkedIn)", "waiting": "\(arrivals.waiting.count)", "served": "\(arrivals.served)",
            "notCome": "\(arrivals.notCome)",
        ])
    }

    /// "★ 60+ до 5".
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
            width: buffer.width, longestMark: waiting.map { priorityMark($0.priority).count }.max() ?? 0)
        buffer.write(columns.header(strings), row: rows.lowerBound + 1, column: 0, role: .muted)
        let listTop = rows.lowerBound + 2
        let visible = rows.upperBound - listTop
        let first = max(0, min(selectedWaiting - visible + 1, waiting.count - visible))
        for (offset, index) in (first..<min(waiting.count, first + visible)).enumerated() {
            columns.draw(waiting[index], position: index + 1, into: &buffer, row: listTop + offset, state: self,
                         selected: index == selectedWaiting)
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
            let minutes = entry.checkedInAt.distance(to: now) / 60
            var status = strings("arrivals.waitingFor", ["minutes": "\(max(0, Int(minutes)))"])
            if !entry.priority.isEmpty { status += " " + priorityMark(entry.priority) }
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

    /// Registered families not checked in, by settlement, with a phone to call.
    func drawAbsent(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        guard let distribution = overview.distribution else {
            buffer.write(" " + strings(noDistributionKey), row: rows.lowerBound, column: 0, role: .warning)
            return
        }
        guard absentLoaded else {
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
        let minutes = max(0, Int(line.checkedInAt.distance(to: state.now) / 60))
        buffer.write(state.strings("arrivals.minutes", ["minutes": "\(minutes)"]), row: row, column: column,
                     role: selected ? .selected : minutes >= 30 ? .warning : .normal, limit: waitedWidth - 1)
        column += waitedWidth
        buffer.write(state.priorityMark(line.priority), row: row, column: column, role: selected ? .selected : .warning,
                     limit: max(0, buffer.width - column - 1))
    }
}
