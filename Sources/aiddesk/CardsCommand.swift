import ArgumentParser
import DeskCore
import DeskStore
import Foundation

/// `aiddesk cards`: household cards with a barcode, ten to an A4 page; `cards reissue` for a lost one.
struct CardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cards", abstract: "Household cards with a barcode, to print on A4 (coordinator).",
        subcommands: [Print.self, Reissue.self], defaultSubcommand: Print.self)

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "Write A4 pages of household cards as one HTML file: ten cards of 85 × 55 mm a page.",
            discussion: """
                Each card: the hub's name, the household number, the head's name, the number of people, and \
                the card's code as a Code 128 barcode and as digits. A scanner at the desk or the door types \
                the code into the search line and the family's card opens at once. Every family by default; \
                --household N for some (repeat it), --not-printed for those that never had a card. Printing \
                is recorded (who, when, which households). Open the file in a browser and print it at 100 %.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("household"), help: "Only this household (repeat for several).") var households: [String] = []
        @Flag(name: .customLong("not-printed"), help: "Only households that never had a card printed.") var notPrinted = false
        @Flag(name: .customLong("no-names"), help: "Cards that carry no name: the number, the people and the code.")
        var noNames = false
        @Option(help: "The hub's name on the cards (default: $AIDDESK_HUB_NAME, else the latest distribution's place).")
        var hub: String?
        @Option(help: "The HTML file to write; standard output when absent.") var out: String?

        func run() throws {
            try reportingFailures(global) { strings in
                let database = try global.openDatabase()
                let cards = try database.printCards(
                    households: households.isEmpty ? nil : households, notPrinted: notPrinted, withNames: !noNames,
                    context: global.context)
                let name = try cardsHubName(hub, global: global, database: database)
                try writeOutput(Data(CardsPage.render(cards, hub: name, strings: strings).utf8), to: out, global: global,
                                strings: strings)
                if let out {
                    let pages = (cards.count + CardsPage.perPage - 1) / CardsPage.perPage
                    printError(strings("cards.written", ["n": "\(cards.count)", "pages": "\(pages)", "path": out]))
                } else if cards.isEmpty {
                    printError(strings("cards.none"))
                }
            }
        }
    }

    struct Reissue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reissue",
            abstract: "Replace a household's lost or damaged card: a new card, the old one opens nothing.",
            discussion: """
                The new card has the next version in its code; the old card, scanned, says it was replaced \
                and on which date, and to check the family's document. Recorded in the audit with the reason.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The household number.") var household: String
        @Option(help: "Why (required): lost, damaged, taken.") var reason: String
        @Flag(name: .customLong("no-names"), help: "A card that carries no name.") var noNames = false
        @Option(help: "The hub's name on the card (default: $AIDDESK_HUB_NAME, else the latest distribution's place).")
        var hub: String?
        @Option(help: "The HTML file to write; standard output when absent.") var out: String?

        func run() throws {
            try reportingFailures(global) { strings in
                let database = try global.openDatabase()
                let card = try database.reissueCard(household: household, reason: reason, withNames: !noNames,
                                                    context: global.context)
                let name = try cardsHubName(hub, global: global, database: database)
                try writeOutput(Data(CardsPage.render([card], hub: name, strings: strings).utf8), to: out, global: global,
                                strings: strings)
                printError(strings("cards.reissued", [
                    "household": card.household, "version": "\(card.code.version)", "code": card.code.grouped,
                ]))
            }
        }
    }
}

/// The hub's name on the cards: `--hub`, else `$AIDDESK_HUB_NAME`, else the latest distribution's place.
func cardsHubName(_ hub: String?, global: GlobalOptions, database: DeskDatabase) throws -> String {
    if let hub = hub?.trimmingSpaces(), !hub.isEmpty { return hub }
    if let named = global.environment["AIDDESK_HUB_NAME"]?.trimmingSpaces(), !named.isEmpty { return named }
    return try database.latestPlace() ?? "AidDesk"
}
