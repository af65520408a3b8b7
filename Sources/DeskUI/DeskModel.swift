import DeskCore
import Foundation

/// What the desk is opened for.
public enum DeskMode: Sendable, Hashable {
    /// The issuing desk: search, card, check-in, issue; coordinator screens.
    case desk
    /// Assistants' look-up: search, card and history; nothing can be issued or changed.
    case lookup
}

/// Who sits at the desk and how the screen speaks to them.
public struct DeskConfig: Sendable {
    public var mode: DeskMode
    public var operatorName: String
    public var desk: String
    public var strings: Strings
    public var catalogue: KitCatalogue
    public var timeZone: TimeZone

    public init(
        mode: DeskMode, operatorName: String, desk: String, strings: Strings, catalogue: KitCatalogue,
        timeZone: TimeZone = .current
    ) {
        self.mode = mode
        self.operatorName = operatorName
        self.desk = desk
        self.strings = strings
        self.catalogue = catalogue
        self.timeZone = timeZone
    }
}

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
        public var left: Int { received - issued }
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

/// One line of search results: the household, the person who matched, and why.
public struct SearchRow: Sendable, Hashable {
    public var household: String
    public var personName: String
    public var birthYear: Int?
    public var settlement: String
    public var memberCount: Int
    public var matchKind: MatchKind
    /// Kit codes this household already holds in the open distribution.
    public var receivedKits: [String]

    public init(
        household: String, personName: String, birthYear: Int?, settlement: String, memberCount: Int,
        matchKind: MatchKind, receivedKits: [String]
    ) {
        self.household = household
        self.personName = personName
        self.birthYear = birthYear
        self.settlement = settlement
        self.memberCount = memberCount
        self.matchKind = matchKind
        self.receivedKits = receivedKits
    }
}

/// Everything the household card shows.
public struct HouseholdCard: Sendable, Hashable {
    public var household: Household
    /// Per kit of the open distribution: how many it would give now, or why not.
    public var kits: [KitLine]
    /// Issuances, newest first, voids included.
    public var history: [HistoryLine]
    public var checkedInAt: Date?
    /// Members who may also be registered in another family, with what that family already holds.
    public var duplicates: [DuplicateNote]

    public init(household: Household, kits: [KitLine], history: [HistoryLine], checkedInAt: Date?,
                duplicates: [DuplicateNote] = []) {
        self.household = household
        self.kits = kits
        self.history = history
        self.checkedInAt = checkedInAt
        self.duplicates = duplicates
    }

    /// Kits that another registration of one of these people already received in this distribution.
    public var kitsHeldElsewhere: Set<String> { Set(duplicates.flatMap(\.kitsReceived)) }
}

/// "Коваленко Олена is perhaps also registered in household 00812, which already got hygiene."
public struct DuplicateNote: Sendable, Hashable {
    public var memberName: String
    public var otherHousehold: String
    public var otherName: String
    public var evidence: [DuplicateEvidence]
    /// Kit codes the other family holds in this distribution.
    public var kitsReceived: [String]

    public init(memberName: String, otherHousehold: String, otherName: String, evidence: [DuplicateEvidence],
                kitsReceived: [String]) {
        self.memberName = memberName
        self.otherHousehold = otherHousehold
        self.otherName = otherName
        self.evidence = evidence
        self.kitsReceived = kitsReceived
    }
}

public struct KitLine: Sendable, Hashable {
    public var kit: String
    public var status: Result<Int, IssueRefusal>
    public init(kit: String, status: Result<Int, IssueRefusal>) {
        self.kit = kit
        self.status = status
    }
    public var isAvailable: Bool {
        if case .success = status { return true }
        return false
    }
}

public struct HistoryLine: Sendable, Hashable {
    public var issuanceId: Int64
    public var kit: String
    public var quantity: Int
    public var distributionName: String
    public var issuedAt: Date
    public var desk: String
    public var operatorName: String
    public var collectedBy: String
    public var isVoided: Bool
    public var voidReason: String?

    public init(
        issuanceId: Int64, kit: String, quantity: Int, distributionName: String, issuedAt: Date, desk: String,
        operatorName: String, collectedBy: String, isVoided: Bool, voidReason: String?
    ) {
        self.issuanceId = issuanceId
        self.kit = kit
        self.quantity = quantity
        self.distributionName = distributionName
        self.issuedAt = issuedAt
        self.desk = desk
        self.operatorName = operatorName
        self.collectedBy = collectedBy
        self.isVoided = isVoided
        self.voidReason = voidReason
    }
}

/// Who collects: the head (default), another member, or a named proxy.
public enum Collector: Sendable, Hashable {
    case member(index: Int)
    case proxy(name: String)
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

/// Why the backend said no, in a form the screen can put into words.
public enum DeskFailure: Error, Sendable, Hashable {
    case refusal(IssueRefusal)
    case engine(EngineError)
    /// Already in the user's language (a database or file problem).
    case message(String)
    /// A close-out count that cannot be recorded (a difference without a reason, the ledger moved).
    case closeOut(CloseOutError)
}
