import ArgumentParser
import DeskCore
import DeskStore
import Foundation

@main
struct AidDesk: ParsableCommand {
    /// Lets the global options come before the subcommand too (`aiddesk --db x.sqlite status`),
    /// as scripts and the README write them; the parser itself wants them after it.
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
        subcommands: [
            ImportCommand.self, StatusCommand.self, DistributionCommand.self, CheckInCommand.self,
            IssueCommand.self, VoidCommand.self, HistoryCommand.self, FindCommand.self, DemoCommand.self, DeskCommand.self,
            LookupCommand.self, BackupCommand.self, RestoreCommand.self, CheckCommand.self, PurgeCommand.self,
            ReportCommand.self,
            SheetCommand.self,
            ExportCommand.self,
            DuplicatesCommand.self,
            OperatorCommand.self, AuditCommand.self,
            ArrivalsCommand.self, QueueCommand.self, AbsentCommand.self,
            StockCommand.self,
        ],
        defaultSubcommand: DeskCommand.self
    )
}
