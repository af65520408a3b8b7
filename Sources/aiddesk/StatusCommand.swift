import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Register size and, per distribution, stock received, issued and left.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let report = try database.status()
            let arrivals = try database.arrivalCountsByDistribution()
            if json {
                try printJSON(StatusJSON(report, arrivals: arrivals))
            } else {
                print(render(report, strings: strings, catalogue: database.catalogue, arrivals: arrivals))
                // On standard error: the status itself stays the same for scripts reading it.
                if database.session?.role == .coordinator {
                    try warnIfOneCoordinator(database, strings: strings, print: printError)
                }
            }
        }
    }
}

/// - Parameter arrivals: per distribution, households waiting and not come (a line under each).
func render(_ report: StatusReport, strings: Strings, catalogue: KitCatalogue,
            arrivals: [Int64: ArrivalCounts] = [:]) -> String {
    let register = strings("status.register", ["households": "\(report.households)", "people": "\(report.people)"])
    return register + "\n" + render(report.distributions, strings: strings, catalogue: catalogue, arrivals: arrivals)
}

func render(_ distributions: [DistributionSummary], strings: Strings, catalogue: KitCatalogue,
            arrivals: [Int64: ArrivalCounts] = [:]) -> String {
    var lines: [String] = []
    if distributions.isEmpty { lines.append(strings("status.noDistributions")) }
    for d in distributions {
        lines.append(
            strings(
                "status.distribution",
                [
                    "id": "\(d.id)", "name": d.name, "date": d.date.dotted,
                    "place": d.place.isEmpty ? "" : ", \(d.place)",
                    "state": strings(d.isOpen ? "status.open" : "status.closed"),
                    "served": "\(d.householdsServed)", "checkedIn": "\(d.householdsCheckedIn)",
                ]))
        if let counts = arrivals[d.id] {
            lines.append(strings("arrivals.status", [
                "checkedIn": "\(counts.checkedIn)", "served": "\(counts.served)", "waiting": "\(counts.waiting)",
                "notCome": "\(counts.notCome)", "registered": "\(counts.registered)",
            ]))
        }
        lines.append(strings("status.stockHeader"))
        for line in d.stock {
            let name = catalogue[line.kit]?.name(in: strings.language) ?? line.kit
            lines.append(
                "    " + name.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + leftPad(line.received, 8) + leftPad(line.issued, 8) + leftPad(line.left, 9))
        }
    }
    return lines.joined(separator: "\n")
}

private func leftPad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: " ", count: max(0, width - s.count)) + s
}

/// The `status --json` contract: `{"households", "people", "distributions": [{"id", "name", "open", "stock"}]}`.
struct StatusJSON: Encodable {
    struct Stock: Encodable {
        var received: Int
        var issued: Int
        var left: Int
    }
    struct Distribution: Encodable {
        var id: Int64
        var name: String
        var date: String
        var place: String
        var open: Bool
        var households_served: Int
        var households_checked_in: Int
        /// Checked in and not yet served.
        var households_waiting: Int?
        /// Registered and not checked in.
        var households_not_come: Int?
        var stock: [String: Stock]
    }
    var households: Int
    var people: Int
    var distributions: [Distribution]

    init(_ report: StatusReport, arrivals: [Int64: ArrivalCounts] = [:]) {
        households = report.households
        people = report.people
        distributions = report.distributions.map { d in
            Distribution(
                id: d.id, name: d.name, date: d.date.iso, place: d.place, open: d.isOpen,
                households_served: d.householdsServed, households_checked_in: d.householdsCheckedIn,
                households_waiting: arrivals[d.id]?.waiting, households_not_come: arrivals[d.id]?.notCome,
                stock: Dictionary(
                    uniqueKeysWithValues: d.stock.map { ($0.kit, Stock(received: $0.received, issued: $0.issued, left: $0.left)) }
                ))
        }
    }
}
