import ArgumentParser
import DeskCore
import DeskStore
import Foundation

extension OperatorRole: ExpressibleByArgument {}

struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "Operators, roles and PINs: who may sign in at the desk, and as what.",
        discussion: """
            Roles: volunteer (check-in, issue), assistant (look-up only: search, card, history, find), \
            coordinator (everything: distributions, stock, voids, import, export, sheet, report, duplicates, \
            backup/restore, operators, audit). A database with no operators is in setup mode: anyone may do \
            anything. `operator init` makes the first coordinator and from then on every command signs in: \
            the operator from --operator or $AIDDESK_OPERATOR, the PIN from $AIDDESK_PIN or a prompt. \
            A new PIN comes from $AIDDESK_NEW_PIN or is asked twice.
            Exit status: 6 wrong PIN; 7 unknown or disabled operator; 8 the role does not allow it; \
            9 locked out after too many wrong PINs.
            """,
        subcommands: [
            OperatorInit.self, OperatorAdd.self, OperatorList.self, OperatorDisable.self, OperatorEnable.self,
            OperatorPIN.self, OperatorRecover.self,
        ])
}

struct OperatorInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "The first run: create the coordinator (PIN from $AIDDESK_PIN, or asked twice).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The coordinator's name.") var name: String?

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openWithoutSignIn(creating: true)
            guard try !database.hasOperators() else { throw AccessError.alreadyInitialised }
            var name = self.name ?? global.namedOperator
            if name == nil, Prompt.isInteractive { name = Prompt.line(strings("firstRun.namePrompt")) }
            guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw AccessError.nameRequired }
            try TextArgument.check(name, limit: TextInput.Limit.name, what: "text.what.operatorName", strings: strings)
            let pin = try global.newPIN(for: name, strings: strings, variable: "AIDDESK_PIN")
            let signedIn = try database.initialise(coordinator: name, pin: pin, desk: global.context.desk)
            print(strings("operator.initDone", ["name": signedIn.session?.name ?? name]))
            try warnIfOneCoordinator(database, strings: strings, print: { print($0) })
        }
    }
}

struct OperatorAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an operator (coordinators only); the new PIN from $AIDDESK_NEW_PIN, or asked twice.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The new operator's name.") var name: String
    @Option(help: "volunteer, assistant or coordinator.") var role: OperatorRole

    func run() throws {
        try reportingFailures(global) { strings in
            try TextArgument.check(name, limit: TextInput.Limit.name, what: "text.what.operatorName", strings: strings)
            let database = try global.openDatabase()
            guard try database.hasOperators() else { throw AccessError.noOperatorsYet }
            let pin = try global.newPIN(for: name, strings: strings)
            try database.addOperator(name: name, role: role, pin: pin, context: global.context)
            print(strings("operator.added", ["name": name, "role": strings.name(of: role)]))
        }
    }
}

struct OperatorList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every operator with role, who added them and whether they can sign in.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let operators = try database.operators()
            if json {
                struct Line: Encodable {
                    var name: String
                    var role: String
                    var created_by: String
                    var created_at: String
                    var disabled: Bool
                    var failed_attempts: Int
                    var locked_until: String?
                }
                struct Output: Encodable {
                    var setup_mode: Bool
                    var operators: [Line]
                }
                let iso = ISO8601DateFormatter()
                try printJSON(Output(
                    setup_mode: operators.isEmpty,
                    operators: operators.map {
                        Line(name: $0.name, role: $0.role.rawValue, created_by: $0.createdBy,
                             created_at: iso.string(from: $0.createdAt), disabled: $0.disabled,
                             failed_attempts: $0.failedAttempts, locked_until: $0.notBefore.map(iso.string(from:)))
                    }))
                return
            }
            guard !operators.isEmpty else {
                print(strings("operator.setupMode"))
                return
            }
            // On standard error, under the list: the list itself stays one line per operator.
            defer { try? warnIfOneCoordinator(database, strings: strings, print: printError) }
            let width = operators.map(\.name.count).max() ?? 0
            for info in operators {
                var state = ""
                if info.disabled {
                    state = strings("operator.state.disabled")
                } else if let until = info.notBefore, info.isLockedOut {
                    state = strings("operator.state.locked", ["time": localTime(until)])
                }
                let name = info.name + String(repeating: " ", count: width - info.name.count)
                print(strings("operator.line", [
                    "name": name, "role": strings.name(of: info.role), "createdBy": info.createdBy,
                    "date": localDay(info.createdAt), "state": state,
                ]).trimmingCharacters(in: .whitespaces))
            }
        }
    }
}

struct OperatorDisable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Stop an operator signing in (coordinators only); their records and audit entries stay.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The operator's name.") var name: String

    func run() throws {
        try reportingFailures(global) { strings in
            try global.openDatabase().setOperator(name, disabled: true, context: global.context)
            print(strings("operator.disabled", ["name": name]))
        }
    }
}

struct OperatorEnable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Let a disabled or locked-out operator sign in again (coordinators only).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The operator's name.") var name: String

    func run() throws {
        try reportingFailures(global) { strings in
            try global.openDatabase().setOperator(name, disabled: false, context: global.context)
            print(strings("operator.enabled", ["name": name]))
        }
    }
}

struct OperatorPIN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Change your own PIN; a coordinator may set another operator's (a forgotten PIN).",
        discussion: "The new PIN from $AIDDESK_NEW_PIN, or asked twice. Sessions signed in with the old PIN must sign in again.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Another operator's name (coordinators only). Omit for your own PIN.") var name: String?

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            guard let session = database.session else { throw AccessError.noOperatorsYet }
            if let name, !OperatorName.same(name, session.name) {
                let pin = try global.newPIN(for: name, strings: strings)
                try database.resetPIN(of: name, to: pin, context: global.context)
                print(strings("operator.pinReset", ["name": name]))
            } else {
                let pin = try global.newPIN(for: session.name, strings: strings)
                _ = try database.changeOwnPIN(to: pin, context: global.context)
                print(strings("operator.pinChanged", ["name": session.name]))
            }
        }
    }
}

struct OperatorRecover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "A coordinator who cannot sign in gets a new PIN: for the owner of the database file.",
        discussion: """
            For a hub whose coordinators are all locked out, have forgotten their PIN, or have a PIN \
            stored by an earlier AidDesk that this version cannot check. Needs no sign-in, but only \
            the system account that owns the database file (or root) may run it: that account can \
            read and change the file anyway. It enables the coordinator, lifts any lock-out, and is \
            written in the audit as operator.recover. The new PIN from $AIDDESK_NEW_PIN, or asked twice.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The coordinator's name.") var name: String

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openWithoutSignIn()
            guard try database.hasOperators() else { throw AccessError.noOperatorsYet }
            let pin = try global.newPIN(for: name, strings: strings)
            try database.recoverCoordinator(
                name, pin: pin, desk: global.context.desk, systemUser: ProcessInfo.processInfo.userName)
            print(strings("operator.recovered", ["name": name]))
        }
    }
}


/// A hub with a single coordinator loses every coordinator's power with one forgotten PIN or
/// lock-out: say so where coordinators look, with the way to add a second.
func warnIfOneCoordinator(_ database: DeskDatabase, strings: Strings, print: (String) -> Void) throws {
    guard try database.hasOperators() else { return }
    let coordinators = try database.coordinatorsWhoCanSignIn()
    guard coordinators.count == 1 else { return }
    print(strings("operator.oneCoordinator", ["name": coordinators[0]]))
}
