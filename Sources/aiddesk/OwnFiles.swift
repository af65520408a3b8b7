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
