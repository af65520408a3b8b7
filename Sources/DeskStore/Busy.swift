import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
    private let RLIMIT_FSIZE_VALUE = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    private let RLIMIT_NONE = rlim_t.max  // RLIM_INFINITY, which Swift imports as an overflowing literal
#else
    private let RLIMIT_FSIZE_VALUE = RLIMIT_FSIZE
    private let RLIMIT_NONE = RLIM_INFINITY
#endif

// What a desk does when the database cannot be written right now: another desk (or any
// program) holds the write lock, or the disk is full or failing. The volunteer is told, in
// words, and nothing is half-written: every operation is one transaction.

/// Another round of waiting for a desk that holds the database, for whoever tells the volunteer.
public struct BusyRetry: Sendable, Hashable {
    /// 1 the first time the busy timeout runs out, 2 the second time, …
    public var attempt: Int
    /// How long this operation has waited so far, in seconds.
    public var waited: TimeInterval
    /// After this many rounds the operation gives up (`StorageFailure.busy`), having changed nothing.
    public var limit: Int

    public init(attempt: Int, waited: TimeInterval, limit: Int) {
        self.attempt = attempt
        self.waited = waited
        self.limit = limit
    }
}

/// How a desk waits when another desk holds the database's write lock.
///
/// Writes take milliseconds, so a desk first waits `timeout` quietly. Each time that runs
/// out it calls `onRetry` (the CLI prints «інший стіл зайнятий, повторюю…»; the desk screen
/// can show it) and goes on waiting, up to `retries` times; then the operation fails with
/// SQLite's busy error, which `StorageFailure` names `.busy`. Nothing runs before the lock
/// is held (write transactions are IMMEDIATE), so waiting longer is retrying the operation:
/// it completes as soon as the other desk lets go, and it is never done twice.
public struct BusyPolicy: Sendable {
    public var timeout: TimeInterval
    public var retries: Int
    public var onRetry: (@Sendable (BusyRetry) -> Void)?

    /// Rounds of `timeout` after the first before giving up: with 30 s, about five and a half minutes in all.
    public static let defaultRetries = 10

    public init(
        timeout: TimeInterval = DeskDatabase.busyTimeout, retries: Int = BusyPolicy.defaultRetries,
        onRetry: (@Sendable (BusyRetry) -> Void)? = nil
    ) {
        self.timeout = max(0.001, timeout)
        self.retries = max(0, retries)
        self.onRetry = onRetry
    }

    /// The policy with `AIDDESK_BUSY_TIMEOUT_MS` (the quiet wait, in milliseconds; default
    /// 30000) and `AIDDESK_BUSY_RETRIES` (default 10) taken from the environment.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        onRetry: (@Sendable (BusyRetry) -> Void)? = nil
    ) -> BusyPolicy {
        var policy = BusyPolicy(onRetry: onRetry)
        if let text = environment["AIDDESK_BUSY_TIMEOUT_MS"], let ms = Int(text.trimmingCharacters(in: .whitespaces)),
            ms >= 0
        {
            policy.timeout = max(0.001, Double(ms) / 1000)
        }
        if let text = environment["AIDDESK_BUSY_RETRIES"], let n = Int(text.trimmingCharacters(in: .whitespaces)),
            n >= 0
        {
            policy.retries = n
        }
        return policy
    }

    /// SQLite's pauses between tries while a lock is held elsewhere, as its own busy timeout
    /// makes them (milliseconds), then 100 ms each.
    static let pauses: [Int] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50]
    static let lastPause = 100

    /// Milliseconds slept before try `tries` (SQLite counts tries from 0 for each lock it waits on).
    static func slept(beforeTry tries: Int) -> Int {
        if tries <= pauses.count { return pauses.prefix(tries).reduce(0, +) }
        return pauses.reduce(0, +) + (tries - pauses.count) * lastPause
    }

    static func pause(atTry tries: Int) -> Int {
        tries < pauses.count ? pauses[tries] : lastPause
    }

    /// The busy handler given to every connection: SQLite calls it each time a lock it needs is
    /// held by another connection; true means "sleep, then try again".
    ///
    /// The time waited is counted from the pauses themselves, so the handler needs no state and
    /// serves every connection of the pool at once.
    var callback: Database.BusyCallback {
        let timeoutMs = Int((timeout * 1000).rounded(.up))
        let retries = retries
        let onRetry = onRetry
        return { tries in
            let before = Self.slept(beforeTry: tries)
            let round = before / timeoutMs
            if round > retries { return false }
            if round >= 1, Self.slept(beforeTry: tries - 1) / timeoutMs < round {
                onRetry?(BusyRetry(attempt: round, waited: Double(before) / 1000, limit: retries))
            }
            usleep(useconds_t(Self.pause(atTry: tries) * 1000))
            return true
        }
    }
}

/// Why the database could not do what was asked, in terms a volunteer can act on.
public enum StorageFailure: Error, Sendable, Hashable {
    /// Another desk (or another program) held the database through every retry. Nothing was written.
    case busy
    /// No space left on the disk that holds the database. The transaction was rolled back: nothing was written.
    case diskFull(folder: String)
    /// The file-size limit of this session (`ulimit -f`) stops the database from growing.
    /// Like a full disk: rolled back, nothing was written.
    case fileSizeLimit(folder: String)
    /// The disk refused a read or a write for another reason.
    case diskError(folder: String, detail: String)
    /// The database file or its folder cannot be written by this user.
    case readOnly(path: String)

    /// Names a GRDB error that is about the disk or the lock; nil for anything else (a
    /// constraint, a bad statement), which is the engine's business.
    ///
    /// - Parameter path: the database file, to look at the free space of its folder: SQLite
    ///   reports a full disk as `SQLITE_FULL` on a write but as an I/O error when it cannot
    ///   grow its shared-memory file or truncate a journal.
    public init?(_ error: any Error, databasePath path: String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if let problem = error as? FileSafety.Problem, case .cannotCreate(_, let reason) = problem {
            if StorageFailure.isNearlyFull(folder) || reason.contains(String(cString: strerror(ENOSPC))) {
                self = .diskFull(folder: folder)
            } else {
                self = .diskError(folder: folder, detail: reason)
            }
            return
        }
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .busy
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CANTOPEN:
            if StorageFailure.isNearlyFull(folder) {
                self = .diskFull(folder: folder)
            } else if StorageFailure.hasFileSizeLimit {
                // EFBIG: SQLite says "full" for a short write, "I/O error" for a refused one.
                self = .fileSizeLimit(folder: folder)
            } else if error.resultCode == .SQLITE_FULL {
                self = .diskFull(folder: folder)
            } else if error.resultCode == .SQLITE_CANTOPEN && access(folder, W_OK) != 0 {
                self = .readOnly(path: path)
            } else {
                self = .diskError(folder: folder, detail: error.message ?? "\(error.extendedResultCode)")
            }
        case .SQLITE_READONLY:
            self = .readOnly(path: path)
        default:
            return nil
        }
    }

    /// Whether this process may only write files up to some size (`ulimit -f`).
    static var hasFileSizeLimit: Bool {
        var limit = rlimit()
        guard getrlimit(RLIMIT_FSIZE_VALUE, &limit) == 0 else { return false }
        return limit.rlim_cur != RLIMIT_NONE
    }

    /// Less than 64 KiB free for this user in `folder` (or its nearest existing parent).
    static func isNearlyFull(_ folder: String) -> Bool {
        var path = folder
        while !FileManager.default.fileExists(atPath: path), path != "/", !path.isEmpty {
            path = URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return false }
        return UInt64(stats.f_bavail) * UInt64(stats.f_frsize) < 64 * 1024
    }
}

extension DeskDatabase {
    /// The database file's path (empty for an in-memory database).
    public var path: String { writer.path }
}
