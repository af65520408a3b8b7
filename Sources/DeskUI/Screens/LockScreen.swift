import DeskCore
import Foundation

// The desk's lock. A laptop at a public desk is left for a minute all the time: to fetch a kit
// from the back room, to help someone at the door. After the idle time (or at once with Ctrl-L)
// the screen shows no family's data and the backend forgets the operator, so nothing can be
// read or written until a PIN is typed: the same operator's PIN brings the desk back as it was;
// another operator's name and PIN start a fresh desk in their name and role.

/// The locked desk: the screen shows nothing of the families until a PIN is typed, either the
/// PIN of whoever was signed in, or another operator's name and PIN (Tab).
public struct DeskLock: Sendable, Hashable {
    /// Who was signed in when the desk locked: their PIN unlocks the desk as it was.
    public var operatorName: String
    public var lockedAt: Date
    /// True when it locked by itself after the idle time (false: Ctrl-L).
    public var wasIdle: Bool
    /// Another operator taking the desk: their name (shown only after Tab).
    public var name = TextField(maxLength: 80)
    public var pin = TextField(maxLength: 64)
    /// Another operator signs in (Tab): the name field is shown.
    public var otherOperator = false
    /// The name field has the cursor (only while `otherOperator`).
    public var editingName = false
}

extension DeskState {
    /// Locks the desk now. Only with operators: in setup mode there is no PIN to unlock with.
    mutating func lockDesk(idle: Bool) -> [DeskEffect] {
        guard config.role != nil else {
            if !idle { show(.info, strings("lock.setupMode")) }
            return []
        }
        lock = DeskLock(operatorName: config.operatorName, lockedAt: now, wasIdle: idle)
        showingHelp = false
        message = nil
        return [.lock]
    }

    /// The engine no longer accepts the operator signed in at this desk.
    static func needsNewSignIn(_ error: AccessError) -> Bool {
        switch error {
        case .signInRequired, .signInAgain, .operatorDisabled: return true
        default: return false
        }
    }

    /// Locks the desk when nobody has pressed a key for the configured idle time.
    public mutating func lockIfIdle(now: Date) -> [DeskEffect] {
        guard lock == nil, let limit = config.lockAfter, now.timeIntervalSince(lastActivity) >= limit else { return [] }
        self.now = now
        return lockDesk(idle: true)
    }

    mutating func handleLock(_ key: Key, _ command: Command?) -> [DeskEffect] {
        guard var locked = lock else { return [] }
        defer { if lock != nil { lock = locked } }
        switch command {
        case .otherOperator:
            if !locked.otherOperator {
                locked.otherOperator = true
                locked.editingName = true
                locked.name.set("")
                locked.pin.set("")
            } else {
                locked.editingName.toggle()
            }
            message = nil
            return []
        case .back:
            if locked.otherOperator {
                // Back to the PIN of whoever was signed in.
                locked.otherOperator = false
                locked.editingName = false
            }
            locked.name.set("")
            locked.pin.set("")
            message = nil
            return []
        case .signIn:
            if locked.otherOperator && locked.editingName {
                guard !locked.name.text.trimmingSpaces().isEmpty else {
                    show(.error, strings("lock.nameNeeded"))
                    return []
                }
                locked.editingName = false
                message = nil
                return []
            }
            guard !locked.pin.isEmpty else {
                show(.error, strings("lock.pinNeeded"))
                return []
            }
            let pin = locked.pin.text
            // The PIN does not stay in the screen's state once it is handed over.
            locked.pin.set("")
            message = nil
            if locked.otherOperator {
                let name = locked.name.text.trimmingSpaces()
                guard !name.isEmpty else {
                    locked.editingName = true
                    show(.error, strings("lock.nameNeeded"))
                    return []
                }
                return [.signIn(name: name, pin: pin)]
            }
            return [.unlock(pin: pin)]
        default:
            let edited = locked.otherOperator && locked.editingName ? locked.name.handle(key) : locked.pin.handle(key)
            // Typing again: the refusal was read.
            if edited { message = nil }
            return []
        }
    }

    /// A PIN was accepted. The same operator finds the desk as they left it (fetched afresh: other
    /// desks went on working); another operator starts on an empty search in their own name.
    mutating func unlocked(as person: DeskOperator) -> [DeskEffect] {
        guard let locked = lock else { return [] }
        lock = nil
        lastActivity = now
        let roleName = strings("role.\(person.role.rawValue)")
        if person.name == locked.operatorName {
            config.role = person.role
            show(.success, strings("lock.welcomeBack", ["operator": person.name]))
            return refreshAfterOutsideChange()
        }
        config.operatorName = person.name
        config.role = person.role
        mode = Self.mode(config.mode, for: person.role)
        current = .search
        search = SearchScreen()
        nextCardReturn = nil
        prompt = nil
        show(.success, strings("lock.signedIn", ["operator": person.name, "role": roleName]))
        return [.refreshOverview]
    }
}

// MARK: Drawing

extension DeskState {
    func drawLock(_ lock: DeskLock, _ buffer: inout ScreenBuffer, rows: Range<Int>) {
        var row = rows.lowerBound + 1
        func line(_ text: String, _ role: StyleRole = .normal) {
            guard row < rows.upperBound else { return }
            buffer.write("  " + text, row: row, column: 0, role: role, limit: buffer.width)
            row += 1
        }
        line(strings("lock.title"), .strong)
        let seconds = Int((config.lockAfter ?? 0).rounded())
        let idle = seconds % 60 == 0
            ? strings("lock.idleMinutes", ["minutes": "\(seconds / 60)"]) : strings("lock.idleSeconds", ["seconds": "\(seconds)"])
        line(strings(lock.wasIdle ? "lock.sinceIdle" : "lock.since", [
            "time": clockTime(lock.lockedAt, timeZone: config.timeZone), "idle": idle,
        ]), .muted)
        row += 1
        let nameLabel = strings("lock.name") + " "
        let pinLabel = strings("lock.pin") + " "
        let labelWidth = max(nameLabel.count, pinLabel.count)
        let fieldWidth = min(30, buffer.width - labelWidth - 6)
        func field(_ label: String, _ text: TextField, masked: Bool, focused: Bool) {
            guard row < rows.upperBound else { return }
            let start = buffer.write("  " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0), row: row,
                                     column: 0, role: .strong)
            buffer.fill(row: row, from: start, to: start + fieldWidth, role: .input)
            // The PIN is never drawn, only a star per character typed.
            let shown = masked ? TextField(String(repeating: "*", count: text.text.count), maxLength: text.maxLength) : text
            if focused {
                drawField(&buffer, shown, row: row, column: start, width: fieldWidth)
            } else {
                buffer.write(shown.text, row: row, column: start, role: .input, limit: fieldWidth)
            }
            row += 1
        }
        if lock.otherOperator {
            line(strings("lock.otherExplain"))
            row += 1
            field(nameLabel, lock.name, masked: false, focused: lock.editingName)
            field(pinLabel, lock.pin, masked: true, focused: !lock.editingName)
            row += 1
            line(strings("lock.backHint", ["operator": lock.operatorName]), .muted)
        } else {
            line(strings("lock.pinFor", ["operator": lock.operatorName]))
            row += 1
            field(pinLabel, lock.pin, masked: true, focused: true)
            row += 1
            line(strings("lock.otherHint"), .muted)
        }
    }
}
