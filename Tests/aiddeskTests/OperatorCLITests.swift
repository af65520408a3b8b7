import DeskCore
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// A scratch hub in signed-in mode: the coordinator Ганна, the volunteer Марія, the assistant Олег,
/// and a distribution open with hygiene kits.
struct SignedInScratchHub {
    static let pins = ["Ганна": "4821", "Марія": "2580", "Олег": "3690"]
    let hub: ScratchHub

    init(households: Int = 6) throws {
        hub = try ScratchHub()
        try hub.seed(households: households)
        let made = try run(["operator", "init", "--name", "Ганна"], pin: "4821")
        #expect(made.status == 0, "\(made.stderr)")
        for (name, role) in [("Марія", "volunteer"), ("Олег", "assistant")] {
            let added = try run(["operator", "add", name, "--role", role], as: "Ганна",
                                environment: ["AIDDESK_NEW_PIN": Self.pins[name]!])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let opened = try run(["distribution", "open", "Зимова видача", "--kit", "hygiene=50"], as: "Ганна")
        #expect(opened.status == 0, "\(opened.stderr)")
    }

    func remove() { hub.remove() }

    /// `aiddesk` on this hub as `name` with that operator's PIN (or `pin`), at `desk`.
    func run(_ arguments: [String], as name: String? = nil, pin: String? = nil, desk: String = "1",
             environment: [String: String] = [:]) throws -> AidDeskBinary.Result {
        var env = environment
        if let name { env["AIDDESK_OPERATOR"] = name }
        let known = name.flatMap { name in Self.pins.first { $0.key.lowercased() == name.lowercased() }?.value }
        if let pin = pin ?? known { env["AIDDESK_PIN"] = pin }
        return try AidDeskBinary.run(["--db", hub.databasePath, "--desk", desk] + arguments, environment: env)
    }
}

/// Runs `arguments` on a pseudo-terminal (util-linux `script`) and answers each question when
/// it appears: `(text to wait for, answer)`. Returns the exit status and everything the terminal showed.
func onTerminal(_ arguments: [String], environment: [String: String] = [:], answers: [(String, String)],
                timeout: TimeInterval = 20) throws -> (status: Int32, transcript: String) {
    let command = ([AidDeskBinary.url.path] + arguments)
        .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qec", command, "/dev/null"]
    process.environment = AidDeskBinary.cleanEnvironment.merging(environment) { _, new in new }
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    let transcript = LockedText()
    output.fileHandleForReading.readabilityHandler = { handle in transcript.append(handle.availableData) }
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    var seenUpTo = 0
    for (question, answer) in answers {
        while true {
            let text = transcript.value
            let rest = String(text.dropFirst(seenUpTo))
            if let range = rest.range(of: question) {
                seenUpTo += rest.distance(from: rest.startIndex, to: range.upperBound)
                break
            }
            guard Date() < deadline, process.isRunning else {
                process.terminate()
                return (-1, transcript.value + "\n[never asked: \(question)]")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.1)
        input.fileHandleForWriting.write(Data((answer + "\n").utf8))
    }
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    Thread.sleep(forTimeInterval: 0.1)
    output.fileHandleForReading.readabilityHandler = nil
    return (process.terminationStatus, transcript.value)
}

final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.withLock { data.append(more) } }
    var value: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

let scriptIsInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

@Suite("aiddesk operator and signing in", .serialized)
struct OperatorCLITests {
    @Test func setupModeKeepsTheOldBehaviourUntilTheFirstCoordinator() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        let list = try hub.aiddesk(["operator", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("Операторів ще немає"))
        #expect(try hub.aiddesk(["status"]).status == 0)
        // Off a terminal the coordinator's PIN comes from $AIDDESK_PIN.
        let noPIN = try hub.aiddesk(["operator", "init", "--name", "Ганна"])
        #expect(noPIN.status == 64)
        #expect(noPIN.stderr.contains("AIDDESK_PIN"))
        let weak = try hub.aiddesk(["operator", "init", "--name", "Ганна"], environment: ["AIDDESK_PIN": "1111"])
        #expect(weak.status == 64)
        #expect(weak.stderr.contains("щонайменше з 4 символів"))
        let made = try hub.aiddesk(["operator", "init", "--name", "Ганна"], environment: ["AIDDESK_PIN": "4821"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Координатора «Ганна» створено"))
        // From now on the tests' usual `--operator Тест` with no PIN is refused.
        let anonymous = try hub.aiddesk(["status"])
        #expect(anonymous.status == 6)
        #expect(anonymous.stderr.contains("Потрібен PIN для «Тест»"))
        let again = try hub.aiddesk(["operator", "init", "--name", "Інша"], environment: ["AIDDESK_PIN": "4821"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("Оператори вже є"))
    }

    @Test func aDemoWhereSigningInIsPractisedAsksForThePIN() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let demo = hub.folder.appendingPathComponent("demo.sqlite").path
        #expect(try AidDeskBinary.run(["demo", "--db", demo, "--status"]).status == 0)
        #expect(try AidDeskBinary.run(["operator", "init", "--name", "Тренер", "--db", demo],
                                      environment: ["AIDDESK_PIN": "4821"]).status == 0)
        #expect(try AidDeskBinary.run(["demo", "--db", demo, "--status", "--operator", "Тренер"]).status == 6)
        let signed = try AidDeskBinary.run(["demo", "--db", demo, "--status", "--operator", "Тренер"],
                                           environment: ["AIDDESK_PIN": "4821"])
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(signed.stdout.contains("Реєстр: сімей —"))
    }

    @Test func wrongPINUnknownOperatorAndRoleHaveTheirOwnMessagesAndStatuses() throws {
        let signed = try SignedInScratchHub()
        defer { signed.remove() }
        let wrong = try signed.run(["status"], as: "Ганна", pin: "0000x")
        #expect(wrong.status == 6)
        #expect(wrong.stderr.contains("Неправильний PIN для «Ганна»"))
        let unknown = try signed.run(["status"], as: "Петро", pin: "4821")
        #expect(unknown.status == 7)
        #expect(unknown.stderr.contains("Оператора «Петро» немає"))
        let nobody = try signed.run(["status"])
        #expect(nobody.status == 7)
        #expect(nobody.stderr.contains("--operator"))

        let issued = try signed.run(["issue", "00001", "hygiene", "--json"], as: "Марія", desk: "2")
        #expect(issued.status == 0, "\(issued.stderr)")
        let void = try signed.run(["void", "1", "--reason", "спроба"], as: "Марія")
        #expect(void.status == 8)
        #expect(void.stderr.contains("Роль «волонтер» не дозволяє анулювати видачі"))
        let english = try signed.run(["--lang", "en", "void", "1", "--reason", "try"], as: "Марія")
        #expect(english.stderr.contains("The volunteer role does not allow you to void issuances"))
        let assistantIssues = try signed.run(["issue", "00002", "hygiene"], as: "Олег")
        #expect(assistantIssues.status == 8)
        #expect(assistantIssues.stderr.contains("Роль «асистент» не дозволяє видавати набори"))
        let assistantLooks = try signed.run(["history", "00001"], as: "олег")
        #expect(assistantLooks.status == 0, "\(assistantLooks.stderr)")
        #expect(assistantLooks.stdout.contains("стіл 2, видав(ла) Марія"))
        #expect(try signed.run(["operator", "add", "Друг", "--role", "coordinator"], as: "Марія",
                               environment: ["AIDDESK_NEW_PIN": "1357"]).status == 8)
        #expect(try signed.run(["export", "registry", "--with-contacts"], as: "Марія").status == 8)
        #expect(try signed.run(["void", "1", "--reason", "помилка"], as: "Ганна").status == 0)

        // Everything done is recorded under the signed-in name, whatever --operator said in what case.
        let history = try signed.run(["history", "00001", "--json"], as: "ГАННА")
        let issuances = jsonObject(history.stdout)?["issuances"] as? [[String: Any]] ?? []
        #expect(issuances.first?["operator"] as? String == "Марія")
        #expect(issuances.first?["voided_by"] as? String == "Ганна")

        let help = try AidDeskBinary.run(["--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("6 wrong PIN"))
        #expect(help.contains("7 unknown or disabled operator; 8 the operator's role does not allow it; 9 locked out"))
    }

    @Test func operatorsAreListedDisabledEnabledAndChangeTheirPIN() throws {
        let signed = try SignedInScratchHub()
        defer { signed.remove() }
        let list = try signed.run(["operator", "list"], as: "Ганна")
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("Марія  волонтер  додав(ла) Ганна"))
        #expect(lines[2].hasPrefix("Олег   асистент"))
        let json = jsonObject(try signed.run(["operator", "list", "--json"], as: "Ганна").stdout)
        let operators = json?["operators"] as? [[String: Any]] ?? []
        #expect(operators.map { $0["role"] as? String } == ["coordinator", "volunteer", "assistant"])
        #expect(json?["setup_mode"] as? Bool == false)

        #expect(try signed.run(["operator", "disable", "Олег"], as: "Ганна").status == 0)
        let disabled = try signed.run(["history", "00001"], as: "Олег")
        #expect(disabled.status == 7)
        #expect(disabled.stderr.contains("вимкнено"))
        #expect(try signed.run(["operator", "list"], as: "Ганна").stdout.contains("вимкнено"))
        let lastCoordinator = try signed.run(["operator", "disable", "Ганна"], as: "Ганна")
        #expect(lastCoordinator.status == 1)
        #expect(lastCoordinator.stderr.contains("останній активний координатор"))
        #expect(try signed.run(["operator", "enable", "Олег"], as: "Ганна").status == 0)
        #expect(try signed.run(["history", "00001"], as: "Олег").status == 0)

        // Марія changes her own PIN; a coordinator sets Олег's.
        let changed = try signed.run(["operator", "pin"], as: "Марія", environment: ["AIDDESK_NEW_PIN": "9517"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try signed.run(["status"], as: "Марія", pin: "9517").status == 0)
        #expect(try signed.run(["status"], as: "Марія").status == 6)
        #expect(try signed.run(["operator", "pin", "Олег"], as: "Ганна", environment: ["AIDDESK_NEW_PIN": "8642"]).status == 0)
        #expect(try signed.run(["status"], as: "Олег", pin: "8642").status == 0)
        #expect(try signed.run(["operator", "pin", "Олег"], as: "Марія", pin: "9517",
                               environment: ["AIDDESK_NEW_PIN": "1470"]).status == 8)
    }

    @Test func aWrongPINMakesTheNextProcessWaitAndFiveLockOut() throws {
        let signed = try SignedInScratchHub()
        defer { signed.remove() }
        let wrong = try signed.run(["status"], as: "Марія", pin: "0000x")
        #expect(wrong.status == 6)
        #expect(wrong.stderr.contains("Наступна спроба через 1 с"))
        // Another process, at once, with the right PIN: it waits out the delay the database recorded.
        let started = Date()
        let right = try signed.run(["status"], as: "Марія", desk: "2")
        #expect(right.status == 0, "\(right.stderr)")
        #expect(Date().timeIntervalSince(started) >= 0.7)

        // Four wrong PINs in a row already (as if typed at other desks); the fifth locks Марія out.
        let database = try signed.hub.openDatabase()
        try database.writer.write { db in
            try db.execute(sql: "UPDATE operator SET failedAttempts = 4, notBefore = NULL WHERE name = 'Марія'")
        }
        let fifth = try signed.run(["status"], as: "Марія", pin: "1111x")
        #expect(fifth.status == 9)
        #expect(fifth.stderr.contains("Забагато неправильних PIN для «Марія»"))
        let locked = try signed.run(["status"], as: "Марія")
        #expect(locked.status == 9)
        #expect(try signed.run(["operator", "list"], as: "Ганна").stdout.contains("заблоковано до"))
        #expect(try signed.run(["operator", "enable", "Марія"], as: "Ганна").status == 0)
        #expect(try signed.run(["status"], as: "Марія").status == 0)
        let audit = try signed.run(["audit", "--action", "signin", "--json"], as: "Ганна")
        let actions = (jsonObject(audit.stdout)?["entries"] as? [[String: Any]] ?? []).map { $0["action"] as? String }
        #expect(actions == ["signin.wrongPIN", "signin.lockedOut"])
    }

    @Test(.enabled(if: scriptIsInstalled, "util-linux script is not installed"))
    func theFirstRunOnATerminalCreatesTheCoordinatorWithAPINTypedWithoutEcho() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        let (status, transcript) = try onTerminal(
            ["status", "--db", hub.databasePath],
            answers: [("Ім'я координатора", "Ганна"), ("Новий PIN", "4821"), ("Ще раз", "4821")])
        #expect(status == 0, "\(transcript)")
        #expect(transcript.contains("Операторів ще немає"))
        #expect(transcript.contains("Координатора «Ганна» створено"))
        #expect(transcript.contains("Реєстр: сімей — 3"))
        #expect(!transcript.contains("4821"), "the PIN was echoed: \(transcript)")

        // Signing in at the prompt: the name, then the PIN without echo; a wrong PIN asks again.
        let (signedIn, session) = try onTerminal(
            ["status", "--db", hub.databasePath],
            answers: [("Оператор:", "ганна"), ("PIN для «ганна»", "7777x"), ("PIN для «ганна»", "4821")])
        #expect(signedIn == 0, "\(session)")
        #expect(session.contains("Неправильний PIN для «Ганна»"))
        #expect(!session.contains("4821") && !session.contains("7777x"), "a PIN was echoed: \(session)")
    }

    @Test(.enabled(if: scriptIsInstalled, "util-linux script is not installed"))
    func theDeskSignsInAtAPlainPromptBeforeTheScreenOpens() throws {
        let signed = try SignedInScratchHub()
        defer { signed.remove() }
        let (status, transcript) = try onTerminal(
            ["--db", signed.hub.databasePath, "--desk", "4"],
            environment: ["TERM": "xterm-256color", "NO_COLOR": "1"],
            answers: [("Оператор:", "марія"), ("PIN для «марія»", "2580"), ("Марія", "\u{11}")])
        #expect(status == 0, "\(transcript)")
        #expect(!transcript.contains("2580"), "the PIN was echoed: \(transcript)")
        let audit = try signed.run(["audit", "--action", "signin", "--json"], as: "Ганна")
        let entries = jsonObject(audit.stdout)?["entries"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["action"] as? String } == ["signin"])
        #expect(entries.first?["operator"] as? String == "Марія")
        #expect(entries.first?["desk"] as? String == "4")
    }

    @Test(.enabled(if: scriptIsInstalled, "util-linux script is not installed"))
    func onATerminalTheFirstRunQuestionCanWait() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 2)
        let (status, transcript) = try onTerminal(["status", "--db", hub.databasePath], answers: [("Ім'я координатора", "")])
        #expect(status == 0, "\(transcript)")
        #expect(transcript.contains("Не зараз"))
        #expect(try !hub.openDatabase().hasOperators())
        // The demo never asks, even on a terminal: it stays in setup mode so that anyone can try it at once.
        let demoPath = hub.folder.appendingPathComponent("demo.sqlite").path
        let (demoStatus, demo) = try onTerminal(["demo", "--db", demoPath, "--status"], answers: [], timeout: 60)
        #expect(demoStatus == 0, "\(demo)")
        #expect(demo.contains("Видача"))
        #expect(!demo.contains("Операторів ще немає"))
    }
}

@Suite("PINs from the earlier build, through the command line")
struct EarlierPINCLITests {
    @Test func aCoordinatorWithAnArgon2idPINIsToldTheWayBackAndTheFileOwnerTakesIt() throws {
        let hub = try SignedInScratchHub()
        defer { hub.remove() }
        // The row as the earlier build left it (DeskStoreTests.EarlierBuildHub holds the real string).
        let argon2id = "$argon2id$v=19$m=65536,t=2,p=1$S6waTV6XdNdzlPKXH2kGCA$fHnUV7A0OuG9CZDHgp0JygHKtpiFydrs3V9L1mrxF9s"
        let queue = try DatabaseQueue(path: hub.hub.databasePath)
        try queue.write { db in try db.execute(sql: "UPDATE operator SET pinHash = ?", arguments: [argon2id]) }
        try queue.close()

        let refused = try hub.run(["status"], as: "Ганна")
        #expect(refused.status == 6)
        #expect(refused.stderr.contains("попередньою версією AidDesk"))
        #expect(refused.stderr.contains("aiddesk operator recover Ганна"))
        let refusedEn = try hub.run(["--lang", "en", "status"], as: "Марія")
        #expect(refusedEn.status == 6)
        #expect(refusedEn.stderr.contains("earlier version of AidDesk"))
        #expect(refusedEn.stderr.contains("aiddesk operator pin Марія"))

        // The test runs as the file's owner (or root), as the hub's laptop account would.
        let recovered = try AidDeskBinary.run(
            ["--db", hub.hub.databasePath, "operator", "recover", "Ганна"], environment: ["AIDDESK_NEW_PIN": "7391"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(recovered.stdout.contains("Ганна"))
        let reset = try hub.run(["operator", "pin", "Марія"], as: "Ганна", pin: "7391",
                                environment: ["AIDDESK_NEW_PIN": "2580"])
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try hub.run(["status"], as: "Марія").status == 0)
        let audit = try hub.run(["audit", "--action", "operator.recover"], as: "Ганна", pin: "7391")
        #expect(audit.stdout.contains("Ганна"))
    }
}

@Suite("A hub with one coordinator is warned")
struct OneCoordinatorCLITests {
    @Test func theListAndTheStatusSayThereIsOnlyOneCoordinatorUntilThereAreTwo() throws {
        let hub = try SignedInScratchHub(households: 2)
        defer { hub.remove() }
        let list = try hub.run(["operator", "list"], as: "Ганна")
        #expect(list.status == 0)
        #expect(list.stderr.contains("лише один координатор («Ганна»)"))
        #expect(list.stderr.contains("aiddesk operator recover"))
        let status = try hub.run(["status"], as: "Ганна")
        #expect(status.status == 0)
        #expect(status.stderr.contains("лише один координатор"))
        #expect(!status.stdout.contains("координатор"))
        // A volunteer is not told about coordinators.
        #expect(!(try hub.run(["status"], as: "Марія")).stderr.contains("координатор"))

        let added = try hub.run(["operator", "add", "Петро", "--role", "coordinator"], as: "Ганна",
                                environment: ["AIDDESK_NEW_PIN": "1357"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(!(try hub.run(["operator", "list"], as: "Ганна")).stderr.contains("лише один координатор"))
        #expect(!(try hub.run(["status"], as: "Ганна")).stderr.contains("лише один координатор"))
    }

    @Test func aLookAlikeNameIsRefusedOnTheCommandLine() throws {
        let hub = try SignedInScratchHub(households: 2)
        defer { hub.remove() }
        let added = try hub.run(["operator", "add", "Мapiя", "--role", "coordinator"], as: "Ганна",
                                environment: ["AIDDESK_NEW_PIN": "1357"])
        #expect(added.status == 1)
        #expect(added.stderr.contains("«Марія» уже є"))
    }
}
