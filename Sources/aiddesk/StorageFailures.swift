import ArgumentParser
import DeskCore
import DeskStore
import Foundation

// A desk that waits for another desk, or finds the disk full, says so in the user's language:
// never "database is locked", never a stack trace.

extension GlobalOptions {
    /// Waits for another desk as the environment says (`AIDDESK_BUSY_TIMEOUT_MS`,
    /// `AIDDESK_BUSY_RETRIES`), telling the volunteer each time the quiet wait runs out: on
    /// stderr, unless the screen has taken over (`BusyNotice.show`).
    func busyPolicy() -> BusyPolicy {
        let strings = try? strings()
        return .fromEnvironment(environment) { retry in
            guard let strings else { return }
            BusyNotice.deliver(retry, busyRetryMessage(retry, strings: strings))
        }
    }
}

/// Where «інший стіл зайнятий, повторюю…» goes. Stderr by default; the desk screen sets `show`
/// to put it on the screen while it runs (the call comes on the thread that waits for the
/// database, while the screen's own thread is blocked in that same operation).
enum BusyNotice {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handler: (@Sendable (BusyRetry, String) -> Void)?

    /// Replaces where the notice goes (nil: back to stderr).
    static func show(_ body: (@Sendable (_ retry: BusyRetry, _ message: String) -> Void)?) {
        lock.lock()
        handler = body
        lock.unlock()
    }

    static func deliver(_ retry: BusyRetry, _ message: String) {
        lock.lock()
        let body = handler
        lock.unlock()
        if let body { body(retry, message) } else { printError(message) }
    }
}

/// «Інший стіл зайнятий, повторюю… (чекаю вже 30 с, спроба 1 з 10)».
func busyRetryMessage(_ retry: BusyRetry, strings: Strings) -> String {
    let seconds = retry.waited < 10 ? String(format: "%.1f", retry.waited) : String(Int(retry.waited))
    return strings("busy.retrying", ["seconds": seconds, "attempt": "\(retry.attempt)", "limit": "\(retry.limit)"])
}

/// The message for a disk or lock failure, in the user's language.
func explain(_ failure: StorageFailure, strings: Strings) -> String {
    switch failure {
    case .busy: return strings("busy.gaveUp")
    case .diskFull(let folder): return strings("disk.full", ["folder": folder])
    case .fileSizeLimit(let folder): return strings("disk.fileSizeLimit", ["folder": folder])
    case .diskError(let folder, let detail): return strings("disk.error", ["folder": folder, "detail": detail])
    case .readOnly(let path): return strings("disk.readOnly", ["path": path])
    }
}

/// Prints the storage failure behind `error` and exits 1; rethrows anything else.
func reportStorageFailure(_ error: any Error, _ global: GlobalOptions, _ strings: Strings) throws -> Never {
    guard let failure = StorageFailure(error, databasePath: global.databasePath) else { throw error }
    printError(explain(failure, strings: strings))
    throw ExitCode(1)
}
