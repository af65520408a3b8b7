import DeskCore
import Foundation
import GRDB

/// The hub's database: one value shared by the whole process, over any GRDB writer.
///
/// Every engine operation is one write transaction. With a `DatabasePool` GRDB opens write
/// transactions IMMEDIATE, so two desks never interleave a read-then-write, and the busy
/// timeout makes a desk wait its turn rather than fail with "database is locked".
public struct DeskDatabase: Sendable {
    let writer: any DatabaseWriter
    /// The kit catalogue the rules come from; mirrored into the `kit` table at open.
    public let catalogue: KitCatalogue
    /// The operator this handle acts for, set only by `signIn` after the PIN was verified;
    /// nil on a handle just opened. Once the database has operators, every operation checks
    /// it (see Operators.swift).
    public internal(set) var session: OperatorSession?

    /// How long a desk waits quietly for another desk's write. Writes take milliseconds; this
    /// only runs out when something is badly stuck, and then the desk says so and keeps
    /// retrying (`BusyPolicy`; `AIDDESK_BUSY_TIMEOUT_MS` changes it, for tests).
    public static let busyTimeout: TimeInterval = 30

    /// Wraps `writer`, brings its schema up to date and mirrors `catalogue` into it.
    public init(_ writer: any DatabaseWriter, catalogue: KitCatalogue) throws {
        self.writer = writer
        self.catalogue = catalogue
        try Schema.migrator.migrate(writer)
        try syncCatalogue()
    }

    /// Opens (creating if needed) the database file at `path` for use by several desks at once.
    ///
    /// A new file is created readable by its owner only, in a folder likewise; a file on a
    /// network filesystem is refused, because SQLite's WAL needs every desk on one host.
    ///
    /// - Parameter busy: how to wait when another desk holds the database (by default the
    ///   environment's `AIDDESK_BUSY_TIMEOUT_MS` and `AIDDESK_BUSY_RETRIES`, telling no one).
    public static func open(
        path: String, catalogue: KitCatalogue, busy: BusyPolicy = .fromEnvironment()
    ) throws -> DeskDatabase {
        try FileSafety.prepareDatabaseFile(at: path)
        var config = Configuration()
        config.busyMode = .callback(busy.callback)
        config.foreignKeysEnabled = true
        return try DamagedDatabase.translating(path: path) {
            let pool = try DatabasePool(path: path, configuration: config)
            // A damaged file is said to be damaged before anyone works on it: a command that
            // happened to miss the bad pages would otherwise report success on a broken register.
            let problems = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            guard problems == ["ok"] else { throw DamagedDatabase(path: path, problems: problems) }
            // GRDB sets synchronous=NORMAL on the writer when it enables WAL; FULL makes an
            // issuance reported as done survive a power cut, at a cost of one fsync per commit.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            return try DeskDatabase(pool, catalogue: catalogue)
        }
    }

    /// A private in-memory database, for tests and dry runs.
    public static func inMemory(catalogue: KitCatalogue) throws -> DeskDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try DeskDatabase(DatabaseQueue(configuration: config), catalogue: catalogue)
    }

    /// Writes the catalogue's kits into the `kit` table, only when something differs, so that
    /// eight desks starting at once do not queue up for a write they do not need.
    private func syncCatalogue() throws {
        let wanted = catalogue.kits.enumerated().map { KitRecord($1, position: $0) }
        let current = try writer.read { db in try KitRecord.fetchAll(db) }
        guard Set(current) != Set(wanted) else { return }
        try writer.write { db in
            for kit in wanted { try kit.upsert(db) }
        }
    }

    /// Runs SQLite's own consistency check; "ok" when the file is sound.
    public func integrityCheck() throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The `PRAGMA synchronous` level of the writing connection (2 = FULL).
    public func synchronousLevel() throws -> Int {
        try writer.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
        }
    }
}
