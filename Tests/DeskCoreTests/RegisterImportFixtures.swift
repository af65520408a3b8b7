import DeskCore
import Foundation
import Testing

/// Helpers for the register import tests. All names are made up.
enum RegisterImportFixture {
    static let today = CivilDate(year: 2026, month: 3, day: 1)!

    static let ukrainianHeader = "№ сім'ї;Прізвище;Ім'я;По батькові;Дата народження;Стать;Телефон;Номер довідки ВПО;Населений пункт;Голова;Інвалідність"
    static let englishHeader = "household;surname;given_name;patronymic;birth_date;sex;phone;idp_certificate;settlement;head;disability"

    /// A small register, semicolon-separated, Ukrainian header.
    static let sampleRows = [
        "0012;Вигаденко;Олена;Петрівна;01.03.1957;ж;050 123 45 67;0000-1111111111;Бориспіль;так;ІІ група",
        "0012;Вигаденко;Максим;Іванович;1985-11-02;ч;;;Бориспіль;;ні",
        "7;Несправжня;Марʼяна;;;ж;;;Обухів;",
    ]

    static func lines(_ lines: [String], ending: String = "\n") -> String {
        lines.joined(separator: ending) + ending
    }

    static func parse(_ text: String, today: CivilDate = today) -> Result<ParsedRegister, RegisterImportFailure> {
        RegisterParser.parse(Data(text.utf8), today: today)
    }

    /// The register, or a recorded issue and a thrown error.
    static func parsed(
        _ data: Data, today: CivilDate = today, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ParsedRegister {
        switch RegisterParser.parse(data, today: today) {
        case .success(let parsed):
            return parsed
        case .failure(let failure):
            Issue.record("expected a register, got:\n\(failure)", sourceLocation: sourceLocation)
            throw failure
        }
    }

    static func parsed(
        _ text: String, today: CivilDate = today, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ParsedRegister {
        try parsed(Data(text.utf8), today: today, sourceLocation: sourceLocation)
    }

    struct UnexpectedSuccess: Error {}

    /// The problems, or a recorded issue if the text parsed.
    static func problems(
        _ data: Data, today: CivilDate = today, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [RegisterProblem] {
        switch RegisterParser.parse(data, today: today) {
        case .success(let parsed):
            Issue.record("expected problems, got \(parsed.rowCount) rows", sourceLocation: sourceLocation)
            throw UnexpectedSuccess()
        case .failure(let failure):
            return failure.problems
        }
    }

    static func problems(
        _ text: String, today: CivilDate = today, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [RegisterProblem] {
        try problems(Data(text.utf8), today: today, sourceLocation: sourceLocation)
    }

    /// Parses a one-person register with `column` set to `value` (the other columns fixed).
    static func single(column: String, value: String) -> Result<ParsedRegister, RegisterImportFailure> {
        parse(lines(["household;surname;given_name;\(column)", "1;Вигаденко;Олена;\(value)"]))
    }

    static func onlyPerson(_ parsed: ParsedRegister) -> Person? {
        parsed.register.households.first?.members.first
    }

    /// A large synthetic register: `households` families of 1 to 4 people, all columns filled.
    static func large(rows: Int) -> Data {
        let surnames = ["Вигаденко", "Несправжній", "Уявний", "Примарний", "Тестовий", "Зразковий"]
        let given = ["Олена", "Марʼяна", "Ігор", "Євген", "Ґанна", "Юрій", "Їжена", "Остап"]
        var text = ukrainianHeader + "\r\n"
        text.reserveCapacity(rows * 130)
        var household = 0
        var row = 0
        while row < rows {
            household += 1
            let size = min(1 + household % 4, rows - row)
            for member in 0..<size {
                let day = 1 + (row % 28)
                let month = 1 + (row % 12)
                let year = 1930 + (row % 90)
                let date = member % 2 == 0 ? "\(day).\(month).\(year)" : "\(year)-\(month < 10 ? "0" : "")\(month)-0\(day % 9 + 1)"
                let phone = member == 0 ? "(050) \(100 + row % 900)-\(10 + row % 90)-\(10 + household % 90)" : ""
                text += "\(String(format: "%06d", household));\(surnames[row % surnames.count])-\(row);"
                    + "\(given[row % given.count]);Петрович;\(date);\(member % 2 == 0 ? "ч" : "ж");\(phone);"
                    + "ВПО \(row);\"Київ, Оболонь\";\(member == 0 ? "так" : "");\(row % 19 == 0 ? "так" : "")\r\n"
                row += 1
            }
        }
        return Data(text.utf8)
    }
}
