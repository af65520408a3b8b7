import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the hub's register (CSV from Excel, one row per person).",
        discussion: """
            UTF-8 (with or without BOM) or Windows-1251; comma, semicolon or tab: all detected. \
            Headers in Ukrainian or English, any order: № сім'ї/household, Прізвище/surname, \
            Ім'я/given_name, По батькові/patronymic, Дата народження/birth_date, Стать/sex, \
            Телефон/phone, Номер довідки ВПО/idp_certificate, Населений пункт/settlement, Голова/head.
            All or nothing: a file with errors imports nothing and lists every bad row. \
            Importing the same file again changes nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The register file.") var file: String
    @Flag(name: .customLong("dry-run"), help: "Check the file and say what would change, writing nothing.")
    var dryRun = false

    func run() throws {
        try reportingFailures(global) { strings in
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CommandFailure(message: strings("error.cannotRead", ["path": file, "reason": error.localizedDescription]))
            }
            let uk = strings.language == .uk
            let parsed: ParsedRegister
            switch RegisterParser.parse(data, today: CivilDate(Date(), in: .current)) {
            case .success(let register):
                parsed = register
            case .failure(let failure):
                if failure.fileProblem != nil {
                    let reasons = failure.problems.filter(\.isFileLevel).map { $0.message(uk: uk) }
                    throw CommandFailure(message: strings("import.fileProblem", ["reason": reasons.joined(separator: "; ")]))
                }
                var lines = [strings("import.problems", ["count": "\(failure.problems.count)"])]
                for problem in failure.problems {
                    lines.append(strings("import.problem", [
                        "row": "\(problem.row)", "column": problem.column, "value": problem.value,
                        "reason": problem.reason.message(uk: uk),
                    ]))
                }
                throw CommandFailure(message: lines.joined(separator: "\n"))
            }
            print(strings("import.read", [
                "rows": "\(parsed.rowCount)", "encoding": parsed.encoding.rawValue,
                "delimiter": parsed.delimiter == .tab ? "\\t" : String(parsed.delimiter.character),
                "households": "\(parsed.register.households.count)", "people": "\(parsed.register.peopleCount)",
            ]))
            if !parsed.ignoredColumns.isEmpty {
                print(strings("import.ignoredColumns", ["columns": parsed.ignoredColumns.joined(separator: ", ")]))
            }
            let database = try global.openDatabase()
            let summary = try database.importRegister(parsed.register, context: global.context, dryRun: dryRun)
            print(strings(dryRun ? "import.dryRun" : "import.done", [
                "householdsAdded": "\(summary.householdsAdded)", "householdsUpdated": "\(summary.householdsUpdated)",
                "peopleAdded": "\(summary.peopleAdded)", "peopleUpdated": "\(summary.peopleUpdated)",
                "peopleUnchanged": "\(summary.peopleUnchanged)",
            ]))
        }
    }
}
