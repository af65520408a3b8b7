import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The distribution's figures for the donor: households, arrivals, people by sex and age, kits, stock, desks, hours.",
        discussion: """
            Reports on --distribution ID, else the open distribution, else the latest. Households served are \
            those with a kit not voided; people are the members of those households, each counted once; ages \
            are on the distribution day; unknown sex or age is counted as unknown. The hub's city is \
            --hub-city (or $AIDDESK_HUB_CITY), else the settlement with the most registered households. \
            Hours are local time. Arrivals, in households (a merged family once): registered (the register \
            when the report is made: it keeps no registration dates), checked in = served + not served \
            (waiting), not come = registered - checked in. --format csv writes one figure per row (UTF-8 \
            with BOM, opens in Excel); --format json: {"households", "people", "checked_in", "arrivals": \
            {"registered", "checked_in", "served", "waiting", "not_come"}, "kits": {"hygiene": {"issued", \
            "voided", "received", "left"}}, "people_by_sex_age": {"F": {"0-4", …}}, "per_desk", "per_hour", \
            "city", "region", "reconciliation", "distribution", …}.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "The distribution's id (default: the open one, else the latest).") var distribution: Int64?
    @Option(help: "text (default), csv or json.") var format: Format = .text
    @Option(name: .customLong("hub-city"), help: "The hub's city, against which the rest counts as region.")
    var hubCity: String?
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Option(help: "Width of the text report in columns (40 to 400; default 80).") var width: Int = 80

    func run() throws {
        try reportingFailures(global) { strings in
            guard Limits.reportWidth.contains(width) else {
                throw CommandFailure(message: strings("limits.width", [
                    "min": "\(Limits.reportWidth.lowerBound)", "max": "\(Limits.reportWidth.upperBound)", "value": "\(width)",
                ]), status: 64)
            }
            let database = try global.openDatabase()
            let city = hubCity ?? global.environment["AIDDESK_HUB_CITY"].flatMap { $0.isEmpty ? nil : $0 }
            let report = try database.report(distribution: distribution, hubCity: city, timeZone: global.context.timeZone)
            let data: Data
            switch format {
            case .text:
                // Read on a terminal, whether printed or written to a file and shown later.
                let text = ReportText(report, strings: strings, catalogue: database.catalogue, width: width).text
                data = Data((TextInput.escapedForTerminal(text) + "\n").utf8)
            case .csv:
                data = report.csv(strings: strings, catalogue: database.catalogue)
            case .json:
                data = jsonForTerminal(try report.json()) + Data("\n".utf8)
            }
            if let out {
                try writeOutput(data, to: out, global: global, strings: strings)
                printError(strings("report.written", ["path": out]))
            } else {
                try writeOutput(data, to: nil, global: global, strings: strings)
            }
        }
    }
}
