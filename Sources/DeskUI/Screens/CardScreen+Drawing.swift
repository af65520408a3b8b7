import DeskCore
import Foundation

// The card's drawing: the family (possible double registrations first), the kits of the open
// distribution with why a kit cannot be given, who collects, and the history.

extension DeskState {
    func drawCard(_ buffer: inout ScreenBuffer, rows: Range<Int>) {
        guard let state = current.card else { return }
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

        // Whether the family is on today's plan, and for what: the door says so before anyone queues.
        if state.card.kits.contains(where: \.planned) {
            let onPlan = state.card.kits.filter { !$0.isOffPlan }
            let text: String
            if onPlan.isEmpty {
                text = strings("plan.card.notOnPlan")
            } else {
                text = strings("plan.card.onPlan", ["kits": onPlan.map { line in
                    var name = config.catalogue[line.kit]?.shortName(in: strings.language) ?? line.kit
                    if case .success(let quantity) = line.status, quantity > 1 { name += " ×\(quantity)" }
                    return name
                }.joined(separator: ", ")])
            }
            for line in wrap(text, width: buffer.width - 2, maxLines: 2) {
                buffer.write(" " + line, row: row, column: 0, role: onPlan.isEmpty ? .warning : .strong)
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
            let mark = line.isAvailable || checked ? (checked ? "[x]" : "[ ]") : " - "
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
            if checked, line.isOffPlan, let reason = state.overrideReason {
                (status, role) = (strings("plan.card.override", ["reason": reason]), .warning)
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
            if let reason = entry.overrideReason { text += "  " + strings("plan.card.override", ["reason": reason]) }
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
            case .notOnPlan:
                return (strings("card.notOnPlan"), .muted)
            default:
                return (strings.explain(refusal, catalogue: config.catalogue, timeZone: config.timeZone), .warning)
            }
        }
    }
}
