import Foundation

/// What an operator may do at the desk. The engine checks it on every operation; the screens
/// may use it to hide what the role cannot do.
public enum OperatorRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// Checks families in and hands out kits (and looks them up to do so).
    case volunteer
    /// Looks families up: search, household card, history, find. Changes nothing.
    case assistant
    /// Everything: distributions, stock, voids, import, export, sheet, report, duplicates,
    /// backup and restore, operators, the audit log.
    case coordinator

    public func allows(_ action: DeskAction) -> Bool {
        switch self {
        case .coordinator: return true
        case .volunteer: return [.lookUp, .checkIn, .issue].contains(action)
        case .assistant: return action == .lookUp
        }
    }
}

/// One kind of thing an operator does, as the role table names it.
public enum DeskAction: String, Sendable, Hashable, CaseIterable {
    /// Search, household card, history, find, status: reading the register to serve a family.
    case lookUp
    case checkIn
    case issue
    /// Giving a kit the distribution's plan does not give the family, with a reason.
    case overridePlan
    case void
    /// Opening, counting and closing distributions.
    case distributions
    case adjustStock
    case importRegister
    case export
    case sheet
    /// Printing household cards (they carry names) and replacing a lost one.
    case cards
    case report
    /// Listing possible duplicates, merging households, marking different people.
    case duplicates
    /// Backups, restore and the consistency check.
    case maintenance
    case manageOperators
    case readAudit
}

/// Why the engine refused who is asking: sign-in, PIN, lock-out or role. Nothing was changed.
public enum AccessError: Error, Sendable, Hashable {
    /// The database has operators and this request carries no signed-in operator.
    case signInRequired
    /// No operator by that name.
    case unknownOperator(String)
    /// The PIN did not match; the next try is possible from `retryAfter`.
    case wrongPIN(name: String, failures: Int, retryAfter: Date)
    /// Too many wrong PINs in a row: no try before `until` (recorded in the database, so
    /// every desk and process waits).
    case lockedOut(name: String, until: Date)
    /// A wrong PIN was typed a moment ago: the next try is possible from `until`.
    case tooSoon(name: String, until: Date)
    case operatorDisabled(String)
    /// The signed-in operator's PIN was changed, or the operator disabled, since signing in.
    case signInAgain(String)
    case notAllowed(role: OperatorRole, action: DeskAction)
    /// A PIN must have at least `minimumLength` characters and not be one character repeated.
    case weakPIN(minimumLength: Int)
    case pinsDiffer
    case operatorExists(String)
    case nameRequired
    /// `operator init` on a database that already has operators.
    case alreadyInitialised
    /// Operators are added by a signed-in coordinator once the first one exists (`operator init`).
    case noOperatorsYet
    /// The last coordinator who can sign in cannot be disabled.
    case lastCoordinator(String)
    /// The operator's PIN was stored by an earlier build (Argon2id through libsodium), which this
    /// build cannot check: a coordinator sets a new PIN, or, for a coordinator, whoever holds
    /// the database file (`aiddesk operator recover`).
    case pinFromEarlierBuild(name: String, role: OperatorRole)
    /// `operator recover` is for the database file's owner, who holds everything in it anyway.
    case notFileOwner(path: String)
    /// `operator recover` gives a coordinator a new PIN; other operators get theirs from a coordinator.
    case recoverOnlyCoordinators(String)
}

extension AccessError {
    /// Seconds until another try, for a refusal that passes by itself.
    public func secondsToWait(now: Date = Date()) -> Int? {
        switch self {
        case .wrongPIN(_, _, let date), .lockedOut(_, let date), .tooSoon(_, let date):
            return max(0, Int(date.timeIntervalSince(now).rounded(.up)))
        default: return nil
        }
    }
}

extension Strings {
    /// The role's name in the interface language.
    public func name(of role: OperatorRole) -> String { self("role.\(role.rawValue)") }

    public func explain(_ error: AccessError, timeZone: TimeZone = .current, now: Date = Date()) -> String {
        func wait(_ date: Date) -> String {
            let seconds = max(1, Int(date.timeIntervalSince(now).rounded(.up)))
            if seconds < 120 { return self("access.seconds", ["n": "\(seconds)"]) }
            return self("access.until", ["time": clockTime(date, timeZone: timeZone)])
        }
        switch error {
        case .signInRequired: return self("access.signInRequired")
        case .unknownOperator(let name): return self("access.unknownOperator", ["name": name])
        case .wrongPIN(let name, let failures, let retryAfter):
            return self("access.wrongPIN", ["name": name, "failures": "\(failures)", "wait": wait(retryAfter)])
        case .lockedOut(let name, let until): return self("access.lockedOut", ["name": name, "wait": wait(until)])
        case .tooSoon(let name, let until): return self("access.tooSoon", ["name": name, "wait": wait(until)])
        case .operatorDisabled(let name): return self("access.operatorDisabled", ["name": name])
        case .signInAgain(let name): return self("access.signInAgain", ["name": name])
        case .notAllowed(let role, let action):
            return self("access.notAllowed", ["role": name(of: role), "action": self("action.\(action.rawValue)")])
        case .weakPIN(let length): return self("access.weakPIN", ["n": "\(length)"])
        case .pinsDiffer: return self("access.pinsDiffer")
        case .operatorExists(let name): return self("access.operatorExists", ["name": name])
        case .nameRequired: return self("access.nameRequired")
        case .alreadyInitialised: return self("access.alreadyInitialised")
        case .noOperatorsYet: return self("access.noOperatorsYet")
        case .lastCoordinator(let name): return self("access.lastCoordinator", ["name": name])
        case .pinFromEarlierBuild(let name, let role):
            return self(role == .coordinator ? "access.earlierPIN.coordinator" : "access.earlierPIN", ["name": name])
        case .notFileOwner(let path): return self("access.notFileOwner", ["path": path])
        case .recoverOnlyCoordinators(let name): return self("access.recoverOnlyCoordinators", ["name": name])
        }
    }
}
