import Foundation

/// The age bands the donors' reports use, by whole years on the distribution day.
public enum AgeBand: String, Sendable, Hashable, CaseIterable, Codable {
    case infant = "0-4"
    case child = "5-17"
    case adult = "18-59"
    case older = "60+"
    /// No birth date in the register, or one after the distribution day: counted, never dropped.
    case unknown

    public init(age: Int?) {
        switch age {
        case .some(0...4): self = .infant
        case .some(5...17): self = .child
        case .some(18...59): self = .adult
        case .some(let years) where years >= 60: self = .older
        default: self = .unknown
        }
    }

    public init(birthDate: CivilDate?, on day: CivilDate) {
        self.init(age: birthDate.map { $0.age(on: day) })
    }
}

/// Sex as the report counts it: the register's, or unknown when it has none.
public enum ReportSex: String, Sendable, Hashable, CaseIterable, Codable {
    case female = "F"
    case male = "M"
    case unknown

    public init(_ sex: Sex?) {
        switch sex {
        case .female: self = .female
        case .male: self = .male
        case nil: self = .unknown
        }
    }
}

/// The figures of one distribution, as the coordinator reports them to the donor.
///
/// The figures add up by construction: `issued + left = received` per kit; the sex × age table
/// sums to `people`; `city + region = households`; households per desk and per hour sum to
/// `households` (each household is counted at the desk and in the hour of its first live
/// issuance); kits per desk and per hour sum to the kits issued; of the arrivals, `checkedIn =
/// served + waiting` and `registered = checkedIn + notCome`; of a planned kit, kits issued within
/// the plan + kits given by override = issued.
public struct DistributionReport: Sendable, Hashable {
    public struct KitFigures: Sendable, Hashable {
        public var kit: String
        public var received: Int
        /// Live issuances only.
        public var issued: Int
        /// Quantity handed out and then voided (returned to stock).
        public var voided: Int
        public var left: Int { received.saturatingSubtracting(issued) }
        /// The kit against its entitlement plan; nil when the kit has no plan (every family, the
        /// catalogue's quantity: nothing to cover).
        public var plan: PlanFigures?
    }

    /// A planned kit against its plan: the families it entitles, how many of them got the kit,
    /// and what a coordinator gave off the plan. Live issuances only.
    ///
    /// Adds up by construction: `issuedWithinPlan + overrideKits = issued` (the kit's figure
    /// in the stock table); `served <= entitled`.
    public struct PlanFigures: Sendable, Hashable {
        /// Kits given off the plan to one household (the one it counts for, as every figure of
        /// the report), with the coordinator's reason.
        public struct Override: Sendable, Hashable {
            public var household: String
            public var quantity: Int
            /// The reason given; the distinct reasons joined by `; ` if the household got the
            /// kit off the plan more than once (households later merged).
            public var reason: String
            /// The first such issuance.
            public var issuedAt: Date
            public var desk: String

            public init(household: String, quantity: Int, reason: String, issuedAt: Date, desk: String) {
                self.household = household
                self.quantity = quantity
                self.reason = reason
                self.issuedAt = issuedAt
                self.desk = desk
            }
        }

        public var plan: KitPlan
        /// Households the plan entitles (a merged family once).
        public var entitled: Int
        /// Of those, the households with a live issuance of the kit.
        public var served: Int
        /// Kits issued with no override: as planned (or before the plan was set).
        public var issuedWithinPlan: Int
        /// Kits a coordinator gave off the plan, and to which households, first given first.
        public var overrideKits: Int
        public var overrides: [Override]
        /// Households with the kit that the plan does not entitle now and that got it without an
        /// override: given before the plan was set or changed, or the register changed since.
        public var servedNotEntitled: Int

        public var overrideHouseholds: Int { overrides.count }

        /// Coverage in tenths of a percent, rounded down (so it says 100 % only when every
        /// entitled household was served): `served / entitled`; nil when the plan entitles nobody.
        public var coverageTenths: Int? {
            entitled > 0 ? Int(Int64(served) * 1000 / Int64(entitled)) : nil
        }

        /// `served / entitled` as a percentage with one decimal (rounded down); nil for 0 entitled.
        public var coverage: Double? { coverageTenths.map { Double($0) / 10 } }
    }

    /// Households and kits of one desk, or of one clock hour.
    public struct Slice: Sendable, Hashable {
        /// The desk's name, or the hour as `09:00`.
        public var key: String
        public var households: Int
        public var kits: Int
    }

    public struct Area: Sendable, Hashable {
        public var households: Int
        public var people: Int
    }

    /// One kit's close-out count against the ledger.
    public struct Reconciliation: Sendable, Hashable {
        public var kit: String
        public var expected: Int
        public var counted: Int
        public var difference: Int { counted.saturatingSubtracting(expected) }
        public var reason: String
        public var operatorName: String
        public var at: Date
    }

    /// Who came, of the register: households (a merged family once), counted as `aiddesk status`
    /// and the desk count them.
    public struct Arrivals: Sendable, Hashable {
        /// Households in the register when the report was made (the register keeps no
        /// registration dates: for a closed distribution, the register now), and at least every
        /// household that came.
        public var registered: Int
        /// Checked in at the door, or served (an issue checks the household in).
        public var checkedIn: Int
        /// With a kit that was not voided: the report's `households`.
        public var served: Int
        /// Checked in and not served: still waiting while the distribution is open; left
        /// without a kit once it is closed (or had every kit voided).
        public var waiting: Int
        /// Registered and not checked in.
        public var notCome: Int

        public init(registered: Int, checkedIn: Int, served: Int, waiting: Int, notCome: Int) {
            self.registered = registered
            self.checkedIn = checkedIn
            self.served = served
            self.waiting = waiting
            self.notCome = notCome
        }

        /// From the households served, how many came (at least those served) and the size of
        /// the register. The figures add up by construction: `checkedIn = served + waiting`,
        /// `registered = checkedIn + notCome` (a household that came counts as registered even
        /// if the register were to lack it, which the engine never allows).
        init(served: Int, came: Int, register: Int) {
            let came = max(came, served)
            self.init(
                registered: max(register, came), checkedIn: came, served: served, waiting: came - served,
                notCome: max(0, register - came))
        }
    }

    public var distribution: ReportFacts.Distribution
    /// The time zone the hours are read in: the desk's.
    public var timeZone: TimeZone
    /// Households with at least one live issuance.
    public var households: Int
    /// The people in those households, each counted once.
    public var people: Int
    /// Households checked in: `arrivals.checkedIn`.
    public var checkedIn: Int { arrivals.checkedIn }
    public var arrivals: Arrivals
    public var kits: [KitFigures]
    public var perDesk: [Slice]
    /// Every hour from the first issuance to the last, quiet hours included (as zero).
    public var perHour: [Slice]
    /// People by sex and age band; every combination present, zeros included.
    public var peopleBySexAge: [ReportSex: [AgeBand: Int]]
    /// The hub's city, and whether the coordinator named it or it was taken from the register.
    public var hubCity: String
    public var hubCityNamed: Bool
    public var city: Area
    /// Every other settlement, or none recorded.
    public var region: Area
    /// Empty when the distribution was closed without counts, or is still open.
    public var reconciliation: [Reconciliation]

    /// True when some kit of the distribution has an entitlement plan: the report shows coverage.
    public var hasPlans: Bool { kits.contains { $0.plan != nil } }
    /// Kits given off the plan, every kit together.
    public var overrideKitsTotal: Int { kits.compactMap { $0.plan?.overrideKits }.saturatingSum() }
    /// Households that got at least one kit off the plan, each once.
    public var overrideHouseholdsTotal: Int { Set(kits.flatMap { $0.plan?.overrides.map(\.household) ?? [] }).count }

    public var issuedTotal: Int { kits.map(\.issued).saturatingSum() }
    public var voidedTotal: Int { kits.map(\.voided).saturatingSum() }
    public var receivedTotal: Int { kits.map(\.received).saturatingSum() }
    public var leftTotal: Int { kits.map(\.left).saturatingSum() }

    public func people(sex: ReportSex) -> Int { peopleBySexAge[sex]?.values.reduce(0, +) ?? 0 }
    public func people(age band: AgeBand) -> Int { peopleBySexAge.values.reduce(0) { $0 + ($1[band] ?? 0) } }
    public func people(_ sex: ReportSex, _ band: AgeBand) -> Int { peopleBySexAge[sex]?[band] ?? 0 }

    public init(facts: ReportFacts, timeZone: TimeZone) {
        distribution = facts.distribution
        self.timeZone = timeZone

        let live = facts.issuances.filter { !$0.isVoided }
        // Kits: every stocked kit, in the order given, then any issued kit not stocked (never
        // expected: the schema refuses it, but a figure must not vanish if it happens).
        var kitOrder = facts.stock.map(\.kit)
        for issuance in facts.issuances where !kitOrder.contains(issuance.kit) { kitOrder.append(issuance.kit) }
        for plan in facts.plans where !kitOrder.contains(plan.kit) { kitOrder.append(plan.kit) }
        let received = Dictionary(facts.stock.map { ($0.kit, $0.received) }, uniquingKeysWith: { $0.saturatingAdding($1) })
        let plans = Dictionary(facts.plans.map { ($0.kit, $0) }, uniquingKeysWith: { a, _ in a })
        kits = kitOrder.map { kit in
            let given = live.filter { $0.kit == kit }
            return KitFigures(
                kit: kit, received: received[kit] ?? 0,
                issued: given.map(\.quantity).saturatingSum(),
                voided: facts.issuances.filter { $0.isVoided && $0.kit == kit }.map(\.quantity).saturatingSum(),
                plan: plans[kit].map { Self.planFigures($0, given: given) })
        }

        // Each household at the desk and hour of its first live issuance.
        let ordered = live.sorted { ($0.issuedAt, $0.household) < ($1.issuedAt, $1.household) }
        var firstIssuance: [String: ReportFacts.Issuance] = [:]
        for issuance in ordered where firstIssuance[issuance.household] == nil {
            firstIssuance[issuance.household] = issuance
        }
        households = firstIssuance.count

        // Arrivals: every household served came (an issue checks it in); the others that came
        // are those checked in and not served. Given only a count of the checked in, the
        // households served are among them.
        let came = facts.checkedInHouseholds.map { Set($0).union(firstIssuance.keys).count } ?? facts.checkedIn
        arrivals = Arrivals(served: households, came: came, register: facts.registeredHouseholds)

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func hour(_ date: Date) -> Int { calendar.component(.hour, from: date) }
        func slices(_ key: (ReportFacts.Issuance) -> String, keys: [String]) -> [Slice] {
            var households: [String: Int] = [:]
            var kits: [String: Int] = [:]
            for issuance in firstIssuance.values { households[key(issuance), default: 0] += 1 }
            for issuance in live { kits[key(issuance), default: 0] = kits[key(issuance), default: 0].saturatingAdding(issuance.quantity) }
            return keys.map { Slice(key: $0, households: households[$0] ?? 0, kits: kits[$0] ?? 0) }
        }
        let desks = Set(live.map(\.desk)).sorted { a, b in
            // Desk "2" before desk "10"; names that are not numbers after them, alphabetically.
            switch (Int(a), Int(b)) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a < b
            }
        }
        perDesk = slices({ $0.desk }, keys: desks)
        func hourKey(_ h: Int) -> String { (h < 10 ? "0" : "") + "\(h):00" }
        if let first = live.map({ hour($0.issuedAt) }).min(), let last = live.map({ hour($0.issuedAt) }).max() {
            perHour = slices({ hourKey(hour($0.issuedAt)) }, keys: (first...last).map(hourKey))
        } else {
            perHour = []
        }

        // People: the members of the served households, each once.
        let served = Dictionary(facts.servedHouseholds.map { ($0.number, $0) }, uniquingKeysWith: { a, b in
            ReportFacts.ServedHousehold(number: a.number, settlement: a.settlement, members: a.members + b.members)
        })
        var table: [ReportSex: [AgeBand: Int]] = [:]
        for sex in ReportSex.allCases {
            table[sex] = Dictionary(uniqueKeysWithValues: AgeBand.allCases.map { ($0, 0) })
        }
        var peopleByHousehold: [String: Int] = [:]
        for number in firstIssuance.keys {
            var seen = Set<String>()
            for member in served[number]?.members ?? [] where seen.insert(member.identity).inserted {
                table[ReportSex(member.sex)]![AgeBand(birthDate: member.birthDate, on: facts.distribution.date)]! += 1
            }
            peopleByHousehold[number] = seen.count
        }
        peopleBySexAge = table
        people = peopleByHousehold.values.reduce(0, +)

        // The hub's city against the rest of the region.
        let named = facts.hubCity?.trimmingSpaces() ?? ""
        hubCityNamed = !named.isEmpty
        hubCity = hubCityNamed ? named : Self.largestSettlement(facts.householdsBySettlement)
        let cityKey = hubCity.lowercased()
        var city = Area(households: 0, people: 0)
        var region = Area(households: 0, people: 0)
        for number in firstIssuance.keys {
            let settlement = served[number]?.settlement.trimmingSpaces().lowercased() ?? ""
            let inCity = !cityKey.isEmpty && settlement == cityKey
            if inCity {
                city.households += 1
                city.people += peopleByHousehold[number] ?? 0
            } else {
                region.households += 1
                region.people += peopleByHousehold[number] ?? 0
            }
        }
        self.city = city
        self.region = region

        reconciliation = facts.counts.map {
            Reconciliation(
                kit: $0.kit, expected: $0.expected, counted: $0.counted, reason: $0.reason, operatorName: $0.operatorName,
                at: $0.at)
        }
    }

    /// A planned kit's figures from its live issuances (`given`, in the order they were made).
    static func planFigures(_ facts: ReportFacts.KitPlanFacts, given: [ReportFacts.Issuance]) -> PlanFigures {
        let withKit = Set(given.map(\.household))
        let overridden = given.filter { $0.overrideReason != nil }
        var overrides: [PlanFigures.Override] = []
        var reasons: [[String]] = []
        var position: [String: Int] = [:]
        for issuance in overridden.sorted(by: { ($0.issuedAt, $0.household) < ($1.issuedAt, $1.household) }) {
            let reason = issuance.overrideReason ?? ""
            if let index = position[issuance.household] {
                overrides[index].quantity = overrides[index].quantity.saturatingAdding(issuance.quantity)
                if !reasons[index].contains(reason) { reasons[index].append(reason) }
            } else {
                position[issuance.household] = overrides.count
                reasons.append([reason])
                overrides.append(.init(household: issuance.household, quantity: issuance.quantity, reason: "",
                                       issuedAt: issuance.issuedAt, desk: issuance.desk))
            }
        }
        for index in overrides.indices { overrides[index].reason = reasons[index].joined(separator: "; ") }
        let overriddenHouseholds = Set(overridden.map(\.household))
        return PlanFigures(
            plan: facts.plan, entitled: facts.entitled.count, served: withKit.intersection(facts.entitled).count,
            issuedWithinPlan: given.filter { $0.overrideReason == nil }.map(\.quantity).saturatingSum(),
            overrideKits: overridden.map(\.quantity).saturatingSum(), overrides: overrides,
            servedNotEntitled: withKit.subtracting(facts.entitled).subtracting(overriddenHouseholds).count)
    }

    /// The settlement with the most registered households; on a tie, the first alphabetically.
    /// Households with no settlement recorded do not make a city.
    public static func largestSettlement(_ counts: [String: Int]) -> String {
        let named = counts.filter { !$0.key.trimmingSpaces().isEmpty }
        return named.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key.trimmingSpaces() ?? ""
    }
}
