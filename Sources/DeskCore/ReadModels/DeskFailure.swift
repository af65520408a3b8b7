import Foundation

/// Why the backend said no, in a form the screen can put into words.
public enum DeskFailure: Error, Sendable, Hashable {
    case refusal(IssueRefusal)
    case engine(EngineError)
    /// Already in the user's language (a database or file problem).
    case message(String)
    /// A close-out count that cannot be recorded (a difference without a reason, the ledger moved).
    case closeOut(CloseOutError)
    /// Sign-in or role: a wrong PIN, a role that does not allow the action, an operator disabled
    /// or whose PIN was changed since signing in (the desk then locks for a new sign-in).
    case access(AccessError)
}
