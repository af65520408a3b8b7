import Foundation

// The report for scripts (JSON) and for spreadsheets (CSV). Keys and codes are English and
// stable; the CSV carries a label in the interface language for the person reading it.

extension DistributionReport {
    /// The JSON contract of `aiddesk report --format json`:
    ///
    /// ```
    /// {"distribution": {"id", "name", "date", "place", "open", "closed_at", "closed_by"},
    ///  "households", "people", "checked_in",
    ///  "arrivals": {"registered", "checked_in", "served", "waiting", "not_come"},
    ///  "kits": {"hygiene": {"received", "issued", "voided", "left"}},
    ///  "per_desk": {"1": {"households", "kits"}}, "per_hour": {"09:00": {"households", "kits"}},
    ///  "people_by_sex_age": {"F": {"0-4", "5-17", "18-59", "60+", "unknown"}, "M": {…}, "unknown": {…}},
    ///  "hub_city", "hub_city_from_register", "city": {"households", "people"}, "region": {…},
    ///  "reconciliation": null | {"hygiene": {"expected", "counted", "difference", "reason", "counted_by", "at"}},
    ///  "plans": {"winterization": {"who", "criteria", "list_size", "quantity_rule", "quantity", "cap",
    ///            "entitled", "served", "coverage", "issued_within_plan", "override_kits",
    ///            "override_households", "served_not_entitled",
    ///            "overrides": [{"household", "quantity", "reason", "desk", "issued_at"}]}},
    ///  "time_zone"}
    /// ```
    ///
    /// `arrivals` adds up: `checked_in = served + waiting`, `registered = checked_in + not_come`;
    /// `registered` is the register when the report was made. `plans` is there only when a kit
    /// of the distribution has a plan (a report without plans is as it always was); per planned
    /// kit, `issued_within_plan + override_kits = kits.KIT.issued`, `coverage` is `served /
    /// entitled` in percent with one decimal, rounded down (null when nobody is entitled).
    /// `ReportJSON.decode` reads it back.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ReportJSON(self))
    }

    /// One figure per row: `section,item,measure,value,label`, UTF-8 with a BOM and CRLF, as
    /// Excel opens it with Cyrillic intact. Planned kits add `plan,KIT,…` rows and each override
    /// two `overrides,KIT/HOUSEHOLD,quantity|reason,…` rows; without a plan there are none.
    public func csv(strings: Strings, catalogue: KitCatalogue) -> Data {
        func kitName(_ code: String) -> String { catalogue[code]?.name(in: strings.language) ?? code }
        var rows: [[String]] = [["section", "item", "measure", "value", "label"]]
        func add(_ section: String, _ item: String, _ measure: String, _ value: String, _ label: String) {
            rows.append([section, item, measure, value, label])
        }
        let d = distribution
        add("distribution", "", "id", "\(d.id)", strings("report.csv.id"))
        add("distribution", "", "name", d.name, strings("report.csv.name"))
        add("distribution", "", "date", d.date.iso, strings("report.csv.date"))
        add("distribution", "", "place", d.place, strings("report.csv.place"))
        add("distribution", "", "open", d.isOpen ? "true" : "false", strings(d.isOpen ? "status.open" : "status.closed"))
        add("totals", "", "households", "\(households)", strings("report.csv.households"))
        add("totals", "", "people", "\(people)", strings("report.csv.people"))
        add("totals", "", "checked_in", "\(checkedIn)", strings("report.csv.checkedIn"))
        let checkedInLabel = strings("report.arrivals.checkedIn")
        let arrivalRows: [(String, Int, String)] = [
            ("registered", arrivals.registered,
             strings(d.isOpen ? "report.arrivals.registered" : "report.arrivals.registeredNow")),
            ("checked_in", arrivals.checkedIn, checkedInLabel),
            ("served", arrivals.served, checkedInLabel + " — " + strings("report.arrivals.served")),
            ("waiting", arrivals.waiting, checkedInLabel + " — " + strings("report.arrivals.waiting")),
            ("not_come", arrivals.notCome, strings(d.isOpen ? "report.arrivals.notCome" : "report.arrivals.notCame")),
        ]
        for (measure, value, label) in arrivalRows { add("arrivals", "", measure, "\(value)", label) }
        let measures: [(String, String, (KitFigures) -> Int)] = [
            ("received", "report.received", { $0.received }), ("issued", "report.issued", { $0.issued }),
            ("voided", "report.voided", { $0.voided }), ("left", "report.left", { $0.left }),
        ]
        for kit in kits {
            for (measure, key, value) in measures {
                add("kits", kit.kit, measure, "\(value(kit))", kitName(kit.kit) + " — " + strings(key))
            }
        }
        for slice in perDesk {
            add("per_desk", slice.key, "households", "\(slice.households)",
                strings("report.desk", ["desk": slice.key]) + " — " + strings("report.householdsColumn"))
            add("per_desk", slice.key, "kits", "\(slice.kits)",
                strings("report.desk", ["desk": slice.key]) + " — " + strings("report.kitsColumn"))
        }
        for slice in perHour {
            add("per_hour", slice.key, "households", "\(slice.households)", slice.key + " — " + strings("report.householdsColumn"))
            add("per_hour", slice.key, "kits", "\(slice.kits)", slice.key + " — " + strings("report.kitsColumn"))
        }
        for sex in ReportSex.allCases {
            for band in AgeBand.allCases {
                add("people_by_sex_age", sex.rawValue, band.rawValue, "\(people(sex, band))",
                    strings("report.sex.\(sex.rawValue)") + ", " + strings("report.age.\(band.rawValue)"))
            }
        }
        add("area", "city", "name", hubCity, strings("report.city", ["city": hubCity]))
        add("area", "city", "households", "\(city.households)", strings("report.householdsColumn"))
        add("area", "city", "people", "\(city.people)", strings("report.peopleColumn"))
        add("area", "region", "households", "\(region.households)", strings("report.region") + " — " + strings("report.householdsColumn"))
        add("area", "region", "people", "\(region.people)", strings("report.region") + " — " + strings("report.peopleColumn"))
        for line in reconciliation {
            let name = kitName(line.kit)
            add("reconciliation", line.kit, "expected", "\(line.expected)", name + " — " + strings("report.expected"))
            add("reconciliation", line.kit, "counted", "\(line.counted)", name + " — " + strings("report.counted"))
            add("reconciliation", line.kit, "difference", "\(line.difference)", name + " — " + strings("report.difference"))
            add("reconciliation", line.kit, "reason", line.reason, name + " — " + strings("report.reason"))
        }
        // Planned kits only: a report without plans has none of these rows.
        for kit in kits {
            guard let plan = kit.plan else { continue }
            let name = kitName(kit.kit)
            func label(_ key: String) -> String { name + " — " + strings(key) }
            add("plan", kit.kit, "who", strings.describe(plan.plan.audience), label("report.csv.plan.who"))
            add("plan", kit.kit, "quantity_rule", strings.describe(plan.plan.quantity), label("report.csv.plan.quantity"))
            add("plan", kit.kit, "entitled", "\(plan.entitled)", label("report.csv.plan.entitled"))
            add("plan", kit.kit, "served", "\(plan.served)", label("report.csv.plan.served"))
            add("plan", kit.kit, "coverage", plan.coverageTenths.map { "\($0 / 10).\($0 % 10)" } ?? "",
                label("report.csv.plan.coverage"))
            add("plan", kit.kit, "issued_within_plan", "\(plan.issuedWithinPlan)", label("report.csv.plan.withinPlan"))
            add("plan", kit.kit, "override_kits", "\(plan.overrideKits)", label("report.csv.plan.overrideKits"))
            add("plan", kit.kit, "override_households", "\(plan.overrideHouseholds)",
                label("report.csv.plan.overrideHouseholds"))
            add("plan", kit.kit, "served_not_entitled", "\(plan.servedNotEntitled)", label("report.csv.plan.notEntitled"))
        }
        // Each override: item `KIT/HOUSEHOLD`, its quantity and the coordinator's reason.
        for kit in kits {
            for override in kit.plan?.overrides ?? [] {
                let item = kit.kit + "/" + override.household
                let who = strings("report.csv.override", ["kit": kitName(kit.kit), "household": override.household])
                add("overrides", item, "quantity", "\(override.quantity)", who + " — " + strings("report.csv.override.quantity"))
                add("overrides", item, "reason", override.reason, who + " — " + strings("report.reason"))
            }
        }
        let text = rows.map { $0.map(csvCell).joined(separator: ",") + "\r\n" }.joined()
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }
}

/// A CSV cell of the report, neutralised and quoted like every CSV cell we write, so that a
/// reason typed at the desk can never become a formula.
func csvCell(_ value: String) -> String { CSVTable.cell(value, ",") }

/// The JSON shape, spelled out so that a renamed Swift property never changes the contract;
/// and read back, for a report frozen as JSON (a purged distribution's). A report frozen
/// before the report counted arrivals has no `arrivals`: it decodes with `arrivals` nil, and
/// encodes again without it.
public struct ReportJSON: Codable, Sendable, Hashable {
    public struct Distribution: Codable, Sendable, Hashable {
        public var id: Int64
        public var name: String
        public var date: String
        public var place: String
        public var open: Bool
        public var closed_at: String?
        public var closed_by: String?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(date, forKey: .date)
            try c.encode(place, forKey: .place)
            try c.encode(open, forKey: .open)
            try c.encode(closed_at, forKey: .closed_at)
            try c.encode(closed_by, forKey: .closed_by)
        }
        enum CodingKeys: String, CodingKey { case id, name, date, place, open, closed_at, closed_by }
    }
    public struct Kit: Codable, Sendable, Hashable {
        public var received: Int
        public var issued: Int
        public var voided: Int
        public var left: Int
    }
    public struct Slice: Codable, Sendable, Hashable {
        public var households: Int
        public var kits: Int
    }
    public struct Area: Codable, Sendable, Hashable {
        public var households: Int
        public var people: Int
    }
    public struct Count: Codable, Sendable, Hashable {
        public var expected: Int
        public var counted: Int
        public var difference: Int
        public var reason: String
        public var counted_by: String
        public var at: String
    }
    /// A kit given off the plan to one household.
    public struct Override: Codable, Sendable, Hashable {
        public var household: String
        public var quantity: Int
        public var reason: String
        public var desk: String
        public var issued_at: String
    }
    /// A planned kit: the plan (`who`: `everyone`, `list` or `criteria`; `quantity_rule`:
    /// `fixed`, `per_person` or `per_people`) and the figures against it. Absent keys never:
    /// what does not apply is null.
    public struct Plan: Codable, Sendable, Hashable {
        public var who: String
        public var criteria: String?
        public var list_size: Int?
        public var quantity_rule: String
        public var quantity: Int?
        public var cap: Int?
        public var entitled: Int
        public var served: Int
        public var coverage: Double?
        public var issued_within_plan: Int
        public var override_kits: Int
        public var override_households: Int
        public var served_not_entitled: Int
        public var overrides: [Override]

        enum CodingKeys: String, CodingKey {
            case who, criteria, list_size, quantity_rule, quantity, cap, entitled, served, coverage, issued_within_plan,
                override_kits, override_households, served_not_entitled, overrides
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(who, forKey: .who)
            try c.encode(criteria, forKey: .criteria)
            try c.encode(list_size, forKey: .list_size)
            try c.encode(quantity_rule, forKey: .quantity_rule)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(cap, forKey: .cap)
            try c.encode(entitled, forKey: .entitled)
            try c.encode(served, forKey: .served)
            try c.encode(coverage, forKey: .coverage)
            try c.encode(issued_within_plan, forKey: .issued_within_plan)
            try c.encode(override_kits, forKey: .override_kits)
            try c.encode(override_households, forKey: .override_households)
            try c.encode(served_not_entitled, forKey: .served_not_entitled)
            try c.encode(overrides, forKey: .overrides)
        }

        init(_ figures: DistributionReport.PlanFigures, iso: ISO8601DateFormatter) {
            switch figures.plan.audience {
            case .everyone: who = "everyone"
            case .list(let size): who = "list"; list_size = size
            case .criteria(let criterion): who = "criteria"; criteria = criterion.text
            }
            switch figures.plan.quantity {
            case .fixed(let n): quantity_rule = "fixed"; quantity = n
            case .perPerson(let limit): quantity_rule = "per_person"; cap = limit
            case .perPeople(let n): quantity_rule = "per_people"; quantity = n
            }
            entitled = figures.entitled
            served = figures.served
            coverage = figures.coverage
            issued_within_plan = figures.issuedWithinPlan
            override_kits = figures.overrideKits
            override_households = figures.overrideHouseholds
            served_not_entitled = figures.servedNotEntitled
            overrides = figures.overrides.map {
                Override(household: $0.household, quantity: $0.quantity, reason: $0.reason, desk: $0.desk,
                         issued_at: iso.string(from: $0.issuedAt))
            }
        }
    }
    /// Households: `checked_in = served + waiting`, `registered = checked_in + not_come`.
    public struct Arrivals: Codable, Sendable, Hashable {
        public var registered: Int
        public var checked_in: Int
        public var served: Int
        public var waiting: Int
        public var not_come: Int
    }

    public var distribution: Distribution
    public var households: Int
    public var people: Int
    public var checked_in: Int
    /// Nil in a report frozen before arrivals were reported.
    public var arrivals: Arrivals?
    public var kits: [String: Kit]
    public var per_desk: [String: Slice]
    public var per_hour: [String: Slice]
    public var people_by_sex_age: [String: [String: Int]]
    public var hub_city: String
    public var hub_city_from_register: Bool
    public var city: Area
    public var region: Area
    public var reconciliation: [String: Count]?
    /// Nil when no kit of the distribution has a plan (and in a report frozen before plans).
    public var plans: [String: Plan]?
    public var time_zone: String

    /// A report as `DistributionReport.json()` writes it, of this version or an earlier one.
    public static func decode(_ data: Data) throws -> ReportJSON {
        try JSONDecoder().decode(ReportJSON.self, from: data)
    }

    public init(_ r: DistributionReport) {
        let iso = ISO8601DateFormatter()
        iso.timeZone = r.timeZone
        iso.formatOptions = [.withInternetDateTime]
        let d = r.distribution
        distribution = Distribution(
            id: d.id, name: d.name, date: d.date.iso, place: d.place, open: d.isOpen,
            closed_at: d.closedAt.map { iso.string(from: $0) }, closed_by: d.closedBy)
        households = r.households
        people = r.people
        checked_in = r.checkedIn
        arrivals = Arrivals(
            registered: r.arrivals.registered, checked_in: r.arrivals.checkedIn, served: r.arrivals.served,
            waiting: r.arrivals.waiting, not_come: r.arrivals.notCome)
        kits = Dictionary(uniqueKeysWithValues: r.kits.map {
            ($0.kit, Kit(received: $0.received, issued: $0.issued, voided: $0.voided, left: $0.left))
        })
        per_desk = Dictionary(uniqueKeysWithValues: r.perDesk.map { ($0.key, Slice(households: $0.households, kits: $0.kits)) })
        per_hour = Dictionary(uniqueKeysWithValues: r.perHour.map { ($0.key, Slice(households: $0.households, kits: $0.kits)) })
        people_by_sex_age = Dictionary(uniqueKeysWithValues: ReportSex.allCases.map { sex in
            (sex.rawValue, Dictionary(uniqueKeysWithValues: AgeBand.allCases.map { ($0.rawValue, r.people(sex, $0)) }))
        })
        hub_city = r.hubCity
        hub_city_from_register = !r.hubCityNamed
        city = Area(households: r.city.households, people: r.city.people)
        region = Area(households: r.region.households, people: r.region.people)
        reconciliation = r.reconciliation.isEmpty ? nil : Dictionary(uniqueKeysWithValues: r.reconciliation.map {
            ($0.kit, Count(expected: $0.expected, counted: $0.counted, difference: $0.difference, reason: $0.reason,
                           counted_by: $0.operatorName, at: iso.string(from: $0.at)))
        })
        let planned = r.kits.compactMap { kit in kit.plan.map { (kit.kit, Plan($0, iso: iso)) } }
        plans = planned.isEmpty ? nil : Dictionary(planned, uniquingKeysWith: { a, _ in a })
        time_zone = r.timeZone.identifier
    }

    enum CodingKeys: String, CodingKey {
        case distribution, households, people, checked_in, arrivals, kits, per_desk, per_hour, people_by_sex_age,
            hub_city, hub_city_from_register, city, region, reconciliation, plans, time_zone
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(distribution, forKey: .distribution)
        try c.encode(households, forKey: .households)
        try c.encode(people, forKey: .people)
        try c.encode(checked_in, forKey: .checked_in)
        try c.encodeIfPresent(arrivals, forKey: .arrivals)  // absent only in a report frozen before it existed
        try c.encode(kits, forKey: .kits)
        try c.encode(per_desk, forKey: .per_desk)
        try c.encode(per_hour, forKey: .per_hour)
        try c.encode(people_by_sex_age, forKey: .people_by_sex_age)
        try c.encode(hub_city, forKey: .hub_city)
        try c.encode(hub_city_from_register, forKey: .hub_city_from_register)
        try c.encode(city, forKey: .city)
        try c.encode(region, forKey: .region)
        try c.encode(reconciliation, forKey: .reconciliation)  // null when not counted: scripts test for it
        try c.encodeIfPresent(plans, forKey: .plans)  // only with a plan: a report without one is as before
        try c.encode(time_zone, forKey: .time_zone)
    }
}
