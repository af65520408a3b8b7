import ArgumentParser
import DeskCore
import DeskStore
import Foundation

/// `aiddesk plan set|show`: who is entitled to which kit of a distribution, before the day.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Who gets which kit, and how many: the distribution's plan (coordinator).",
        subcommands: [Set.self, Show.self], defaultSubcommand: Show.self)

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set who is entitled to a kit and how many each family gets.",
            discussion: """
                Who: --everyone; --list FILE (household numbers one a line, or a CSV with a household column); \
                or --when "EXPR" over the register on the distribution's date: age>=60, age<5 (any member), \
                disability (a member so marked), size>=5 (people in the family), city, region, with and, or, \
                not and brackets. How many: --quantity N (default 1), --per-person [--cap N], or --per-people N \
                (one for every N people, rounded up). A kit with no plan goes to every family as the catalogue \
                says. Once the kit has been handed out, a change needs --reason. Exit status 64 for a criterion \
                that cannot be read, 5 for numbers on the list the register does not hold (with their rows), \
                3 when the distribution is closed or the change needs a reason.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The kit code: hygiene, winterization, bedding, kitchen, ...") var kit: String
        @Flag(help: "Every family is entitled.") var everyone = false
        @Option(help: ArgumentHelp("A file of household numbers: one a line, or a CSV with a household column.",
                                   valueName: "file")) var list: String?
        @Option(name: .customLong("when"), help: ArgumentHelp("Who is entitled: \"age>=60 or age<5\".", valueName: "expr"))
        var criteria: String?
        @Option(help: "Kits per family (default 1).") var quantity: Int?
        @Flag(name: .customLong("per-person"), help: "One per person in the family.") var perPerson = false
        @Option(help: "With --per-person: at most this many per family.") var cap: Int?
        @Option(name: .customLong("per-people"), help: "One for every N people, rounded up.") var perPeople: Int?
        @Option(help: "The distribution (default: the one open).") var distribution: Int64?
        @Option(help: "Why the plan changes (needed once the kit has been handed out).") var reason: String?
        @Option(name: .customLong("hub-city"), help: "The hub's city for city and region (default: AIDDESK_HUB_CITY, else the register's largest settlement).")
        var hubCity: String?

        func validate() throws {
            let who = [everyone, list != nil, criteria != nil].filter { $0 }.count
            guard who == 1 else { throw ValidationError("Say who is entitled: one of --everyone, --list FILE, --when \"EXPR\".") }
            let howMany = [quantity != nil, perPerson, perPeople != nil].filter { $0 }.count
            guard howMany <= 1 else { throw ValidationError("Say how many one way: --quantity N, --per-person or --per-people N.") }
            if cap != nil && !perPerson { throw ValidationError("--cap goes with --per-person.") }
        }

        func run() throws {
            try reportingFailures(global) { strings in
                let audience: PlanAudienceRequest
                if let criteria {
                    do throws(CriterionError) {
                        audience = .criteria(try EntitlementCriterion(parsing: criteria))
                    } catch {
                        throw CommandFailure(message: strings.explain(error, in: criteria), status: 64)
                    }
                } else if let list {
                    let data = try RegisterFileReading.contents(of: list, strings: strings)
                    audience = .list(try PlanList.parse(RegisterEncoding.decode(data).text))
                } else {
                    audience = .everyone
                }
                let howMany: KitPlan.Quantity =
                    perPerson ? .perPerson(cap: cap) : perPeople.map(KitPlan.Quantity.perPeople) ?? .fixed(quantity ?? 1)
                let database = try global.openDatabase()
                let city = hubCity ?? global.environment["AIDDESK_HUB_CITY"].flatMap { $0.isEmpty ? nil : $0 }
                let line = try database.setPlan(
                    kit: kit, audience: audience, quantity: howMany, distribution: distribution, reason: reason,
                    hubCity: city, context: global.context)
                print(strings("plan.set.done", ["kit": database.catalogue[kit]?.name(in: strings.language) ?? kit]))
                print(PlanText.lines([line], strings: strings, catalogue: database.catalogue).joined(separator: "\n"))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Per kit: the rule, families entitled, kits needed, stock and shortfall; or one family's entitlements.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The distribution (default: the one open, else the latest).") var distribution: Int64?
        @Option(help: "What this household is entitled to in the distribution.") var household: String?
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() throws {
            try reportingFailures(global) { strings in
                let database = try global.openDatabase()
                if let household {
                    let entitlements = try database.entitlements(household: household, distribution: distribution)
                    if json { return try printJSON(PlanJSON.Household(entitlements)) }
                    print(PlanText.household(entitlements, strings: strings, catalogue: database.catalogue)
                        .joined(separator: "\n"))
                    return
                }
                let overview = try database.planOverview(distribution: distribution)
                if json { return try printJSON(PlanJSON.Overview(overview)) }
                print(strings("plan.show.title", [
                    "id": "\(overview.distributionId)", "name": overview.distributionName, "date": overview.date.dotted,
                    "families": "\(overview.families)",
                ]))
                print(PlanText.lines(overview.lines, strings: strings, catalogue: database.catalogue).joined(separator: "\n"))
            }
        }
    }
}

/// The plan as people read it.
enum PlanText {
    static func lines(_ lines: [PlanLine], strings: Strings, catalogue: KitCatalogue) -> [String] {
        var text: [String] = []
        for line in lines {
            let name = catalogue[line.kit]?.name(in: strings.language) ?? line.kit
            let rule: String
            if let plan = line.plan {
                var who = strings.describe(plan.audience)
                if !plan.hubCity.isEmpty { who += " (" + strings("plan.show.city", ["city": plan.hubCity]) + ")" }
                rule = who + "; " + strings.describe(plan.quantity)
            } else {
                rule = strings("plan.show.noPlan")
            }
            text.append("\(name) [\(line.kit)]: \(rule)")
            text.append("  " + strings(line.plan == nil ? "plan.show.figuresNoPlan" : "plan.show.figures", [
                "households": "\(line.households)", "needed": "\(line.kitsNeeded)", "received": "\(line.received)",
                "shortfall": "\(line.shortfall)", "issued": "\(line.issued)", "served": "\(line.servedHouseholds)",
            ]))
            if line.shortfall > 0 {
                text.append("  " + strings("plan.show.short", ["n": "\(line.shortfall)"]))
            }
            if let setBy = line.setBy, let setAt = line.setAt {
                var set = strings("plan.show.setBy", ["operator": setBy, "date": localDay(setAt), "time": localTime(setAt)])
                if let reason = line.reason { set += " — " + reason }
                text.append("  " + set)
            }
        }
        return text
    }

    static func household(_ entitlements: HouseholdEntitlements, strings: Strings, catalogue: KitCatalogue) -> [String] {
        var text = [strings("plan.household.title", [
            "household": entitlements.household, "people": "\(entitlements.people)",
            "name": entitlements.distributionName, "date": entitlements.date.dotted,
        ])]
        for line in entitlements.lines {
            let name = catalogue[line.kit]?.name(in: strings.language) ?? line.kit
            let status = line.entitled
                ? strings("plan.household.entitled", ["quantity": "\(line.quantity)"])
                : strings("plan.household.notEntitled")
            let rule = line.plan.map { " (" + strings.describe($0.audience) + ")" } ?? ""
            text.append("  \(name): \(status)\(rule)")
        }
        return text
    }
}

/// The plan as scripts read it.
enum PlanJSON {
    struct Rule: Encodable {
        var who: String
        var criteria: String?
        var listSize: Int?
        var hubCity: String?
        var quantity: String
        var count: Int?
        var cap: Int?

        init(_ plan: KitPlan) {
            switch plan.audience {
            case .everyone: who = "everyone"
            case .list(let size): who = "list"; listSize = size
            case .criteria(let criterion): who = "criteria"; criteria = criterion.text
            }
            hubCity = plan.hubCity.isEmpty ? nil : plan.hubCity
            switch plan.quantity {
            case .fixed(let n): quantity = "fixed"; count = n
            case .perPerson(let c): quantity = "perPerson"; cap = c
            case .perPeople(let n): quantity = "perPeople"; count = n
            }
        }
    }

    struct Line: Encodable {
        var kit: String
        var plan: Rule?
        var households: Int
        var kitsNeeded: Int
        var received: Int
        var shortfall: Int
        var issued: Int
        var servedHouseholds: Int
        var setBy: String?
        var reason: String?
    }

    struct Overview: Encodable {
        var distribution: Int64
        var name: String
        var date: CivilDate
        var families: Int
        var kits: [Line]

        init(_ overview: PlanOverview) {
            distribution = overview.distributionId
            name = overview.distributionName
            date = overview.date
            families = overview.families
            kits = overview.lines.map {
                Line(kit: $0.kit, plan: $0.plan.map(Rule.init), households: $0.households, kitsNeeded: $0.kitsNeeded,
                     received: $0.received, shortfall: $0.shortfall, issued: $0.issued,
                     servedHouseholds: $0.servedHouseholds, setBy: $0.setBy, reason: $0.reason)
            }
        }
    }

    struct Household: Encodable {
        struct Entry: Encodable {
            var kit: String
            var planned: Bool
            var entitled: Bool
            var quantity: Int
        }
        var household: String
        var distribution: Int64
        var people: Int
        var kits: [Entry]

        init(_ entitlements: HouseholdEntitlements) {
            household = entitlements.household
            distribution = entitlements.distributionId
            people = entitlements.people
            kits = entitlements.lines.map {
                Entry(kit: $0.kit, planned: $0.plan != nil, entitled: $0.entitled, quantity: $0.entitled ? $0.quantity : 0)
            }
        }
    }
}
