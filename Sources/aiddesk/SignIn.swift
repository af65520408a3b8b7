import ArgumentParser
import DeskCore
import DeskStore
import Foundation

// Signing in on the command line, before anything else (and before the desk's screen opens):
// the operator from --operator or $AIDDESK_OPERATOR (else asked on a terminal), the PIN from
// $AIDDESK_PIN (else asked on a terminal, without echo). A database with no operators is in
// setup mode and needs none; on a terminal the first run offers to create the coordinator.

/// Exit statuses of sign-in and roles (also in `aiddesk --help` and docs/commands.md).
enum AccessExit {
    /// Wrong PIN, or no PIN given where none can be asked.
    static let wrongPIN: Int32 = 6
    /// No such operator, a disabled one, or no operator named where none can be asked.
    static let unknownOperator: Int32 = 7
    /// The operator's role does not allow the command.
    static let notAllowed: Int32 = 8
    /// Locked out for a while after too many wrong PINs.
    static let lockedOut: Int32 = 9

    static func status(for error: AccessError) -> Int32 {
        switch error {
        case .wrongPIN: return wrongPIN
        case .signInRequired, .unknownOperator, .operatorDisabled, .signInAgain: return unknownOperator
        case .notAllowed: return notAllowed
        case .lockedOut, .tooSoon: return lockedOut
        case .weakPIN, .pinsDiffer, .nameRequired: return 64
        case .operatorExists, .alreadyInitialised, .noOperatorsYet, .lastCoordinator, .recoverOnlyCoordinators: return 1
        case .pinFromEarlierBuild: return wrongPIN
        case .notFileOwner: return notAllowed
        }
    }
}

extension GlobalOptions {
    /// The operator named for this run, if any: `--operator`, else `$AIDDESK_OPERATOR`.
    var namedOperator: String? {
        let name = operatorName ?? environment["AIDDESK_OPERATOR"]
        return name.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    /// `database` signed in as the operator of this run; as it is in setup mode (after offering,
    /// on a terminal, to create the first coordinator).
    /// - Parameter record: write the sign-in in the audit (the desk does; a command's own entries
    ///   already name its operator).
    func signIn(to database: DeskDatabase, record: Bool = false) throws -> DeskDatabase {
        let strings = try self.strings()
        guard try database.hasOperators() else {
            if Prompt.isInteractive, try !database.isDemo() {
                return try offerFirstCoordinator(database, strings: strings) ?? database
            }
            return database
        }
        let desk = context.desk
        var name = namedOperator
        if name == nil {
            guard Prompt.isInteractive else {
                throw CommandFailure(message: strings("signin.nameNeeded"), status: AccessExit.unknownOperator)
            }
            name = Prompt.line(strings("signin.namePrompt"))
            guard let typed = name, !typed.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CommandFailure(message: strings("signin.nameNeeded"), status: AccessExit.unknownOperator)
            }
        }
        let operatorName = name!
        let pinFromEnvironment = environment["AIDDESK_PIN"]
        if pinFromEnvironment == nil && !Prompt.isInteractive {
            throw CommandFailure(message: strings("signin.pinNeeded", ["name": operatorName]), status: AccessExit.wrongPIN)
        }
        var triesLeft = pinFromEnvironment == nil ? 3 : 1
        var pin = pinFromEnvironment ?? Prompt.secret(strings("signin.pinPrompt", ["name": operatorName]))
        while true {
            do {
                return try database.signIn(name: operatorName, pin: pin ?? "", desk: desk, record: record)
            } catch AccessError.tooSoon(_, let until) where until.timeIntervalSinceNow <= 10 {
                // Another try, from here or another desk, was a moment ago: wait for its turn.
                Thread.sleep(until: until.addingTimeInterval(0.05))
            } catch let error as AccessError {
                guard case .wrongPIN(_, _, let retryAfter) = error, pinFromEnvironment == nil else { throw error }
                triesLeft -= 1
                guard triesLeft > 0 else { throw error }
                printError(strings.explain(error))
                Thread.sleep(until: retryAfter)
                pin = Prompt.secret(strings("signin.pinPrompt", ["name": operatorName]))
            }
        }
    }

    /// On a terminal, in setup mode: asks for the first coordinator's name and PIN. Enter (or
    /// the end of input) leaves the database in setup mode for now.
    private func offerFirstCoordinator(_ database: DeskDatabase, strings: Strings) throws -> DeskDatabase? {
        printError(strings("firstRun.explain"))
        guard let name = Prompt.line(strings("firstRun.namePrompt")), !name.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            printError(strings("firstRun.skipped"))
            return nil
        }
        try TextArgument.check(name, limit: TextInput.Limit.name, what: "text.what.operatorName", strings: strings)
        let pin = try Prompt.newPIN(strings: strings, for: name)
        let signedIn = try database.initialise(coordinator: name, pin: pin, desk: context.desk)
        printError(strings("operator.initDone", ["name": signedIn.session?.name ?? name]))
        return signedIn
    }

    /// A new PIN for `name`: `$AIDDESK_NEW_PIN`, else asked twice on a terminal.
    func newPIN(for name: String, strings: Strings, variable: String = "AIDDESK_NEW_PIN") throws -> String {
        if let pin = environment[variable] { return pin }
        guard Prompt.isInteractive else {
            throw CommandFailure(message: strings("operator.newPinNeeded", ["variable": variable]), status: 64)
        }
        return try Prompt.newPIN(strings: strings, for: name)
    }
}

/// Questions on the terminal, on standard error so that standard output stays the command's.
enum Prompt {
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// A line typed by the user; nil at the end of input.
    static func line(_ prompt: String) -> String? {
        writeForTerminal(prompt, to: .standardError)
        return readLine()?.trimmingCharacters(in: .whitespaces)
    }

    /// A line typed without echo (a PIN); nil at the end of input. The terminal's echo comes
    /// back even when the program is interrupted at the prompt.
    static func secret(_ prompt: String) -> String? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
            writeForTerminal(prompt, to: .standardError)
            return readLine()
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)
        EchoGuard.saved = saved
        signal(SIGINT, EchoGuard.restoreAndExit)
        signal(SIGTERM, EchoGuard.restoreAndExit)
        // Echo off before the question is shown, so nothing typed after it appears.
        tcsetattr(STDIN_FILENO, TCSADRAIN, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSADRAIN, &saved)
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        writeForTerminal(prompt, to: .standardError)
        return readLine()
    }

    /// A new PIN, typed twice; checked against the PIN rules before it is hashed.
    static func newPIN(strings: Strings, for name: String) throws -> String {
        let first = secret(strings("operator.newPinPrompt", ["name": name])) ?? ""
        try PINRules.check(first)
        let second = secret(strings("operator.newPinAgain")) ?? ""
        guard first == second else { throw AccessError.pinsDiffer }
        return first
    }
}

/// The terminal's modes while a PIN is typed, to put back if a signal ends the program there.
private enum EchoGuard {
    nonisolated(unsafe) static var saved = termios()

    static let restoreAndExit: @convention(c) (Int32) -> Void = { signal in
        tcsetattr(STDIN_FILENO, TCSANOW, &EchoGuard.saved)
        _exit(128 + signal)
    }
}
