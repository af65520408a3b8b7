import ArgumentParser
import DeskCore
import DeskStore
import DeskUI
import Foundation

/// `aiddesk arrivals`: the desk made for the door. Search, card, check in, next; no issuing.
struct ArrivalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrivals",
        abstract: "Open the door's screen: find the family, check them in (who came, which document), next; no issuing.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        try reportingFailures(global) { strings in
            try openDesk(global: global, screen: screen, strings: strings, path: global.databasePath, mode: .arrivals)
        }
    }
}

/// `aiddesk queue`: the families checked in and not yet served, in arrival order.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "The waiting list: households checked in and not yet served, in arrival order, with minutes waited.",
        discussion: """
            --json: {"distribution": {"id", "name", "open"}, "count", "waiting": [{"position", "household", "head", \
            "settlement", "people", "checked_in_at", "minutes_waited", "came", "proxy", "document", "document_note", \
            "desk", "operator", "priority": ["over_60", "under_5", "disability"]}]}. Priority: a member aged 60 or \
            more, a child under 5, or a member the register marks with a disability (its Інвалідність column).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The distribution (default: the one open, else the latest).") var distribution: Int64?
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let now = Date()
            let timeZone = global.context.timeZone
            let chosen = try database.arrivalDistribution(distribution)
            let waiting = try database.waitingList(distribution: chosen.id, day: CivilDate(now, in: timeZone))
            if json {
                try printJSON(QueueJSON(distribution: chosen, waiting: waiting, now: now))
                return
            }
            guard !waiting.isEmpty else {
                // Nobody waiting is not everybody served: say how many have not come.
                let counts = try database.arrivalCounts(distribution: chosen.id)
                print(strings("arrivals.queue.empty"))
                print(strings("arrivals.queueCounts", [
                    "checkedIn": "\(counts.checkedIn)", "served": "\(counts.served)", "notCome": "\(counts.notCome)",
                ]))
                return
            }
            print(strings("arrivals.queue.title", ["name": chosen.name, "count": "\(waiting.count)"]))
            for (index, family) in waiting.enumerated() {
                let detail = arrivalDetail(family, strings: strings)
                let came = detail.isEmpty ? "" : " · " + detail
                let priority = family.priority.isEmpty
                    ? "" : "  ★ " + family.priority.map { $0.mark(strings) }.joined(separator: " ")
                print(strings("arrivals.queue.line", [
                    "position": "\(index + 1)", "household": family.household, "head": family.headName,
                    "settlement": family.settlement, "people": "\(family.memberCount)",
                    "time": clockTime(family.checkedInAt, timeZone: timeZone),
                    "minutes": "\(family.minutesWaited(at: now))", "came": came, "priority": priority,
                ]))
            }
        }
    }
}

/// `queue --json`.
struct QueueJSON: Encodable {
    struct Distribution: Encodable {
        var id: Int64
        var name: String
        var open: Bool
    }
    struct Family: Encodable {
        var position: Int
        var household: String
        var head: String
        var settlement: String
        var people: Int
        var checked_in_at: String
        var minutes_waited: Int
        var came: String?
        var proxy: Bool
        var document: String?
        var document_note: String?
        var desk: String
        var `operator`: String
        var priority: [String]
        /// Only when true: the distribution's plan gives this family none of its kits.
        var nothing_to_receive: Bool?
    }
    var distribution: Distribution
    var count: Int
    var waiting: [Family]

    init(distribution chosen: (id: Int64, name: String, isOpen: Bool), waiting families: [ArrivalLine], now: Date) {
        let iso = ISO8601DateFormatter()
        distribution = Distribution(id: chosen.id, name: chosen.name, open: chosen.isOpen)
        count = families.count
        waiting = families.enumerated().map { index, arrival in
            Family(
                position: index + 1, household: arrival.household, head: arrival.headName, settlement: arrival.settlement,
                people: arrival.memberCount, checked_in_at: iso.string(from: arrival.checkedInAt),
                minutes_waited: arrival.minutesWaited(at: now), came: arrival.cameName, proxy: arrival.cameAsProxy,
                document: arrival.document?.code, document_note: arrival.document?.note, desk: arrival.desk,
                operator: arrival.operatorName, priority: arrival.priority.map(\.rawValue),
                nothing_to_receive: arrival.nothingToReceive ? true : nil)
        }
    }
}

/// `aiddesk absent`: registered households not checked in, by settlement, with phones.
struct AbsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "absent",
        abstract: "Households not checked in for the distribution, by settlement, with phones: whom to call.",
        discussion: """
            A household merged into another counts as that one. When the distribution's plan names who gets \
            each kit, only the families it gives something to are listed; --everyone lists them all. --format csv: household, head, settlement, phone, \
            people; UTF-8 with BOM and commas, CRLF (opens in Excel).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "The distribution (default: the one open, else the latest).") var distribution: Int64?
    @Option(help: "text (default) or csv.") var format: Format = .text
    @Flag(help: "Every family not come, also those the distribution's plan gives nothing.") var everyone = false

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let chosen = try database.arrivalDistribution(distribution)
            let absent = try database.absentFamilies(distribution: chosen.id, everyone: everyone)
            switch format {
            case .csv:
                var rows = [[
                    strings("arrivals.csv.household"), strings("arrivals.csv.head"), strings("arrivals.csv.settlement"),
                    strings("arrivals.csv.phone"), strings("arrivals.csv.people"),
                ]]
                rows += absent.map {
                    [$0.household, $0.headName, $0.settlement, $0.phone ?? "", "\($0.memberCount)"]
                }
                FileHandle.standardOutput.write(CSVTable.encode(rows, flavour: .utf8) ?? Data())
            case .text:
                let counts = try database.arrivalCounts(distribution: chosen.id)
                print(strings("arrivals.absent.cli.title", [
                    "name": chosen.name, "count": "\(absent.count)", "registered": "\(counts.registered)",
                ]))
                if !everyone, try database.planOverview(distribution: chosen.id).lines.allSatisfy({ $0.plan != nil }) {
                    print(strings("plan.absent.onlyEntitled"))
                }
                var groups: [(settlement: String, families: [AbsentRow])] = []
                for family in absent {
                    if groups.last?.settlement == family.settlement {
                        groups[groups.count - 1].families.append(family)
                    } else {
                        groups.append((family.settlement, [family]))
                    }
                }
                let nameWidth = min(40, absent.map(\.headName.count).max() ?? 0)
                for group in groups {
                    print("")
                    let settlement = group.settlement.isEmpty ? strings("arrivals.absent.noSettlement") : group.settlement
                    print(strings("arrivals.absent.cli.settlement", ["settlement": settlement, "count": "\(group.families.count)"]))
                    for family in group.families {
                        print(strings("arrivals.absent.cli.line", [
                            "household": family.household,
                            "head": family.headName.padding(toLength: max(nameWidth, family.headName.count), withPad: " ", startingAt: 0),
                            "phone": (family.phone ?? strings("arrivals.absent.noPhone")).padding(toLength: 15, withPad: " ", startingAt: 0),
                            "people": "\(family.memberCount)",
                        ]))
                    }
                }
            }
        }
    }
}

/// "Коваленко Олена Петрівна (довірена особа), довідка ВПО": who came and what they showed.
func arrivalDetail(_ arrival: ArrivalLine, strings: Strings) -> String {
    var parts: [String] = []
    if let name = arrival.cameName, !name.isEmpty {
        parts.append(name + (arrival.cameAsProxy ? " (" + strings("card.proxy") + ")" : ""))
    }
    if let document = arrival.document { parts.append(document.name(strings)) }
    return parts.joined(separator: ", ")
}

/// A check-in request the engine could not take, in the user's language, with its exit status.
func arrivalFailure(_ error: ArrivalError, strings: Strings) -> CommandFailure {
    switch error {
    case .unknownMember(let household, let name):
        return CommandFailure(
            message: strings("arrivals.error.unknownMember", ["household": household, "name": name]), status: 5)
    case .memberAndProxy:
        return CommandFailure(message: strings("arrivals.error.memberAndProxy"), status: 64)
    }
}
