import DeskCore
import Foundation
import GRDB
import Testing

/// The full-screen desk while another process holds the database's write lock: the volunteer
/// reads «Інший стіл зайнятий, повторюю…» on the message line, and nothing else on the screen
/// moves (the notice used to go to stderr, straight over the ncurses screen). Released, the
/// issue completes once and the screen says so. Every wait polls the screen, never sleeps.
@Suite("The desk through tmux while the database is held", .enabled(if: Tmux.path != nil, "tmux is not installed"))
struct TmuxBusyTests {
    @Test func theWaitIsShownOnTheMessageLineAndTheIssueCompletesOnceReleased() throws {
        let hub = try DemoHubFile()
        defer { hub.remove() }
        let height = 24
        let desk = try TmuxDesk(database: hub.path, height: height, environment: FaultBusyTests.impatient)
        defer { desk.close() }
        try desk.waitFor("the desk with its key bar") {
            $0.first?.contains("AidDesk") == true && $0.last?.contains("F10 " + uk("keys.quit")) == true
        }

        // The card first: opening it writes a look-up in the audit, which would wait too.
        desk.type("00001")
        let screen = try desk.waitFor("00001 in the results") { $0.dropFirst(5).contains { $0.contains("00001") } }
        let resultRows = screen.dropFirst(5).prefix(while: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        let index = try #require(resultRows.firstIndex { $0.contains("00001") }) - resultRows.startIndex
        for _ in 0..<index { desk.keys("Down") }
        desk.keys("Enter")
        let cardTitle = uk("card.household", ["household": "00001"]).components(separatedBy: " ·").first!
        try desk.waitFor("the card of 00001") { $0.contains { $0.contains(cardTitle) } }
        let before = try issuances(in: hub.path)
        #expect(before.household.isEmpty, "00001 was already served: \(before.household)")

        // Another process holds the write lock; Enter issues, and the desk waits for it.
        let holder = try FaultBusyTests.LockHolder(hub.path)
        var released = false
        defer { if !released { try? holder.release() } }
        let card = desk.lines()
        desk.keys("Enter")
        let waiting = uk.fragment("busy.retrying")  // «Інший стіл зайнятий, повторюю… (чекаю вже »
        let held = try desk.waitFor("the busy notice on the message line") { lines in
            lines.count == height && lines[height - 2].contains(waiting)
        }
        // Only the message line changed: the title, the card and the key bar are as they were,
        // and no stray text (stderr) landed anywhere else.
        // (The title bar's clock may have turned a minute since the card was read.)
        #expect(held.first?.contains("AidDesk") == true)
        #expect(held.last?.contains("F10 " + uk("keys.quit")) == true)
        #expect(held.contains { $0.contains(cardTitle) })
        for (row, line) in held.enumerated() where row != 0 && row != height - 2 {
            #expect(line == card[row], "row \(row) changed while waiting:\n\(held.joined(separator: "\n"))")
        }
        #expect(held.filter { $0.contains(waiting) }.count == 1)
        let lowered = held.joined(separator: "\n").lowercased()
        #expect(!lowered.contains("database is locked") && !lowered.contains("sqlite"))
        // In the warning style (bold yellow), as the desk's own warnings look.
        let messageRow = desk.capture(escapes: true).components(separatedBy: "\n")[height - 2]
        #expect(messageRow.contains("33m") || messageRow.contains(";33"), "\(messageRow.debugDescription)")
        // Nothing was written behind the lock's back.
        #expect(try issuances(in: hub.path) == before)

        try holder.release()
        released = true
        let done = try desk.waitFor("the success message once released") {
            $0.joined(separator: " ").contains(uk.filledPrefix("desk.issued", ["household": "00001"]))
        }
        #expect(!done.contains { $0.contains(waiting) }, "\(done.joined(separator: "\n"))")

        // Issued once: each kit of the issue one live row, and nothing else written.
        let after = try issuances(in: hub.path)
        #expect(!after.household.isEmpty)
        #expect(Set(after.household).count == after.household.count, "\(after.household)")
        #expect(after.total == before.total + after.household.count, "\(before.total) → \(after.total)")

        desk.keys("F10")
        #expect(try desk.waitForExit() == 0)
        #expect(desk.terminalRestored)
    }

    struct Issuances: Equatable {
        /// Every issuance row in the database, voided or not.
        var total: Int
        /// The kits household 00001 holds live in the open distribution, one entry per row.
        var household: [String]
    }

    /// Read on the test's own connection, not through a desk.
    private func issuances(in path: String) throws -> Issuances {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM issuance") ?? 0
            let kits = try String.fetchAll(db, sql: """
                SELECT i.kitCode FROM issuance i
                JOIN household h ON h.id = i.householdId
                JOIN distribution d ON d.id = i.distributionId
                WHERE h.number = '00001' AND d.closedAt IS NULL AND i.voidedAt IS NULL
                ORDER BY i.kitCode
                """)
            return Issuances(total: total, household: kits)
        }
    }
}
