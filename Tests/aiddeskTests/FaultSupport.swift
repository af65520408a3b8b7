import DeskCore
import DeskResources
import DeskStore
import Foundation
import GRDB
import Testing

// Helpers of the fault tests: runs of the real binary that a test can watch, kill or starve,
// and checks of what must hold afterwards whatever happened.

/// One run of `aiddesk` in a child process, its output collected as it comes (so a test can
/// wait for a message while the run is still going), killable at any moment.
final class DeskRun: @unchecked Sendable {
    let process = Process()
    let started = Date()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private let done = DispatchGroup()

    /// - Parameter launcher: a program and arguments to put in front of the binary (a shell
    ///   that lowers the file-size limit, for instance).
    init(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws {
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [AidDeskBinary.url.path] + arguments
        } else {
            process.executableURL = AidDeskBinary.url
            process.arguments = arguments
        }
        process.environment = AidDeskBinary.cleanEnvironment.merging(environment) { _, new in new }
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        collect(outPipe.fileHandleForReading) { [self] data in out.append(data) }
        collect(errPipe.fileHandleForReading) { [self] data in err.append(data) }
    }

    private func collect(_ handle: FileHandle, into append: @escaping @Sendable (Data) -> Void) {
        done.enter()
        let thread = Thread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                lock.lock()
                append(data)
                lock.unlock()
            }
            done.leave()
        }
        thread.start()
    }

    var stdout: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: out, as: UTF8.self)
    }

    var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: err, as: UTF8.self)
    }

    var isRunning: Bool { process.isRunning }

    func kill() {
        if process.isRunning { sendSignal(process.processIdentifier, SIGKILL) }
    }

    /// Waits until stderr holds `text` (case-insensitive); false after `timeout` seconds.
    func waitForStderr(containing text: String, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stderr.lowercased().contains(text.lowercased()) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    struct Outcome: Sendable {
        var status: Int32
        /// Ended by a signal: our SIGKILL, or a crash.
        var signalled: Bool
        var stdout: String
        var stderr: String
        var seconds: TimeInterval
    }

    func wait() -> Outcome {
        process.waitUntilExit()
        done.wait()
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            stdout: stdout, stderr: stderr, seconds: Date().timeIntervalSince(started))
    }
}

func sendSignal(_ pid: pid_t, _ signal: Int32) {
    _ = kill(pid, signal)
}

/// A hub database in a folder of the test's choosing (a small filesystem, for instance).
struct FaultHub: Sendable {
    let folder: URL
    var databasePath: String { folder.appendingPathComponent("hub.sqlite").path }

    /// A new scratch folder under the temporary directory.
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    init(folder: URL) { self.folder = folder }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func openDatabase() throws -> DeskDatabase {
        try DeskDatabase.open(path: databasePath, catalogue: KitCatalogue(json: DeskResources.kitCatalogueJSON()))
    }

    /// A plain SQLite connection for looking at the rows (the test's own, not a desk).
    func inspect<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: databasePath)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// `count` households `00001`…, every third with a second member.
    func seed(households count: Int) throws {
        let households = (1...count).map { n in
            var members = [
                Person(surname: "Тестенко", givenName: "Олена", patronymic: "Іванівна",
                       birthDate: CivilDate(year: 1970 + n % 30, month: 1 + n % 12, day: 1 + n % 28),
                       sex: .female, isHead: true)
            ]
            if n % 3 == 0 {
                members.append(Person(surname: "Тестенко", givenName: "Марко", patronymic: "Петрович",
                                      birthDate: CivilDate(year: 2015, month: 5, day: 5), sex: .male))
            }
            return Household(number: householdNumber(n), settlement: n % 2 == 0 ? "Вінниця" : "Бар", members: members)
        }
        _ = try openDatabase().importRegister(
            Register(households: households), context: DeskContext(operatorName: "test", desk: "0"))
    }

    func arguments(_ arguments: [String], desk: String, operatorName: String) -> [String] {
        ["--db", databasePath, "--desk", desk, "--operator", operatorName] + arguments
    }

    /// Runs to completion.
    func aiddesk(
        _ arguments: [String], desk: String = "1", operatorName: String = "Тест", environment: [String: String] = [:]
    ) throws -> DeskRun.Outcome {
        try DeskRun(self.arguments(arguments, desk: desk, operatorName: operatorName), environment: environment).wait()
    }

    /// Starts a run and returns at once.
    func start(
        _ arguments: [String], desk: String = "1", operatorName: String = "Тест", environment: [String: String] = [:],
        launcher: [String] = []
    ) throws -> DeskRun {
        try DeskRun(self.arguments(arguments, desk: desk, operatorName: operatorName), environment: environment,
                    launcher: launcher)
    }

    /// Every issuance row: id, household number, kit, desk, voided.
    func issuances() throws -> [IssuanceRow] {
        try inspect { db in
            try Row.fetchAll(db, sql: """
                SELECT i.id, h.number, i.kitCode, i.quantity, i.desk, i.voidedAt IS NOT NULL AS voided, i.voidedBy
                FROM issuance i JOIN household h ON h.id = i.householdId ORDER BY i.id
                """).map {
                IssuanceRow(id: $0[0], household: $0[1], kit: $0[2], quantity: $0[3], desk: $0[4], voided: $0[5],
                            voidedBy: $0[6])
            }
        }
    }
}

struct IssuanceRow: Sendable, Hashable {
    var id: Int64
    var household: String
    var kit: String
    var quantity: Int
    var desk: String
    var voided: Bool
    var voidedBy: String?
}

/// What no volunteer may ever see: SQLite's own words, or a crash.
func rawFailureText(in stderr: String) -> String? {
    let lowered = stderr.lowercased()
    for marker in ["database is locked", "database table is locked", "sqlite error", "sqlite", "fatal error",
                   "program crashed", "stack dump", "backtrace", "illegal instruction", "segmentation fault"]
    where lowered.contains(marker) {
        return marker
    }
    return nil
}

/// `issue --json` output: the records written.
func issuedRecords(_ stdout: String) -> [(id: Int64, kit: String)] {
    guard let issued = jsonObject(stdout)?["issued"] as? [[String: Any]] else { return [] }
    return issued.compactMap { entry in
        guard let id = entry["id"] as? Int, let kit = entry["kit"] as? String else { return nil }
        return (Int64(id), kit)
    }
}

/// A thread-safe tally shared by the tasks of one test.
final class Tally<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func update<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
    var current: Value { update { $0 } }
}
