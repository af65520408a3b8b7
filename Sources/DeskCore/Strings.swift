import Foundation

/// Interface strings for one language, read from `Resources/strings/<lang>.json`.
///
/// Templates name their blanks: `"{kit} вже видано {date} о {time}"`. A key missing from the
/// table shows as the key itself, so a gap is visible on screen rather than a blank.
public struct Strings: Sendable {
    public let language: Language
    private let table: [String: String]

    public init(language: Language, table: [String: String]) {
        self.language = language
        self.table = table
    }

    public init(language: Language, json: Data) throws {
        self.init(language: language, table: try JSONDecoder().decode([String: String].self, from: json))
    }

    public var keys: Set<String> { Set(table.keys) }

    public subscript(key: String) -> String { table[key] ?? key }

    /// The template for `key` with each `{name}` replaced by `values[name]`.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = self[key]
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }
}

extension Strings {
    /// A refusal in words the volunteer can repeat to the family: what, when, where, by whom,
    /// and from when they are eligible again.
    public func explain(_ refusal: IssueRefusal, catalogue: KitCatalogue, timeZone: TimeZone) -> String {
        func kitName(_ code: String) -> String { catalogue[code]?.name(in: language) ?? code }
        func priorValues(_ p: PriorIssuance) -> [String: String] {
            [
                "kit": kitName(p.kitCode), "date": p.issuedOn.dotted,
                "time": clockTime(p.issuedAt, timeZone: timeZone), "desk": p.desk,
                "operator": p.operatorName, "collectedBy": p.collectedBy,
                "distribution": p.distributionName, "quantity": String(p.quantity),
            ]
        }
        switch refusal {
        case .unknownHousehold(let number):
            return self("refusal.unknownHousehold", ["household": number])
        case .unknownKit(let code):
            let known = catalogue.kits.map(\.code).joined(separator: ", ")
            return self("refusal.unknownKit", ["kit": code, "known": known])
        case .noOpenDistribution:
            return self("refusal.noOpenDistribution")
        case .severalOpenDistributions(let ids):
            return self(
                "refusal.severalOpenDistributions",
                ["ids": ids.map(String.init).joined(separator: ", ")])
        case .unknownDistribution(let id):
            return self("refusal.unknownDistribution", ["id": String(id)])
        case .distributionClosed(let name):
            return self("refusal.distributionClosed", ["distribution": name])
        case .kitNotInDistribution(let kit, let distribution):
            return self("refusal.kitNotInDistribution", ["kit": kitName(kit), "distribution": distribution])
        case .alreadyIssued(let prior):
            return self("refusal.alreadyIssued", priorValues(prior))
        case .notEligibleUntil(let date, let prior):
            var values = priorValues(prior)
            values["eligibleFrom"] = date.dotted
            return self("refusal.notEligibleUntil", values)
        case .outOfStock(let kit, let left, let needed):
            return self(
                "refusal.outOfStock", ["kit": kitName(kit), "left": String(left), "needed": String(needed)])
        case .repeatedKit(let kit):
            return self("refusal.repeatedKit", ["kit": kitName(kit)])
        case .notOnPlan(let kit, let rule):
            return rule == "list"
                ? self("refusal.notOnPlan.list", ["kit": kitName(kit)])
                : self("refusal.notOnPlan", ["kit": kitName(kit), "rule": rule])
        }
    }
}

/// `10:42` in the desk's time zone.
public func clockTime(_ date: Date, timeZone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let c = calendar.dateComponents([.hour, .minute], from: date)
    return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
}

extension CivilDate {
    /// The calendar day that `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self = CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}
