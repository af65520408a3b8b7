/// One household number on a plan's list, with the row of the file it came from, so that a
/// refusal can say where to look.
public struct PlanListEntry: Sendable, Hashable {
    public var row: Int
    public var number: String

    public init(row: Int, number: String) {
        self.row = row
        self.number = number
    }
}

/// Why a plan could not be set. Nothing was changed.
public enum PlanError: Error, Sendable, Hashable {
    /// The distribution holds no stock of the kit.
    case kitNotInDistribution(kit: String, distribution: String)
    /// The kit has been handed out in this distribution already: a change now is a coordinator's
    /// decision with a reason.
    case reasonRequired(kit: String, issued: Int)
    /// Numbers on the list that the register does not hold (each with its row).
    case unknownHouseholds([PlanListEntry])
    case emptyList
    /// A file with a header row but no `household` column.
    case noHouseholdColumn(header: String)
    /// A quantity, cap or "per N people" that is not a whole number from 1 up.
    case badNumber(option: String, value: Int)
    case distributionClosed(name: String)
}

/// Reads the list of a plan: household numbers one a line, or a CSV (comma, semicolon or tab)
/// whose header names a `household` column (`домогосподарство`, `сім'я` and `№ сім'ї` too).
public enum PlanList {
    /// Header names of the household column, folded to lower case.
    static let columnNames: Set<String> = [
        "household", "household number", "домогосподарство", "сім'я", "сім’я", "№ сім'ї", "№ сім’ї",
        "номер сім'ї", "номер сім’ї", "№",
    ]

    public static func parse(_ text: String) throws(PlanError) -> [PlanListEntry] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { String($0).trimmingSpaces() }
        guard let first = lines.firstIndex(where: { !$0.isEmpty }) else { throw PlanError.emptyList }
        let header = lines[first]
        let delimiter: Character? = [";", "\t", ","].first { header.contains($0) }
        let headerCells = cells(header, delimiter: delimiter).map { $0.lowercased() }
        var column: Int? = nil
        if let index = headerCells.firstIndex(where: { columnNames.contains($0) }) {
            column = index
        } else if headerCells.count > 1 || headerCells.first.map({ !$0.contains(where: \.isNumber) }) == true {
            // A header row (words, or several cells) without the household column.
            throw PlanError.noHouseholdColumn(header: header)
        }
        var entries: [PlanListEntry] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            if column != nil && index == first { continue }
            let value: String
            if let column {
                let row = cells(line, delimiter: delimiter)
                value = column < row.count ? row[column] : ""
            } else {
                value = cells(line, delimiter: nil).first ?? ""
            }
            guard !value.isEmpty else { continue }
            entries.append(PlanListEntry(row: index + 1, number: value))
        }
        guard !entries.isEmpty else { throw PlanError.emptyList }
        return entries
    }

    /// The cells of one CSV line; quoted cells may hold the delimiter and doubled quotes.
    static func cells(_ line: String, delimiter: Character?) -> [String] {
        guard let delimiter else { return [unquoted(line)] }
        var result: [String] = []
        var cell = ""
        var quoted = false
        var characters = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? characters.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" && cell.trimmingSpaces().isEmpty {
                quoted = true
                cell = ""
            } else if c == delimiter {
                result.append(cell.trimmingSpaces())
                cell = ""
            } else {
                cell.append(c)
            }
        }
        result.append(cell.trimmingSpaces())
        return result
    }

    static func unquoted(_ text: String) -> String {
        let trimmed = text.trimmingSpaces()
        guard trimmed.count >= 2, trimmed.first == "\"", trimmed.last == "\"" else { return trimmed }
        return String(trimmed.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"").trimmingSpaces()
    }
}

extension Strings {
    public func explain(_ error: PlanError, catalogue: KitCatalogue) -> String {
        func kitName(_ code: String) -> String { catalogue[code]?.name(in: language) ?? code }
        switch error {
        case .kitNotInDistribution(let kit, let distribution):
            return self("refusal.kitNotInDistribution", ["kit": kitName(kit), "distribution": distribution])
        case .reasonRequired(let kit, let issued):
            return self("plan.error.reasonRequired", ["kit": kitName(kit), "issued": String(issued)])
        case .unknownHouseholds(let entries):
            let shown = entries.prefix(20).map { self("plan.error.unknownRow", ["row": String($0.row), "number": $0.number]) }
            var text = self("plan.error.unknownHouseholds", ["n": String(entries.count)]) + "\n  " + shown.joined(separator: "\n  ")
            if entries.count > shown.count { text += "\n  " + self("plan.error.more", ["n": String(entries.count - shown.count)]) }
            return text
        case .emptyList: return self("plan.error.emptyList")
        case .noHouseholdColumn(let header): return self("plan.error.noHouseholdColumn", ["header": header])
        case .badNumber(let option, let value): return self("plan.error.badNumber", ["option": option, "value": String(value)])
        case .distributionClosed(let name): return self("error.distributionAlreadyClosed", ["distribution": name])
        }
    }
}
