import DeskCore
import Foundation
import GRDB

/// The database file is damaged, or is no database at all: SQLite's own words in `problems`.
/// Whatever the command, nothing more is done on it; the way back is `aiddesk restore`.
public struct DamagedDatabase: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var problems: [String]

    public init(path: String, problems: [String]) {
        self.path = path
        self.problems = problems
    }

    public var description: String { "\(path) is damaged: " + problems.joined(separator: "; ") }

    /// True for SQLite's "damaged" and "not a database" answers.
    public static func isDamage(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// Runs `body`, turning SQLite's corruption errors into a `DamagedDatabase` for `path`.
    static func translating<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where isDamage(error) {
            throw DamagedDatabase(path: path, problems: [error.message ?? "\(error.resultCode)"])
        }
    }
}

extension DeskDatabase {
    /// Puts the backup at `source` in place of the damaged database file at `path`, which moves,
    /// with its `-wal` and `-shm`, into `backups/` as `damaged-….sqlite` (a name the rotation
    /// never counts nor deletes). Nothing of the damaged file can be read, so the backup comes
    /// back whole, its operators included: whoever signs in next signs in as the backup knows them.
    /// Returns where the damaged file went.
    public static func replaceDamaged(at path: String, with source: String, now: Date = Date()) throws -> String {
        try verifyBackup(source)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("backups").path
        let claimed = try claimBackupName(in: folder, now: now)
        let kept = URL(fileURLWithPath: claimed).deletingLastPathComponent()
            .appendingPathComponent("damaged-" + URL(fileURLWithPath: claimed).lastPathComponent).path
        try? FileManager.default.removeItem(atPath: claimed + ".partial")
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            guard rename(path + suffix, kept + suffix) == 0 else {
                throw FileSafety.Problem.cannotCreate(path: kept + suffix, reason: String(cString: strerror(errno)))
            }
        }
        try FileSafety.prepareDatabaseFile(at: path)
        var config = Configuration()
        config.readonly = true
        let backup = try DatabaseQueue(path: source, configuration: config)
        defer { try? backup.close() }
        let target = try DatabaseQueue(path: path)
        try backup.backup(to: target)
        try target.close()
        return kept
    }

    /// Refuses a backup that SQLite finds damaged, or that is no AidDesk database.
    static func verifyBackup(_ source: String) throws {
        var config = Configuration()
        config.readonly = true
        let (integrity, isOurs): ([String], Bool)
        do {
            let backup = try DatabaseQueue(path: source, configuration: config)
            defer { try? backup.close() }
            (integrity, isOurs) = try backup.read { db in
                (try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                 try db.tableExists("issuance") && db.tableExists("household"))
            }
        } catch let error as DatabaseError where DamagedDatabase.isDamage(error) {
            throw RestoreError.damaged(error.message ?? "\(error.resultCode)")
        }
        guard integrity == ["ok"] else { throw RestoreError.damaged(integrity.joined(separator: "; ")) }
        guard isOurs else { throw RestoreError.notAnAidDeskDatabase }
    }

    /// After `replaceDamaged`: the restore in the audit log, under the operator who signed in to
    /// the restored database.
    public func recordRestoreOverDamaged(source: String, damagedCopy: String, context: DeskContext, now: Date = Date()) throws {
        try writer.write { db in
            let acting = try authorize(db, .maintenance, context)
            let detail = URL(fileURLWithPath: source).standardizedFileURL.path + "; over a damaged file, kept at \(damagedCopy)"
            try audit(db, acting, now: now, action: "restore", detail: detail)
        }
    }
}
