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
    /// What the door recorded when the family was checked in for the open distribution.
    public var arrival: ArrivalLine?

    public init(household: Household, kits: [KitLine], history: [HistoryLine], checkedInAt: Date?,
                duplicates: [DuplicateNote] = [], arrival: ArrivalLine? = nil) {
        self.household = household
        self.kits = kits
        self.history = history
        self.checkedInAt = checkedInAt ?? arrival?.checkedInAt
        self.duplicates = duplicates
        self.arrival = arrival
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
    /// Sign-in or role: a wrong PIN, a role that does not allow the action, an operator disabled
    /// or whose PIN was changed since signing in (the desk then locks for a new sign-in).
    case access(AccessError)
}

// MARK: - Arrivals

/// One check-in: on the waiting list (checked in, not yet served) or among the door's latest.
public struct ArrivalLine: Sendable, Hashable {
    public var household: String
    public var checkedInAt: Date
    /// The member or proxy who came, when it was said.
    public var cameName: String?
    public var cameAsProxy: Bool
    public var document: CheckInDocument?
    public var desk: String
    public var operatorName: String
    /// The head of household (the waiting list names the family by its head).
    public var headName: String
    public var settlement: String
    public var memberCount: Int
    public var priority: [PriorityReason]

    public init(
        household: String, checkedInAt: Date, cameName: String? = nil, cameAsProxy: Bool = false,
        document: CheckInDocument? = nil, desk: String, operatorName: String, headName: String = "",
        settlement: String = "", memberCount: Int = 0, priority: [PriorityReason] = []
    ) {
        self.household = household
        self.checkedInAt = checkedInAt
        self.cameName = cameName
        self.cameAsProxy = cameAsProxy
        self.document = document
        self.desk = desk
        self.operatorName = operatorName
        self.headName = headName
        self.settlement = settlement
        self.memberCount = memberCount
        self.priority = priority
    }
}

/// How the day stands at the door and at the desk: families checked in, served, waiting, not come.
public struct ArrivalsOverview: Sendable, Hashable {
    public var registered: Int
    public var checkedIn: Int
    public var served: Int
    public var notCome: Int
    /// Checked in and not yet served, in arrival order.
    public var waiting: [ArrivalLine]
    /// The latest check-ins, newest first, served or not.
    public var recent: [ArrivalLine]

    public init(registered: Int, checkedIn: Int, served: Int, notCome: Int, waiting: [ArrivalLine], recent: [ArrivalLine]) {
        self.registered = registered
        self.checkedIn = checkedIn
        self.served = served
        self.notCome = notCome
        self.waiting = waiting
        self.recent = recent
    }

    public static let empty = ArrivalsOverview(registered: 0, checkedIn: 0, served: 0, notCome: 0, waiting: [], recent: [])
}

/// A registered family not checked in: the coordinator phones them.
public struct AbsentRow: Sendable, Hashable {
    public var household: String
    public var headName: String
    public var settlement: String
    public var phone: String?
    public var memberCount: Int

    public init(household: String, headName: String, settlement: String, phone: String?, memberCount: Int) {
        self.household = household
        self.headName = headName
        self.settlement = settlement
        self.phone = phone
        self.memberCount = memberCount
    }
}

/// What a check-in recorded, or when the family had already been checked in.
public struct CheckInSummary: Sendable, Hashable {
    public var household: String
    /// False when the family was already checked in: `arrival` is then the first check-in.
    public var isNew: Bool
    public var arrival: ArrivalLine
    /// The family's place on the waiting list after the check-in (1 = next), if it is on it.
    public var queuePosition: Int?

    public init(household: String, isNew: Bool, arrival: ArrivalLine, queuePosition: Int?) {
        self.household = household
        self.isNew = isNew
        self.arrival = arrival
        self.queuePosition = queuePosition
    }
}
