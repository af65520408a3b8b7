import DeskCore
import Foundation

/// The coordinator's form for a new distribution: name, date, place, and a quantity per kit.
public struct DistributionForm: Sendable, Hashable {
    public var fields: [TextField]
    public var focus: Int = 0
    /// Index of the first kit field; kits follow in catalogue order.
    public static let firstKitField = 3
}

/// The new distribution's form, over the list of distributions it returns to.
public struct NewDistributionScreen: Sendable {
    public var form: DistributionForm
    public var list: DistributionsScreen
}

// MARK: Keys

extension DeskState {
    static func newForm(catalogue: KitCatalogue, today: CivilDate) -> DistributionForm {
        var fields = [TextField(maxLength: 80), TextField(today.dotted, maxLength: 10), TextField(maxLength: 80)]
        fields += catalogue.kits.map { _ in TextField(maxLength: 6) }
        return DistributionForm(fields: fields)
    }

    mutating func newDistributionKey(_ dispatch: Dispatch, _ key: Key, _ screen: NewDistributionScreen) -> [DeskEffect] {
        var form = screen.form
        switch dispatch {
        case .refused(let effects): return effects
        case .command(.back):
            return backToDistributions(screen.list)
        case .command(.previousField):
            form.focus = max(0, form.focus - 1)
        case .command(.nextField):
            form.focus = min(form.fields.count - 1, form.focus + 1)
        case .command(.enterField) where form.focus < form.fields.count - 1:
            form.focus += 1
        case .command(.enterField), .command(.submit):
            return submitForm(form)
        default:
            if form.focus >= DistributionForm.firstKitField, case .character(let c) = key, !c.isNumber {
                show(.error, strings("desk.digitsOnly"))
                return []
            }
            _ = form.fields[form.focus].handle(key)
            message = nil
        }
        current = .newDistribution(NewDistributionScreen(form: form, list: screen.list))
        return []
    }

    private mutating func submitForm(_ form: DistributionForm) -> [DeskEffect] {
        let name = form.fields[0].text.trimmingSpaces()
        guard !name.isEmpty else {
            show(.engine(.nameRequired))
            return []
        }
        guard let date = CivilDate(parsing: form.fields[1].text) else {
            show(.error, strings("error.badDate", ["value": form.fields[1].text]))
            return []
        }
        if let refusal = implausibleDistributionDate(date, today: CivilDate(now, in: config.timeZone), strings: strings) {
            show(.error, refusal)
            return []
        }
        var stock: [StockRequest] = []
        for (offset, kit) in config.catalogue.kits.enumerated() {
            let text = form.fields[DistributionForm.firstKitField + offset].text.trimmingSpaces()
            guard !text.isEmpty else { continue }
            // Too many digits for an Int is too many kits, not an empty field.
            guard let quantity = Int(text), quantity <= Limits.maxStock else {
                show(.engine(.quantityTooLarge(kit: kit.name(in: strings.language), quantity: Int(text) ?? Int.max)))
                return []
            }
            if quantity > 0 { stock.append(StockRequest(kit: kit.code, quantity: quantity)) }
        }
        guard !stock.isEmpty else {
            show(.engine(.noKitsGiven))
            return []
        }
        return [.openDistribution(name: name, date: date, place: form.fields[2].text.trimmingSpaces(), stock: stock)]
    }

    mutating func applyDistributionOpened(id: Int64, name: String) -> [DeskEffect] {
        current = .distributions(distributionsBeneath ?? DistributionsScreen())
        show(.success, strings("distribution.opened", ["id": String(id), "name": name, "date": ""])
            .replacingOccurrences(of: " ()", with: ""))
        return [.loadDistributions, .refreshOverview]
    }
}

// MARK: Drawing

extension DeskState {
    func drawForm(_ form: DistributionForm, _ buffer: inout ScreenBuffer, rows: Range<Int>) {
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
}
