import ArgumentParser
import DeskCore
import DeskStore
import Foundation

@main
struct AidDesk: ParsableCommand {
    /// Lets the global options come before the subcommand too (`aiddesk --db x.sqlite status`),
    /// as scripts and docs/commands.md write them; the parser itself wants them after it.
    static func main() {
        let arguments = GlobalOptions.movingLeadingGlobals(Array(CommandLine.arguments.dropFirst()))
        // Text from outside is refused before anything reads it (see TerminalText.swift).
        let environment = ProcessInfo.processInfo.environment
        if let strings = TextArguments.strings(for: arguments, environment: environment),
            let refusal = TextArguments.refusal(arguments, environment: environment, strings: strings)
        {
            printError(refusal)
            Foundation.exit(64)
        }
        main(arguments)
    }

    static let configuration = CommandConfiguration(
        commandName: "aiddesk",
        abstract: "The aid-distribution desk: check families in, hand out kits, never twice.",
        discussion: """
            Data lives in --db, else $AIDDESK_DB, else $XDG_DATA_HOME/aiddesk/aiddesk.sqlite \
            (~/.local/share/aiddesk/aiddesk.sqlite). Several desks may run at once on one machine.
            Exit status: 0 done; 3 a rule refused (already issued, not eligible yet, closed); \
            4 out of stock; 5 not found (household, issuance, distribution); 6 wrong PIN (or none given off a \
            terminal); 7 unknown or disabled operator; 8 the operator's role does not allow it; 9 locked out \
            after too many wrong PINs; 64 bad usage; 1 other errors.
            Once the database has operators (`aiddesk operator init`), every command signs in: the operator \
            from --operator or $AIDDESK_OPERATOR, the PIN from $AIDDESK_PIN or a prompt without echo.
            """,
        // `aiddesk --help` lists the commands in five groups (a test checks each appears once).
        groupedSubcommands: [
            CommandGroup(
                name: "The desk",
                subcommands: [DeskCommand.self, LookupCommand.self, ArrivalsCommand.self, DemoCommand.self]),
            CommandGroup(
                name: "The distribution day",
                subcommands: [
                    DistributionCommand.self, PlanCommand.self, StatusCommand.self, CheckInCommand.self, QueueCommand.self,
                    IssueCommand.self, VoidCommand.self, StockCommand.self,
                ]),
            CommandGroup(
                name: "The register",
                subcommands: [ImportCommand.self, FindCommand.self, HistoryCommand.self, DuplicatesCommand.self]),
            CommandGroup(
                name: "Reports and exports",
                subcommands: [ReportCommand.self, SheetCommand.self, CardsCommand.self, ExportCommand.self, AbsentCommand.self]),
            CommandGroup(
                name: "Operators and safety",
                subcommands: [
                    OperatorCommand.self, AuditCommand.self, BackupCommand.self, RestoreCommand.self,
                    CheckCommand.self, PurgeCommand.self,
                ]),
        ],
        defaultSubcommand: DeskCommand.self
    )
}
