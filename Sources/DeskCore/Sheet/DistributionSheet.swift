import Foundation

/// The signed distribution list ("відомість"): one row per household that received something
/// in the distribution, with everything it received, for the recipient to sign against.
///
/// Voided issuances are left out: the list is what people signed for. Rows come in the order
/// the families were served (first issuance), so the paper follows the queue of the day. A kit
/// a coordinator gave off the distribution's plan is marked beside it with the reason, so that a
/// donor's auditor sees it on the paper the family signed.
public struct DistributionSheet: Sendable, Hashable {
    public struct KitQuantity: Sendable, Hashable {
        public var kit: String
        public var quantity: Int
        /// Set when the kit was given off the plan: the coordinator's reason (the distinct
        /// reasons joined by `; ` in the rare row with more than one).
        public var overrideReason: String?
        public init(kit: String, quantity: Int, overrideReason: String? = nil) {
            self.kit = kit
            self.quantity = quantity
            self.overrideReason = overrideReason
        }
    }

    public struct Recipient: Sendable, Hashable {
        public var name: String
        public var isProxy: Bool
        public init(name: String, isProxy: Bool) {
            self.name = name
            self.isProxy = isProxy
        }
    }

    public struct Row: Sendable, Hashable {
        /// The running number on the list, from 1.
        public var number: Int
        public var household: String
        public var people: Int
        /// Who collected: usually one person; several when the kits went out at different times.
        public var recipients: [Recipient]
        /// In catalogue order, each kit once.
        public var kits: [KitQuantity]
        /// When the kits went out, earliest first, each distinct minute once.
        public var issuedAt: [Date]
    }

    public struct Totals: Sendable, Hashable {
        public var households: Int
        public var people: Int
        /// Every kit stocked for the distribution (and any other issued), catalogue order.
        public var kits: [KitQuantity]
        /// Of the kits, those given off the plan (0 when none was).
        public var offPlanKits: Int
    }

    public var distribution: SheetDistribution
    public var rows: [Row]
    public var totals: Totals

    /// Builds the list from the distribution's issuances; lines of other distributions and
    /// voided lines are ignored.
    public init(distribution: SheetDistribution, lines: [IssuanceLine], catalogue: KitCatalogue) {
        self.distribution = distribution
        let live = lines.filter { $0.distributionId == distribution.id && !$0.isVoided }
        var byHousehold: [String: [IssuanceLine]] = [:]
        for line in live { byHousehold[line.household, default: []].append(line) }

        let position = Dictionary(uniqueKeysWithValues: catalogue.kits.enumerated().map { ($1.code, $0) })
        func kitOrder(_ a: String, _ b: String) -> Bool {
            let pa = position[a] ?? Int.max
            let pb = position[b] ?? Int.max
            return pa != pb ? pa < pb : a < b
        }

        var groups = byHousehold.map { household, lines in
            (household: household, lines: lines.sorted { ($0.issuedAt, $0.id) < ($1.issuedAt, $1.id) })
        }
        groups.sort { a, b in
            let first = (a.lines[0].issuedAt, a.household)
            let second = (b.lines[0].issuedAt, b.household)
            return first < second
        }

        var rows: [Row] = []
        var kitTotals: [String: Int] = [:]
        var offPlan = 0
        var people = 0
        for (index, group) in groups.enumerated() {
            var quantities: [String: Int] = [:]
            var reasons: [String: [String]] = [:]
            var recipients: [Recipient] = []
            var times: [Date] = []
            var minutes = Set<Int64>()
            for line in group.lines {
                quantities[line.kit, default: 0] += line.quantity
                if let reason = line.overrideReason {
                    offPlan += line.quantity
                    if !reasons[line.kit, default: []].contains(reason) { reasons[line.kit, default: []].append(reason) }
                }
                let recipient = Recipient(name: line.collectedBy, isProxy: line.collectedByProxy)
                if !recipients.contains(recipient) { recipients.append(recipient) }
                if minutes.insert(Int64((line.issuedAt.timeIntervalSince1970 / 60).rounded(.down))).inserted {
                    times.append(line.issuedAt)
                }
            }
            let kits = quantities.keys.sorted(by: kitOrder).map {
                KitQuantity(kit: $0, quantity: quantities[$0]!, overrideReason: reasons[$0]?.joined(separator: "; "))
            }
            for kit in kits { kitTotals[kit.kit, default: 0] += kit.quantity }
            let size = group.lines.map(\.householdPeople).max() ?? 0
            people += size
            rows.append(
                Row(
                    number: index + 1, household: group.household, people: size, recipients: recipients, kits: kits,
                    issuedAt: times))
        }
        let listed = Set(distribution.kits).union(kitTotals.keys).sorted(by: kitOrder)
        self.rows = rows
        self.totals = Totals(
            households: rows.count, people: people,
            kits: listed.map { KitQuantity(kit: $0, quantity: kitTotals[$0] ?? 0) }, offPlanKits: offPlan)
    }

    /// The kits of a row as one line: `Гігієнічний набір ×1; Постільний комплект ×2`.
    public static func kitsText(_ kits: [KitQuantity], catalogue: KitCatalogue, language: Language) -> String {
        kits.map { kitText($0, catalogue: catalogue, language: language) }.joined(separator: "; ")
    }

    /// The kits of a row as one line, a kit given off the plan marked with the reason:
    /// `Гігієнічний набір ×1; Кухонний набір ×1 (поза планом: переселені вчора)`.
    public static func kitsText(_ kits: [KitQuantity], catalogue: KitCatalogue, strings: Strings) -> String {
        kits.map { kit in
            kitText(kit, catalogue: catalogue, language: strings.language)
                + (offPlanMark(kit, strings: strings).map { " (\($0))" } ?? "")
        }.joined(separator: "; ")
    }

    /// `Гігієнічний набір ×1`.
    public static func kitText(_ kit: KitQuantity, catalogue: KitCatalogue, language: Language) -> String {
        "\(catalogue[kit.kit]?.name(in: language) ?? kit.kit) ×\(kit.quantity)"
    }

    /// `поза планом: REASON` for a kit given off the plan; nil for one given as planned.
    public static func offPlanMark(_ kit: KitQuantity, strings: Strings) -> String? {
        kit.overrideReason.map { strings("sheet.offPlan", ["reason": $0]) }
    }
}
