import Foundation

// What the desk is told about who is signed in and what a close wrote.

/// What the engine adds to a closed distribution: where its automatic backup was written, or a
/// warning that it was not (the distribution is closed all the same).
public struct CloseNote: Sendable, Hashable {
    public var text: String
    /// True when the backup failed: the coordinator must make one by hand.
    public var isWarning: Bool

    public init(text: String, isWarning: Bool) {
        self.text = text
        self.isWarning = isWarning
    }
}

/// Who the engine says is signed in at the desk, after a PIN was checked.
public struct DeskOperator: Sendable, Hashable {
    public var name: String
    public var role: OperatorRole

    public init(name: String, role: OperatorRole) {
        self.name = name
        self.role = role
    }
}
