import DeskCore
import Foundation
import GRDB
import Testing

@testable import DeskStore

/// A database with the fixture register, an open distribution, and three operators.
struct SignedInHub {
    static let coordinatorPIN = "4821"
    static let volunteerPIN = "2580"
    static let assistantPIN = "3690"

    let plain: DeskDatabase
    let distribution: Int64
    let coordinator: DeskDatabase
    let volunteer: DeskDatabase
    let assistant: DeskDatabase

    init() throws {
        let (database, distribution) = try Fixtures.database()
        plain = database
        self.distribution = distribution
        // The operators are made on the fixture's morning, not at the real time: tests read the
        // log by day, and the real day moves on.
        let made = Fixtures.day("2026-11-25", hour: 9, minute: 5)
        coordinator = try database.initialise(coordinator: "Ганна Координаторка", pin: Self.coordinatorPIN, desk: "1", now: made)
        try coordinator.addOperator(name: "Марія", role: .volunteer, pin: Self.volunteerPIN, context: Fixtures.desk1, now: made)
        try coordinator.addOperator(name: "Олег", role: .assistant, pin: Self.assistantPIN, context: Fixtures.desk2, now: made)
        volunteer = try database.signIn(name: "Марія", pin: Self.volunteerPIN, desk: "1")
        assistant = try database.signIn(name: "олег", pin: Self.assistantPIN, desk: "2")
    }
}

/// `#expect(throws:)` for an `AccessError.notAllowed` of this role and action.
func expectNotAllowed<T>(_ role: OperatorRole, _ action: DeskAction, sourceLocation: SourceLocation = #_sourceLocation,
                         _ body: () throws -> T) {
    #expect(throws: AccessError.notAllowed(role: role, action: action), sourceLocation: sourceLocation) { _ = try body() }
}

@Suite("Operators and roles, enforced by the engine")
struct OperatorRoleTests {
    @Test func aDatabaseWithNoOperatorsIsInSetupModeAndWorksAsBefore() throws {
        let (db, dist) = try Fixtures.database()
        #expect(try !db.hasOperators())
        #expect(db.session == nil)
        let receipt = try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1)
        try db.void(issuance: receipt.kits[0].id, reason: "помилка", context: Fixtures.desk2)
        #expect(try db.history(household: "00417", context: Fixtures.desk1).entries[0].operatorName == "Марія")
        #expect(try db.operators().isEmpty)
        #expect(db.may(.manageOperators))
        // Operators are added by a signed-in coordinator, once `initialise` made the first one.
        #expect(throws: AccessError.noOperatorsYet) {
            try db.addOperator(name: "Хтось", role: .coordinator, pin: "9182", context: Fixtures.desk1)
        }
    }

    @Test func theFirstCoordinatorSwitchesTheDatabaseToSignedInMode() throws {
        let (db, dist) = try Fixtures.database()
        let coordinator = try db.initialise(coordinator: "  Ганна   Коваль ", pin: "4821", desk: "1")
        #expect(coordinator.session?.name == "Ганна Коваль")
        #expect(coordinator.session?.role == .coordinator)
        #expect(try db.hasOperators())
        #expect(throws: AccessError.alreadyInitialised) { try db.initialise(coordinator: "Інший", pin: "5555x", desk: "1") }

        // The handle without a session can no longer read or write anything about people.
        #expect(throws: AccessError.signInRequired) { try db.status() }
        #expect(throws: AccessError.signInRequired) { try db.household(number: "00417") }
        #expect(throws: AccessError.signInRequired) { try db.searchRecords() }
        #expect(throws: AccessError.signInRequired) { try db.history(household: "00417", context: Fixtures.desk1) }
        #expect(throws: AccessError.signInRequired) {
            try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1)
        }
        #expect(throws: AccessError.signInRequired) { try db.exportRegister(withContacts: true) }
        #expect(throws: AccessError.signInRequired) { try db.possibleDuplicates() }
        #expect(throws: AccessError.signInRequired) {
            try db.kitAvailability(household: "00417", distribution: dist, context: Fixtures.desk1)
        }
        #expect(throws: AccessError.signInRequired) { try db.duplicateWarnings(household: "00417", distribution: dist) }
        #expect(throws: AccessError.signInRequired) { try db.report(distribution: dist) }
        #expect(throws: AccessError.signInRequired) { try db.check() }
        #expect(!db.may(.lookUp))
        // The signed-in handle can.
        #expect(try coordinator.status().households == 3)
        // Signing out drops the session.
        #expect(throws: AccessError.signInRequired) { try coordinator.signedOut.status() }
    }

    @Test func aVolunteerChecksInAndIssuesButCannotVoidOrRunTheDistribution() throws {
        let hub = try SignedInHub()
        let volunteer = hub.volunteer
        _ = try volunteer.checkIn(household: "00418", distribution: hub.distribution, context: Fixtures.desk1)
        let receipt = try volunteer.issue(household: "00417", kits: ["hygiene"], distribution: hub.distribution,
                                          context: Fixtures.desk1)
        #expect(try volunteer.history(household: "00417", context: Fixtures.desk1).entries.count == 1)
        #expect(try !volunteer.searchRecords().isEmpty)

        expectNotAllowed(.volunteer, .void) {
            try volunteer.void(issuance: receipt.kits[0].id, reason: "спроба", context: Fixtures.desk1)
        }
        expectNotAllowed(.volunteer, .distributions) {
            try volunteer.openDistribution(name: "Ще одна", date: CivilDate(year: 2026, month: 12, day: 1)!, place: "",
                                           stock: [("hygiene", 5)], context: Fixtures.desk1)
        }
        expectNotAllowed(.volunteer, .distributions) { try volunteer.closeDistribution(id: hub.distribution, context: Fixtures.desk1) }
        expectNotAllowed(.volunteer, .distributions) {
            try volunteer.closeDistribution(id: hub.distribution, counts: [], context: Fixtures.desk1)
        }
        expectNotAllowed(.volunteer, .adjustStock) {
            try volunteer.adjustStock(distribution: hub.distribution, kit: "hygiene", by: 5, reason: "ще коробка",
                                      context: Fixtures.desk1)
        }
        expectNotAllowed(.volunteer, .importRegister) {
            try volunteer.importRegister(Fixtures.register, context: Fixtures.desk1)
        }
        expectNotAllowed(.volunteer, .export) { try volunteer.exportRegister(withContacts: true) }
        expectNotAllowed(.volunteer, .export) { try volunteer.issuanceLines() }
        expectNotAllowed(.volunteer, .sheet) { try volunteer.sheetDistribution(nil) }
        expectNotAllowed(.volunteer, .report) { try volunteer.report(distribution: nil) }
        expectNotAllowed(.volunteer, .duplicates) { try volunteer.possibleDuplicates() }
        expectNotAllowed(.volunteer, .duplicates) {
            try volunteer.mergeHouseholds(keep: "00417", other: "00418", reason: "та сама", context: Fixtures.desk1)
        }
        expectNotAllowed(.volunteer, .maintenance) { try volunteer.check() }
        expectNotAllowed(.volunteer, .maintenance) { try volunteer.backup(to: "/nonexistent/never-written.sqlite") }
        expectNotAllowed(.volunteer, .manageOperators) { try volunteer.operators() }
        expectNotAllowed(.volunteer, .manageOperators) {
            try volunteer.addOperator(name: "Друг", role: .coordinator, pin: "7777a", context: Fixtures.desk1)
        }
        expectNotAllowed(.volunteer, .readAudit) { try volunteer.auditLog(AuditFilter(), context: Fixtures.desk1) }
        // Nothing of it happened.
        #expect(try hub.coordinator.history(household: "00417", context: Fixtures.desk1).entries[0].isVoided == false)
        #expect(try hub.coordinator.status().distributions.count == 1)
    }

    @Test func anAssistantLooksUpButCannotIssueOrCheckIn() throws {
        let hub = try SignedInHub()
        let assistant = hub.assistant
        #expect(try assistant.household(number: "00417")?.members.count == 2)
        #expect(try assistant.history(household: "00417", context: Fixtures.desk2).entries.isEmpty)
        #expect(try assistant.kitAvailability(household: "00417", distribution: hub.distribution, context: Fixtures.desk2)
            .count == 4)
        try assistant.recordLookup(household: "00417", context: Fixtures.desk2)
        expectNotAllowed(.assistant, .issue) {
            try assistant.issue(household: "00417", kits: ["hygiene"], distribution: hub.distribution, context: Fixtures.desk2)
        }
        expectNotAllowed(.assistant, .checkIn) {
            try assistant.checkIn(household: "00417", distribution: hub.distribution, context: Fixtures.desk2)
        }
        #expect(!assistant.may(.issue))
        #expect(assistant.may(.lookUp))
        #expect(try hub.coordinator.status().distributions[0].householdsCheckedIn == 0)
    }

    @Test func theCoordinatorDoesEverything() throws {
        let hub = try SignedInHub()
        let coordinator = hub.coordinator
        let receipt = try coordinator.issue(household: "00419", kits: ["hygiene"], distribution: hub.distribution,
                                            context: Fixtures.desk1)
        try coordinator.void(issuance: receipt.kits[0].id, reason: "не той набір", context: Fixtures.desk1)
        try coordinator.adjustStock(distribution: hub.distribution, kit: "hygiene", by: 2, reason: "ще дві", context: Fixtures.desk1)
        _ = try coordinator.exportRegister(withContacts: true)
        _ = try coordinator.report(distribution: hub.distribution)
        _ = try coordinator.possibleDuplicates()
        #expect(try coordinator.check().isEmpty)
        #expect(try coordinator.operators().map(\.name) == ["Ганна Координаторка", "Марія", "Олег"])
        try coordinator.closeDistribution(id: hub.distribution, counts: [], context: Fixtures.desk1)
    }

    @Test func whatIsRecordedCarriesTheSignedInNameWhateverTheContextSays() throws {
        let hub = try SignedInHub()
        // The volunteer's context claims to be the coordinator: the engine records who signed in.
        let claimed = DeskContext(operatorName: "Ганна Координаторка", desk: "3", timeZone: Fixtures.kyiv)
        let outcome = try hub.volunteer.checkIn(household: "00417", distribution: hub.distribution, context: claimed)
        #expect(outcome.arrival.operatorName == "Марія")
        _ = try hub.volunteer.issue(household: "00417", kits: ["hygiene"], distribution: hub.distribution, context: claimed)
        let entry = try hub.coordinator.history(household: "00417", context: claimed).entries[0]
        #expect(entry.operatorName == "Марія")
        #expect(entry.desk == "3")
        let audit = try hub.coordinator.auditLog(AuditFilter(household: "00417"), context: claimed).entries
        #expect(audit.map(\.operatorName) == ["Марія", "Марія"])
    }

    @Test func aDisabledOperatorIsStoppedAtOnceAndCannotSignIn() throws {
        let hub = try SignedInHub()
        try hub.coordinator.setOperator("марія", disabled: true, context: Fixtures.desk1)
        #expect(throws: AccessError.operatorDisabled("Марія")) { try hub.volunteer.status() }
        #expect(throws: AccessError.operatorDisabled("Марія")) {
            try hub.plain.signIn(name: "Марія", pin: SignedInHub.volunteerPIN, desk: "1")
        }
        #expect(try hub.coordinator.operators().first { $0.name == "Марія" }?.disabled == true)
        // Enabled again: a new sign-in works; the session from before the disable stays dead.
        try hub.coordinator.setOperator("Марія", disabled: false, context: Fixtures.desk1)
        #expect(throws: AccessError.signInAgain("Марія")) { try hub.volunteer.status() }
        let again = try hub.plain.signIn(name: "Марія", pin: SignedInHub.volunteerPIN, desk: "1")
        #expect(try again.status().households == 3)
    }

    @Test func theLastCoordinatorCannotBeDisabled() throws {
        let hub = try SignedInHub()
        #expect(throws: AccessError.lastCoordinator("Ганна Координаторка")) {
            try hub.coordinator.setOperator("Ганна Координаторка", disabled: true, context: Fixtures.desk1)
        }
        #expect(throws: AccessError.operatorExists("Марія")) {
            try hub.coordinator.addOperator(name: "МАРІЯ", role: .coordinator, pin: "1357", context: Fixtures.desk1)
        }
        #expect(throws: AccessError.unknownOperator("Ніхто")) {
            try hub.coordinator.setOperator("Ніхто", disabled: true, context: Fixtures.desk1)
        }
    }

    @Test func operatorsAreNeverDeletedNorRenamedEvenThroughSQL() throws {
        let hub = try SignedInHub()
        #expect(throws: DatabaseError.self) {
            try hub.plain.writer.write { db in try db.execute(sql: "DELETE FROM operator WHERE name = 'Олег'") }
        }
        #expect(throws: DatabaseError.self) {
            try hub.plain.writer.write { db in try db.execute(sql: "UPDATE operator SET name = 'Інший' WHERE name = 'Олег'") }
        }
        #expect(throws: DatabaseError.self) {
            try hub.plain.writer.write { db in
                try db.execute(sql: "UPDATE operator SET pinHash = '1234' WHERE name = 'Олег'")
            }
        }
        #expect(try hub.coordinator.operators().count == 3)
    }

    @Test func aRestoreKeepsTodaysOperatorsWhateverTheBackupHad() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-restore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try DeskDatabase.open(path: folder.appendingPathComponent("hub.sqlite").path, catalogue: Fixtures.catalogue())
        _ = try db.importRegister(Fixtures.register, context: Fixtures.desk1)
        let beforeOperators = folder.appendingPathComponent("before-operators.sqlite").path
        try db.backup(to: beforeOperators)
        let coordinator = try db.initialise(coordinator: "Ганна", pin: "4821", desk: "1")
        try coordinator.addOperator(name: "Марія", role: .volunteer, pin: "2580", context: Fixtures.desk1)
        try coordinator.addOperator(name: "Олег", role: .assistant, pin: "3690", context: Fixtures.desk1)
        let withOperators = folder.appendingPathComponent("with-operators.sqlite").path
        try coordinator.backup(to: withOperators)
        try coordinator.setOperator("Олег", disabled: true, context: Fixtures.desk1)
        try coordinator.resetPIN(of: "Марія", to: "7531", context: Fixtures.desk1)

        // A backup from before operators existed does not open the register to anyone.
        try coordinator.restore(from: beforeOperators)
        #expect(try db.hasOperators())
        #expect(throws: AccessError.signInRequired) { try db.status() }
        #expect(try coordinator.status().households == 3)
        // A backup with older operators brings back neither Олег nor Марія's old PIN.
        try coordinator.restore(from: withOperators)
        #expect(throws: AccessError.operatorDisabled("Олег")) { try db.signIn(name: "Олег", pin: "3690", desk: "1") }
        #expect(throws: AccessError.self) { try db.signIn(name: "Марія", pin: "2580", desk: "1") }
        try coordinator.setOperator("Марія", disabled: false, context: Fixtures.desk1)  // lifts the wait the wrong PIN left
        #expect(try db.signIn(name: "Марія", pin: "7531", desk: "1").session?.role == .volunteer)
        #expect(try coordinator.operators().map(\.name) == ["Ганна", "Марія", "Олег"])
    }

    @Test func theRoleTableIsAsDocumented() {
        #expect(DeskAction.allCases.allSatisfy(OperatorRole.coordinator.allows))
        #expect(DeskAction.allCases.filter(OperatorRole.volunteer.allows) == [.lookUp, .checkIn, .issue])
        #expect(DeskAction.allCases.filter(OperatorRole.assistant.allows) == [.lookUp])
    }
}
