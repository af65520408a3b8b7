import DeskCore
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// A hub database as the earlier build left it: schema up to v8, operators whose PINs libsodium
/// stored as Argon2id strings (made with `crypto_pwhash_str` and its interactive limits).
struct EarlierBuildHub {
    /// Argon2id of "4821", exactly as the earlier build stored it.
    static let argon2idOf4821 = "$argon2id$v=19$m=65536,t=2,p=1$S6waTV6XdNdzlPKXH2kGCA$fHnUV7A0OuG9CZDHgp0JygHKtpiFydrs3V9L1mrxF9s"

    let folder: URL
    let path: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-earlier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("hub.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v8: disability mark from the register")
        let created = Fixtures.day("2026-11-20", hour: 9)
        try queue.write { db in
            for (name, role) in [("Ганна", "coordinator"), ("Марія", "volunteer")] {
                try db.execute(
                    sql: """
                        INSERT INTO operator (name, nameKey, role, pinHash, createdBy, createdAt, credentialVersion)
                        VALUES (?, ?, ?, ?, 'Ганна', ?, 3)
                        """,
                    arguments: [name, name.lowercased(), role, Self.argon2idOf4821, created])
            }
        }
        try queue.close()
    }

    func open() throws -> DeskDatabase {
        try DeskDatabase.open(path: path, catalogue: Fixtures.catalogue())
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

@Suite("PINs stored by the earlier build (Argon2id)")
struct EarlierPINTests {
    @Test func theOperatorsSurviveTheNewSchemaWithTheirOldHashes() throws {
        let hub = try EarlierBuildHub()
        defer { hub.remove() }
        let db = try hub.open()
        let rows = try db.writer.read { db in try OperatorRecord.order(Column("id")).fetchAll(db) }
        #expect(rows.map(\.name) == ["Ганна", "Марія"])
        #expect(rows.allSatisfy { $0.pinHash == EarlierBuildHub.argon2idOf4821 && $0.credentialVersion == 3 })
        #expect(rows.map(\.createdAt) == [Fixtures.day("2026-11-20", hour: 9), Fixtures.day("2026-11-20", hour: 9)])
        // The rebuilt table keeps its guards.
        #expect(throws: DatabaseError.self) {
            try db.writer.write { db in try db.execute(sql: "DELETE FROM operator WHERE name = 'Марія'") }
        }
        #expect(throws: DatabaseError.self) {
            try db.writer.write { db in try db.execute(sql: "UPDATE operator SET pinHash = '4821'") }
        }
    }

    @Test func signingInIsToldWhatHappenedAndIsNotCountedAsAWrongPIN() throws {
        let hub = try EarlierBuildHub()
        defer { hub.remove() }
        let db = try hub.open()
        for _ in 0..<(PINRules.lockOutAfter + 1) {
            #expect(throws: AccessError.pinFromEarlierBuild(name: "Ганна", role: .coordinator)) {
                try db.signIn(name: "ганна", pin: "4821", desk: "1")
            }
        }
        #expect(throws: AccessError.pinFromEarlierBuild(name: "Марія", role: .volunteer)) {
            try db.signIn(name: "Марія", pin: "4821", desk: "1")
        }
        let row = try #require(try db.writer.read { db in try OperatorRecord.fetchOne(db, key: 1) })
        #expect(row.failedAttempts == 0 && row.notBefore == nil)
        let actions = try db.writer.read { db in try String.fetchAll(db, sql: "SELECT action FROM audit ORDER BY id") }
        #expect(actions == Array(repeating: "signin.earlierPIN", count: PINRules.lockOutAfter + 2))
    }

    @Test func theFileOwnerRecoversTheCoordinatorWhoThenSetsTheVolunteersPIN() throws {
        let hub = try EarlierBuildHub()
        defer { hub.remove() }
        let db = try hub.open()
        #expect(throws: AccessError.notFileOwner(path: hub.path)) {
            try db.recoverCoordinator("Ганна", pin: "7391", desk: "1", systemUser: "guest", fileOwner: (1000, 1001))
        }
        #expect(throws: AccessError.recoverOnlyCoordinators("Марія")) {
            try db.recoverCoordinator("Марія", pin: "7391", desk: "1", systemUser: "hub", fileOwner: (1000, 1000))
        }
        #expect(throws: AccessError.unknownOperator("Петро")) {
            try db.recoverCoordinator("Петро", pin: "7391", desk: "1", systemUser: "hub", fileOwner: (1000, 1000))
        }
        #expect(throws: AccessError.weakPIN(minimumLength: PINRules.minimumLength)) {
            try db.recoverCoordinator("Ганна", pin: "11", desk: "1", systemUser: "hub", fileOwner: (1000, 1000))
        }
        try db.recoverCoordinator(
            "Ганна", pin: "7391", desk: "1", systemUser: "hub", now: Fixtures.day("2026-12-01"), fileOwner: (1000, 1000))

        let coordinator = try db.signIn(name: "Ганна", pin: "7391", desk: "1")
        #expect(coordinator.session?.role == .coordinator)
        try coordinator.resetPIN(of: "Марія", to: "2580", context: Fixtures.desk1)
        let volunteer = try db.signIn(name: "Марія", pin: "2580", desk: "1")
        #expect(volunteer.session?.role == .volunteer)

        let recovered = try coordinator.auditLog(AuditFilter(action: "operator.recover"), context: Fixtures.desk1).entries
        #expect(recovered.map(\.detail) == ["Ганна (hub)"])
        #expect(recovered.map(\.at) == [Fixtures.day("2026-12-01")])
    }

    @Test func recoveringALockedOutOrDisabledLastCoordinatorLetsThemIn() throws {
        let (db, _) = try Fixtures.database()
        _ = try db.initialise(coordinator: "Ганна", pin: "4821", desk: "1")
        let clock = TestClock(Fixtures.day("2026-11-25", hour: 9))
        for _ in 0..<PINRules.lockOutAfter {
            _ = try? db.signIn(name: "Ганна", pin: "0001", desk: "1", record: false, clock: { clock.now })
            clock.advance(10)
        }
        #expect(throws: AccessError.self) {
            try db.signIn(name: "Ганна", pin: "4821", desk: "1", record: false, clock: { clock.now })
        }
        // An in-memory database has no file to own: only an owner given by the caller passes.
        try db.recoverCoordinator("Ганна", pin: "9517", desk: "1", systemUser: "hub", fileOwner: (0, 0))
        let signed = try db.signIn(name: "Ганна", pin: "9517", desk: "1", record: false, clock: { clock.now })
        #expect(signed.session?.name == "Ганна")
    }
}

@Suite("Operators: look-alike names, parallel sign-ins")
struct OperatorNameStoreTests {
    @Test func aLookAlikeNameIsRefusedAndSignsInAsTheOperatorItLooksLike() throws {
        let hub = try SignedInHub()
        #expect(throws: AccessError.operatorExists("Марія")) {
            try hub.coordinator.addOperator(name: "Мapiя", role: .coordinator, pin: "1357", context: Fixtures.desk1)
        }
        #expect(throws: AccessError.operatorExists("Марія")) {
            try hub.coordinator.addOperator(name: " МАРІЯ\u{200B} ", role: .coordinator, pin: "1357", context: Fixtures.desk1)
        }
        let signed = try hub.plain.signIn(name: "Мapiя", pin: SignedInHub.volunteerPIN, desk: "1")
        #expect(signed.session?.name == "Марія")
    }

    @Test func aLookAlikeAddedByTheEarlierBuildIsDisabledAndSaidInTheAudit() throws {
        let hub = try EarlierBuildHub()
        defer { hub.remove() }
        // The earlier build compared names by case only: «Гaннa» (Latin a's) was let in.
        let queue = try DatabaseQueue(path: hub.path)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO operator (name, nameKey, role, pinHash, createdBy, createdAt)
                    VALUES ('Гaннa', 'гaннa', 'coordinator', ?, 'Ганна', ?)
                    """, arguments: [EarlierBuildHub.argon2idOf4821, Fixtures.day("2026-11-21")])
        }
        try queue.close()
        let db = try hub.open()
        let rows = try db.writer.read { db in try OperatorRecord.order(Column("id")).fetchAll(db) }
        #expect(rows.map(\.name) == ["Ганна", "Марія", "Гaннa"])
        #expect(rows.map(\.disabled) == [false, false, true])
        #expect(rows[0].nameKey == OperatorName.key("Ганна"))
        let said = try db.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT action, detail FROM audit").map { [$0["action"] as String, $0["detail"] as String] }
        }
        #expect(said == [["operator.lookalike", "Гaннa"]])
        // Signing in by either spelling reaches the first Ганна.
        #expect(throws: AccessError.pinFromEarlierBuild(name: "Ганна", role: .coordinator)) {
            try db.signIn(name: "Гaннa", pin: "4821", desk: "1")
        }
    }

    @Test func rightPINsTypedAtOnceNeverWaitForEachOther() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-pins-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hub.sqlite").path
        let catalogue = try Fixtures.catalogue()
        let first = try DeskDatabase.open(path: path, catalogue: catalogue)
        _ = try first.initialise(coordinator: "Ганна", pin: "4821", desk: "1")
        // Eight commands, each with its own connection, sign in as Ганна at the same moment.
        let desks = try (0..<8).map { _ in try DeskDatabase.open(path: path, catalogue: catalogue) }
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: desks.count) { index in
            do {
                let signed = try desks[index].signIn(name: "Ганна", pin: "4821", desk: "\(index)")
                outcomes.add(signed.session?.name ?? "?")
            } catch {
                outcomes.add("\(error)")
            }
        }
        #expect(outcomes.all == Array(repeating: "Ганна", count: desks.count))
    }
}

/// What several threads report, in any order.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []
    func add(_ value: String) { lock.withLock { values.append(value) } }
    var all: [String] { lock.withLock { values.sorted() } }
}
