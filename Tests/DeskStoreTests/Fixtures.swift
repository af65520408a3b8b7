import DeskCore
import DeskResources
import DeskStore
import Foundation

/// A small synthetic register: made-up names, the shapes a real one has.
enum Fixtures {
    static let kyiv = TimeZone(identifier: "Europe/Kyiv")!
    static let desk1 = DeskContext(operatorName: "Марія", desk: "1", timeZone: kyiv)
    static let desk2 = DeskContext(operatorName: "Олег", desk: "2", timeZone: kyiv)

    static func catalogue() throws -> KitCatalogue {
        try KitCatalogue(json: DeskResources.kitCatalogueJSON())
    }

    static func person(_ surname: String, _ given: String, _ patronymic: String, _ birth: String, _ sex: Sex,
                       head: Bool = false) -> Person {
        Person(surname: surname, givenName: given, patronymic: patronymic, birthDate: CivilDate(parsing: birth),
               sex: sex, phone: head ? "+380671234567" : nil, idpCertificate: nil, isHead: head)
    }

    static var register: Register {
        Register(households: [
            Household(number: "00417", settlement: "Вінниця", members: [
                person("Коваленко", "Олена", "Петрівна", "12.03.1981", .female, head: true),
                person("Коваленко", "Марко", "Іванович", "01.09.2012", .male),
            ]),
            Household(number: "00418", settlement: "Жмеринка", members: [
                person("Бондар", "Василь", "Миколайович", "05.05.1950", .male, head: true),
                person("Бондар", "Ганна", "Степанівна", "17.10.1953", .female),
                person("Бондар", "Ірина", "Василівна", "02.02.1980", .female),
                person("Бондар", "Софія", "Андріївна", "03.03.2015", .female),
                person("Бондар", "Денис", "Андрійович", "04.04.2019", .male),
            ]),
            Household(number: "00419", settlement: "Козятин", members: [
                person("Шевчук", "Галина", "Олексіївна", "20.06.1944", .female, head: true),
            ]),
        ])
    }

    /// A fresh in-memory database with the register and one open distribution.
    static func database(stock: [(kit: String, quantity: Int)] = [("hygiene", 10), ("winterization", 10), ("bedding", 20), ("kitchen", 1)],
                         now: Date = day("2026-11-25", hour: 9)) throws -> (DeskDatabase, Int64) {
        let database = try DeskDatabase.inMemory(catalogue: catalogue())
        _ = try database.importRegister(register, context: desk1, now: now)
        let id = try database.openDistribution(
            name: "Зимова видача", date: CivilDate(now, in: kyiv), place: "Вінниця", stock: stock,
            context: desk1, now: now)
        return (database, id)
    }

    /// `hour:00` Kyiv time on the given day.
    static func day(_ iso: String, hour: Int = 10, minute: Int = 42) -> Date {
        let d = CivilDate(parsing: iso)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = kyiv
        return calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: hour, minute: minute))!
    }
}
