import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct CheckInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin", abstract: "Check a household in for the open distribution: who came, which document.",
        discussion: """
            Checking in twice is harmless: it says when the first check-in was and changes nothing. \
            Exit status 3 when the distribution is closed, 5 when the household or the member is not found, \
            64 for --member with --proxy.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The household number from the register.") var household: String
    @Option(help: "The distribution (default: the one open).") var distribution: Int64?
    @Option(help: "The member who came, by name (part of it is enough: \"бондар ганна\").") var member: String?
    @Option(help: "Someone else who came for the household, by name.") var proxy: String?
    @Option(help: "The document shown: idp (довідка ВПО), passport, or the name of another document.")
    var document: String?

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let outcome: CheckInSummary
            do {
                outcome = try database.checkIn(
                    household: household, distribution: distribution, member: member, proxy: proxy,
                    document: document.flatMap(CheckInDocument.init(typed:)), context: global.context)
            } catch let error as ArrivalError {
                throw arrivalFailure(error, strings: strings)
            }
            let id = try database.resolveDistributionId(distribution)
            let arrival = try database.arrival(household: household, distribution: id)
            let number = arrival?.household ?? household
            let values = [
                "household": number, "distribution": outcome.distributionName,
                "time": localTime(outcome.arrival.checkedInAt), "desk": outcome.arrival.desk,
                "operator": outcome.arrival.operatorName,
            ]
            var lines = [strings(outcome.isNew ? "checkin.new" : "checkin.again", values)]
            if let arrival, !arrivalDetail(arrival, strings: strings).isEmpty {
                lines.append(strings("arrivals.cli.came", ["detail": arrivalDetail(arrival, strings: strings)]))
            }
            if outcome.isNew,
                let position = try database.waitingList(distribution: id, day: CivilDate(Date(), in: .current))
                    .firstIndex(where: { $0.household == number })
            {
                lines.append(strings("arrivals.cli.position", ["position": "\(position + 1)"]))
            }
            print(lines.joined(separator: " "))
        }
    }
}

struct IssueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Hand kits to a household: all of them or none.",
        discussion: """
            Exit status 0 when issued; 3 when a rule refuses (already issued, not eligible yet, not on \
            the distribution's plan), with the reason on stderr; 4 when out of stock. A coordinator gives \
            a kit off the plan with --override --reason TEXT (recorded with the issuance and in the audit).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The household number from the register.") var household: String
    @Argument(help: "Kit codes: hygiene, winterization, bedding, kitchen, ...") var kits: [String]
    @Option(name: .customLong("collected-by"), help: "Who collects: a member's name, or a proxy's (default: the head).")
    var collectedBy: String?
    @Option(help: "The distribution (default: the one open).") var distribution: Int64?
    @Flag(help: "Give kits the distribution's plan does not give this family (a coordinator's, with --reason).")
    var override = false
    @Option(help: "Why the kits are given off the plan (with --override).") var reason: String?
    @Flag(help: "Print JSON for scripts: {\"issued\": [{\"id\", \"kit\", \"quantity\"}]}.") var json = false

    func validate() throws {
        if override && (reason?.trimmingSpaces() ?? "").isEmpty {
            throw ValidationError("--override needs --reason TEXT: why the family gets kits off the plan.")
        }
        if reason != nil && !override { throw ValidationError("--reason goes with --override.") }
    }

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let receipt = try database.issue(
                household: household, kits: kits, distribution: distribution, collectedBy: collectedBy,
                overrideReason: override ? reason : nil, context: global.context)
            if json {
                struct Output: Encodable { var issued: [IssuedKit] }
                try printJSON(Output(issued: receipt.kits))
                return
            }
            let collector = receipt.collectedBy + (receipt.collectedByProxy ? strings("history.proxy") : "")
            print(strings("issue.done", ["household": receipt.household, "collectedBy": collector]))
            for line in receipt.kits {
                let name = database.catalogue[line.kit]?.name(in: strings.language) ?? line.kit
                print(strings("issue.line", ["kit": name, "quantity": "\(line.quantity)", "id": "\(line.id)"])
                    + (line.overrideReason.map { "  " + strings("plan.overridden", ["reason": $0]) } ?? ""))
            }
            if override && !receipt.kits.contains(where: { $0.overrideReason != nil }) {
                printError(strings("plan.override.unused"))
            }
        }
    }
}

struct VoidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void", abstract: "Void an issuance with a reason; the kit returns to stock, the record stays.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The issuance record number (shown by issue and history).") var issuance: Int64
    @Option(help: "Why it is voided (required).") var reason: String

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            try database.void(issuance: issuance, reason: reason, context: global.context)
            print(strings("void.done", ["id": "\(issuance)", "reason": reason]))
        }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "What a household received, when, where and from whom; voids shown.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The household number from the register.") var household: String
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let history = try database.history(household: household, context: global.context)
            try database.recordLookup(household: household, kind: .history, context: global.context)
            if json {
                try printJSON(HistoryJSON(history))
                return
            }
            let h = history.household
            print(strings("history.household", ["household": h.number, "settlement": h.settlement]))
            let today = CivilDate(Date(), in: .current)
            for person in h.members {
                var details = ""
                if let birth = person.birthDate { details += ", \(birth.dotted) (\(birth.age(on: today)))" }
                if person.isHead { details += strings("history.head") }
                // A priority in the queue: the same word the card shows.
                if person.hasDisability == true { details += ", " + strings("arrivals.card.disability") }
                print(strings("history.member", ["name": person.fullName, "details": details]))
            }
            if history.entries.isEmpty { print(strings("history.none")) }
            for entry in history.entries {
                let name = database.catalogue[entry.kit]?.name(in: strings.language) ?? entry.kit
                print(
                    strings(
                        "history.entry",
                        [
                            "date": localDay(entry.issuedAt), "time": localTime(entry.issuedAt), "kit": name,
                            "quantity": "\(entry.quantity)", "distribution": entry.distributionName,
                            "desk": entry.desk, "operator": entry.operatorName, "collectedBy": entry.collectedBy,
                            "proxy": entry.collectedByProxy ? strings("history.proxy") : "", "id": "\(entry.issuanceId)",
                        ]) + (entry.overrideReason.map { "  " + strings("plan.overridden", ["reason": $0]) } ?? ""))
                if let voidedAt = entry.voidedAt {
                    print(
                        strings(
                            "history.voided",
                            [
                                "date": localDay(voidedAt), "time": localTime(voidedAt),
                                "operator": entry.voidedBy ?? "", "reason": entry.voidReason ?? "",
                            ]))
                }
            }
        }
    }
}

/// `history --json`: the household, its members and every issuance, voids included.
struct HistoryJSON: Encodable {
    struct Member: Encodable {
        var name: String
        var birth_date: String?
        var sex: String?
        var head: Bool
        /// true or false as the register says; left out when it does not say.
        var disability: Bool?
    }
    struct Entry: Encodable {
        var id: Int64
        var kit: String
        var quantity: Int
        var distribution_id: Int64
        var distribution: String
        var issued_at: String
        var desk: String
        var `operator`: String
        var collected_by: String
        var proxy: Bool
        var voided: Bool
        var voided_at: String?
        var voided_by: String?
        var void_reason: String?
        /// Only for a kit a coordinator gave off the distribution's plan.
        var override_reason: String?
    }
    var household: String
    var settlement: String
    var members: [Member]
    var issuances: [Entry]

    init(_ history: HouseholdHistory) {
        let iso = ISO8601DateFormatter()
        household = history.household.number
        settlement = history.household.settlement
        members = history.household.members.map {
            Member(name: $0.fullName, birth_date: $0.birthDate?.iso, sex: $0.sex?.rawValue, head: $0.isHead,
                   disability: $0.hasDisability)
        }
        issuances = history.entries.map { e in
            Entry(
                id: e.issuanceId, kit: e.kit, quantity: e.quantity, distribution_id: e.distributionId,
                distribution: e.distributionName, issued_at: iso.string(from: e.issuedAt), desk: e.desk,
                operator: e.operatorName, collected_by: e.collectedBy, proxy: e.collectedByProxy,
                voided: e.isVoided, voided_at: e.voidedAt.map(iso.string(from:)), voided_by: e.voidedBy,
                void_reason: e.voidReason, override_reason: e.overrideReason)
        }
    }
}
