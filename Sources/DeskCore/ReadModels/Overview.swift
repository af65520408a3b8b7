import Foundation

// The always-visible facts and the coordinator's list of distributions.

/// The always-visible facts: the open distribution, its stock, how many were served today.
public struct DeskOverview: Sendable, Hashable {
    public struct Distribution: Sendable, Hashable {
        public var id: Int64
        public var name: String
        public var date: CivilDate
        public var place: String
        public var isOpen: Bool
        public init(id: Int64, name: String, date: CivilDate, place: String, isOpen: Bool) {
            self.id = id
            self.name = name
            self.date = date
            self.place = place
            self.isOpen = isOpen
        }
    }

    /// The distribution the desk issues in; nil when none is open.
    public var distribution: Distribution?
    /// When several are open the desk cannot choose: the coordinator must close one.
    public var openDistributionCount: Int
    public var stock: [StockLine]
    public var householdsServedToday: Int
    public var householdsInRegister: Int

    public struct StockLine: Sendable, Hashable {
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

/// A distribution as the coordinator's list shows it.
public struct DistributionSummary: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var date: CivilDate
    public var isOpen: Bool
    public var householdsServed: Int
    public init(id: Int64, name: String, date: CivilDate, isOpen: Bool, householdsServed: Int) {
        self.id = id
        self.name = name
        self.date = date
        self.isOpen = isOpen
        self.householdsServed = householdsServed
    }
}
