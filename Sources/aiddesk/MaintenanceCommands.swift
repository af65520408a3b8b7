import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database while desks keep working (SQLite's online backup).",
        discussion: "Without DEST the copy goes to backups/ in the data folder, named by the time (to the millisecond); the newest 10 are kept.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Where to write the copy (a new file).") var destination: String?

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let path: String
            if let destination {
                do {
                    try FileSafety.checkOutput(destination, protecting: global.protectedDatabases)
                } catch let refusal as FileSafety.OwnFile {
                    throw CommandFailure(message: strings.explain(refusal), status: 64)
                }
                guard !FileManager.default.fileExists(atPath: destination) else {
                    throw CommandFailure(message: strings("backup.exists", ["path": destination]))
                }
                try database.backup(to: destination)
                path = destination
            } else {
                path = try database.rotatingBackup(in: backupFolder(global))
            }
            print(strings("backup.done", ["path": path]))
        }
    }
}

/// `backups/` beside the database file: backups stay on the same private disk as the data.
func backupFolder(_ global: GlobalOptions) -> String {
    URL(fileURLWithPath: global.databasePath).deletingLastPathComponent().appendingPathComponent("backups").path
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup (the current state is backed up first).",
        discussion: """
            Today's operators stay, and so do today's audit entries the backup does not have; \
            distributions purged before the restore are purged again if the backup still has their names; the \
            restore itself is written in the audit log (restore), under the operator and desk.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file.") var file: String
    @Flag(name: [.customLong("accept-loss"), .customLong("yes")],
          help: "Restore even though the backup lacks some of today's issuances, voids or check-ins (they are listed; the safety copy keeps them).")
    var acceptLoss = false

    func run() throws {
        try reportingFailures(global) { strings in
            guard FileManager.default.fileExists(atPath: file) else {
                throw CommandFailure(message: strings("error.cannotRead", ["path": file, "reason": "—"]), status: 5)
            }
            let database: DeskDatabase
            let safety: String
            do {
                database = try global.openDatabase(creating: true)
                // What the backup lacks is said before anything is copied or replaced.
                let loss: RestoreLoss
                do {
                    loss = try database.restoreLoss(from: file)
                } catch let error as DeskDatabase.RestoreError {
                    throw restoreFailure(error, strings)
                }
                if !loss.isEmpty {
                    guard acceptLoss else { throw restoreFailure(.wouldLose(loss), strings) }
                    printError(describe(loss, strings) + "\n" + strings("restore.lossAccepted"))
                }
                safety = try database.rotatingBackup(in: backupFolder(global))
            } catch is DamagedDatabase {
                // Nothing of a damaged file can be kept: it moves aside whole and the backup comes back.
                let damaged: String
                do {
                    damaged = try DeskDatabase.replaceDamaged(at: global.databasePath, with: file)
                } catch let error as DeskDatabase.RestoreError {
                    throw restoreFailure(error, strings)
                }
                try global.openDatabase().recordRestoreOverDamaged(source: file, damagedCopy: damaged, context: global.context)
                print(strings("restore.overDamaged", ["damaged": damaged, "path": file]))
                return
            }
            let outcome: RestoreOutcome
            do {
                outcome = try database.restoreBackup(from: file, safetyCopy: safety, context: global.context,
                                                     acceptingLoss: acceptLoss)
            } catch let error as DeskDatabase.RestoreError {
                throw restoreFailure(error, strings)
            }
            print(strings("restore.done", ["path": file, "safety": safety]))
            if outcome.auditCarried > 0 { print(strings("restore.auditCarried", ["count": "\(outcome.auditCarried)"])) }
            if outcome.purgedAgain > 0 { print(strings("restore.purgedAgain", ["count": "\(outcome.purgedAgain)"])) }
        }
    }
}

extension RestoreCommand {
    func restoreFailure(_ error: DeskDatabase.RestoreError, _ strings: Strings) -> CommandFailure {
        switch error {
        case .damaged(let detail): return CommandFailure(message: strings("restore.damaged", ["path": file, "detail": detail]))
        case .notAnAidDeskDatabase: return CommandFailure(message: strings("restore.notOurs", ["path": file]))
        case .demoIntoRealHub: return CommandFailure(message: strings("restore.demoIntoReal", ["path": file]), status: 3)
        case .realIntoDemo: return CommandFailure(message: strings("restore.realIntoDemo", ["path": file]), status: 3)
        case .wouldLose(let loss):
            return CommandFailure(
                message: describe(loss, strings) + "\n" + strings("restore.lossRefused"), status: 3)
        }
    }

    /// Every record the restore would lose, one a line.
    func describe(_ loss: RestoreLoss, _ strings: Strings) -> String {
        let catalogue = (try? global.catalogue()) ?? KitCatalogue(kits: [])
        func line(_ key: String, _ issuance: RestoreLoss.Issuance) -> String {
            strings(key, [
                "id": "\(issuance.id)", "household": issuance.household,
                "kit": catalogue[issuance.kit]?.name(in: strings.language) ?? issuance.kit, "quantity": "\(issuance.quantity)",
                "at": localDay(issuance.issuedAt) + " " + localTime(issuance.issuedAt), "distribution": issuance.distribution,
            ])
        }
        var lines = [strings("restore.lossHeader", ["path": file])]
        lines += loss.issuances.map { line("restore.lostIssuance", $0) }
        lines += loss.voids.map { line("restore.lostVoid", $0) }
        lines += loss.checkIns.map {
            strings("restore.lostCheckIn", ["household": $0.household, "distribution": $0.distribution,
                                            "at": localDay($0.checkedInAt) + " " + localTime($0.checkedInAt)])
        }
        return lines.joined(separator: "\n")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database: SQLite's integrity check and the engine's invariants.",
        discussion: "Exit status 0 when all is well, 2 when something is wrong (each problem is listed).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures(global) { strings in
            let database = try global.openDatabase()
            let problems = try database.check()
            guard !problems.isEmpty else {
                print(strings("check.ok"))
                return
            }
            for problem in problems { print(strings.explain(problem)) }
            throw CommandFailure(message: strings("check.failed", ["count": "\(problems.count)"]), status: 2)
        }
    }
}
