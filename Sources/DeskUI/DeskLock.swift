import DeskCore
import Foundation

// The desk's lock. A laptop at a public desk is left for a minute all the time: to fetch a kit
// from the back room, to help someone at the door. After the idle time (or at once with Ctrl-L)
// the screen shows no family's data and the backend forgets the operator, so nothing can be
// read or written until a PIN is typed: the same operator's PIN brings the desk back as it was;
// another operator's name and PIN start a fresh desk in their name and role.

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

    mutating func handleLock(_ key: Key) -> [DeskEffect] {
        guard var current = lock else { return [] }
        defer { if lock != nil { lock = current } }
        switch key {
        case .tab, .backTab, .function(3), .control("o"):
            if !current.otherOperator {
                current.otherOperator = true
                current.editingName = true
                current.name.set("")
                current.pin.set("")
            } else {
                current.editingName.toggle()
            }
            message = nil
            return []
        case .escape:
            if current.otherOperator {
                // Back to the PIN of whoever was signed in.
                current.otherOperator = false
                current.editingName = false
            }
            current.name.set("")
            current.pin.set("")
            message = nil
            return []
        case .enter, .function(2), .control("s"):
            if current.otherOperator && current.editingName {
                guard !current.name.text.trimmingSpaces().isEmpty else {
                    show(.error, strings("lock.nameNeeded"))
                    return []
                }
                current.editingName = false
                message = nil
                return []
            }
            guard !current.pin.isEmpty else {
                show(.error, strings("lock.pinNeeded"))
                return []
            }
            let pin = current.pin.text
            // The PIN does not stay in the screen's state once it is handed over.
            current.pin.set("")
            message = nil
            if current.otherOperator {
                let name = current.name.text.trimmingSpaces()
                guard !name.isEmpty else {
                    current.editingName = true
                    show(.error, strings("lock.nameNeeded"))
                    return []
                }
                return [.signIn(name: name, pin: pin)]
            }
            return [.unlock(pin: pin)]
        default:
            let edited = current.otherOperator && current.editingName ? current.name.handle(key) : current.pin.handle(key)
            // Typing again: the refusal was read.
            if edited { message = nil }
            return []
        }
    }

    /// A PIN was accepted. The same operator finds the desk as they left it (fetched afresh: other
    /// desks went on working); another operator starts on an empty search in their own name.
    mutating func unlocked(as person: DeskOperator) -> [DeskEffect] {
        guard let current = lock else { return [] }
        lock = nil
        lastActivity = now
        let roleName = strings("role.\(person.role.rawValue)")
        if person.name == current.operatorName {
            config.role = person.role
            show(.success, strings("lock.welcomeBack", ["operator": person.name]))
            return refreshAfterOutsideChange()
        }
        config.operatorName = person.name
        config.role = person.role
        mode = Self.mode(config.mode, for: person.role)
        screen = .search
        card = nil
        cardReturn = .search
        prompt = nil
        form = nil
        closeOut = nil
        report = nil
        reportDistribution = nil
        query.set("")
        results = []
        selectedResult = 0
        selectedWaiting = 0
        absentList = []
        absentLoaded = false
        distributionList = []
        show(.success, strings("lock.signedIn", ["operator": person.name, "role": roleName]))
        return [.refreshOverview]
    }
}
