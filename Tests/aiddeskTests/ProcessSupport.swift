import DeskCore
import DeskResources
import DeskStore
import Foundation

/// Runs the real `aiddesk` binary that `swift test` built next to the test bundle.
enum AidDeskBinary {
    static let url: URL = {
        if let explicit = ProcessInfo.processInfo.environment["AIDDESK_BIN"] {
            return URL(fileURLWithPath: explicit)
        }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("aiddesk")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        // Swift Testing may run from a helper binary: fall back to the package's own build folder.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/aiddesk")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs to completion. The environment is cleaned of the user's AidDesk settings so that a
    /// developer's own database is never touched by a test.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = cleanEnvironment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read before waiting: a full pipe would otherwise block the child forever.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static var cleanEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["AIDDESK_DB", "AIDDESK_OPERATOR", "AIDDESK_DESK", "AIDDESK_PIN", "AIDDESK_NEW_PIN", "XDG_DATA_HOME",
                    "LC_ALL", "LC_MESSAGES"] {
            env[key] = nil
        }
        env["LANG"] = "C.UTF-8"
        env["TZ"] = "Europe/Kyiv"
        return env
    }
}

/// A scratch folder with a database file seeded with a synthetic register.
struct ScratchHub {
    let folder: URL
    var databasePath: String { folder.appendingPathComponent("hub.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func openDatabase() throws -> DeskDatabase {
        try DeskDatabase.open(path: databasePath, catalogue: KitCatalogue(json: DeskResources.kitCatalogueJSON()))
    }

    /// `count` households `00001`..., each with a head and, every third one, a child.
    func seed(households count: Int) throws {
        var households: [Household] = []
        for n in 1...count {
            var members = [
                Person(surname: "Тестенко", givenName: "Олена", patronymic: "Іванівна",
                       birthDate: CivilDate(year: 1970 + n % 30, month: 1 + n % 12, day: 1 + n % 28),
                       sex: .female, isHead: true)
            ]
            if n % 3 == 0 {
                members.append(Person(surname: "Тестенко", givenName: "Марко", patronymic: "Петрович",
                                      birthDate: CivilDate(year: 2015, month: 5, day: 5), sex: .male))
            }
            let number = String(repeating: "0", count: 5 - String(n).count) + String(n)
            households.append(Household(number: number, settlement: n % 2 == 0 ? "Вінниця" : "Бар", members: members))
        }
        let db = try openDatabase()
        _ = try db.importRegister(Register(households: households), context: DeskContext(operatorName: "test", desk: "0"))
    }

    func aiddesk(_ arguments: [String], desk: String = "1", environment: [String: String] = [:]) throws -> AidDeskBinary.Result {
        try AidDeskBinary.run(["--db", databasePath, "--desk", desk, "--operator", "Тест"] + arguments,
                              environment: environment)
    }
}

func householdNumber(_ n: Int) -> String {
    String(repeating: "0", count: 5 - String(n).count) + String(n)
}

func jsonObject(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
}
