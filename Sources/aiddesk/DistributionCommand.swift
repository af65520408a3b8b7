import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct DistributionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distribution", abstract: "Open, list and close distributions (coordinator).",
        subcommands: [Open.self, List.self, Close.self])

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a distribution with the stock received; prints its id.",
            discussion: "Example: aiddesk distribution open \"Зимова видача\" --kit hygiene=300 --kit winterization=120")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The distribution's name, as volunteers will see it.") var name: String
        @Option(name: .customLong("kit"), help: "Stock received, CODE=QUANTITY; repeat for each kit.")
        var kits: [String] = []
        @Option(help: "The distribution day, YYYY-MM-DD or DD.MM.YYYY (default: today).") var date: String?
        @Option(help: "Where it takes place.") var place: String = ""

        func run() throws {
            try reportingFailures(global) { strings in
                var stock: [(kit: String, quantity: Int)] = []
                for line in kits {
                    let parts = line.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, let quantity = Int(parts[1].trimmingSpaces()) else {
                        throw CommandFailure(message: strings("error.badKitLine", ["value": line]), status: 2)
                    }
                    stock.append((parts[0].trimmingSpaces(), quantity))
                }
                let day: CivilDate
                if let date {
                    guard let parsed = CivilDate(parsing: date) else {
                        throw CommandFailure(message: strings("error.badDate", ["value": date]), status: 2)
                    }
                    day = parsed
                } else {
                    day = CivilDate(Date(), in: .current)
                }
                let database = try global.openDatabase()
                let id = try database.openDistribution(
                    name: name, date: day, place: place, stock: stock, context: global.context)
                print(id)
                printError(strings("distribution.opened", ["id": "\(id)", "name": name, "date": day.dotted]))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List distributions with their stock.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() throws {
            try reportingFailures(global) { strings in
                let database = try global.openDatabase()
                let report = try database.status()
                if json {
                    try printJSON(StatusJSON(report).distributions)
                } else {
                    print(render(report.distributions, strings: strings, catalogue: database.catalogue))
                }
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a distribution (the open one when no ID is given); it then takes no issuance.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The distribution's id.") var id: Int64?

        func run() throws {
            try reportingFailures(global) { strings in
                let database = try global.openDatabase()
                let closed = try database.closeDistribution(id: id, context: global.context)
                print(strings("distribution.closed", ["id": "\(closed.id)", "name": closed.name]))
            }
        }
    }
}
