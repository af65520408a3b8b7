import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "The signed distribution list (відомість): a print-ready A4 page, or CSV.",
        discussion: """
            One row per household served: running number, household, who collected (a proxy marked), \
            kits and quantities (a kit given off the plan marked with the coordinator's reason), date and \
            time, and an empty column to sign in; totals and lines for the \
            coordinator's and a witness's signatures at the end. Voided issuances are left out. \
            The HTML opens in any browser and prints on A4 with the header row on every page. \
            Without --distribution: the open distribution, or the latest when all are closed.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, csv
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "The distribution (default: the open one, else the latest).") var distribution: Int64?
    @Option(help: "The file to write (FILE.html or FILE.csv); standard output when absent.") var out: String?
    @Option(help: "html (default) or csv; a .csv --out means csv.") var format: Format?
    @Flag(help: "CSV in Windows-1251 with semicolons, for older Excel (default: UTF-8 with BOM, commas).")
    var excel = false

    var chosenFormat: Format {
        if let format { return format }
        return out.map { $0.lowercased().hasSuffix(".csv") } == true ? .csv : .html
    }

    func validate() throws {
        if excel && chosenFormat == .html { throw ValidationError("--excel applies to CSV: add --format csv or a .csv --out.") }
    }

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let distribution = try database.sheetDistribution(self.distribution)
            let lines = try database.issuanceLines(distribution: distribution.id)
            let sheet = DistributionSheet(distribution: distribution, lines: lines, catalogue: database.catalogue)
            let data: Data
            switch chosenFormat {
            case .html:
                data = Data(
                    SheetHTML.render(
                        sheet, catalogue: database.catalogue, strings: strings, timeZone: .current, generatedAt: Date()
                    ).utf8)
            case .csv:
                let rows = SheetCSV.rows(sheet, catalogue: database.catalogue, strings: strings, timeZone: .current)
                guard let encoded = CSVTable.encode(rows, flavour: excel ? .excel1251 : .utf8) else {
                    throw CommandFailure(message: strings("export.noWindows1251"))
                }
                data = encoded
            }
            try writeOutput(data, to: out, global: global, strings: strings)
            if let out {
                printError(strings("sheet.written", [
                    "distribution": distribution.name, "path": out, "households": "\(sheet.totals.households)",
                    "people": "\(sheet.totals.people)",
                ]))
            }
        }
    }
}

/// Writes `data` to the file (whole or not at all, 0600), or to standard output when there is
/// none. Never over one of the hub's own files (see `FileSafety.checkOutput`).
func writeOutput(_ data: Data, to path: String?, global: GlobalOptions, strings: Strings) throws {
    guard let path else {
        FileHandle.standardOutput.write(data)
        return
    }
    do {
        try FileSafety.writePrivateFile(data, to: path, protecting: global.protectedDatabases)
    } catch let refusal as FileSafety.OwnFile {
        throw CommandFailure(message: strings.explain(refusal), status: 64)
    } catch let FileSafety.Problem.cannotCreate(_, reason) {
        throw CommandFailure(message: strings("export.cannotWrite", ["path": path, "reason": reason]))
    }
}
