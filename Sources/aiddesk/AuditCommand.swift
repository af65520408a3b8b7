import ArgumentParser
import DeskCore
import DeskStore
import Foundation

/// `aiddesk audit`: who did what, from which desk, and who looked at which family.
///
/// Here `--operator NAME` filters the log, so this command takes the global options one by one
/// and signs in with `$AIDDESK_OPERATOR` (or at the prompt).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log: every change and every look-up, with who, when and at which desk (coordinators only).",
        discussion: """
            Oldest first; the newest --limit entries (200 by default, 0 for all). Here --operator NAME \
            (or --by NAME) chooses whose entries to show: sign in with $AIDDESK_OPERATOR and $AIDDESK_PIN, \
            or at the prompt. Reading the log is itself recorded (audit.read).
            """)

    @Option(name: .long, help: "The database file (default: $AIDDESK_DB, else $XDG_DATA_HOME/aiddesk/aiddesk.sqlite).")
    var db: String?
    @Option(name: .long, help: "Interface language: uk (default) or en.") var lang: Language?
    @Option(name: .long, help: "Which desk this is (default: $AIDDESK_DESK, else 1).") var desk: String?

    @Option(help: "Only this household (and households merged into it).") var household: String?
    @Option(name: [.customLong("operator"), .customLong("by")], help: "Only what this operator did or looked at.")
    var operatorFilter: String?
    @Option(help: "Only from this day on: YYYY-MM-DD or DD.MM.YYYY (local time).") var since: String?
    @Option(help: "Only this action or family of actions: issue, void, lookup, operator, signin, …") var action: String?
    @Option(help: "How many of the newest entries to show (0: all).") var limit = 200
    @Flag(help: "Print JSON.") var json = false

    /// The global options as every other command has them, without `--operator`.
    var global: GlobalOptions {
        get throws {
            var arguments: [String] = []
            if let db { arguments += ["--db", db] }
            if let lang { arguments += ["--lang", lang.rawValue] }
            if let desk { arguments += ["--desk", desk] }
            return try GlobalOptions.parse(arguments)
        }
    }

    func run() throws {
        let global = try self.global
        try reportingFailures(global) { strings in
            var start: Date?
            if let since {
                guard let day = CivilDate(parsing: since) else {
                    throw CommandFailure(message: strings("audit.badDate", ["value": since]), status: 64)
                }
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = .current
                start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
            }
            let database = try global.openDatabase()
            let filter = AuditFilter(
                household: household, operatorName: operatorFilter, since: start, action: action,
                limit: limit > 0 ? limit : nil)
            let listing = try database.auditLog(filter, context: global.context)
            if json {
                try printJSON(AuditJSON(listing))
                return
            }
            if listing.entries.isEmpty {
                print(strings("audit.none"))
                return
            }
            if listing.matching > listing.entries.count {
                print(strings("audit.showing", ["shown": "\(listing.entries.count)", "total": "\(listing.matching)"]))
            }
            for line in AuditText.lines(listing.entries, strings: strings) { print(line) }
        }
    }
}

/// The log as aligned lines: day and time, desk, operator, action, household, detail.
enum AuditText {
    static func lines(_ entries: [AuditEntry], strings: Strings, timeZone: TimeZone = .current) -> [String] {
        func label(_ action: String) -> String {
            strings.keys.contains("audit.action.\(action)") ? strings("audit.action.\(action)") : action
        }
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        let desks = entries.map { strings("audit.desk", ["desk": $0.desk]) }
        let deskWidth = desks.map(\.count).max() ?? 0
        let operatorWidth = entries.map(\.operatorName.count).max() ?? 0
        let actionWidth = entries.map { label($0.action).count }.max() ?? 0
        let householdWidth = entries.map { $0.household?.count ?? 0 }.max() ?? 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return entries.enumerated().map { index, entry in
            let c = calendar.dateComponents([.second], from: entry.at)
            let time = clockTime(entry.at, timeZone: timeZone) + String(format: ":%02d", c.second ?? 0)
            var parts = [
                CivilDate(entry.at, in: timeZone).dotted + " " + time, pad(desks[index], deskWidth),
                pad(entry.operatorName, operatorWidth), pad(label(entry.action), actionWidth),
            ]
            if householdWidth > 0 { parts.append(pad(entry.household ?? "", householdWidth)) }
            var detail = entry.detail
            if let distribution = entry.distributionId {
                detail = strings("audit.distribution", ["id": "\(distribution)"]) + (detail.isEmpty ? "" : " · " + detail)
            }
            parts.append(detail)
            return parts.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

/// `audit --json`: `{"matching": N, "entries": [{"id", "at", "operator", "desk", "action", "household", "distribution", "detail"}]}`.
struct AuditJSON: Encodable {
    struct Entry: Encodable {
        var id: Int64
        var at: String
        var `operator`: String
        var desk: String
        var action: String
        var household: String?
        var distribution: Int64?
        var detail: String
    }
    var matching: Int
    var entries: [Entry]

    init(_ listing: AuditListing) {
        let iso = ISO8601DateFormatter()
        matching = listing.matching
        entries = listing.entries.map {
            Entry(id: $0.id, at: iso.string(from: $0.at), operator: $0.operatorName, desk: $0.desk, action: $0.action,
                  household: $0.household, distribution: $0.distributionId, detail: $0.detail)
        }
    }
}
