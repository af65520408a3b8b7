import Foundation

/// Why the backend said no, in a form the screen can put into words. Every failing call of
/// the desk's backend throws one of these, and nothing else.
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
    /// A card code that opens no family: a wrong check digit, a replaced card, an unknown one.
    case card(CardRefusal)

    /// The engine's own reasons, as the screen words them; nil for anything else (a database or
    /// file problem, which the backend puts into words itself).
    public init?(_ error: any Error) {
        switch error {
        case let failure as DeskFailure: self = failure
        case let refusal as IssueRefusal: self = .refusal(refusal)
        case let engine as EngineError: self = .engine(engine)
        case let closeOut as CloseOutError: self = .closeOut(closeOut)
        // A read the operator's role does not allow (the list of who has not come, the report),
        // or an operator the engine no longer accepts.
        case let access as AccessError: self = .access(access)
        case let card as CardRefusal: self = .card(card)
        default: return nil
        }
    }
}
