import ArgumentParser
import DeskCore
import DeskResources
import DeskStore
import Foundation
import GRDB

/// Options every command takes: where the data is, who is acting, in which language.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The database file (default: $AIDDESK_DB, else $XDG_DATA_HOME/aiddesk/aiddesk.sqlite).")
    var db: String?

    @Option(name: .long, help: "Interface language: uk (default) or en. Default follows LANG.")
    var lang: Language?

    @Option(name: .customLong("operator"), help: "Who is at the desk (default: $AIDDESK_OPERATOR, else the login name).")
    var operatorName: String?

    @Option(name: .long, help: "Which desk this is (default: $AIDDESK_DESK, else 1).")
    var desk: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var language: Language { lang ?? Language.fromLocale(environment: environment) }

    var context: DeskContext {
        DeskContext(
            operatorName: operatorName ?? environment["AIDDESK_OPERATOR"] ?? environment["USER"] ?? "operator",
            desk: desk ?? environment["AIDDESK_DESK"] ?? "1")
    }

    /// The folder that holds the hub's data: `$XDG_DATA_HOME/aiddesk` or `~/.local/share/aiddesk`.
    var dataFolder: String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/aiddesk" }
        return NSHomeDirectory() + "/.local/share/aiddesk"
    }

    var databasePath: String {
        if let db { return db }
        if let fromEnvironment = environment["AIDDESK_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        return dataFolder + "/aiddesk.sqlite"
    }

    func strings() throws -> Strings {
        try Strings(language: language, json: DeskResources.stringsJSON(language: language.rawValue))
    }

    func catalogue() throws -> KitCatalogue {
        try KitCatalogue(json: DeskResources.kitCatalogueJSON())
    }

    /// The database, signed in as this run's operator (see SignIn.swift): every command that
    /// reads or changes the hub's data comes through here. In setup mode (no operators yet)
    /// nobody signs in.
    ///
    /// - Parameter creating: only the commands that start a hub (`import`, `demo`, `operator init`,
    ///   `restore`) create a database that is not there; every other one refuses a missing file,
    ///   so that a mistyped `--db` never looks like an empty register.
    func openDatabase(path: String? = nil, creating: Bool = false) throws -> DeskDatabase {
        try signIn(to: openWithoutSignIn(path: path, creating: creating))
    }

    /// The database as opened, before anyone signs in: for `operator init` and for deciding
    /// whether a file is the demo's.
    func openWithoutSignIn(path: String? = nil, creating: Bool = false) throws -> DeskDatabase {
        let path = path ?? databasePath
        if !creating { try requireExistingDatabase(path) }
        return try DeskDatabase.open(path: path, catalogue: catalogue(), busy: busyPolicy())
    }
}

extension Language: ExpressibleByArgument {}

extension GlobalOptions {
    static let namesTakingValue: Set<String> = ["--db", "--lang", "--operator", "--desk"]

    /// `--db X status --json` becomes `status --json --db X`.
    static func movingLeadingGlobals(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            guard namesTakingValue.contains(name) else { break }
            if argument.contains("=") || index + 1 >= arguments.count {
                leading.append(argument)
                index += 1
            } else {
                leading += [argument, arguments[index + 1]]
                index += 2
            }
        }
        guard !leading.isEmpty else { return arguments }
        var rest = Array(arguments[index...])
        // Options after a `--` would be read as positional arguments: put them before it.
        let insertAt = rest.firstIndex(of: "--") ?? rest.count
        rest.insert(contentsOf: leading, at: insertAt)
        return rest
    }
}

/// Runs a command body and turns the engine's typed failures into a message in the
/// interface language on stderr and the documented exit status.
func reportingFailures(_ global: GlobalOptions, _ body: (Strings) throws -> Void) throws {
    let strings = try global.strings()
    do {
        do {
            try body(strings)
        } catch let damage as DamagedDatabase {
            throw reportDamage(damage, global, strings)
        } catch let error as DatabaseError where DamagedDatabase.isDamage(error) {
            throw reportDamage(DamagedDatabase(path: global.databasePath, problems: [error.message ?? "\(error.resultCode)"]),
                               global, strings)
        }
    } catch let error where StorageFailure(error, databasePath: global.databasePath) != nil {
        try reportStorageFailure(error, global, strings)
    } catch let error as AccessError {
        printError(strings.explain(error))
        throw ExitCode(AccessExit.status(for: error))
    } catch let refusal as IssueRefusal {
        let catalogue = (try? global.catalogue()) ?? KitCatalogue(kits: [])
        printError(strings.explain(refusal, catalogue: catalogue, timeZone: .current))
        throw ExitCode(exitStatus(for: refusal))
    } catch let refusal as CardRefusal {
        printError(strings.explain(refusal))
        throw ExitCode(5)
    } catch let error as PlanError {
        let catalogue = (try? global.catalogue()) ?? KitCatalogue(kits: [])
        printError(strings.explain(error, catalogue: catalogue))
        switch error {
        case .unknownHouseholds: throw ExitCode(5)
        case .badNumber, .emptyList, .noHouseholdColumn: throw ExitCode(64)
        case .reasonRequired, .distributionClosed, .kitNotInDistribution: throw ExitCode(3)
        }
    } catch let error as EngineError {
        printError(strings.explain(error))
        switch error {
        case .unknownIssuance: throw ExitCode(5)
        case .distributionAlreadyClosed: throw ExitCode(3)
        case .quantityTooLarge: throw ExitCode(64)
        default: throw ExitCode(1)
        }
    } catch let problem as FileSafety.Problem {
        switch problem {
        case .networkFilesystem(let path, let kind):
            printError(strings("error.networkFilesystem", ["path": path, "kind": kind]))
        case .cannotCreate:
            printError(problem.description)
        }
        throw ExitCode(1)
    } catch let error as DatabaseError {
        printError(strings("error.database", ["reason": error.message ?? "\(error.resultCode)"]))
        throw ExitCode(1)
    } catch let error as CommandFailure {
        printError(error.message)
        throw ExitCode(error.status)
    }
}

func exitStatus(for refusal: IssueRefusal) -> Int32 {
    if refusal.isOutOfStock { return 4 }
    if refusal.isRuleRefusal { return 3 }
    switch refusal {
    case .unknownHousehold, .unknownDistribution: return 5
    default: return 1
    }
}

/// A failure with its message already in the user's language.
struct CommandFailure: Error {
    var message: String
    var status: Int32 = 1
}

func printError(_ message: String) {
    writeForTerminal(message + "\n", to: .standardError)
}

/// JSON as scripts read it: UTF-8 Cyrillic unescaped, keys sorted for stable output.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    FileHandle.standardOutput.write(jsonForTerminal(try encoder.encode(value)) + Data("\n".utf8))
}

/// `10:42` in this desk's time zone.
func localTime(_ date: Date) -> String { clockTime(date, timeZone: .current) }

func localDay(_ date: Date) -> String { CivilDate(date, in: .current).dotted }
