import ArgumentParser
import DeskCore
import DeskStore
import Foundation

/// `aiddesk stock adjust KIT DELTA --reason TEXT`: the coordinator's stock change (F9 on the desk).
struct StockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock", abstract: "Change the stock received of a kit (coordinator).",
        subcommands: [Adjust.self], defaultSubcommand: Adjust.self)

    struct Adjust: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "adjust",
            abstract: "Add to (or, with a negative number, take from) the quantity received of a kit, with a reason.",
            discussion: """
                The quantity received never goes below what was already issued, nor above 1,000,000 (nor does \
                one change go beyond that: exit status 64). A negative change is written as it is: \
                `aiddesk stock adjust hygiene -3 --reason "пошкоджені"`. Every change is kept \
                with who, when and why. Exit status 3 when the distribution is closed, 5 when it does not exist.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The kit code: hygiene, winterization, bedding, ...") var kit: String
        // Taken as whatever is left unrecognised: `-3` looks like an option to the parser, and
        // docs/commands.md (like a coordinator) writes `stock adjust hygiene -3`, with no `--` before it.
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("How many more (+5 or 5) or fewer (-3) were received.", valueName: "delta"))
        var deltaWords: [String] = []
        @Option(help: "Why (required).") var reason: String
        @Option(help: "The distribution (default: the one open).") var distribution: Int64?

        func run() throws {
            try reportingFailures(global) { strings in
                let delta = try parseDelta(strings)
                let database = try global.openDatabase()
                try database.adjustStock(
                    distribution: distribution, kit: kit, by: delta, reason: reason, context: global.context)
                let id = try database.resolveDistributionId(distribution)
                let status = try database.status().distributions.first { $0.id == id }
                let stock = status?.stock.first { $0.kit == kit }
                print(
                    strings(
                        "stock.adjusted",
                        [
                            "kit": database.catalogue[kit]?.name(in: strings.language) ?? kit,
                            "distribution": status?.name ?? "", "delta": delta > 0 ? "+\(delta)" : "\(delta)",
                            "received": "\(stock?.received ?? 0)", "left": "\(stock?.left ?? 0)",
                        ]))
            }
        }

        /// The one delta: `5`, `+5`, `-3`, at most `Limits.maxStock` either way.
        func parseDelta(_ strings: Strings) throws -> Int {
            let words = deltaWords.filter { $0 != "--" }
            guard words.count == 1, let word = words.first else {
                throw CommandFailure(message: strings("limits.notANumber", ["value": words.joined(separator: " ")]), status: 64)
            }
            guard let delta = Int(word.hasPrefix("+") ? String(word.dropFirst()) : word) else {
                // All digits but too long for a number: a slip of the finger, said as too large.
                let digits = word.drop { $0 == "+" || $0 == "-" }
                guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                    throw CommandFailure(message: strings("limits.notANumber", ["value": word]), status: 64)
                }
                throw EngineError.quantityTooLarge(kit: kit, quantity: word.hasPrefix("-") ? Int.min : Int.max)
            }
            return delta
        }
    }
}
