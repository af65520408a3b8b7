import DeskCore
import Foundation
import GRDB

// Backups, restore and the consistency check: a distribution day must never lose a record.

/// One thing `check` found wrong, in words a coordinator can act on.
public enum CheckProblem: Sendable, Hashable {
    /// SQLite's own integrity check did not say "ok".
    case integrity(String)
    /// A row points at something that does not exist.
    case foreignKey(table: String, rowId: Int64)
    /// More of a kit issued than was received.
    case overIssued(distribution: Int64, kit: String, received: Int, issued: Int)
    /// Two live issuances of one kit to one household in one distribution.
    case doubleIssue(distribution: Int64, household: String, kit: String, count: Int)
    /// An issuance that the audit log does not mention.
    case unaudited(issuance: Int64)
    /// Two spellings of one household number, or a household without exactly one head.
    case household(HouseholdIdentityProblem)
    /// The file was edited behind the engine's back (see TamperCheck.swift).
    case tampering(Tampering)
}

/// What became of the backup taken when a distribution closes (`backupAfterClose`).
public enum AutomaticBackup: Sendable, Hashable {
    /// Written at `path` (in `backups/` beside the database).
    case written(path: String)
    /// Not written: the distribution is closed all the same. Recorded in the audit as
    /// `backup.failed` when the disk allowed even that.
    case failed(folder: String, cause: StorageFailure)
    /// An in-memory database (tests, dry runs): there is no file to copy.
    case inMemory
}

/// What a restore kept of today's that the backup did not have.
public struct RestoreOutcome: Sendable, Hashable {
    /// Today's audit entries the backup did not hold, carried into the restored log.
    public var auditCarried: Int
    /// Distributions purged today that the backup held with their names, purged again.
    public var purgedAgain: Int
}

/// A distribution just closed, as `status()` shows it, and where its automatic backup went.
/// Reads like the `DistributionSummary` it wraps (`closed.id`, `closed.isOpen`, …).
@dynamicMemberLookup
public struct ClosedDistribution: Sendable, Hashable {
    public var status: DistributionSummary
    public var backup: AutomaticBackup

    public subscript<Value>(dynamicMember keyPath: KeyPath<DistributionSummary, Value>) -> Value {
        status[keyPath: keyPath]
    }
}

extension StorageFailure {
    /// The cause in a few plain words, for the audit log (which is not translated).
    var plainWords: String {
        switch self {
        case .busy: return "the database was busy"
        case .diskFull: return "disk full"
        case .fileSizeLimit: return "file-size limit (ulimit -f)"
        case .diskError(_, let detail): return detail
        case .readOnly: return "read-only"
        }
    }
}

extension DeskDatabase {
    /// Copies the whole database to `destination` while desks keep working (SQLite's online
    /// backup reads one consistent snapshot). The copy is created readable by its owner only.
    public func backup(to destination: String) throws {
        try authorize(.maintenance)
        // Written under another name and renamed once complete: a copy cut short (a full disk,
        // a desk killed midway) never sits under a backup's name, nor counts among the kept ones.
        let partial = destination + ".partial"
        Self.removeDatabaseFiles(partial)
        try copy(to: destination, through: partial)
    }

    /// The copy itself: into `partial` (created 0600 when missing), renamed to `destination`
    /// once complete. A copy that fails leaves nothing behind.
    private func copy(to destination: String, through partial: String) throws {
        do {
            try FileSafety.prepareDatabaseFile(at: partial)
            let target = try DatabaseQueue(path: partial)
            defer { try? target.close() }
            try DamagedDatabase.translating(path: writer.path) { try writer.backup(to: target) }
            // A copy of a damaged file is no backup: kept, it would push a good one out of the
            // rotation. Checked in full before it takes a backup's name.
            let problems = try target.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            guard problems == ["ok"] else { throw DamagedDatabase(path: writer.path, problems: problems) }
            try target.writeWithoutTransaction { db in
                // A standalone file: no -wal beside it to lose when it is copied elsewhere.
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try target.close()
            guard rename(partial, destination) == 0 else {
                throw FileSafety.Problem.cannotCreate(path: destination, reason: String(cString: strerror(errno)))
            }
        } catch {
            Self.removeDatabaseFiles(partial)
            throw error
        }
    }

    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// A backup in `folder` named by the time, keeping the newest `keep` of them (the last
    /// `keep` names in sorted order).
    ///
    /// Names are `aiddesk-yyyyMMdd-HHmmss_SSS.sqlite` (local time, to the millisecond), and no
    /// two backups share one: the close of a distribution and a restore's safety copy in the
    /// same second (even in the same millisecond, even from two processes) both stay. Each
    /// claims its name by creating the copy's `.partial` file exclusively, and takes the next
    /// millisecond's name when that name or its partial is taken; nor is a copy named before
    /// another one of the same second. Sorted as plain strings the names are oldest first, also
    /// among those of earlier versions, to the second (`aiddesk-yyyyMMdd-HHmmss.sqlite`): `_`
    /// sorts after `.` (and `-` would sort before it), so an old name comes before the new ones
    /// of its second, and the rotation never mistakes an old copy for a newer one.
    @discardableResult
    public func rotatingBackup(in folder: String, keep: Int = 10, now: Date = Date()) throws -> String {
        try authorize(.maintenance)
        let path = try Self.claimBackupName(in: folder, now: now)
        try copy(to: path, through: path + ".partial")
        let old = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("aiddesk-") && $0.hasSuffix(".sqlite") }
            .sorted()
            .dropLast(keep)
        for name in old { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        // Copies a killed desk left unfinished, once surely nobody is still writing them (by the
        // clock the files' times are written with, whatever `now` says).
        let clock = Date()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".partial") {
            let file = folder + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate]) as? Date
            if let modified, clock.timeIntervalSince(modified) > 3600 { Self.removeDatabaseFiles(file) }
        }
        return path
    }

    /// The name of the rotating backup made at `millisecond` (since 1970), in local time.
    static func rotatingBackupName(millisecond: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let (second, fraction) = millisecond.quotientAndRemainder(dividingBy: 1000)
        let seconds = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second)))
        return "aiddesk-" + seconds + "_" + String(String(fraction + 1000).dropFirst()) + ".sqlite"
    }

    /// The path of a new rotating backup in `folder` (created 0700 when missing), its name
    /// claimed by its `.partial` file, created empty here (see `rotatingBackup`).
    static func claimBackupName(in folder: String, now: Date) throws -> String {
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw FileSafety.Problem.cannotCreate(path: folder, reason: "\(error.localizedDescription)")
            }
        }
        // To the nearest: a time given to the millisecond keeps it despite the binary fraction.
        var millisecond = Int64((now.timeIntervalSince1970 * 1000).rounded())
        // Never before a copy of the same second already there (or being written): a name the
        // rotation has freed would be taken again, and the newest copy taken for the oldest.
        let secondsPart = String(rotatingBackupName(millisecond: millisecond).prefix { $0 != "_" }) + "_"
        let secondStart = millisecond - millisecond % 1000
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(secondsPart) {
            if let taken = Int64(name.dropFirst(secondsPart.count).prefix(3)) {
                millisecond = max(millisecond, secondStart + taken + 1)
            }
        }
        while true {
            let path = folder + "/" + rotatingBackupName(millisecond: millisecond)
            if !FileManager.default.fileExists(atPath: path) {
                switch createExclusively(path + ".partial") {
                case 0:
                    // Another copy may have finished under this name just before the claim.
                    if !FileManager.default.fileExists(atPath: path) { return path }
                    try? FileManager.default.removeItem(atPath: path + ".partial")
                case EEXIST:
                    break
                case let failure:
                    throw FileSafety.Problem.cannotCreate(path: path + ".partial", reason: String(cString: strerror(failure)))
                }
            }
            millisecond += 1
        }
    }

    /// After a distribution closes: a rotating backup in `backups/` beside the database file,
    /// so that the day's ledger exists twice before anyone goes home. The close has happened and
    /// stays whatever becomes of the backup: a backup that cannot be written is returned as
    /// `.failed` (never thrown) and recorded in the audit as `backup.failed`, under the operator
    /// who closed, so that nobody believes in a copy the disk refused. Recording it is itself best
    /// effort: on a disk too full for the copy the entry may not fit either, and then the
    /// returned `.failed` is the only trace (the command line and the desk show it).
    func backupAfterClose(distributionId: Int64, context: DeskContext, now: Date) -> AutomaticBackup {
        let path = writer.path
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file::memory:") else { return .inMemory }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("backups").path
        do {
            return .written(path: try rotatingBackup(in: folder, now: now))
        } catch {
            let cause = StorageFailure(error, databasePath: folder + "/backup")
                ?? .diskError(folder: folder, detail: (error as? DatabaseError)?.message ?? "\(error)")
            try? writer.write { db in
                try audit(db, context, now: now, action: "backup.failed", distributionId: distributionId,
                          detail: "\(folder): \(cause.plainWords)")
            }
            return .failed(folder: folder, cause: cause)
        }
    }

    /// Replaces the database's content with the backup at `source`, after checking the backup
    /// is sound and is an AidDesk database. Other desks see the restored content at their next read.
    ///
    /// What the backup cannot know is kept: today's operators (see `keepOperators`), today's
    /// audit entries that the backup lacks (see `carryAuditOver`) and today's purges (a backup
    /// taken before a purge would bring the names back: see `purgeAgain`), and the restore itself
    /// is appended to the log (`restore`), under the signed-in operator and `context`'s desk,
    /// naming the backup and `safetyCopy` (where the caller saved the state before the restore).
    /// A desk that writes in the instant between the reading of today's log and the copy loses
    /// that entry to the backup like the rest of its work; the safety copy still holds it.
    ///
    /// Refused, before anything is replaced, when the backup is a demo and this hub is not (or the
    /// other way round), and when the backup lacks some of today's issuances, voids or check-ins
    /// (`RestoreError.wouldLose`, listing them) unless `acceptingLoss`. Ids stay above the highest
    /// ever given here: a new issuance never takes the number of one the restore dropped.
    public func restoreBackup(from source: String, safetyCopy: String?, context: DeskContext, now: Date = Date(),
                              acceptingLoss: Bool = false)
        throws -> RestoreOutcome
    {
        let acting = try writer.read { db in try authorize(db, .maintenance, context) }
        try Self.verifyBackup(source)
        var config = Configuration()
        config.readonly = true
        let backup = try DatabaseQueue(path: source, configuration: config)
        try refuseMixingDemoAndReal(backup)
        let loss = try lossAgainst(backup)
        if !loss.isEmpty && !acceptingLoss { throw RestoreError.wouldLose(loss) }
        let operators = try operatorsBeforeRestore()
        let log = try auditBeforeRestore()
        let purged = try purgedBeforeRestore()
        let highest = try writer.read { db in try Schema.highestIds(db) }
        try backup.backup(to: writer)
        try backup.close()
        // The backup may come from an older version: bring its schema up to date.
        try Schema.migrator.migrate(writer)
        // Who may sign in is today's, not the backup's (see Operators.swift).
        try keepOperators(operators)
        return try writer.write { db in
            try Schema.keepIdsAbove(highest, db, now: now)
            let carried = try carryAuditOver(db, log)
            // After the log is carried over, so that the purge cuts the names off its entries too.
            let purgedAgain = try purgeAgain(db, purged)
            var detail = URL(fileURLWithPath: source).standardizedFileURL.path
            if let safetyCopy { detail += "; safety copy \(safetyCopy)" }
            if carried > 0 { detail += "; audit entries carried over: \(carried)" }
            if purgedAgain > 0 { detail += "; distributions purged again: \(purgedAgain)" }
            if !loss.issuances.isEmpty { detail += "; issuances not in the backup: " + loss.issuances.map { "#\($0.id)" }.joined(separator: ", ") }
            if !loss.voids.isEmpty { detail += "; voids not in the backup: " + loss.voids.map { "#\($0.id)" }.joined(separator: ", ") }
            if !loss.checkIns.isEmpty { detail += "; check-ins not in the backup: \(loss.checkIns.count)" }
            try audit(db, acting, now: now, action: "restore", detail: detail)
            return RestoreOutcome(auditCarried: carried, purgedAgain: purgedAgain)
        }
    }

    /// `restoreBackup`, saying only how many of today's audit entries were carried over into
    /// the restored log.
    @discardableResult
    public func restore(from source: String, safetyCopy: String?, context: DeskContext, now: Date = Date(),
                        acceptingLoss: Bool = false) throws -> Int {
        try restoreBackup(from: source, safetyCopy: safetyCopy, context: context, now: now,
                          acceptingLoss: acceptingLoss).auditCarried
    }

    /// For tests written before restores were audited: recorded under the signed-in operator
    /// (or "—" in setup mode), at desk "—". Commands and screens pass their context.
    func restore(from source: String) throws {
        // Those tests restore older states on purpose: what the backup lacks is meant to go.
        try restore(from: source, safetyCopy: nil, context: DeskContext(operatorName: "—", desk: "—"), acceptingLoss: true)
    }

    public enum RestoreError: Error, Equatable {
        case damaged(String)
        case notAnAidDeskDatabase
        /// The backup is the demo's and this hub is real.
        case demoIntoRealHub
        /// The backup holds a real register and this file is the demo's.
        case realIntoDemo
        /// The backup lacks these records of today's; refused unless the loss is accepted.
        case wouldLose(RestoreLoss)
    }

    /// SQLite's integrity check and the engine's invariants. Empty when all is well.
    public func check() throws -> [CheckProblem] {
        do {
            return try checkReading()
        } catch let error as DatabaseError where DamagedDatabase.isDamage(error) {
            return [.integrity(error.message ?? "\(error.resultCode)")]
        }
    }

    private func checkReading() throws -> [CheckProblem] {
        try writer.read { db in
            try authorize(db, .maintenance)
            var problems: [CheckProblem] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems += integrity.map(CheckProblem.integrity) }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                problems.append(.foreignKey(table: row[0], rowId: row[1] ?? 0))
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT s.distributionId, s.kitCode, s.received,
                       (SELECT COALESCE(SUM(quantity), 0) FROM issuance i
                        WHERE i.distributionId = s.distributionId AND i.kitCode = s.kitCode AND i.voidedAt IS NULL) AS issued
                FROM stock s
                """) where (row["issued"] as Int) > (row["received"] as Int) {
                problems.append(.overIssued(distribution: row["distributionId"], kit: row["kitCode"],
                                            received: row["received"], issued: row["issued"]))
            }
            // A household merged into another is the same family: its kits count as the survivor's.
            for row in try Row.fetchAll(db, sql: """
                SELECT i.distributionId, f.number, i.kitCode, COUNT(*) AS n FROM issuance i
                JOIN household h ON h.id = i.householdId
                JOIN household f ON f.id = COALESCE(h.mergedInto, h.id)
                WHERE i.voidedAt IS NULL GROUP BY i.distributionId, f.id, i.kitCode HAVING n > 1
                """) {
                problems.append(.doubleIssue(distribution: row[0], household: row[1], kit: row[2], count: row[3]))
            }
            // Every issuance is written together with its audit entry, which names it as "#id kit".
            for id in try Int64.fetchAll(db, sql: """
                SELECT i.id FROM issuance i WHERE NOT EXISTS (
                    SELECT 1 FROM audit a WHERE a.action = 'issue' AND a.householdId = i.householdId
                      AND a.distributionId = i.distributionId AND instr(a.detail, '#' || i.id || ' ') > 0)
                """) {
                problems.append(.unaudited(issuance: id))
            }
            problems += try householdIdentityProblems(db).map(CheckProblem.household)
            problems += try Self.tampering(db).map(CheckProblem.tampering)
            return problems
        }
    }
}

extension Strings {
    /// Where the automatic backup of a closed distribution went, or a warning that it was not
    /// written; nil for an in-memory database. What `aiddesk distribution close` prints.
    public func explain(_ backup: AutomaticBackup) -> String? {
        switch backup {
        case .written(let path): return self("backup.afterClose.written", ["path": path])
        case .failed(let folder, let cause):
            let reason: String
            switch cause {
            case .busy: reason = self("backup.reason.busy")
            case .diskFull: reason = self("backup.reason.diskFull")
            case .fileSizeLimit: reason = self("backup.reason.fileSizeLimit")
            case .readOnly: reason = self("backup.reason.readOnly")
            case .diskError(_, let detail): reason = detail
            }
            return self("backup.afterClose.failed", ["folder": folder, "reason": reason])
        case .inMemory: return nil
        }
    }

    public func explain(_ problem: CheckProblem) -> String {
        switch problem {
        case .integrity(let text): return self("check.integrity", ["detail": text])
        case .foreignKey(let table, let rowId): return self("check.foreignKey", ["table": table, "row": "\(rowId)"])
        case .overIssued(let distribution, let kit, let received, let issued):
            return self("check.overIssued", ["distribution": "\(distribution)", "kit": kit,
                                               "received": "\(received)", "issued": "\(issued)"])
        case .doubleIssue(let distribution, let household, let kit, let count):
            return self("check.doubleIssue", ["distribution": "\(distribution)", "household": household, "kit": kit,
                                                "count": "\(count)"])
        case .unaudited(let id): return self("check.unaudited", ["id": "\(id)"])
        case .household(let problem): return explain(problem)
        case .tampering(let tampering): return explain(tampering)
        }
    }
}

/// Creates an empty file (0600) at `path` unless something is there already: 0 when it was
/// created, else the `errno` (`EEXIST` when the name is taken).
private func createExclusively(_ path: String) -> Int32 {
    let descriptor = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return errno }
    close(descriptor)
    return 0
}
