import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct DistributionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distribution", abstract: "Open, list and close distributions (coordinator).",
        subcommands: [Open.self, List.self, Close.self])

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a distribution with the stock received; prints its id.",
            discussion: "Example: aiddesk distribution open \"Зимова видача\" --kit hygiene=300 --kit winterization=120")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The distribution's name, as volunteers will see it.") var name: String
        @Option(name: .customLong("kit"), help: "Stock received, CODE=QUANTITY; repeat for each kit.")
        var kits: [String] = []
        @Option(help: "The distribution day, YYYY-MM-DD or DD.MM.YYYY (default: today).") var date: String?
        @Option(help: "Where it takes place.") var place: String = ""

        func run() throws {
            try reportingFailures(global) { strings in
                try TextArgument.check(name, limit: TextInput.Limit.name, what: "text.what.distributionName", strings: strings)
                var stock: [(kit: String, quantity: Int)] = []
                for line in kits {
                    let parts = line.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, let quantity = Int(parts[1].trimmingSpaces()) else {
                        throw CommandFailure(message: strings("error.badKitLine", ["value": line]), status: 2)
                    }
                    stock.append((parts[0].trimmingSpaces(), quantity))
                }
                let day: CivilDate
                if let date {
                    guard let parsed = CivilDate(parsing: date) else {
                        throw CommandFailure(message: strings("error.badDate", ["value": date]), status: 2)
                    }
                    day = parsed
                    if let refusal = implausibleDistributionDate(day, today: CivilDate(Date(), in: .current), strings: strings) {
                        throw CommandFailure(message: refusal, status: 64)
                    }
                } else {
                    day = CivilDate(Date(), in: .current)
                }
                let database = try global.openDatabase()
                let id = try database.openDistribution(
                    name: name, date: day, place: place, stock: stock, context: global.context)
                print(id)
                printError(strings("distribution.opened", ["id": "\(id)", "name": name, "date": day.dotted]))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List distributions with their stock.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() throws {
            try reportingFailures(global) { strings in
                let database = try global.openDatabase()
                let report = try database.status()
                if json {
                    try printJSON(StatusJSON(report).distributions)
                } else {
                    print(render(report.distributions, strings: strings, catalogue: database.catalogue))
                }
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the stock left and close a distribution (the open one when no ID is given).",
            discussion: """
                On a terminal it asks the physical count of each kit, showing what the ledger expects \
                (received - issued), and the reason for any difference, then closes. Scripts give the counts: \
                --count hygiene=368 --count bedding=0 … (every kit of the distribution) and \
                --reason hygiene="2 damaged"; a difference without a reason is refused. Without counts and \
                not on a terminal (or with --no-count) it closes and records no count. The counts, the \
                expected figures and the reasons are written with the closing in one transaction, logged, \
                and shown by `aiddesk report`. A closed distribution takes no issuance. The database is then \
                backed up to backups/ beside it: the path is printed, or a warning if the copy could not be \
                written (the distribution is closed all the same).
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The distribution's id.") var id: Int64?
        @Option(name: .customLong("count"), help: "The physical count of a kit, CODE=N; repeat for each kit.")
        var counts: [String] = []
        @Option(name: .customLong("reason"), help: "Why a kit's count differs from the ledger, CODE=TEXT.")
        var reasons: [String] = []
        @Flag(name: .customLong("no-count"), help: "Close without counting, even on a terminal.")
        var noCount = false

        func run() throws {
            try reportingFailures(global) { strings in
                let database = try global.openDatabase()
                var given: [KitCount]
                do {
                    given = try KitCount.parse(counts: counts, reasons: reasons)
                } catch let error as CloseOutError {
                    throw CommandFailure(message: strings.explain(error, catalogue: database.catalogue), status: 64)
                }
                if noCount && !given.isEmpty {
                    throw CommandFailure(message: strings("closeout.noCountWithCounts"), status: 64)
                }
                let sheet = try database.closeOutSheet(distribution: id)
                let onTerminal = isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1
                if onTerminal && !noCount {
                    var interview = CloseOutInterview(sheet: sheet, strings: strings, catalogue: database.catalogue)
                    guard let counted = interview.run(given: given) else {
                        throw CommandFailure(message: strings("closeout.cancelled"), status: 1)
                    }
                    given = counted
                }
                if let problem = sheet.problem(with: given) {
                    throw CommandFailure(message: strings.explain(problem, catalogue: database.catalogue), status: 64)
                }
                let closed: ClosedDistribution
                do {
                    closed = try database.closeDistribution(id: sheet.distributionId, counts: given, context: global.context)
                } catch let error as CloseOutError {
                    throw CommandFailure(
                        message: strings.explain(error, catalogue: database.catalogue), status: error.isUsageError ? 64 : 3)
                }
                print(strings("distribution.closed", ["id": "\(closed.id)", "name": closed.name]))
                if given.isEmpty {
                    printError(strings("closeout.noCountRecorded", ["id": "\(closed.id)"]))
                } else {
                    let differing = sheet.lines.filter { line in given.contains { $0.kit == line.kit && $0.counted != line.expected } }
                    printError(strings("closeout.recorded", ["count": "\(differing.count)", "id": "\(closed.id)"]))
                }
                // Where the automatic backup went (stdout, like `aiddesk backup`), or a warning
                // that the disk refused it: the close stands either way, and exits 0.
                if let said = strings.explain(closed.backup) {
                    if case .failed = closed.backup { printError(said) } else { print(said) }
                }
            }
        }
    }
}

/// The close-out questions on a terminal: per kit, the count (what the ledger expects is
/// shown), a reason when the count differs, then a confirmation. Counts given with --count are
/// not asked again. Questions go to stderr; answers come from stdin.
struct CloseOutInterview {
    let sheet: CloseOutSheet
    let strings: Strings
    let catalogue: KitCatalogue
    var readAnswer: () -> String? = { readLine(strippingNewline: true) }
    var ask: (String) -> Void = { writeForTerminal($0, to: .standardError) }

    init(sheet: CloseOutSheet, strings: Strings, catalogue: KitCatalogue) {
        self.sheet = sheet
        self.strings = strings
        self.catalogue = catalogue
    }

    func kitName(_ code: String) -> String { catalogue[code]?.name(in: strings.language) ?? code }

    /// The counts to record, or nil when the coordinator gave up (end of input, or "no" at the end).
    mutating func run(given: [KitCount]) -> [KitCount]? {
        ask(strings("closeout.intro", ["id": "\(sheet.distributionId)", "name": sheet.name]) + "\n")
        var result: [KitCount] = []
        for line in sheet.lines {
            let name = kitName(line.kit)
            var count: KitCount
            if let known = given.first(where: { $0.kit == line.kit }) {
                count = known
                count.expectedShown = line.expected
                ask(strings("closeout.givenCount", [
                    "kit": name, "expected": "\(line.expected)", "counted": "\(known.counted)",
                ]) + "\n")
            } else {
                var counted: Int?
                while counted == nil {
                    ask(strings("closeout.askCount", [
                        "kit": name, "expected": "\(line.expected)", "received": "\(line.received)",
                        "issued": "\(line.issued)",
                    ]) + " ")
                    guard let answer = readAnswer() else { return nil }
                    if let n = Int(answer.trimmingSpaces()), n >= 0 {
                        counted = n
                    } else {
                        ask(strings("closeout.notANumber") + "\n")
                    }
                }
                count = KitCount(kit: line.kit, counted: counted!, expectedShown: line.expected)
            }
            while count.counted != line.expected && count.reason.isEmpty {
                ask(strings("closeout.askReason", [
                    "kit": name, "difference": signedFigure(count.counted.saturatingSubtracting(line.expected)),
                ]) + " ")
                guard let answer = readAnswer() else { return nil }
                if let problem = TextInput.problem(in: answer, limit: TextInput.Limit.reason) {
                    ask(TextArgument.message(problem, value: answer, what: name, strings: strings) + "\n")
                    continue
                }
                count.reason = answer.trimmingSpaces()
            }
            result.append(count)
        }
        for other in given where !sheet.lines.contains(where: { $0.kit == other.kit }) { result.append(other) }
        ask(strings("closeout.confirm", ["name": sheet.name]) + " ")
        guard let answer = readAnswer()?.trimmingSpaces().lowercased() else { return nil }
        return ["т", "так", "y", "yes"].contains(answer) ? result : nil
    }
}
