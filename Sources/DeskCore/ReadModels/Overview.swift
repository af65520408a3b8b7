import Foundation

// The always-visible facts, a distribution as the status, the desk and the coordinator's list
// show it, and the stock of one kit in it.

/// The always-visible facts: the open distribution, its stock, how many were served today.
public struct DeskOverview: Sendable, Hashable {
    /// The open distribution, as the status shows it.
    public typealias Distribution = DistributionSummary
    public typealias StockLine = KitStock

    /// The distribution the desk issues in; nil when none is open.
    public var distribution: Distribution?
    /// When several are open the desk cannot choose: the coordinator must close one.
    public var openDistributionCount: Int
    public var stock: [StockLine]
    public var householdsServedToday: Int
    public var householdsInRegister: Int

    public init(
        distribution: Distribution?, openDistributionCount: Int, stock: [StockLine], householdsServedToday: Int,
        householdsInRegister: Int
    ) {
        self.distribution = distribution
        self.openDistributionCount = openDistributionCount
        self.stock = stock
        self.householdsServedToday = householdsServedToday
        self.householdsInRegister = householdsInRegister
    }

    public static let empty = DeskOverview(
        distribution: nil, openDistributionCount: 0, stock: [], householdsServedToday: 0, householdsInRegister: 0)
}

/// Stock of one kit in one distribution. `left = received - issued` always.
public struct KitStock: Sendable, Hashable, Codable {
    public var kit: String
    public var received: Int
    public var issued: Int
    public var left: Int { received.saturatingSubtracting(issued) }

    public init(kit: String, received: Int, issued: Int) {
        self.kit = kit
        self.received = received
        self.issued = issued
    }
}

/// A distribution: in the coordinator's list, at the top of the desk, in `status`.
public struct DistributionSummary: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var date: CivilDate
    public var place: String
    public var isOpen: Bool
    public var openedBy: String
    /// Per kit, in catalogue order.
    public var stock: [KitStock]
    public var householdsServed: Int
    public var householdsCheckedIn: Int

    public init(
        id: Int64, name: String, date: CivilDate, place: String = "", isOpen: Bool, openedBy: String = "",
        stock: [KitStock] = [], householdsServed: Int = 0, householdsCheckedIn: Int = 0
    ) {
        self.id = id
        self.name = name
        self.date = date
        self.place = place
        self.isOpen = isOpen
        self.openedBy = openedBy
        self.stock = stock
        self.householdsServed = householdsServed
        self.householdsCheckedIn = householdsCheckedIn
    }
}
