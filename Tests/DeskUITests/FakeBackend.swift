import DeskCore
import DeskResources
import DeskUI
import Foundation

/// An in-memory hub for screen tests: the real rules and the real search, no database.
final class FakeBackend: DeskBackend {
    var households: [Household]
    var stock: [String: Int]
    var issued: [(household: String, kit: String, quantity: Int, at: Date, desk: String, operatorName: String, collectedBy: String, voided: String?)] = []
    var distributionOpen = true
    var distributionName = "Зимова видача"
    var counter = 0
    /// Possible double registrations the card should warn about, by household.
    var duplicates: [String: [DuplicateNote]] = [:]
    /// Check-ins of the open distribution, in arrival order: at the door, at a desk, or by issuing.
    var checkIns: [ArrivalLine] = []
    var calls: [String] = []
    /// Who may sign in at the locked desk, with PIN and role (empty: setup mode).
    var operators: [String: (pin: String, role: OperatorRole)] = [:]
    /// Set while the desk is locked: the fake forgets the operator as the real backend does.
    var isLocked = false
    /// Seconds an unlock takes to answer (a PIN check on a slow machine).
    var answerDelay: TimeInterval = 0
    /// Set when the engine no longer accepts the signed-in operator (disabled, PIN changed).
    var refusedOperator: AccessError?
    /// What a close says of its automatic backup.
    var backupNote: CloseNote?
    /// The distribution's plans by kit, and the households on each list plan.
    var plans: [String: KitPlan] = [:]
    var planLists: [String: Set<String>] = [:]
    /// Override reasons given with issues, in order.
    var overrides: [String] = []
    let catalogue: KitCatalogue
    let index: SearchIndex
    let timeZone = TimeZone(identifier: "Europe/Kyiv")!

    init() throws {
        catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON())
        func person(_ s: String, _ g: String, _ p: String, _ b: String, _ sex: Sex, head: Bool = false, phone: String? = nil,
                    cert: String? = nil) -> Person {
            Person(surname: s, givenName: g, patronymic: p, birthDate: CivilDate(parsing: b), sex: sex, phone: phone,
                   idpCertificate: cert, isHead: head)
        }
        households = [
            Household(number: "00417", settlement: "Вінниця", members: [
                person("Коваленко", "Олена", "Петрівна", "12.03.1981", .female, head: true, phone: "+380501234567",
                       cert: "0512-0000000417"),
                person("Коваленко", "Марко", "Іванович", "01.09.2012", .male),
            ]),
            Household(number: "00418", settlement: "Жмеринка", members: [
                person("Ковальчук", "Василь", "Миколайович", "05.05.1950", .male, head: true, phone: "+380677654321"),
                person("Ковальчук", "Ганна", "Степанівна", "17.10.1953", .female),
            ]),
            Household(number: "00419", settlement: "Козятин", members: [
                person("Шевчук", "Галина", "Олексіївна", "20.06.1944", .female, head: true),
            ]),
        ]
        stock = ["hygiene": 10, "winterization": 1, "bedding": 20]
        index = SearchIndex(households: households)
    }

    static let morning = Date(timeIntervalSince1970: 1_795_596_120)  // 25.11.2026 10:42 in Kyiv

    func overview(now: Date) throws(DeskFailure) -> DeskOverview {
        calls.append("overview")
        let kits = catalogue.kits.map(\.code).filter { stock[$0] != nil }
        return DeskOverview(
            distribution: .init(id: 2, name: distributionName, date: CivilDate(parsing: "2026-11-25")!, place: "Вінниця",
                                isOpen: distributionOpen),
            openDistributionCount: distributionOpen ? 1 : 0,
            stock: kits.map { code in
                .init(kit: code, received: stock[code]!, issued: live.filter { $0.kit == code }.reduce(0) { $0 + $1.quantity })
            },
            householdsServedToday: Set(live.map(\.household)).count, householdsInRegister: households.count)
    }

    var live: [(household: String, kit: String, quantity: Int, at: Date, desk: String, operatorName: String, collectedBy: String, voided: String?)] {
        issued.filter { $0.voided == nil }
    }

    func search(_ query: String, limit: Int) -> [SearchRow] {
        calls.append("search \(query)")
        guard let found = index.search(query, limit: limit) else { return [] }
        return found.results.map { result in
            let household = households.first { $0.number == result.household }!
            return SearchRow(
                household: result.household, personName: result.name,
                birthYear: household.members[result.member].birthDate?.year, settlement: household.settlement,
                memberCount: household.members.count, matchKind: result.kind,
                receivedKits: live.filter { $0.household == result.household }.map(\.kit))
        }
    }

    func decide(_ number: String, _ code: String, overridesPlan: Bool = false) -> Result<Int, IssueRefusal> {
        let household = households.first { $0.number == number }!
        let kit = catalogue[code]!
        let previous = issued.indices.last { issued[$0].household == number && issued[$0].kit == code && issued[$0].voided == nil }
        let prior = previous.map { i in
            PriorIssuance(id: Int64(i + 1), kitCode: code, quantity: issued[i].quantity, distributionName: distributionName,
                          issuedAt: issued[i].at, issuedOn: CivilDate(issued[i].at, in: timeZone), desk: issued[i].desk,
                          operatorName: issued[i].operatorName, collectedBy: issued[i].collectedBy)
        }
        let used = live.filter { $0.kit == code }.reduce(0) { $0 + $1.quantity }
        let day = CivilDate(parsing: "2026-11-25")!
        let family = PlanFamily(
            household: number, members: household.members.map { .init(birthDate: $0.birthDate, hasDisability: $0.hasDisability) },
            settlement: household.settlement)
        let entitlement = plans[code].map {
            PlanEntitlement.of(family, kit: kit, plan: $0, onList: planLists[code]?.contains(number) ?? false, on: day)
        }
        return IssuanceRules.decide(IssuanceFacts(
            kit: kit, distributionName: distributionName, distributionOpen: distributionOpen,
            stockLeft: stock[code].map { $0 - used }, householdSize: household.members.count,
            issuedInThisDistribution: prior, lastIssuedAnywhere: prior, today: day, entitlement: entitlement,
            overridesPlan: overridesPlan))
    }

    func card(household number: String, now: Date) throws(DeskFailure) -> HouseholdCard {
        calls.append("card \(number)")
        guard let household = households.first(where: { $0.number == number }) else {
            throw .refusal(.unknownHousehold(number))
        }
        let kits = catalogue.kits.map(\.code).filter { stock[$0] != nil }.map {
            KitLine(kit: $0, status: decide(number, $0), planned: plans[$0] != nil)
        }
        let history = issued.enumerated().filter { $0.element.household == number }.reversed().map { i, e in
            HistoryLine(issuanceId: Int64(i + 1), kit: e.kit, quantity: e.quantity, distributionName: distributionName,
                        issuedAt: e.at, desk: e.desk, operatorName: e.operatorName, collectedBy: e.collectedBy,
                        isVoided: e.voided != nil, voidReason: e.voided)
        }
        return HouseholdCard(household: household, kits: kits, history: history, checkedInAt: nil,
                             duplicates: duplicates[number] ?? [], arrival: checkIns.first { $0.household == number })
    }

    /// A household's card replaced: its current version and the day it was given (absent: version 1).
    var cardVersions: [String: (version: Int, since: CivilDate)] = [:]

    func card(code: CardCode, now: Date) throws(DeskFailure) -> HouseholdCard {
        calls.append("scan \(code.digits)")
        guard case .number(let key) = code.holder,
            let household = households.first(where: { HouseholdNumber.key($0.number) == key })
        else { throw .card(.unknownCard(code.digits)) }
        let current = cardVersions[household.number]
        if let current, code.version < current.version {
            throw .card(.replaced(household: household.number, on: current.since))
        }
        guard code.version == (current?.version ?? 1) else { throw .card(.unknownCard(code.digits)) }
        return try card(household: household.number, now: now)
    }

    func issue(household number: String, kits: [String], collector: Collector, overrideReason: String?, now: Date)
        throws(DeskFailure) -> IssueSummary
    {
        calls.append("issue \(number) \(kits.joined(separator: ","))" + (overrideReason.map { " override: \($0)" } ?? ""))
        if let refusedOperator { throw .access(refusedOperator) }
        if let overrideReason { overrides.append(overrideReason) }
        var decided: [(String, Int)] = []
        for kit in kits {
            switch decide(number, kit, overridesPlan: overrideReason != nil) {
            case .success(let quantity): decided.append((kit, quantity))
            case .failure(let refusal): throw .refusal(refusal)
            }
        }
        let household = households.first { $0.number == number }!
        let name: String
        switch collector {
        case .member(let index): name = household.members[index].fullName
        case .proxy(let proxy): name = proxy
        }
        var handed: [IssuedKit] = []
        for (kit, quantity) in decided {
            issued.append((number, kit, quantity, now, "1", "Марія", name, nil))
            handed.append(IssuedKit(id: Int64(issued.count), kit: kit, quantity: quantity))
        }
        // Issuing checks the family in, as the engine does.
        var byProxy = false
        if case .proxy = collector { byProxy = true }
        record(number, at: now, desk: "1", operatorName: "Марія", came: name, proxy: byProxy, document: nil)
        counter += 1
        return IssueSummary(household: number, kits: handed, collectedBy: name, collectedByProxy: byProxy)
    }

    /// Another desk hands out a kit: the counter moves as SQLite's data_version would.
    func issueFromAnotherDesk(_ number: String, _ kit: String, at: Date) {
        let head = households.first { $0.number == number }!.head!.fullName
        issued.append((number, kit, 1, at, "2", "Олег", head, nil))
        record(number, at: at, desk: "2", operatorName: "Олег", came: head, proxy: false, document: nil)
        counter += 1
    }

    // MARK: Arrivals

    /// The door checks a family in from another terminal: the counter moves as data_version would.
    func checkInAtTheDoor(_ number: String, at: Date, document: CheckInDocument? = .idpCertificate) {
        let head = households.first { $0.number == number }!.head!.fullName
        record(number, at: at, desk: "вхід", operatorName: "Іра", came: head, proxy: false, document: document)
        counter += 1
    }

    /// A first check-in is recorded; a second changes nothing.
    @discardableResult
    private func record(_ number: String, at: Date, desk: String, operatorName: String, came: String?, proxy: Bool,
                        document: CheckInDocument?) -> Bool {
        guard !checkIns.contains(where: { $0.household == number }) else { return false }
        checkIns.append(ArrivalLine(household: number, checkedInAt: at, cameName: came, cameAsProxy: proxy,
                                    document: document, desk: desk, operatorName: operatorName))
        return true
    }

    func checkIn(household number: String, person: Collector?, document: CheckInDocument?, now: Date)
        throws(DeskFailure) -> CheckInSummary
    {
        calls.append("checkin \(number) \(document.map { $0.code + ($0.note.map { ":" + $0 } ?? "") } ?? "-")")
        guard distributionOpen else { throw .refusal(.distributionClosed(name: distributionName)) }
        guard let household = households.first(where: { $0.number == number }) else {
            throw .refusal(.unknownHousehold(number))
        }
        var came: String?
        var proxy = false
        switch person {
        case .member(let index)?: came = household.members[index].fullName
        case .proxy(let name)?: (came, proxy) = (name, true)
        case nil: break
        }
        let isNew = record(number, at: now, desk: "1", operatorName: "Марія", came: came, proxy: proxy, document: document)
        if isNew { counter += 1 }
        let waiting = waitingLines(now: now)
        return CheckInSummary(
            household: number, isNew: isNew, arrival: checkIns.first { $0.household == number }!,
            queuePosition: waiting.firstIndex { $0.household == number }.map { $0 + 1 })
    }

    func waitingLines(now: Date) -> [ArrivalLine] {
        let served = Set(live.map(\.household))
        let today = CivilDate(now, in: timeZone)
        return checkIns.filter { !served.contains($0.household) }.map { line in
            let household = households.first { $0.number == line.household }!
            var full = line
            full.headName = household.head?.fullName ?? ""
            full.settlement = household.settlement
            full.memberCount = household.members.count
            full.priority = PriorityReason.reasons(for: household.members, on: today)
            // As the engine: with every stocked kit planned, a family on none of the plans gets nothing.
            let stocked = stock.keys
            full.nothingToReceive = !plans.isEmpty && stocked.allSatisfy { plans[$0] != nil }
                && stocked.allSatisfy { if case .failure(.notOnPlan) = decide(line.household, $0) { true } else { false } }
            return full
        }
    }

    /// Runs once, after the next arrivals answer is made: another desk's commit landing mid-refresh.
    var afterNextArrivals: (() -> Void)?

    func arrivals(now: Date) throws(DeskFailure) -> ArrivalsOverview {
        calls.append("arrivals")
        defer {
            let hook = afterNextArrivals
            afterNextArrivals = nil
            hook?()
        }
        let served = Set(live.map(\.household))
        let came = Set(checkIns.map(\.household)).union(served)
        return ArrivalsOverview(
            registered: households.count, checkedIn: came.count, served: served.count,
            notCome: households.count - came.count, waiting: waitingLines(now: now),
            recent: Array(checkIns.reversed().prefix(DeskState.recentLimit)))
    }

    /// What `absent()` throws instead of answering (an operator whose role may not see it).
    var absentRefusal: (any Error)?

    func absent() throws(DeskFailure) -> [AbsentRow] {
        calls.append("absent")
        if let absentRefusal { throw DeskFailure(absentRefusal) ?? .message(String(describing: absentRefusal)) }
        let came = Set(checkIns.map(\.household)).union(live.map(\.household))
        return households.filter { !came.contains($0.number) }
            .sorted { ($0.settlement, $0.number) < ($1.settlement, $1.number) }
            .map { AbsentRow(household: $0.number, headName: $0.head?.fullName ?? "", settlement: $0.settlement,
                             phone: $0.head?.phone, memberCount: $0.members.count) }
    }

    func void(issuance: Int64, reason: String, now: Date) throws(DeskFailure) {
        calls.append("void \(issuance) \(reason)")
        let i = Int(issuance) - 1
        guard issued.indices.contains(i) else { throw .engine(.unknownIssuance(issuance)) }
        issued[i].voided = reason
        counter += 1
    }

    func distributions() throws(DeskFailure) -> [DistributionSummary] {
        calls.append("distributions")
        return [DistributionSummary(id: 2, name: distributionName, date: CivilDate(parsing: "2026-11-25")!, isOpen: distributionOpen,
                                    householdsServed: Set(live.map(\.household)).count)]
    }

    func openDistribution(name: String, date: CivilDate, place: String, stock: [(kit: String, quantity: Int)], now: Date)
        throws(DeskFailure) -> Int64
    {
        calls.append("open \(name) \(date.iso) \(place) " + stock.map { "\($0.kit)=\($0.quantity)" }.joined(separator: " "))
        return 3
    }

    func closeDistribution(id: Int64, now: Date) throws(DeskFailure) -> CloseNote? {
        calls.append("close \(id)")
        distributionOpen = false
        counter += 1
        return backupNote
    }

    func adjustStock(kit: String, by delta: Int, reason: String, now: Date) throws(DeskFailure) {
        calls.append("adjust \(kit) \(delta) \(reason)")
        stock[kit, default: 0] += delta
        counter += 1
    }

    func changeCounter() -> Int { counter }

    // MARK: Report and close-out

    /// The counts recorded when the distribution was closed with the close-out form.
    var reconciliation: [ReportFacts.Count] = []
    /// The distribution's plans as the store reads them for the report (none: no plan section).
    var reportPlans: [ReportFacts.KitPlanFacts] = []
    /// A coordinator's reason for a kit given off the plan, by the issuance's place in `issued`.
    var overrideReasons: [Int: String] = [:]
    var closedAt: Date?

    var stockedKits: [String] { catalogue.kits.map(\.code).filter { stock[$0] != nil } }

    func report(distribution: Int64?, now: Date) throws(DeskFailure) -> DistributionReport {
        calls.append("report \(distribution.map(String.init) ?? "current")")
        if let distribution, distribution != 2 { throw .refusal(.unknownDistribution(distribution)) }
        let served = Set(live.map(\.household))
        let facts = ReportFacts(
            distribution: .init(id: 2, name: distributionName, date: CivilDate(parsing: "2026-11-25")!, place: "Вінниця",
                                isOpen: distributionOpen, closedAt: closedAt, closedBy: closedAt == nil ? nil : "Марія"),
            stock: stockedKits.map { .init(kit: $0, received: stock[$0]!) },
            issuances: issued.enumerated().map { index, line in
                .init(household: line.household, kit: line.kit, quantity: line.quantity, desk: line.desk,
                      issuedAt: line.at, isVoided: line.voided != nil, overrideReason: overrideReasons[index])
            },
            servedHouseholds: households.filter { served.contains($0.number) }.map {
                .init(number: $0.number, settlement: $0.settlement, members: $0.members.map(ReportFacts.Member.init))
            },
            householdsBySettlement: Dictionary(households.map { ($0.settlement, 1) }, uniquingKeysWith: +),
            checkedIn: Set(issued.map(\.household)).count, counts: reconciliation, plans: reportPlans)
        return DistributionReport(facts: facts, timeZone: timeZone)
    }

    func closeOutSheet(distribution: Int64) throws(DeskFailure) -> CloseOutSheet {
        calls.append("sheet \(distribution)")
        guard distributionOpen else { throw .engine(.distributionAlreadyClosed(name: distributionName)) }
        return CloseOutSheet(
            distributionId: 2, name: distributionName, date: CivilDate(parsing: "2026-11-25")!,
            lines: stockedKits.map { kit in
                .init(kit: kit, received: stock[kit]!, issued: live.filter { $0.kit == kit }.reduce(0) { $0 + $1.quantity })
            })
    }

    func closeOut(distribution: Int64, counts: [KitCount], now: Date) throws(DeskFailure) -> CloseNote? {
        calls.append("closeout \(distribution) " + counts.map { "\($0.kit)=\($0.counted)" + ($0.reason.isEmpty ? "" : " «\($0.reason)»") }
            .joined(separator: " "))
        let sheet = try closeOutSheet(distribution: distribution)
        if let problem = sheet.problem(with: counts) { throw .closeOut(problem) }
        reconciliation = sheet.lines.compactMap { line in
            counts.first { $0.kit == line.kit }.map {
                ReportFacts.Count(kit: line.kit, expected: line.expected, counted: $0.counted, reason: $0.reason,
                                  operatorName: "Марія", at: now)
            }
        }
        distributionOpen = false
        closedAt = now
        counter += 1
        return backupNote
    }
}

/// A desk over the fake hub, with helpers to type as a volunteer would.
struct DeskDriver {
    var loop: DeskLoop
    let backend: FakeBackend
    var keys = 0
    var now = FakeBackend.morning

    /// - Parameters:
    ///   - role: Марія's role; nil for setup mode (no operators).
    ///   - lockAfter: the idle time after which the desk locks.
    init(mode: DeskMode = .desk, language: Language = .uk, role: OperatorRole? = nil, lockAfter: TimeInterval? = nil)
        throws
    {
        backend = try FakeBackend()
        if let role { backend.operators["Марія"] = (pin: "2468", role: role) }
        let strings = try Strings(language: language, json: DeskResources.stringsJSON(language: language.rawValue))
        let config = DeskConfig(mode: mode, operatorName: "Марія", desk: "1", strings: strings,
                                catalogue: backend.catalogue, timeZone: backend.timeZone, role: role, lockAfter: lockAfter)
        loop = DeskLoop(state: DeskState(config: config, now: now), backend: backend)
    }

    /// The terminal's size: after each key the screen is drawn at it, as the terminal does
    /// once the typed keys run out.
    var size = (width: 80, height: 24)

    @discardableResult
    mutating func press(_ key: Key) -> Bool {
        defer { _ = loop.draw(width: size.width, height: size.height) }
        return pressAhead(key)
    }

    /// A key typed ahead: it arrives before the screen shows what the previous keys did
    /// (a paste, key repeat, a held-down key).
    @discardableResult
    mutating func pressAhead(_ key: Key) -> Bool {
        keys += 1
        return loop.press(key, now: now, moreKeysWaiting: false)
    }

    mutating func type(_ text: String) {
        for c in text { press(.character(c)) }
    }

    var state: DeskState { loop.state }

    /// Time passes with no key pressed; the terminal polls as it does every 250 ms.
    mutating func idle(_ seconds: TimeInterval) {
        now = now.addingTimeInterval(seconds)
        _ = loop.poll(now: now)
    }

    func screen(width: Int = 80, height: Int = 24) -> ScreenBuffer { loop.render(width: width, height: height) }
}
