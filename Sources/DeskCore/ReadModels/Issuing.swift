import Foundation

// Who collects, and what an issue handed out.

/// Who collects: the head (default), another member, or a named proxy.
public enum Collector: Sendable, Hashable {
    case member(index: Int)
    case proxy(name: String)
}

/// What one issue handed out, for the confirmation line.
public struct IssueSummary: Sendable, Hashable {
    public var household: String
    public var kits: [(kit: String, quantity: Int)]
    public var collectedBy: String

    public init(household: String, kits: [(kit: String, quantity: Int)], collectedBy: String) {
        self.household = household
        self.kits = kits
        self.collectedBy = collectedBy
    }

    public static func == (a: IssueSummary, b: IssueSummary) -> Bool {
        a.household == b.household && a.collectedBy == b.collectedBy
            && a.kits.map(\.kit) == b.kits.map(\.kit) && a.kits.map(\.quantity) == b.kits.map(\.quantity)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(household)
        hasher.combine(kits.map(\.kit))
    }
}
