import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the register or the issuances as CSV.",
        discussion: """
            CSV in UTF-8 with a BOM and commas (current Excel opens it correctly); --excel writes \
            Windows-1251 with semicolons for older Excel. Phone and certificate numbers, and the registry's \
            disability marks (health data), are written only with --with-contacts. `registry` imports back unchanged with `aiddesk import`; --distribution \
            keeps the households served in it. `issuances`: one row per issuance, voided ones included \
            and marked; every distribution unless --distribution.
            """)

    enum What: String, ExpressibleByArgument, CaseIterable {
        case registry, issuances

        init?(argument: String) {
            switch argument.lowercased() {
            case "registry", "register": self = .registry
            case "issuances", "issuance": self = .issuances
            default: return nil
            }
        }
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "registry or issuances.") var what: What
    @Option(help: "The file to write; standard output when absent.") var out: String?
    @Flag(help: "Windows-1251 with semicolons, for older Excel (default: UTF-8 with BOM, commas).") var excel = false
    @Flag(name: .customLong("with-contacts"), help: "Include phone and IDP certificate numbers, and the disability marks (left out by default).")
    var withContacts = false
    @Option(help: "Only this distribution: its issuances, or the households served in it.") var distribution: Int64?

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let flavour: RegisterWriter.Flavour = excel ? .excel1251 : .utf8
            let encoded: Data?
            let rows: Int
            switch what {
            case .registry:
                let register = try database.exportRegister(servedIn: distribution, withContacts: withContacts)
                encoded = RegisterWriter.csv(register, flavour: flavour, withContacts: withContacts)
                rows = register.peopleCount
            case .issuances:
                let lines = try database.issuanceLines(distribution: distribution, withContacts: withContacts)
                let table = IssuanceExport.rows(
                    lines, catalogue: database.catalogue, strings: strings, timeZone: .current,
                    withContacts: withContacts)
                encoded = CSVTable.encode(table, flavour: flavour)
                rows = lines.count
            }
            guard let data = encoded else { throw CommandFailure(message: strings("export.noWindows1251")) }
            try writeOutput(data, to: out, global: global, strings: strings)
            if let out { printError(strings("export.written", ["path": out, "rows": "\(rows)"])) }
        }
    }
}
