import DeskCore

// Every key the desk answers to, in one table (htop's `Action_setBindings`): which keys, with
// their Ctrl twin for terminals that swallow function keys; where they work; what the bar calls
// them; what the operator's role must allow; which help lines teach them. The dispatch, the key
// bar, the help screen and hiding keys from a role are all read from it. Text typed into a field
// and letters that start a new search are not bindings: a screen takes them when no row matches.

/// Where a key is pressed: a screen, or what lies over it.
public enum KeyContext: Sendable, Hashable {
    case screen(Screen)
    case help
    case lock
    /// A one-line question: a reason, a name, a confirmation.
    case prompt
    /// The check-in question: which document was shown, one key each.
    case documentPrompt
}

/// What a key asks for, whatever key it was.
enum Command: Sendable, Hashable {
    case quit, help, lock
    /// Esc: back, clear or cancel, as the screen has it.
    case back
    /// Enter on a list: the card, the report, the chosen family.
    case open
    /// Arrows and page keys in a list (the screen reads which key it was).
    case move
    case nextWaiting, report, distributions, stock, absent, door
    /// 1–9 on the card: a kit on or off.
    case kit
    case issue, collector, void
    /// F4 on the card: the check-in question.
    case checkIn
    /// Enter at the door: the check-in, only for the card on screen.
    case checkInShown
    case newDistribution, closeOut, closeUncounted
    case nextField, previousField
    /// Enter in a form: the next field, or on the last one, what F2 does.
    case enterField
    case submit
    case adjustStock
    /// On the locked desk: another operator signs in (Tab).
    case otherOperator
    case signIn
    /// Enter on a question.
    case confirm
    /// F8 on "close without counting?": count instead.
    case countInstead
    case document(CheckInDocument?)
}

/// When a key works but is not offered: what pressing it says.
enum Elsewhere: Sendable {
    /// Nothing happens.
    case ignored
    /// The desk says it cannot do that here (look-up mode, the door).
    case readOnly
    /// The screen decides (the key works, it is only not on the bar).
    case screen
}

/// A condition on what is on screen, for the bar: F4 only until the family is checked in.
enum Showing: Sendable {
    case always
    case signedIn
    /// The desk was opened as an issuing desk and is now (not) the door.
    case openedAsDesk(atDoor: Bool)
    case notCheckedIn
    /// The locked desk: another operator's name and PIN are asked for.
    case otherOperator(Bool)
    case editingOtherName(Bool)
}

/// One row of the table.
struct KeyBinding: Sendable {
    var command: Command
    var keys: [Key]
    var contexts: [KeyContext]
    /// The key as the bar writes it ("F7", "^L", "1-9"); nil when the bar does not show it.
    var bar: String? = nil
    /// The strings key of its label on the bar.
    var label: String? = nil
    /// The modes in which it is offered (on the bar, preferred when rows share a key).
    var modes: Set<DeskMode> = [.desk, .lookup, .arrivals]
    /// What pressing it does outside `modes`.
    var elsewhere: Elsewhere = .ignored
    var showing: Showing = .always
    /// What the role must allow; keys it does not are refused in words and hidden.
    var needs: DeskAction? = nil
    /// The strings keys of the help lines that teach it: hidden with the key.
    var help: [String] = []
    /// Lower leaves the bar first when it is too narrow; nil: always stays.
    var dropRank: Int? = nil

    /// How the help names it: "F7 (Ctrl-D)"; nil for keys without a Ctrl twin.
    var helpName: String? {
        guard case .function(let n) = keys.first, let twin = keys.dropFirst().first(where: {
            if case .control = $0 { return true } else { return false }
        }), case .control(let c) = twin else { return nil }
        return "F\(n) (Ctrl-\(c.uppercased()))"
    }
}

extension KeyBinding {
    static let screens: [KeyContext] = Screen.allCases.map { .screen($0) }
    static let enterKeys: [Key] = [.enter, .function(2), .control("s")]
    static let listKeys: [Key] = [.up, .down, .pageUp, .pageDown, .home, .end]
    static let kitKeys: [Key] = (1...9).map { .character(Character(String($0))) }
    static func letters(_ s: String) -> [Key] { s.map { .character($0) } }

    /// The table. Order matters twice: rows sharing a key and a context are tried in order
    /// (the first offered in the mode wins), and the bar lists a context's rows in order.
    static let table: [KeyBinding] = [
        // Everywhere.
        KeyBinding(command: .help, keys: [.function(1), .control("g")], contexts: screens, bar: "F1", label: "keys.help"),
        KeyBinding(command: .lock, keys: [.control("l")], contexts: screens.filter { $0 != .screen(.search) }
                   + [.help, .prompt, .documentPrompt]),

        // The search, with the waiting list when it is empty.
        KeyBinding(command: .open, keys: enterKeys, contexts: [.screen(.search)], bar: "Enter", label: "keys.card"),
        KeyBinding(command: .move, keys: [.up, .down, .pageUp, .pageDown], contexts: [.screen(.search)]),
        KeyBinding(command: .nextWaiting, keys: [.function(5), .control("n")], contexts: [.screen(.search)], bar: "F5",
                   label: "arrivals.keys.next", modes: [.desk], help: ["help.queue"]),
        KeyBinding(command: .report, keys: [.function(6), .control("r")], contexts: [.screen(.search)], bar: "F6",
                   label: "keys.report", modes: [.desk, .lookup], elsewhere: .screen, needs: .report, help: ["help.report"]),
        KeyBinding(command: .distributions, keys: [.function(7), .control("d")], contexts: [.screen(.search)], bar: "F7",
                   label: "keys.distributions", modes: [.desk], elsewhere: .readOnly, needs: .distributions,
                   help: ["help.coordinator"], dropRank: 5),
        KeyBinding(command: .stock, keys: [.function(9), .control("t")], contexts: [.screen(.search)], bar: "F9",
                   label: "keys.stock", modes: [.desk], elsewhere: .readOnly, needs: .adjustStock,
                   help: ["help.coordinator"], dropRank: 6),
        KeyBinding(command: .absent, keys: [.function(12), .control("y")], contexts: [.screen(.search)], bar: "F12",
                   label: "arrivals.keys.absent", modes: [.desk, .arrivals], elsewhere: .readOnly, needs: .report,
                   help: ["help.absent", "help.door.absent"], dropRank: 3),
        KeyBinding(command: .door, keys: [.function(11), .control("b")], contexts: [.screen(.search)], bar: "F11",
                   label: "arrivals.keys.door", showing: .openedAsDesk(atDoor: false),
                   help: ["help.toDoor"], dropRank: 2),
        KeyBinding(command: .door, keys: [.function(11), .control("b")], contexts: [.screen(.search)], bar: "F11",
                   label: "arrivals.keys.desk", showing: .openedAsDesk(atDoor: true), help: ["help.door.back"], dropRank: 2),
        KeyBinding(command: .lock, keys: [.control("l")], contexts: [.screen(.search)], bar: "^L",
                   label: "lock.keys.lock", showing: .signedIn, dropRank: 1),
        KeyBinding(command: .back, keys: [.escape], contexts: [.screen(.search)]),

        // The household card.
        KeyBinding(command: .issue, keys: enterKeys, contexts: [.screen(.card)], bar: "Enter", label: "keys.issue",
                   modes: [.desk], elsewhere: .readOnly, help: ["help.card.issue"]),
        KeyBinding(command: .checkInShown, keys: enterKeys, contexts: [.screen(.card)], bar: "Enter",
                   label: "arrivals.keys.checkIn", modes: [.arrivals], showing: .notCheckedIn, help: ["help.door.checkIn"]),
        KeyBinding(command: .kit, keys: kitKeys, contexts: [.screen(.card)], bar: "1-9", label: "keys.kits", modes: [.desk],
                   elsewhere: .readOnly, help: ["help.card.issue"], dropRank: 4),
        KeyBinding(command: .collector, keys: [.function(3), .control("o")], contexts: [.screen(.card)], bar: "F3",
                   label: "keys.collector", modes: [.desk], elsewhere: .readOnly, help: ["help.card.collector"], dropRank: 9),
        KeyBinding(command: .collector, keys: [.function(3), .control("o")], contexts: [.screen(.card)], bar: "F3",
                   label: "arrivals.keys.whoCame", modes: [.arrivals], help: ["help.door.whoCame"], dropRank: 9),
        KeyBinding(command: .checkIn, keys: [.function(4), .control("p")], contexts: [.screen(.card)], bar: "F4",
                   label: "arrivals.keys.checkIn", modes: [.desk], elsewhere: .screen, showing: .notCheckedIn,
                   help: ["help.arrivals", "help.door.checkIn"], dropRank: 8),
        KeyBinding(command: .void, keys: [.function(8), .control("v")], contexts: [.screen(.card)], bar: "F8",
                   label: "keys.void", modes: [.desk], elsewhere: .readOnly, needs: .void, help: ["help.card.void"],
                   dropRank: 7),
        KeyBinding(command: .nextWaiting, keys: [.function(5), .control("n")], contexts: [.screen(.card)], modes: [.desk]),
        KeyBinding(command: .move, keys: [.up, .down], contexts: [.screen(.card)]),
        KeyBinding(command: .back, keys: [.escape], contexts: [.screen(.card)], bar: "Esc", label: "keys.back"),

        // Who has not come.
        KeyBinding(command: .open, keys: enterKeys, contexts: [.screen(.absent)], bar: "Enter", label: "keys.card"),
        KeyBinding(command: .move, keys: listKeys, contexts: [.screen(.absent)], bar: "↑↓", label: "keys.scroll"),
        KeyBinding(command: .back, keys: [.escape], contexts: [.screen(.absent)], bar: "Esc", label: "keys.back"),

        // The coordinator's distributions; `n`/`c` also in the Ukrainian layout (т, з).
        KeyBinding(command: .newDistribution, keys: [.function(2), .control("s")] + letters("nтNТ"),
                   contexts: [.screen(.distributions)], bar: "F2", label: "keys.newDistribution", needs: .distributions),
        KeyBinding(command: .open, keys: [.enter, .function(6), .control("r")], contexts: [.screen(.distributions)],
                   bar: "Enter", label: "keys.report", needs: .distributions, help: ["help.distributions"]),
        KeyBinding(command: .closeOut, keys: [.function(8), .control("v")] + letters("cзCЗ"),
                   contexts: [.screen(.distributions)], bar: "F8", label: "keys.closeDistribution", needs: .distributions,
                   help: ["help.distributions"], dropRank: 7),
        KeyBinding(command: .closeUncounted, keys: [.function(5), .control("k")], contexts: [.screen(.distributions)],
                   bar: "F5", label: "keys.closeUncounted", needs: .distributions, help: ["help.distributions.uncounted"]),
        KeyBinding(command: .move, keys: [.up, .down], contexts: [.screen(.distributions)]),
        KeyBinding(command: .back, keys: [.escape], contexts: [.screen(.distributions)], bar: "Esc", label: "keys.back"),

        // The forms: a new distribution, the close-out count.
        KeyBinding(command: .nextField, keys: [.tab, .down], contexts: [.screen(.newDistribution), .screen(.closeOut)],
                   bar: "Tab", label: "keys.nextField", dropRank: 10),
        KeyBinding(command: .previousField, keys: [.backTab, .up], contexts: [.screen(.newDistribution), .screen(.closeOut)]),
        KeyBinding(command: .enterField, keys: [.enter], contexts: [.screen(.newDistribution), .screen(.closeOut)]),
        KeyBinding(command: .submit, keys: [.function(2), .control("s")], contexts: [.screen(.newDistribution)], bar: "F2",
                   label: "keys.save"),
        KeyBinding(command: .submit, keys: [.function(2), .control("s")], contexts: [.screen(.closeOut)], bar: "F2",
                   label: "keys.recordAndClose"),
        KeyBinding(command: .back, keys: [.escape], contexts: [.screen(.newDistribution), .screen(.closeOut)], bar: "Esc",
                   label: "keys.cancel"),

        // The stock.
        KeyBinding(command: .adjustStock, keys: enterKeys, contexts: [.screen(.stock)], bar: "Enter", label: "keys.adjust"),
        KeyBinding(command: .move, keys: [.up, .down], contexts: [.screen(.stock)]),
        KeyBinding(command: .back, keys: [.escape], contexts: [.screen(.stock)], bar: "Esc", label: "keys.back"),

        // The report.
        KeyBinding(command: .move, keys: listKeys, contexts: [.screen(.report)], bar: "↑↓", label: "keys.scroll"),
        KeyBinding(command: .back, keys: [.escape], contexts: [.screen(.report)], bar: "Esc", label: "keys.back"),

        // Over the screen: help (any key closes it), the lock, a question.
        KeyBinding(command: .back, keys: [.escape], contexts: [.help], bar: "Esc", label: "keys.back"),
        KeyBinding(command: .signIn, keys: enterKeys, contexts: [.lock], bar: "Enter", label: "keys.nextField",
                   showing: .editingOtherName(true)),
        KeyBinding(command: .signIn, keys: enterKeys, contexts: [.lock], bar: "Enter", label: "lock.keys.signIn",
                   showing: .editingOtherName(false)),
        KeyBinding(command: .back, keys: [.escape], contexts: [.lock], bar: "Esc", label: "lock.keys.back",
                   showing: .otherOperator(true)),
        KeyBinding(command: .otherOperator, keys: [.tab, .backTab, .function(3), .control("o")], contexts: [.lock],
                   bar: "Tab", label: "lock.keys.other", showing: .otherOperator(false), dropRank: 10),
        KeyBinding(command: .confirm, keys: [.enter], contexts: [.prompt], bar: "Enter", label: "keys.confirm"),
        KeyBinding(command: .document(.idpCertificate), keys: [.character("1")], contexts: [.documentPrompt], bar: "1",
                   label: "arrivals.document.idp"),
        KeyBinding(command: .document(.passport), keys: [.character("2")], contexts: [.documentPrompt], bar: "2",
                   label: "arrivals.document.passport"),
        KeyBinding(command: .document(nil), keys: [.character("3")], contexts: [.documentPrompt], bar: "3",
                   label: "arrivals.document.other"),
        KeyBinding(command: .back, keys: [.escape], contexts: [.prompt, .documentPrompt], bar: "Esc", label: "keys.cancel"),
        KeyBinding(command: .confirm, keys: [.enter], contexts: [.documentPrompt]),
        KeyBinding(command: .countInstead, keys: [.function(8), .control("v")], contexts: [.prompt, .documentPrompt]),

        // Last on every bar.
        KeyBinding(command: .quit, keys: [.function(10), .control("q")], contexts: screens + [.lock], bar: "F10",
                   label: "keys.quit"),
        KeyBinding(command: .quit, keys: [.function(10), .control("q")], contexts: [.help, .prompt, .documentPrompt]),
    ]

    /// The row a key means in a context: the first offered in this mode, else the first at all.
    static func row(for key: Key, in context: KeyContext, mode: DeskMode) -> KeyBinding? {
        let rows = table.filter { $0.contexts.contains(context) && $0.keys.contains(key) }
        return rows.first { $0.modes.contains(mode) } ?? rows.first
    }
}

extension DeskState {
    /// Where keys go now: the lock, the help or a question over the screen, else the screen.
    var keyContext: KeyContext {
        if lock != nil { return .lock }
        if showingHelp { return .help }
        if let prompt {
            if case .checkInDocument = prompt.purpose { return .documentPrompt }
            return .prompt
        }
        return .screen(screen)
    }

    /// True when the row may be shown to this operator, in this mode, for what is on screen.
    func offers(_ row: KeyBinding) -> Bool {
        guard row.modes.contains(mode), row.needs.map(may) ?? true else { return false }
        switch row.showing {
        case .always: return true
        case .signedIn: return config.role != nil
        case .openedAsDesk(let door): return config.mode == .desk && atDoor == door
        case .notCheckedIn: return current.card?.card.checkedInAt == nil
        case .otherOperator(let other): return lock?.otherOperator == other
        case .editingOtherName(let editing): return (lock.map { $0.otherOperator && $0.editingName } ?? false) == editing
        }
    }

    /// The command a key gives on this screen, once the mode and the role allow it. `.refused`
    /// carries what the refusal already did (a message); nil: no row, the screen takes the key as typing.
    mutating func command(for key: Key, in context: KeyContext) -> Dispatch {
        guard let row = KeyBinding.row(for: key, in: context, mode: mode) else { return .typed }
        if !row.modes.contains(mode) {
            switch row.elsewhere {
            case .ignored: return .refused([])
            case .readOnly: return .refused(readOnly())
            case .screen: break
            }
        }
        if let needs = row.needs, !may(needs) { return .refused(notAllowed(needs)) }
        return .command(row.command)
    }

    /// The bar for what is on screen: the context's rows this operator is offered, in table order.
    func keyBarEntries() -> [(key: String, label: String, dropRank: Int?)] {
        KeyBinding.table.filter { $0.contexts.contains(keyContext) && $0.bar != nil && offers($0) }.map {
            (key: $0.bar!, label: strings($0.label ?? ""), dropRank: $0.dropRank)
        }
    }

    /// Help lines that teach a key this operator's role may not use: left out of the help, as
    /// the bar leaves the key out.
    var helpLinesHidden: Set<String> {
        Set(KeyBinding.table.filter { row in row.needs.map { !may($0) } ?? false }.flatMap(\.help))
    }
}

/// What a key comes to on a screen.
enum Dispatch {
    case command(Command)
    /// Refused (not this mode, not this role): these effects, usually none, with a message shown.
    case refused([DeskEffect])
    /// Not a binding: text for a field, or a letter that starts a search.
    case typed
}
