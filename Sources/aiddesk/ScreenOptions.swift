import ArgumentParser
import DeskCore
import Foundation

/// Options of the commands that open the desk's screen.
struct ScreenOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Lock the desk after this long without a key: minutes (5), or with a unit (90s, 10m, 1h); 0 never locks. Default: $AIDDESK_LOCK_AFTER, else 5 minutes. Only with operators (after `aiddesk operator init`).",
            valueName: "time"))
    var lockAfter: IdleTime?

    /// Five minutes: long enough for a volunteer who fetches a kit from the back room, short
    /// enough that a desk left for a break does not stay open to whoever walks past.
    static let defaultLockAfter: TimeInterval = 5 * 60

    /// The idle time in seconds, nil for never: `--lock-after`, else `$AIDDESK_LOCK_AFTER`, else 5 minutes.
    func idleLimit(environment: [String: String], strings: Strings) throws -> TimeInterval? {
        var limit = lockAfter
        if limit == nil, let text = environment["AIDDESK_LOCK_AFTER"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let parsed = IdleTime(argument: text) else {
                throw CommandFailure(message: strings("lock.badTime", ["value": text]), status: 64)
            }
            limit = parsed
        }
        let seconds = limit?.seconds ?? Self.defaultLockAfter
        return seconds > 0 ? seconds : nil
    }
}

/// A length of idle time as typed: "5" (minutes), "90s", "10m", "1h", "0" or "off" (never).
struct IdleTime: ExpressibleByArgument, Equatable {
    var seconds: TimeInterval

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if ["off", "never", "ні", "ніколи"].contains(text) {
            seconds = 0
            return
        }
        let units: [(suffix: String, seconds: Double)] = [
            ("хв", 60), ("min", 60), ("год", 3600), ("с", 1), ("s", 1), ("m", 60), ("h", 3600),
        ]
        var number = text
        var unit = 60.0
        if let match = units.first(where: { text.hasSuffix($0.suffix) }) {
            number = String(text.dropLast(match.suffix.count)).trimmingCharacters(in: .whitespaces)
            unit = match.seconds
        }
        guard let value = Double(number.replacingOccurrences(of: ",", with: ".")), value.isFinite, value >= 0,
            value * unit <= 24 * 3600
        else { return nil }
        seconds = value * unit
    }
}
