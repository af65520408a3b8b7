import DeskCore
import Foundation
import GRDB

// Household cards: printing them (recorded: who, when, which households), replacing a lost one,
// and finding the family a scanned code names.

extension DeskDatabase {
    /// The cards to print, in household order, each recorded as printed in one transaction: every
    /// family, the households named (`numbers`), or those that never had a card printed.
    ///
    /// - Parameter withNames: false for cards that carry no name.
    public func printCards(
        households numbers: [String]? = nil, notPrinted: Bool = false, withNames: Bool = true, context: DeskContext,
        now: Date = Date()
    ) throws -> [CardToPrint] {
        try writer.write { db in
            let context = try authorize(db, .cards, context)
            var households: [HouseholdRecord]
            if let numbers {
                households = []
                var seen = Set<Int64>()
                for number in numbers {
                    guard let household = try findHousehold(db, number: number) else {
                        throw IssueRefusal.unknownHousehold(number)
                    }
                    if seen.insert(household.id!).inserted { households.append(household) }
                }
            } else {
                households = try HouseholdRecord.fetchAll(db, sql: """
                    SELECT * FROM household WHERE mergedInto IS NULL ORDER BY numberKey GLOB '*[^0-9]*', length(numberKey), numberKey
                    """)
            }
            if notPrinted {
                let printed = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT householdId FROM cardPrint"))
                households = households.filter { !printed.contains($0.id!) }
            }
            var cards: [CardToPrint] = []
            for household in households {
                var version = try currentCardVersion(db, householdId: household.id!) ?? 0
                if version == 0 {
                    // The first card: version 1, given now.
                    try HouseholdCardRecord(householdId: household.id!, version: 1, issuedAt: now,
                                            issuedBy: context.operatorName, reason: "").insert(db)
                    version = 1
                }
                guard let card = try cardToPrint(db, household, version: version, withNames: withNames) else { continue }
                var printed = CardPrintRecord(id: nil, householdId: household.id!, version: version, printedAt: now,
                                            operator: context.operatorName, desk: context.desk)
                try printed.insert(db)
                cards.append(card)
            }
            if !cards.isEmpty {
                try audit(db, context, now: now, action: "cards.print",
                          householdId: cards.count == 1 ? households.first?.id : nil,
                          detail: Self.cardsDetail(cards, withNames: withNames))
            }
            return cards
        }
    }

    /// Replaces a household's card (lost, damaged, taken): the next version, printed now; the
    /// old card's code opens nothing from now on and says when it was replaced.
    public func reissueCard(
        household number: String, reason: String, withNames: Bool = true, context: DeskContext, now: Date = Date()
    ) throws -> CardToPrint {
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw EngineError.reasonRequired }
        return try writer.write { db in
            let context = try authorize(db, .cards, context)
            guard let household = try findHousehold(db, number: number) else { throw IssueRefusal.unknownHousehold(number) }
            let version = (try currentCardVersion(db, householdId: household.id!) ?? 0) + 1
            guard version <= CardCode.maxVersion else { throw EngineError.quantityTooLarge(kit: "card", quantity: version) }
            try HouseholdCardRecord(householdId: household.id!, version: version, issuedAt: now,
                                    issuedBy: context.operatorName, reason: version == 1 ? "" : reason).insert(db)
            guard let card = try cardToPrint(db, household, version: version, withNames: withNames) else {
                throw CardRefusal.unknownCard(household.number)
            }
            var printed = CardPrintRecord(id: nil, householdId: household.id!, version: version, printedAt: now,
                                        operator: context.operatorName, desk: context.desk)
            try printed.insert(db)
            try audit(db, context, now: now, action: "cards.reissue", householdId: household.id,
                      detail: "\(household.number) v\(version) \(card.code.digits): \(reason)")
            return card
        }
    }

    /// The household number of the family a card's code names (a household merged into another
    /// is served under that one). Throws `CardRefusal` for a replaced card or one never given.
    public func household(forCard code: CardCode, timeZone: TimeZone = .current) throws -> String {
        try writer.read { db in
            try authorize(db, .lookUp)
            let digits = code.digits
            let registered: HouseholdRecord?
            switch code.holder {
            case .number(let key):
                registered = try HouseholdRecord.fetchOne(db, sql: "SELECT * FROM household WHERE numberKey = ?", arguments: [key])
            case .id(let id):
                // Only a household whose number cannot be the code's is named by its id: one code per card.
                registered = try HouseholdRecord.fetchOne(db, key: id).flatMap {
                    CardCode.holder(number: $0.number, id: id) == .id(id) ? $0 : nil
                }
            }
            guard let household = registered else { throw CardRefusal.unknownCard(digits) }
            let current = try currentCardVersion(db, householdId: household.id!) ?? 1
            if code.version < current {
                let replacedAt = try Date.fetchOne(db, sql: """
                    SELECT issuedAt FROM householdCard WHERE householdId = ? AND version > ? ORDER BY version LIMIT 1
                    """, arguments: [household.id!, code.version]) ?? Date()
                throw CardRefusal.replaced(household: household.number, on: CivilDate(replacedAt, in: timeZone))
            }
            guard code.version == current else { throw CardRefusal.unknownCard(digits) }
            return try findHousehold(db, number: household.number)?.number ?? household.number
        }
    }

    /// The place of the latest distribution that names one: the hub's name when none is given.
    public func latestPlace() throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT place FROM distribution WHERE place <> '' ORDER BY id DESC LIMIT 1")
        }
    }

    /// The latest version of the household's card; nil when it never had one.
    func currentCardVersion(_ db: Database, householdId: Int64) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT MAX(version) FROM householdCard WHERE householdId = ?", arguments: [householdId])
    }

    private func cardToPrint(_ db: Database, _ household: HouseholdRecord, version: Int, withNames: Bool) throws -> CardToPrint? {
        guard let holder = CardCode.holder(number: household.number, id: household.id!) else { return nil }
        let members = try PersonRecord.filter { $0.householdId == household.id! }.order { $0.position }.fetchAll(db)
        let head = members.first(where: \.isHead) ?? members.first
        return CardToPrint(
            household: household.number, headName: withNames ? head?.person.fullName : nil, people: members.count,
            code: CardCode(holder: holder, version: version))
    }

    /// "3 cards: 00001, 00002, 00003" (the first 50 named), "without names" when so printed.
    private static func cardsDetail(_ cards: [CardToPrint], withNames: Bool) -> String {
        var detail = "\(cards.count): " + cards.prefix(50).map(\.household).joined(separator: ", ")
        if cards.count > 50 { detail += ", …" }
        if !withNames { detail += " (no names)" }
        return detail
    }
}
