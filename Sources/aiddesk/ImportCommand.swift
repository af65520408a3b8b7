import ArgumentParser
import DeskCore
import DeskStore
import DeskWorkbook
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the hub's register: an Excel workbook (.xlsx) or CSV, one row per person.",
        discussion: """
            A workbook: the first sheet shown, or --sheet NAME; numbers and dates read as Excel shows them \
            (a phone stored as a number gets its leading zero back). A title and blank rows above the \
            header, and a totals row at the bottom, are skipped. Problems name the cell (Аркуш1!E17). \
            CSV: UTF-8 (with or without BOM), Windows-1251 or KOI8-U; comma, semicolon or tab: all detected. \
            Headers in Ukrainian or English, any order: № сім'ї/household, Прізвище/surname, \
            Ім'я/given_name, По батькові/patronymic, Дата народження/birth_date, Стать/sex, \
            Телефон/phone, Номер довідки ВПО/idp_certificate, Населений пункт/settlement, Голова/head.
            All or nothing: a file with errors imports nothing and lists every bad row. \
            Importing the same file again changes nothing. Household numbers are compared without \
            their leading zeros (417 is 00417). An old .xls or a workbook with a password must be saved \
            from Excel as .xlsx first.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The register file: .xlsx or CSV.") var file: String
    @Option(help: "The workbook's sheet to read (default: the first one shown).") var sheet: String?
    @Flag(name: .customLong("dry-run"), help: "Check the file and say what would change, writing nothing.")
    var dryRun = false

    func run() throws {
        try reportingFailures(global) { strings in
            let data = try RegisterFileReading.contents(of: file, strings: strings)
            let uk = strings.language == .uk
            let bar = ProgressBar(label: strings("importProgress.label"))
            bar?.note(strings("importProgress.reading"))
            let parsed: ParsedRegister
            let today = CivilDate(Date(), in: .current)
            let result: Result<ParsedRegister, RegisterImportFailure>
            if RegisterParser.isSpreadsheetWorkbook(data) {
                do throws(WorkbookProblem) {
                    let cells = try WorkbookReader(data).read(sheet: sheet)
                    result = RegisterParser.parse(sheet: cells, today: today)
                } catch {
                    bar?.clear()
                    throw CommandFailure(message: strings("import.fileProblem", ["reason": error.message(uk: uk)]))
                }
            } else {
                if sheet != nil {
                    bar?.clear()
                    throw CommandFailure(message: strings("import.sheetForCSV", ["path": file]))
                }
                result = RegisterParser.parse(data, today: today)
            }
            bar?.clear()
            switch result {
            case .success(let register):
                parsed = register
            case .failure(let failure):
                if failure.fileProblem != nil {
                    let reasons = failure.problems.filter(\.isFileLevel).map { $0.message(uk: uk) }
                    throw CommandFailure(message: strings("import.fileProblem", ["reason": reasons.joined(separator: "; ")]))
                }
                var lines = [strings("import.problems", ["count": "\(failure.problems.count)"])]
                for problem in failure.problems {
                    lines.append(strings(problem.cell == nil ? "import.problem" : "import.problemCell", [
                        "row": "\(problem.row)", "cell": problem.cell ?? "", "column": problem.column,
                        "value": problem.value, "reason": problem.reason.message(uk: uk),
                    ]))
                }
                throw CommandFailure(message: lines.joined(separator: "\n"))
            }
            if let sheet = parsed.sheet {
                print(strings("import.readWorkbook", [
                    "sheet": sheet, "rows": "\(parsed.rowCount)",
                    "households": "\(parsed.register.households.count)", "people": "\(parsed.register.peopleCount)",
                ]))
            } else {
                print(strings("import.read", [
                    "rows": "\(parsed.rowCount)", "encoding": parsed.encoding.rawValue,
                    "delimiter": parsed.delimiter == .tab ? "\\t" : String(parsed.delimiter.character),
                    "households": "\(parsed.register.households.count)", "people": "\(parsed.register.peopleCount)",
                ]))
            }
            if parsed.headerRow > 1 { print(strings("import.headerRow", ["row": "\(parsed.headerRow)"])) }
            if !parsed.notPeopleRows.isEmpty {
                print(strings("import.notPeopleRows", ["rows": parsed.notPeopleRows.map(String.init).joined(separator: ", ")]))
            }
            if !parsed.ignoredColumns.isEmpty {
                print(strings("import.ignoredColumns", ["columns": parsed.ignoredColumns.joined(separator: ", ")]))
            }
            for respelled in parsed.respelledNumbers {
                print(strings("import.respelledNumber", [
                    "number": respelled.number, "firstRow": "\(respelled.firstRow)",
                    "spelling": respelled.spelling, "row": "\(respelled.row)",
                ]))
            }
            let database = try global.openDatabase(creating: true)
            defer { bar?.finish() }  // also when the import fails: the message goes below the bar
            let summary = try database.importRegister(
                parsed.register, columns: Set(parsed.columns.keys), headNotMarked: parsed.headNotMarked,
                context: global.context, dryRun: dryRun,
                progress: bar.map { bar in { done, total in bar.show(done: done, total: total) } })
            bar?.finish()
            print(strings(dryRun ? "import.dryRun" : "import.done", [
                "householdsAdded": "\(summary.householdsAdded)", "householdsUpdated": "\(summary.householdsUpdated)",
                "peopleAdded": "\(summary.peopleAdded)", "peopleUpdated": "\(summary.peopleUpdated)",
                "peopleUnchanged": "\(summary.peopleUnchanged)",
            ]))
            if !dryRun {
                print(duplicatesAfterImport(try database.possibleDuplicates(), strings: strings), terminator: "")
            }
        }
    }

    /// The count and the first few pairs, and where to see them all.
    func duplicatesAfterImport(_ report: DuplicateReport, strings: Strings, shown: Int = 3) -> String {
        guard !report.matches.isEmpty else { return strings("duplicates.none") + "\n" }
        var lines = [strings("duplicates.afterImport", ["count": "\(report.matches.count)"])]
        for match in report.matches.prefix(shown) {
            lines.append(strings("duplicates.afterImportShort", [
                "first": "\(match.first.reference) \(match.first.person.fullName)",
                "second": "\(match.second.reference) \(match.second.person.fullName)",
                "evidence": evidenceText(match.evidence, strings: strings),
            ]))
        }
        lines.append(strings("duplicates.afterImportAll"))
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A bar on standard error, `Імпорт ███████░░░  70%`, redrawn in place; only when standard
/// error is a terminal (a pipe or a log file gets nothing).
final class ProgressBar {
    let label: String
    let width = 30
    private var lastPercent = -1

    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A line of text in the bar's place (`Читання файлу…`).
    func note(_ text: String) { write("\r\u{1B}[2K" + text) }

    func clear() { write("\r\u{1B}[2K") }

    func show(done: Int, total: Int) {
        let percent = total > 0 ? min(100, done * 100 / total) : 100
        guard percent != lastPercent else { return }
        lastPercent = percent
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let number = String(percent)
        write("\r\(label) \(bar) \(String(repeating: " ", count: 3 - number.count))\(number)%")
    }

    /// Leaves the full bar on its line and moves below it.
    func finish() {
        if lastPercent >= 0 { write("\n") }
        lastPercent = -1
    }
}
