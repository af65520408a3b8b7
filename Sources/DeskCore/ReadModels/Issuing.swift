import Foundation

// Who collects, and what an issue handed out.

/// Who collects: the head (default), another member, or a named proxy.
public enum Collector: Sendable, Hashable {
    case member(index: Int)
    case proxy(name: String)
}

/// One kit handed out by an issue.
public struct IssuedKit: Sendable, Hashable, Codable {
    /// The issuance record's number (what a void names).
    public var id: Int64
    public var kit: String
    public var quantity: Int
    /// Set when a coordinator gave the kit off the distribution's plan: the reason.
    public var overrideReason: String?

    public init(id: Int64, kit: String, quantity: Int, overrideReason: String? = nil) {
        self.id = id
        self.kit = kit
        self.quantity = quantity
        self.overrideReason = overrideReason
    }
}

/// What one issue handed out, and to whom: the confirmation line.
public struct IssueSummary: Sendable, Hashable {
    public var household: String
    public var kits: [IssuedKit]
    /// The member or proxy who collected, by name.
    public var collectedBy: String
    public var collectedByProxy: Bool

    public init(household: String, kits: [IssuedKit], collectedBy: String, collectedByProxy: Bool = false) {
        self.household = household
        self.kits = kits
        self.collectedBy = collectedBy
        self.collectedByProxy = collectedByProxy
    }
}
