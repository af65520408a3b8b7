import ArgumentParser
import DeskCore
import DeskResources
import DeskStore
import DeskUI
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open the desk on a demo hub: ~1,900 synthetic people in ~860 households.",
        discussion: """
            The demo lives in its own file (demo.sqlite in the data folder, or --db), never in the real \
            database: a file that holds a real register is refused. It is made once and reused, so several \
            terminals can work on the same demo day; --fresh makes it anew. Every name, phone and \
            certificate number in it is generated.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var screen: ScreenOptions
    @Flag(help: "Delete the demo database and make it anew.") var fresh = false
    @Flag(name: .customLong("status"), help: "Print the demo's status instead of opening the desk.")
    var statusOnly = false
    @Option(
        name: .customLong("register-csv"),
        help: "Write the demo register as Excel saves it (Windows-1251, semicolons) to this file, to try `aiddesk import`; no database is touched.")
    var registerCSV: String?

    func run() throws {
        try reportingFailures(global) { strings in
            if let registerCSV {
                let register = try DemoHub.register(today: CivilDate(Date(), in: .current))
                guard let data = RegisterWriter.csv(register, flavour: .excel1251, withContacts: true) else {
                    throw CommandFailure(message: "Windows-1251 cannot hold every demo name")
                }
                try writeOutput(data, to: registerCSV, global: global, strings: strings)
                printError(strings("demo.registerWritten", [
                    "path": registerCSV, "households": "\(register.households.count)", "people": "\(register.peopleCount)",
                ]))
                return
            }
            // $AIDDESK_DB names the real database: the demo never takes it.
            let path = global.db ?? global.dataFolder + "/demo.sqlite"
            if FileManager.default.fileExists(atPath: path) {
                let existing = try global.openWithoutSignIn(path: path)
                guard try existing.isDemoOrEmpty() else {
                    throw CommandFailure(message: strings("error.notDemoDatabase", ["path": path]))
                }
                if fresh {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            }
            // A new demo is in setup mode; one where someone practised `operator init` signs in.
            let opened = try global.openWithoutSignIn(path: path, creating: true)
            let database = try opened.hasOperators() ? global.signIn(to: opened, record: !statusOnly) : opened
            if try database.status().households == 0 {
                let made = try DemoHub.build(into: database, strings: strings)
                printError(strings("demo.created", [
                    "path": path, "households": "\(made.households)", "people": "\(made.people)",
                    "distribution": made.distribution,
                ]))
            } else {
                printError(strings("demo.existing", ["path": path]))
            }
            if statusOnly {
                print(render(try database.status(), strings: strings, catalogue: database.catalogue))
                return
            }
            try openDesk(global: global, screen: screen, strings: strings, path: path, mode: .desk, signedIn: database)
        }
    }
}

/// A demo day in progress: the register, last month's distribution (closed, so the "once a
/// season" rule shows), and today's with stock and the morning's first families served.
enum DemoHub {
    /// The demo's synthetic register: the same on every machine for the same day.
    static func register(today: CivilDate) throws -> Register {
        let names = try DemoNames(
            maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
            femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
            surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
            settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
        return DemoRegister.generate(
            households: DemoRegister.defaultHouseholds, names: names, seed: DemoRegister.defaultSeed, today: today)
    }

    static func build(into database: DeskDatabase, strings: Strings, now: Date = Date())
        throws -> (households: Int, people: Int, distribution: String)
    {
        let today = CivilDate(now, in: .current)
        let register = try register(today: today)
        let coordinator = DeskContext(operatorName: "Координатор", desk: "1")
        try database.markAsDemo(context: coordinator)
        _ = try database.importRegister(register, context: coordinator, now: now)

        // Last month: winterization and hygiene for about a quarter of the families.
        let earlier = now.addingTimeInterval(-40 * 86_400)
        let autumn = try database.openDistribution(
            name: strings.language == .uk ? "Осіння видача" : "Autumn distribution",
            date: CivilDate(earlier, in: .current), place: "Вінниця", stock: [("hygiene", 250), ("winterization", 250)],
            context: coordinator, now: earlier)
        let numbers = register.households.map(\.number)
        for (i, number) in numbers.enumerated() where i % 4 == 1 {
            let at = earlier.addingTimeInterval(Double(i) * 20)
            _ = try database.issue(
                household: number, kits: ["hygiene", "winterization"], distribution: autumn,
                context: DeskContext(operatorName: "Оксана", desk: "\(1 + i % 2)"), now: at)
        }
        try database.closeDistribution(id: autumn, context: coordinator, now: earlier.addingTimeInterval(8 * 3600))

        // Today: the distribution is open and the first families have been served.
        let name = strings("demo.distributionName")
        let opened = now.addingTimeInterval(-90 * 60)
        let current = try database.openDistribution(
            name: name, date: today, place: "Вінниця",
            stock: [("hygiene", 400), ("winterization", 180), ("bedding", 600), ("kitchen", 120), ("blanket", 300)],
            context: coordinator, now: opened)
        for (i, number) in numbers.enumerated() where i % 29 == 3 {
            let at = opened.addingTimeInterval(Double(i) * 6)
            let kits = i % 2 == 0 ? ["hygiene", "bedding"] : ["hygiene", "kitchen"]
            _ = try database.issue(
                household: number, kits: kits, distribution: current,
                context: DeskContext(operatorName: i % 3 == 0 ? "Марія" : "Олег", desk: "\(1 + i % 3)"), now: at)
        }
        return (register.households.count, register.peopleCount, name)
    }
}
