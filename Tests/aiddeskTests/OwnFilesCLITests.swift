import DeskCore
import Foundation
import Testing

/// Runs the binary under `umask 022`, the usual default, whatever the test runner's own umask.
func aiddeskUnderUmask022(_ arguments: [String]) throws -> AidDeskBinary.Result {
    let quoted = ([AidDeskBinary.url.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "umask 022; exec " + quoted.joined(separator: " ")]
    process.environment = AidDeskBinary.cleanEnvironment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return .init(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                 stderr: String(decoding: errData, as: UTF8.self))
}

func permissions(_ path: String) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
}

@Suite("Our own files are sacred: no command writes over the database, its journal or a backup", .serialized)
struct OwnFilesCLITests {
    /// Every command that writes a file, with the output path last.
    static let writers: [[String]] = [
        ["export", "registry", "--out"],
        ["export", "registry", "--with-contacts", "--out"],
        ["export", "issuances", "--out"],
        ["report", "--out"],
        ["report", "--format", "csv", "--out"],
        ["sheet", "--out"],
        ["demo", "--register-csv"],
    ]

    func hubWithADay() throws -> ScratchHub {
        let hub = try ScratchHub()
        try hub.seed(households: 3)
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=5"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00001", "hygiene"]).status == 0)
        return hub
    }

    /// The register and the issuance still there, and SQLite finds the file sound.
    func expectIntact(_ hub: ScratchHub, _ context: String) throws {
        let check = try hub.aiddesk(["check"])
        #expect(check.status == 0, "\(context): \(check.stdout) \(check.stderr)")
        let history = try hub.aiddesk(["history", "00001"])
        #expect(history.status == 0 && history.stdout.contains("Гігієнічний набір"), "\(context)")
    }

    @Test func theDatabaseItsJournalAndEveryOtherSpellingOfItAreRefused() throws {
        let hub = try hubWithADay()
        defer { hub.remove() }
        let symlink = hub.folder.appendingPathComponent("looks-like-a-report.csv").path
        try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: hub.databasePath)
        let hardLink = hub.folder.appendingPathComponent("hard-link.csv").path
        try FileManager.default.linkItem(atPath: hub.databasePath, toPath: hardLink)
        let dotted = hub.folder.appendingPathComponent("./../\(hub.folder.lastPathComponent)/hub.sqlite").path
        let targets = [hub.databasePath, dotted, symlink, hardLink, hub.databasePath + "-wal", hub.databasePath + "-shm"]
        for writer in Self.writers {
            for target in targets {
                let run = try hub.aiddesk(writer + [target])
                #expect(run.status == 64, "\(writer) \(target): \(run.status) \(run.stderr)")
                #expect(run.stderr.contains("Не записано"), "\(writer) \(target): \(run.stderr)")
                #expect(FileSafetyProbe.isSQLite(hub.databasePath), "\(writer) \(target) overwrote the database")
                try expectIntact(hub, "\(writer) \(target)")
            }
        }
        let english = try hub.aiddesk(["--lang", "en", "report", "--out", hub.databasePath])
        #expect(english.status == 64 && english.stderr.contains("Not written"), "\(english.stderr)")
    }

    @Test func backupsAndAnyOtherDatabaseFileAreRefused() throws {
        let hub = try hubWithADay()
        defer { hub.remove() }
        let made = try hub.aiddesk(["backup"])
        #expect(made.status == 0, "\(made.stderr)")
        let backups = hub.folder.appendingPathComponent("backups").path
        let kept = try #require(try FileManager.default.contentsOfDirectory(atPath: backups).first { $0.hasSuffix(".sqlite") })
        let elsewhere = hub.folder.appendingPathComponent("copy-for-the-office.sqlite").path
        #expect(try hub.aiddesk(["backup", elsewhere]).status == 0)
        for writer in Self.writers {
            for target in [backups + "/" + kept, backups + "/new-report.csv", elsewhere] {
                let before = try? Data(contentsOf: URL(fileURLWithPath: target))
                let run = try hub.aiddesk(writer + [target])
                #expect(run.status == 64, "\(writer) \(target): \(run.stderr)")
                #expect((try? Data(contentsOf: URL(fileURLWithPath: target))) == before, "\(writer) \(target)")
            }
        }
        // `backup DEST` takes the same check: a backup never lands on the database's journal.
        #expect(try hub.aiddesk(["backup", hub.databasePath + "-journal"]).status == 64)
        try expectIntact(hub, "after the backups")
        // An ordinary file beside them is written as before.
        let report = hub.folder.appendingPathComponent("zvit.csv").path
        #expect(try hub.aiddesk(["report", "--format", "csv", "--out", report]).status == 0)
    }

    @Test func filesWithPeoplesDataAreOwnerOnlyWhateverTheUmask() throws {
        let hub = try hubWithADay()
        defer { hub.remove() }
        let outputs: [(arguments: [String], name: String)] = [
            (["export", "registry", "--with-contacts", "--out"], "register.csv"),
            (["export", "issuances", "--with-contacts", "--excel", "--out"], "issuances.csv"),
            (["sheet", "--out"], "vidomist.html"),
            (["sheet", "--out"], "vidomist.csv"),
            (["report", "--format", "json", "--out"], "zvit.json"),
            (["report", "--out"], "zvit.txt"),
            (["demo", "--register-csv"], "demo-register.csv"),
        ]
        for output in outputs {
            let path = hub.folder.appendingPathComponent(output.name).path
            // Also when the file was there before, readable by all: it is replaced, not kept 0644.
            #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8),
                                                   attributes: [.posixPermissions: 0o644]))
            let run = try aiddeskUnderUmask022(["--db", hub.databasePath, "--operator", "Тест"] + output.arguments + [path])
            #expect(run.status == 0, "\(output.arguments): \(run.stderr)")
            #expect(try permissions(path) == 0o600, "\(output.name)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != Data("old".utf8))
        }
        let backup = hub.folder.appendingPathComponent("backup.sqlite").path
        #expect(try aiddeskUnderUmask022(["--db", hub.databasePath, "backup", backup]).status == 0)
        #expect(try permissions(backup) == 0o600)
        let fresh = hub.folder.appendingPathComponent("new/hub.sqlite").path
        #expect(try aiddeskUnderUmask022(["--db", fresh, "import", hub.folder.appendingPathComponent("register.csv").path]).status == 0)
        #expect(try permissions(fresh) == 0o600)
        #expect(try permissions(hub.folder.appendingPathComponent("new").path) == 0o700)
    }

    @Test func aCommandThatOnlyReadsRefusesADatabaseThatIsNotThere() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let missing = hub.folder.appendingPathComponent("no/such/dir/x.sqlite").path
        let commands: [[String]] = [
            ["status"], ["status", "--json"], ["history", "00001"], ["find", "Тестенко"], ["report"], ["audit"],
            ["export", "registry"], ["check"], ["issue", "00001", "hygiene"], ["distribution", "list"],
            ["distribution", "open", "Видача", "--kit", "hygiene=5"], ["queue"], ["absent"], ["backup"],
            ["stock", "adjust", "hygiene", "5", "--reason", "x"], ["duplicates"], ["sheet"], ["operator", "list"],
        ]
        for command in commands {
            let run = try AidDeskBinary.run(["--db", missing] + command)
            #expect(run.status == 5, "\(command): \(run.status) \(run.stdout) \(run.stderr)")
            #expect(run.stderr.contains(missing) && run.stderr.contains("aiddesk import"), "\(command): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: hub.folder.appendingPathComponent("no").path),
                    "\(command) created the folders")
        }
        let english = try AidDeskBinary.run(["--db", missing, "--lang", "en", "status"])
        #expect(english.status == 5 && english.stderr.contains("There is no database at"))
        // The commands that start a hub still may.
        let started = try AidDeskBinary.run(["--db", missing, "operator", "init", "--name", "Ганна"],
                                            environment: ["AIDDESK_PIN": "4821"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(FileManager.default.fileExists(atPath: missing))
    }
}

enum FileSafetyProbe {
    static func isSQLite(_ path: String) -> Bool {
        (try? Data(contentsOf: URL(fileURLWithPath: path)).prefix(16)) == Data("SQLite format 3\0".utf8)
    }
}
