import DeskCore
import Foundation

/// The close-out form: per kit of the distribution, the physical count and, where it differs
/// from what the ledger expects, the reason. Fields go count, reason, count, reason…; a reason
/// field takes the cursor only when its count differs.
public struct CloseOutForm: Sendable, Hashable {
    public var sheet: CloseOutSheet
    public var counted: [TextField]
    public var reasons: [TextField]
    /// `2 * line` is the line's count, `2 * line + 1` its reason.
    public var focus: Int = 0

    init(sheet: CloseOutSheet) {
        self.sheet = sheet
        counted = sheet.lines.map { _ in TextField(maxLength: 7) }
        reasons = sheet.lines.map { _ in TextField(maxLength: 200) }
    }

    /// The count typed for line `index`, if it is a whole number.
    func count(_ index: Int) -> Int? { Int(counted[index].text.trimmingSpaces()) }

    /// True when line `index` has a count that differs from what the ledger expects.
    func differs(_ index: Int) -> Bool { count(index).map { $0 != sheet.lines[index].expected } ?? false }

    func canFocus(_ field: Int) -> Bool { field % 2 == 0 || differs(field / 2) }

    mutating func move(by step: Int) {
        var next = focus + step
        while next >= 0 && next < 2 * sheet.lines.count {
            if canFocus(next) {
                focus = next
                return
            }
            next += step
        }
    }

    var isOnLastField: Bool {
        !((focus + 1)..<(2 * sheet.lines.count)).contains { canFocus($0) }
    }

    /// The counts as typed, each with the expected figure shown next to it.
    var counts: [KitCount] {
        sheet.lines.indices.compactMap { i in
            count(i).map {
                KitCount(kit: sheet.lines[i].kit, counted: $0, reason: reasons[i].text, expectedShown: sheet.lines[i].expected)
            }
        }
    }
}

/// The close-out count, over the list of distributions it returns to.
public struct CloseOutScreen: Sendable {
    public var form: CloseOutForm
    public var list: DistributionsScreen
}

// MARK: Keys

extension DeskState {
    mutating func closeOutKey(_ dispatch: Dispatch, _ key: Key, _ screen: CloseOutScreen) -> [DeskEffect] {
        var form = screen.form
        switch dispatch {
        case .refused(let effects): return effects
        case .command(.back):
            return backToDistributions(screen.list)
        case .command(.previousField):
            form.move(by: -1)
        case .command(.nextField):
            form.move(by: 1)
        case .command(.enterField) where !form.isOnLastField:
            form.move(by: 1)
        case .command(.enterField), .command(.submit):
            return submitCloseOut(form)
        default:
            let line = form.focus / 2
            if form.focus % 2 == 0 {
                if case .character(let c) = key, !c.isNumber {
                    show(.error, strings("desk.digitsOnly"))
                    return []
                }
                _ = form.counted[line].handle(key)
                if !form.differs(line) { form.reasons[line].set("") }
            } else {
                _ = form.reasons[line].handle(key)
            }
            message = nil
        }
        current = .closeOut(CloseOutScreen(form: form, list: screen.list))
        return []
    }

    private mutating func setCloseOutFocus(_ field: Int) {
        guard case .closeOut(var screen) = current else { return }
        screen.form.focus = field
        current = .closeOut(screen)
    }

    private mutating func submitCloseOut(_ form: CloseOutForm) -> [DeskEffect] {
        if let missing = form.sheet.lines.indices.first(where: { form.count($0) == nil }) {
            setCloseOutFocus(2 * missing)
            show(.error, strings("closeout.desk.countMissing", ["kit": kitName(form.sheet.lines[missing].kit)]))
            return []
        }
        if let problem = form.sheet.problem(with: form.counts) {
            if case .reasonRequired(let kit, _, _) = problem, let line = form.sheet.lines.firstIndex(where: { $0.kit == kit }) {
                setCloseOutFocus(2 * line + 1)
                show(.error, strings("closeout.desk.reasonMissing", ["kit": kitName(kit)]))
            } else {
                show(.closeOut(problem))
            }
            return []
        }
        prompt = Prompt(purpose: .confirmCloseOut(distribution: form.sheet.distributionId), field: TextField(maxLength: 10))
        return []
    }
}

// MARK: Answers

extension DeskState {
    mutating func applyCloseOutSheet(_ sheet: CloseOutSheet) {
        if case .closeOut(var screen) = current, screen.form.sheet.distributionId == sheet.distributionId,
            screen.form.sheet.lines.map(\.kit) == sheet.lines.map(\.kit)
        {
            // Fresh expected figures (another desk issued meanwhile); what was typed stays.
            screen.form.sheet = sheet
            current = .closeOut(screen)
            return
        }
        current = .closeOut(CloseOutScreen(form: CloseOutForm(sheet: sheet), list: distributionsBeneath ?? DistributionsScreen()))
        message = nil
    }

    mutating func applyClosedOut(id: Int64, differences: Int, note: CloseNote?) -> [DeskEffect] {
        let list = distributionsBeneath ?? DistributionsScreen()
        current = .distributions(list)
        let name = list.list.first { $0.id == id }?.name ?? ""
        showClosed(strings("distribution.closed", ["id": String(id), "name": name]) + " "
                   + strings("closeout.desk.recorded", ["count": "\(differences)"]), note)
        return [.loadDistributions, .refreshOverview]
    }
}

// MARK: Drawing

extension DeskState {
    func drawCloseOut(_ form: CloseOutForm, _ buffer: inout ScreenBuffer, rows: Range<Int>) {
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
}
