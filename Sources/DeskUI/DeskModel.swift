import DeskCore
import Foundation

/// What the desk is opened for.
public enum DeskMode: Sendable, Hashable {
    /// The issuing desk: search, card, check-in, issue; coordinator screens.
    case desk
    /// Assistants' look-up: search, card and history; nothing can be issued or changed.
    case lookup
    /// The door: search, card, check the family in, next; no issuing.
    case arrivals
}

/// Who sits at the desk and how the screen speaks to them.
public struct DeskConfig: Sendable {
    public var mode: DeskMode
    public var operatorName: String
    public var desk: String
    public var strings: Strings
    public var catalogue: KitCatalogue
    public var timeZone: TimeZone
    /// The signed-in operator's role; nil in setup mode (a database with no operators yet),
    /// where every key works and there is nobody to lock the desk for.
    public var role: OperatorRole?
    /// Idle time after which the desk locks and hides the families' data until a PIN is typed;
    /// nil: never (setup mode, or `--lock-after 0`).
    public var lockAfter: TimeInterval?

    public init(
        mode: DeskMode, operatorName: String, desk: String, strings: Strings, catalogue: KitCatalogue,
        timeZone: TimeZone = .current, role: OperatorRole? = nil, lockAfter: TimeInterval? = nil
    ) {
        self.mode = mode
        self.operatorName = operatorName
        self.desk = desk
        self.strings = strings
        self.catalogue = catalogue
        self.timeZone = timeZone
        self.role = role
        self.lockAfter = role == nil ? nil : lockAfter.flatMap { $0 > 0 ? $0 : nil }
    }
}
