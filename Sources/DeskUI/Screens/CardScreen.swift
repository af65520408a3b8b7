import DeskCore
import Foundation

/// The household card while it is open: the selection of kits and who collects.
public struct CardState: Sendable, Hashable {
    public var card: HouseholdCard
    public var selectedKits: Set<String>
    public var collector: Collector
    /// The history line chosen for a void (Up/Down move it).
    public var historyIndex: Int?
    /// A coordinator's reason for the ticked kits the plan does not give this family; nil
    /// when none is ticked.
    public var overrideReason: String? = nil
}

/// Where Esc leaves the card for.
public enum CardReturn: Sendable {
    case search
    /// The list of families who have not come, as it was left.
    case absent(AbsentScreen)
}

/// The card screen: the family, its kits for the open distribution, who collects, the history.
/// Enter issues the ticked kits (at the door: checks the family in).
public struct CardScreen: Sendable {
    public var card: CardState
    public var returnTo: CardReturn
}

// MARK: Keys

extension DeskState {
    mutating func cardKey(_ dispatch: Dispatch, _ key: Key, _ screen: CardScreen) -> [DeskEffect] {
        var state = screen.card
        guard case .command(let command) = dispatch else {
            if case .character(let c) = key, c.isLetter || Self.startsACardCode(c) { return startSearch(with: c) }
            return []
        }
        switch command {
        case .back:
            message = nil
            switch screen.returnTo {
            case .search:
                goToSearch()
                return []
            case .absent(let absent):
                current = .absent(absent)
                return [.loadAbsent]
            }
        case .checkIn:
            return startCheckIn(state)
        case .checkInShown:
            // At the door the card's one action is the check-in.
            guard cardIsOnScreen else { return [] }
            return startCheckIn(state)
        case .nextWaiting:
            return openNextWaiting()
        case .kit:
            // A card scanned while this one is open: its first digit names no kit (a distribution
            // has at most seven), so it starts the next family's search, as a typed name does.
            if case .character(let c) = key, Self.startsACardCode(c),
                !state.card.kits.indices.contains((c.wholeNumberValue ?? 0) - 1)
            {
                return startSearch(with: c)
            }
            guard case .character(let c) = key, let number = c.wholeNumberValue,
                state.card.kits.indices.contains(number - 1)
            else { return [] }
            let line = state.card.kits[number - 1]
            if line.isOffPlan {
                if state.selectedKits.contains(line.kit) {
                    state.selectedKits.remove(line.kit)
                    if !state.card.kits.contains(where: { $0.isOffPlan && state.selectedKits.contains($0.kit) }) {
                        state.overrideReason = nil
                    }
                    message = nil
                } else if canWrite && may(.overridePlan) {
                    // The coordinator's decision, with a reason, before the kit is ticked.
                    prompt = Prompt(purpose: .overrideReason(kit: line.kit), field: TextField(maxLength: 200))
                    message = nil
                    return []
                } else if case .failure(let refusal) = line.status {
                    show(.refusal(refusal))
                }
                break
            }
            switch line.status {
            case .success:
                if state.selectedKits.contains(line.kit) {
                    state.selectedKits.remove(line.kit)
                } else {
                    state.selectedKits.insert(line.kit)
                }
                message = nil
            case .failure(let refusal):
                show(.refusal(refusal))
            }
        case .issue:
            // Typed ahead of the card, or of a change to it not yet drawn: not an intention to
            // issue what the volunteer has not seen. The card is drawn as soon as the keys run out.
            guard cardIsOnScreen else { return [] }
            let kits = state.card.kits.map(\.kit).filter { state.selectedKits.contains($0) }
            guard !kits.isEmpty else {
                show(.error, strings("desk.nothingSelected"))
                return []
            }
            enterSpentOnIssue = true
            let offPlan = state.card.kits.contains { $0.isOffPlan && state.selectedKits.contains($0.kit) }
            return [.issue(household: state.card.household.number, kits: kits, collector: state.collector,
                           overrideReason: offPlan ? state.overrideReason : nil)]
        case .collector:
            // Who collects at the desk; who came at the door. The same choice records both.
            let members = state.card.household.members.count
            switch state.collector {
            case .member(let index) where index + 1 < members:
                state.collector = .member(index: index + 1)
            case .member:
                prompt = Prompt(purpose: .proxyName, field: TextField(maxLength: 80))
            case .proxy:
                state.collector = .member(index: Self.headIndex(state.card.household))
            }
        case .move:
            guard !state.card.history.isEmpty, key == .up || key == .down else { return [] }
            state.historyIndex = key == .up
                ? max(0, (state.historyIndex ?? 0) - 1)
                : state.historyIndex.map { min(state.card.history.count - 1, $0 + 1) } ?? 0
        case .void:
            guard let index = state.historyIndex ?? (state.card.history.isEmpty ? nil : 0),
                state.card.history.indices.contains(index)
            else {
                show(.error, strings("desk.nothingToVoid"))
                return []
            }
            let line = state.card.history[index]
            guard !line.isVoided else {
                show(.error, strings.explain(EngineError.alreadyVoided(line.issuanceId)))
                return []
            }
            state.historyIndex = index
            prompt = Prompt(purpose: .voidReason(issuance: line.issuanceId), field: TextField(maxLength: 200))
        default:
            return []
        }
        current = .card(CardScreen(card: state, returnTo: screen.returnTo))
        return []
    }

    /// True when the card as it stands now is the card the terminal last drew, on a screen large
    /// enough to show it: only then does Enter on it act.
    var cardIsOnScreen: Bool {
        guard let shown, shown.fits, let card = current.card else { return false }
        return shown.card == card
    }

    /// F4 on the card: the document question, or what the first check-in was.
    private mutating func startCheckIn(_ state: CardState) -> [DeskEffect] {
        guard canCheckIn else { return readOnly() }
        if let arrival = state.card.arrival ?? state.card.checkedInAt.map({
            ArrivalLine(household: state.card.household.number, checkedInAt: $0, desk: "", operatorName: "")
        }) {
            show(.info, alreadyCheckedInText(state.card.household.number, arrival))
            return []
        }
        guard overview.distribution != nil else {
            show(.error, strings(noDistributionKey))
            return []
        }
        prompt = Prompt(purpose: .checkInDocument(household: state.card.household.number), field: TextField(maxLength: 80))
        message = nil
        return []
    }

    /// The check-in question answered: who came is who the card says collects.
    mutating func checkIn(_ household: String, document: CheckInDocument) -> [DeskEffect] {
        prompt = nil
        message = nil
        let person = current.card.flatMap { $0.card.household.number == household ? $0.collector : nil }
        return [.checkIn(household: household, person: person, document: document)]
    }

    /// The proxy's name typed: they collect.
    mutating func setProxy(_ name: String) {
        guard case .card(var screen) = current else { return }
        screen.card.collector = .proxy(name: name)
        current = .card(screen)
    }

    /// The coordinator gave the reason: the off-plan kit is ticked, the reason kept for the issue.
    mutating func tickOffPlan(_ kit: String, reason: String) {
        guard case .card(var screen) = current, screen.card.card.kits.contains(where: { $0.kit == kit && $0.isOffPlan })
        else { return }
        screen.card.selectedKits.insert(kit)
        screen.card.overrideReason = reason
        current = .card(screen)
        message = nil
    }

    /// The first digit of every card code (`CardCode`).
    static func startsACardCode(_ c: Character) -> Bool { c == "8" || c == "9" }

    static func headIndex(_ household: Household) -> Int {
        household.members.firstIndex(where: \.isHead) ?? 0
    }
}

// MARK: Answers

extension DeskState {
    mutating func applyCard(_ fresh: HouseholdCard) {
        let asked = nextCardReturn
        nextCardReturn = nil
        if case .card(var open) = current, open.card.card.household.number == fresh.household.number {
            // A live refresh: keep the volunteer's choices where they still hold.
            open.card.card = fresh
            // An off-plan kit a coordinator ticked stays ticked while it is still off the plan.
            let available = Set(fresh.kits.filter { $0.isAvailable || (open.card.overrideReason != nil && $0.isOffPlan) }
                .map(\.kit))
            open.card.selectedKits = open.card.selectedKits.intersection(available)
            if !fresh.kits.contains(where: { $0.isOffPlan && open.card.selectedKits.contains($0.kit) }) {
                open.card.overrideReason = nil
            }
            if let index = open.card.historyIndex { open.card.historyIndex = min(index, max(0, fresh.history.count - 1)) }
            if asked == .search { open.returnTo = .search }
            current = .card(open)
            return
        }
        var returnTo = CardReturn.search
        switch (asked, current) {
        case (.absent, .absent(let absent)): returnTo = .absent(absent)
        case (nil, .card(let previous)): returnTo = previous.returnTo
        default: break
        }
        // A kit another registration of one of these people already got is not ticked:
        // the volunteer decides, having read the warning.
        let suggested = Set(fresh.kits.filter(\.isAvailable).map(\.kit)).subtracting(fresh.kitsHeldElsewhere)
        let card = CardState(card: fresh, selectedKits: canWrite ? suggested : [],
                             collector: .member(index: Self.headIndex(fresh.household)), historyIndex: nil)
        current = .card(CardScreen(card: card, returnTo: returnTo))
        message = nil
    }

    mutating func applyIssued(_ summary: IssueSummary) -> [DeskEffect] {
        let lines = summary.kits.map { "\(kitName($0.kit)) ×\($0.quantity)" }.joined(separator: ", ")
        show(.success, strings("desk.issued", ["household": summary.household, "kits": lines,
                                                "collectedBy": summary.collectedBy]))
        // Ready for the next person in the queue.
        clearSearch()
        return [.refreshOverview]
    }

    mutating func applyVoided(_ id: Int64) -> [DeskEffect] {
        show(.success, strings("void.done", ["id": String(id), "reason": ""]).trimmingSpaces())
        guard let number = current.card?.card.household.number else { return [.refreshOverview] }
        return [.refreshOverview, .openCard(household: number)]
    }

    mutating func applyCheckedIn(_ summary: CheckInSummary) -> [DeskEffect] {
        if summary.isNew {
            var text = strings("arrivals.done", [
                "household": summary.household,
                "time": clockTime(summary.arrival.checkedInAt, timeZone: config.timeZone),
            ])
            let detail = arrivalDetail(summary.arrival)
            if !detail.isEmpty { text += " " + strings("arrivals.doneDetail", ["detail": detail]) }
            if let position = summary.queuePosition, atDoor {
                text += " " + strings("arrivals.position", ["position": "\(position)"])
            }
            show(.success, text)
        } else {
            show(.info, alreadyCheckedInText(summary.household, summary.arrival))
        }
        if atDoor {
            // Ready for the next family at the door.
            clearSearch()
            return [.refreshOverview]
        }
        return [.refreshOverview, .openCard(household: summary.household)]
    }

    func alreadyCheckedInText(_ household: String, _ arrival: ArrivalLine) -> String {
        var text = strings("arrivals.already", [
            "household": household, "time": clockTime(arrival.checkedInAt, timeZone: config.timeZone),
            "date": CivilDate(arrival.checkedInAt, in: config.timeZone).dotted,
        ])
        if !arrival.desk.isEmpty {
            text += " " + strings("arrivals.where", ["desk": arrival.desk, "operator": arrival.operatorName])
        }
        return text + "."
    }

    /// "прийшла Коваленко Олена Петрівна, довідка ВПО": who came and what they showed, as recorded.
    func arrivalDetail(_ arrival: ArrivalLine) -> String {
        var parts: [String] = []
        if let name = arrival.cameName, !name.isEmpty {
            parts.append(name + (arrival.cameAsProxy ? " (" + strings("card.proxy") + ")" : ""))
        }
        if let document = arrival.document { parts.append(document.name(strings)) }
        return parts.joined(separator: ", ")
    }
}
