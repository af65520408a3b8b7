import ArgumentParser
import DeskCore
import DeskResources
import DeskStore
import DeskTerminal
import DeskUI
import Foundation

/// `aiddesk` with no subcommand: the issuing desk on the hub's database.
struct DeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk", abstract: "Open the issuing desk (what `aiddesk` alone does).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        try reportingFailures(global) { strings in
            try openDesk(global: global, screen: screen, strings: strings, path: global.databasePath, mode: .desk)
        }
    }
}

/// Read-only desk for assistants: search, card, history; no issuing.
struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup", abstract: "Open the desk read-only, for look-ups: search, household card, history.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        try reportingFailures(global) { strings in
            try openDesk(global: global, screen: screen, strings: strings, path: global.databasePath, mode: .lookup)
        }
    }
}

/// Opens the screen on the database at `path`, or prints the status when not on a terminal.
/// - Parameter signedIn: the database already opened and signed in (the demo does so first).
func openDesk(
    global: GlobalOptions, screen: ScreenOptions, strings: Strings, path: String, mode: DeskMode,
    signedIn: DeskDatabase? = nil
) throws {
    let idleLimit = try screen.idleLimit(environment: global.environment, strings: strings)
    // The desk's sign-in is recorded in the audit: who sat at which desk from when.
    let database = try signedIn ?? global.signIn(to: global.openWithoutSignIn(path: path), record: true)
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
        // A pipe or a script: there is no screen to draw on, so say where things stand.
        print(render(try database.status(), strings: strings, catalogue: database.catalogue))
        return
    }
    var context = global.context
    // The screen shows and records the operator who signed in, as the database spells the name;
    // an operator whose role cannot issue (an assistant) gets the look-up desk.
    if let session = database.session { context.operatorName = session.name }
    let mode = database.may(.issue) ? mode : .lookup
    let backend = try StoreBackend(database: database, context: context)
    backend.strings = strings
    let config = DeskConfig(
        mode: mode, operatorName: context.operatorName, desk: context.desk, strings: strings,
        catalogue: database.catalogue, timeZone: context.timeZone, role: database.session?.role, lockAfter: idleLimit)
    var loop = DeskLoop(state: DeskState(config: config, now: Date()), backend: backend)
    // «Інший стіл зайнятий, повторюю…» goes on the message line, not over the screen via stderr.
    BusyNotice.show { _, message in TerminalDesk.showNotice(message) }
    defer { BusyNotice.show(nil) }
    try TerminalDesk.run(&loop, environment: global.environment)
}
