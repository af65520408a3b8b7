import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Remove people's names from closed distributions held before a date, keeping the anonymous figures.",
        discussion: """
            For each closed distribution dated before DATE: who collected each kit (member or proxy), who \
            came to check in, void reasons and the names in audit entries are removed; which household \
            got which kit and when, the stock and the report's figures stay (the report is frozen first). \
            The register is not touched. Make a backup first (aiddesk backup); --dry-run shows what would go.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("before"), help: "Purge closed distributions dated before this day (YYYY-MM-DD or DD.MM.YYYY).")
    var before: String
    @Flag(name: .customLong("dry-run"), help: "Say what would be purged; change nothing.") var dryRun = false

    func run() throws {
        try reportingFailures(global) { strings in
            guard let day = CivilDate(parsing: before) else {
                throw CommandFailure(message: strings("error.badDate", ["value": before]), status: 64)
            }
            let database = try global.openDatabase()
            let outcomes = try database.purge(before: day, dryRun: dryRun, context: global.context)
            if outcomes.isEmpty { print(strings("purge.nothing", ["date": day.dotted])) }
            for outcome in outcomes {
                print(strings(dryRun ? "purge.wouldPurge" : "purge.purged", [
                    "id": "\(outcome.distributionId)", "name": outcome.name, "date": outcome.date.dotted,
                    "issuances": "\(outcome.issuances)", "checkIns": "\(outcome.checkIns)",
                    "audit": "\(outcome.auditEntries)",
                ]))
            }
        }
    }
}
