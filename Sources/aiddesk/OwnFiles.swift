import DeskCore
import DeskStore
import Foundation

// Our own files are sacred: no command writes over the database, its companions or a backup.

extension GlobalOptions {
    /// Every database this run could mean: the one it works on, the real hub's default and the
    /// demo's. A file a command writes may be none of them (nor their -wal, -shm, backups).
    var protectedDatabases: [String] {
        var paths = [databasePath, dataFolder + "/aiddesk.sqlite", dataFolder + "/demo.sqlite"]
        if let fromEnvironment = environment["AIDDESK_DB"], !fromEnvironment.isEmpty { paths.append(fromEnvironment) }
        return paths
    }
}

extension Strings {
    func explain(_ refusal: FileSafety.OwnFile) -> String {
        switch refusal.kind {
        case .database: return self("files.output.database", ["path": refusal.path])
        case .backup: return self("files.output.backup", ["path": refusal.path])
        case .sqliteFile: return self("files.output.sqlite", ["path": refusal.path])
        }
    }
}

extension GlobalOptions {
    /// Refuses a database file that is not there (exit 5), naming the path and the ways a hub
    /// begins: a command that only reads or changes records must never create an empty hub.
    func requireExistingDatabase(_ path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let strings = try strings()
        throw CommandFailure(message: strings("files.noDatabase", ["path": path]), status: 5)
    }
}

/// What every command says on a damaged database file: SQLite's words as a list, and the way
/// back (`aiddesk restore` with the newest backup, when there is one). Exit 2.
func reportDamage(_ damage: DamagedDatabase, _ global: GlobalOptions, _ strings: Strings) -> CommandFailure {
    let folder = URL(fileURLWithPath: damage.path).deletingLastPathComponent().appendingPathComponent("backups").path
    let newest = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasPrefix("aiddesk-") && $0.hasSuffix(".sqlite") }.sorted().last
    var lines = [strings("files.damaged", ["path": damage.path])]
    lines += damage.problems.prefix(10).map { "  - " + $0 }
    if damage.problems.count > 10 { lines.append("  - …") }
    if let newest {
        lines.append(strings("files.damaged.restoreNewest", ["backup": folder + "/" + newest]))
    } else {
        lines.append(strings("files.damaged.restoreAny", ["folder": folder]))
    }
    return CommandFailure(message: lines.joined(separator: "\n"), status: 2)
}
