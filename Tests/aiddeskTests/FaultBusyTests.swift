import DeskCore
import Foundation
import GRDB
import Testing

/// Another process holds the database's write lock for longer than the busy timeout (here a
/// connection of the test process itself, in an open IMMEDIATE transaction; the desks are other
/// processes). The volunteer sees «Інший стіл зайнятий, повторюю…», never a crash, never
/// SQLite's "database is locked", never a double issue; when the lock goes the issue completes.
/// `AIDDESK_BUSY_TIMEOUT_MS` shortens the quiet wait from 30 s to a test's length.
@Suite("Fault: another process holds the database", .serialized)
struct FaultBusyTests {
    /// A quiet wait of 200 ms, then up to a minute of retries.
    static let impatient = ["AIDDESK_BUSY_TIMEOUT_MS": "200", "AIDDESK_BUSY_RETRIES": "300"]

    /// A connection that holds the write lock until `release()`, as a stuck desk would.
    final class LockHolder {
        let queue: DatabaseQueue
        init(_ path: String, afterWriting: Bool = true) throws {
            var config = Configuration()
            config.allowsUnsafeTransactions = true
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { db in
                // A committed write first, as a desk that has been working leaves the log non-empty.
                if afterWriting { try db.execute(sql: "CREATE TABLE fault_probe (x); DROP TABLE fault_probe;") }
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(sql: "UPDATE stock SET received = received WHERE 0")
            }
        }
        func release() throws {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
            try queue.close()
        }
    }

    @Test func twoDesksWaitTellTheVolunteerAndIssueOnceWhenReleased() throws {
        let hub = try FaultHub()
        defer { hub.remove() }
        try hub.seed(households: 5)
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=10", "--kit", "bedding=10"]).status == 0)

        let holder = try LockHolder(hub.databasePath)
        // Two desks ask for the same household's kits while the database is held.
        let ukrainian = try hub.start(["issue", "00003", "hygiene", "bedding", "--json"], desk: "1", environment: Self.impatient)
        let english = try hub.start(["issue", "00003", "hygiene", "bedding", "--lang", "en"], desk: "2",
                                    environment: Self.impatient)
        let toldUk = ukrainian.waitForStderr(containing: "Інший стіл зайнятий, повторюю…", timeout: 15)
        let toldEn = english.waitForStderr(containing: "Another desk is busy, retrying…", timeout: 15)
        #expect(toldUk && toldEn, "\(ukrainian.stderr) | \(english.stderr)")
        // The figures are read without waiting for the writer (SQLite's write-ahead log).
        let status = try hub.aiddesk(["status", "--json"], desk: "3", environment: Self.impatient)
        #expect(status.status == 0 && !status.stderr.contains("повторюю"), "\(status.stderr)")
        // Opening a family's history is written in the audit log: it waits its turn too.
        let history = try hub.start(["history", "00003"], desk: "3", environment: Self.impatient)
        #expect(history.waitForStderr(containing: "повторюю", timeout: 15), "\(history.stderr)")
        // Still waiting, a second later: nothing was done behind the lock's back.
        Thread.sleep(forTimeInterval: 1)
        #expect(ukrainian.isRunning && english.isRunning)
        #expect(try hub.issuances().isEmpty)
        try holder.release()

        let looked = history.wait()
        #expect(looked.status == 0 && rawFailureText(in: looked.stderr) == nil, "\(looked.stderr)")
        let outcomes = [ukrainian.wait(), english.wait()]
        for outcome in outcomes {
            #expect(!outcome.signalled && [0, 3].contains(outcome.status), "\(outcome.status): \(outcome.stderr)")
            let lowered = outcome.stderr.lowercased()
            #expect(!lowered.contains("database is locked") && !lowered.contains("sqlite"), "\(outcome.stderr)")
        }
        // Exactly one desk issued; the other was told the kits were already issued.
        #expect(outcomes.map(\.status).sorted() == [0, 3], "\(outcomes.map(\.status))")
        let rows = try hub.issuances()
        #expect(rows.count == 2 && Set(rows.map(\.kit)) == ["hygiene", "bedding"], "\(rows)")
        #expect(try hub.aiddesk(["check"]).status == 0)
    }

    @Test func aDeskStartingWhileHeldWaitsToo() throws {
        // A desk that starts up while the log is empty has to write once to open: it waits and
        // says so, like an issue.
        let hub = try FaultHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=10"]).status == 0)
        let holder = try LockHolder(hub.databasePath, afterWriting: false)
        let checkin = try hub.start(["checkin", "00001"], environment: Self.impatient)
        #expect(checkin.waitForStderr(containing: "повторюю", timeout: 15), "\(checkin.stderr)")
        try holder.release()
        let outcome = checkin.wait()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(rawFailureText(in: outcome.stderr) == nil)
    }

    @Test func aDeskHeldOutTooLongGivesUpClearlyHavingDoneNothing() throws {
        let hub = try FaultHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=10"]).status == 0)
        let holder = try LockHolder(hub.databasePath)
        let outcome = try hub.aiddesk(
            ["issue", "00001", "hygiene"], environment: ["AIDDESK_BUSY_TIMEOUT_MS": "100", "AIDDESK_BUSY_RETRIES": "3"])
        try holder.release()
        #expect(outcome.status == 1 && !outcome.signalled)
        #expect(outcome.stderr.components(separatedBy: "повторюю").count - 1 == 3, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("нічого не записано"), "\(outcome.stderr)")
        #expect(rawFailureText(in: outcome.stderr) == nil, "\(outcome.stderr)")
        #expect(try hub.issuances().isEmpty)
        // Released: the same issue goes through.
        #expect(try hub.aiddesk(["issue", "00001", "hygiene"]).status == 0)
    }
}
