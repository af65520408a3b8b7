import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the hub's register (CSV from Excel, one row per person).",
        discussion: """
            UTF-8 (with or without BOM), Windows-1251 or KOI8-U; comma, semicolon or tab: all detected. \
            Headers in Ukrainian or English, any order: № сім'ї/household, Прізвище/surname, \
            Ім'я/given_name, По батькові/patronymic, Дата народження/birth_date, Стать/sex, \
            Телефон/phone, Номер довідки ВПО/idp_certificate, Населений пункт/settlement, Голова/head.
            All or nothing: a file with errors imports nothing and lists every bad row. \
            Importing the same file again changes nothing. Household numbers are compared without \
            their leading zeros (417 is 00417). An Excel workbook must be saved as CSV first.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The register file.") var file: String
    @Flag(name: .customLong("dry-run"), help: "Check the file and say what would change, writing nothing.")
    var dryRun = false

    func run() throws {
        try reportingFailures(global) { strings in
            let data = try RegisterFileReading.contents(of: file, strings: strings)
            let uk = strings.language == .uk
            let bar = ProgressBar(label: strings("importProgress.label"))
            bar?.note(strings("importProgress.reading"))
            let parsed: ParsedRegister
            let result = RegisterParser.parse(data, today: CivilDate(Date(), in: .current))
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
