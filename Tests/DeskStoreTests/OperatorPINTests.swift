import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

@Suite("PINs: scrypt, slow-down and lock-out")
struct OperatorPINTests {
    @Test func aPINIsStoredAsASelfDescribingScryptStringAndNeverAsItself() throws {
        let (db, _) = try Fixtures.database()
        _ = try db.initialise(coordinator: "Ганна", pin: "4821", desk: "1")
        let stored = try #require(try db.writer.read { db in try String.fetchOne(db, sql: "SELECT pinHash FROM operator") })
        // 64 MiB of memory (128 · 2^16 · 8 bytes), one thread, then a 16-byte salt and a 32-byte hash.
        #expect(stored.hasPrefix("$scrypt$ln=16,r=8,p=1$"))
        let fields = stored.split(separator: "$")
        #expect(fields.count == 4)
        #expect(Data(base64Encoded: String(fields[2]))?.count == 16)
        #expect(Data(base64Encoded: String(fields[3]))?.count == 32)
        #expect(!stored.contains("4821"))
        #expect(PINHash.verify("4821", against: stored))
        #expect(!PINHash.verify("4822", against: stored))
        #expect(!PINHash.verify("48210", against: stored))
        #expect(!PINHash.verify("", against: stored))
        // Salted: the same PIN never hashes to the same string twice.
        #expect(try PINHash.hash("4821") != stored)
        #expect(!PINHash.needsRehash(stored))
        // Nothing in the whole operator row holds the PIN.
        let row = try db.writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM operator")! }
        #expect(!row.description.contains("4821"))
    }

    @Test func aHashWithOlderParametersStillVerifiesAndIsMadeAgainAtSignIn() throws {
        let (db, _) = try Fixtures.database()
        _ = try db.initialise(coordinator: "Ганна", pin: "4821", desk: "1")
        let weaker = try PINHash.hash("4821", parameters: .init(logRounds: 12, blockSize: 8, parallelism: 1))
        #expect(weaker.hasPrefix("$scrypt$ln=12,r=8,p=1$"))
        #expect(PINHash.verify("4821", against: weaker))
        #expect(PINHash.needsRehash(weaker))
        try db.writer.write { db in try db.execute(sql: "UPDATE operator SET pinHash = ?", arguments: [weaker]) }

        _ = try db.signIn(name: "Ганна", pin: "4821", desk: "1")
        let stored = try #require(try db.writer.read { db in try String.fetchOne(db, sql: "SELECT pinHash FROM operator") })
        #expect(stored.hasPrefix("$scrypt$ln=16,r=8,p=1$"))
        #expect(PINHash.verify("4821", against: stored))
    }

    @Test func aTamperedOrMangledHashNeverVerifiesAndNeverAsksForGigabytes() throws {
        let good = try PINHash.hash("4821")
        let fields = good.split(separator: "$").map(String.init)
        let mangled = [
            "", "$scrypt$", "4821", good + "x", good.replacingOccurrences(of: "ln=16", with: "ln=30"),
            good.replacingOccurrences(of: "r=8", with: "r=0"), good.replacingOccurrences(of: "ln=16,", with: ""),
            "$scrypt$ln=16,r=8,p=1$\(fields[2])$", "$scrypt$ln=16,r=8,p=1$$\(fields[3])",
            "$scrypt$ln=16,r=8,p=1$\(fields[2])$\(fields[2])",
        ]
        for stored in mangled {
            #expect(!PINHash.verify("4821", against: stored), "\(stored)")
        }
    }

    @Test func aWeakPINIsRefused() throws {
        let (db, _) = try Fixtures.database()
        for weak in ["", "123", "0000", "aaaaaa", " 1234", "1234 "] {
            #expect(throws: AccessError.weakPIN(minimumLength: 4)) {
                try db.initialise(coordinator: "Ганна", pin: weak, desk: "1")
            }
        }
        #expect(try !db.hasOperators())
    }

    @Test func signingInFindsTheNameWhateverItsCaseAndSpacing() throws {
        let (db, _) = try Fixtures.database()
        _ = try db.initialise(coordinator: "Ганна Коваль", pin: "4821", desk: "1")
        let signed = try db.signIn(name: " ганна   КОВАЛЬ ", pin: "4821", desk: "2")
        #expect(signed.session?.name == "Ганна Коваль")
        #expect(throws: AccessError.unknownOperator("Петро")) { try db.signIn(name: "Петро", pin: "4821", desk: "2") }
        #expect(throws: AccessError.nameRequired) { try db.signIn(name: "  ", pin: "4821", desk: "2") }
    }

    @Test func wrongPINsSlowDownThenLockOutAndASecondConnectionWaitsToo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-pin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hub.sqlite").path
        let catalogue = try Fixtures.catalogue()
        let first = try DeskDatabase.open(path: path, catalogue: catalogue)
        let second = try DeskDatabase.open(path: path, catalogue: catalogue)  // another desk, another connection
        _ = try first.initialise(coordinator: "Ганна", pin: "4821", desk: "1")
        let clock = TestClock(Fixtures.day("2026-11-25", hour: 9))
        func attempt(_ db: DeskDatabase, _ pin: String) throws -> DeskDatabase {
            try db.signIn(name: "Ганна", pin: pin, desk: "1", record: false, clock: { clock.now })
        }

        let expectedDelays: [TimeInterval] = [1, 2, 4, 8]
        for (index, delay) in expectedDelays.enumerated() {
            let failure = #expect(throws: AccessError.self) { try attempt(first, "0001") }
            guard case .wrongPIN(_, let failures, let retryAfter) = failure else {
                Issue.record("expected a wrong PIN, got \(String(describing: failure))")
                return
            }
            #expect(failures == index + 1)
            #expect(retryAfter == clock.now.addingTimeInterval(delay))
            // Before the delay is over, no try is taken from either connection, not even the right PIN.
            clock.advance(delay / 2)
            #expect(throws: AccessError.tooSoon(name: "Ганна", until: retryAfter)) { try attempt(second, "4821") }
            clock.advance(delay / 2)
        }
        // The fifth wrong PIN in a row locks the operator out for five minutes, everywhere.
        let locked = #expect(throws: AccessError.self) { try attempt(second, "0001") }
        let until = clock.now.addingTimeInterval(300)
        #expect(locked == .lockedOut(name: "Ганна", until: until))
        clock.advance(299)
        #expect(throws: AccessError.lockedOut(name: "Ганна", until: until)) { try attempt(first, "4821") }
        // After the lock-out, the right PIN signs in and the count starts again.
        clock.advance(2)
        let signed = try attempt(first, "4821")
        #expect(signed.session?.name == "Ганна")
        let failure = #expect(throws: AccessError.self) { try attempt(second, "9999") }
        #expect(failure == .wrongPIN(name: "Ганна", failures: 1, retryAfter: clock.now.addingTimeInterval(1)))
        // Every wrong PIN is in the audit, with the desk it was typed at.
        let audit = try signed.auditLog(AuditFilter(action: "signin"), context: Fixtures.desk1).entries
        #expect(audit.map(\.action) == Array(repeating: "signin.wrongPIN", count: 4) + ["signin.lockedOut", "signin.wrongPIN"])
    }

    @Test func theLockOutGrowsWithFurtherFailuresAndACoordinatorCanLiftIt() throws {
        #expect(PINRules.delay(afterFailures: 0) == 0)
        #expect((1...9).map(PINRules.delay(afterFailures:)) == [1, 2, 4, 8, 300, 600, 1200, 2400, 3600])
        #expect(PINRules.delay(afterFailures: 40) == 3600)

        let hub = try SignedInHub()
        let clock = TestClock(Date())
        for _ in 0..<PINRules.lockOutAfter {
            _ = try? hub.plain.signIn(name: "Марія", pin: "0000x", desk: "1", record: false, clock: { clock.now })
            clock.advance(10)
        }
        #expect(try hub.coordinator.operators().first { $0.name == "Марія" }?.isLockedOut == true)
        try hub.coordinator.setOperator("Марія", disabled: false, context: Fixtures.desk1)
        #expect(try hub.coordinator.operators().first { $0.name == "Марія" }?.isLockedOut == false)
        _ = try hub.plain.signIn(name: "Марія", pin: SignedInHub.volunteerPIN, desk: "1")
    }

    @Test func changingAPINEndsTheSessionsSignedInWithTheOldOne() throws {
        let hub = try SignedInHub()
        let otherDesk = try hub.plain.signIn(name: "Марія", pin: SignedInHub.volunteerPIN, desk: "2")
        let renewed = try hub.volunteer.changeOwnPIN(to: "9517", context: Fixtures.desk1)
        #expect(try renewed.status().households == 3)
        #expect(throws: AccessError.signInAgain("Марія")) { try otherDesk.status() }
        #expect(throws: AccessError.self) { try hub.plain.signIn(name: "Марія", pin: SignedInHub.volunteerPIN, desk: "1") }
        // A coordinator sets a forgotten PIN.
        try hub.coordinator.resetPIN(of: "Марія", to: "7531", context: Fixtures.desk1)
        #expect(throws: AccessError.signInAgain("Марія")) { try renewed.status() }
        // The wrong PIN above made Марія wait; the reset lifted that too.
        _ = try hub.plain.signIn(name: "Марія", pin: "7531", desk: "1")
        // Only a coordinator sets another's PIN.
        expectNotAllowed(.assistant, .manageOperators) {
            try hub.assistant.resetPIN(of: "Марія", to: "8642", context: Fixtures.desk2)
        }
        let actions = try hub.coordinator.auditLog(AuditFilter(action: "operator"), context: Fixtures.desk1).entries
            .map(\.action)
        #expect(actions == ["operator.init", "operator.add", "operator.add", "operator.pin", "operator.pin.reset"])
    }

    @Test func theDeskUnlocksWithTheSameOperatorsPIN() throws {
        let hub = try SignedInHub()
        let unlocked = try hub.volunteer.reauthenticate(pin: SignedInHub.volunteerPIN, desk: "1")
        #expect(unlocked.session?.name == "Марія")
        #expect(throws: AccessError.signInRequired) { try hub.plain.reauthenticate(pin: "2580", desk: "1") }
        let signins = try hub.coordinator.auditLog(AuditFilter(action: "signin"), context: Fixtures.desk1).entries
        #expect(signins.map(\.action) == ["signin"])
    }
}
