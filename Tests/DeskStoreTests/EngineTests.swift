import DeskCore
import DeskResources
import Foundation
import GRDB
import Testing

@testable import DeskStore

@Suite("Issuing rules, enforced by the engine")
struct IssuingTests {
    @Test func aKitGoesToAHouseholdOncePerDistribution() throws {
        let (db, dist) = try Fixtures.database()
        let first = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1,
                                 now: Fixtures.day("2026-11-25", hour: 10, minute: 42))
        #expect(first.kits.map(\.kit) == ["hygiene"])
        #expect(first.collectedBy == "Коваленко Олена Петрівна")

        let refusal = #expect(throws: IssueRefusal.self) {
            try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk2)
        }
        guard case .alreadyIssued(let prior) = refusal else {
            Issue.record("expected alreadyIssued, got \(String(describing: refusal))")
            return
        }
        #expect(prior.desk == "1")
        #expect(prior.operatorName == "Марія")
        #expect(prior.id == first.kits[0].id)
        let strings = try Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
        let message = strings.explain(refusal!, catalogue: db.catalogue, timeZone: Fixtures.kyiv)
        #expect(message.contains("Гігієнічний набір вже видано"))
        #expect(message.contains("25.11.2026 о 10:42"))
        #expect(message.contains("стіл 1"))
        #expect(message.contains("Марія"))
        #expect(try db.status().distributions[0].stock.first { $0.kit == "hygiene" }?.issued == 1)
    }

    @Test func severalKitsAreAllIssuedOrNone() throws {
        let (db, _) = try Fixtures.database()
        _ = try db.issue(household: "00418", kits: ["kitchen"], distribution: nil, context: Fixtures.desk1)
        // kitchen has a stock of one: asking for hygiene + kitchen must leave hygiene untouched.
        #expect(throws: IssueRefusal.outOfStock(kit: "kitchen", left: 0, needed: 1)) {
            try db.issue(household: "00417", kits: ["hygiene", "kitchen"], distribution: nil, context: Fixtures.desk1)
        }
        #expect(try db.history(household: "00417", context: Fixtures.desk1).entries.isEmpty)
        let hygiene = try db.status().distributions[0].stock.first { $0.kit == "hygiene" }!
        #expect(hygiene.issued == 0 && hygiene.left == 10)
    }

    @Test func perPersonKitsAreCappedPerHousehold() throws {
        let (db, _) = try Fixtures.database()
        let five = try db.issue(household: "00418", kits: ["bedding"], distribution: nil, context: Fixtures.desk1)
        #expect(five.kits[0].quantity == 4)  // five members, cap 4
        let two = try db.issue(household: "00417", kits: ["bedding"], distribution: nil, context: Fixtures.desk1)
        #expect(two.kits[0].quantity == 2)
        let one = try db.issue(household: "00419", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        #expect(one.kits[0].quantity == 1)
        #expect(try db.status().distributions[0].stock.first { $0.kit == "bedding" }?.left == 14)
    }

    @Test func stockNeverGoesBelowZero() throws {
        let (db, _) = try Fixtures.database(stock: [("bedding", 5), ("hygiene", 1)])
        _ = try db.issue(household: "00417", kits: ["bedding"], distribution: nil, context: Fixtures.desk1)  // 2 left 3
        #expect(throws: IssueRefusal.outOfStock(kit: "bedding", left: 3, needed: 4)) {
            try db.issue(household: "00418", kits: ["bedding"], distribution: nil, context: Fixtures.desk1)
        }
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        let refusal = #expect(throws: IssueRefusal.self) {
            try db.issue(household: "00419", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        }
        #expect(refusal?.isOutOfStock == true)
    }

    @Test func winterizationOncePerSeasonAcrossDistributions() throws {
        let november = Fixtures.day("2026-11-25")
        let (db, first) = try Fixtures.database(now: november)
        _ = try db.issue(household: "00417", kits: ["winterization"], distribution: first, context: Fixtures.desk1,
                         now: november)
        try db.closeDistribution(id: first, context: Fixtures.desk1, now: november)
        let december = Fixtures.day("2026-12-20")
        let second = try db.openDistribution(
            name: "Грудень", date: CivilDate(parsing: "2026-12-20")!, place: "", stock: [("winterization", 5)],
            context: Fixtures.desk1, now: december)
        let eligibleFrom = CivilDate(parsing: "2026-11-25")!.adding(days: 180)
        #expect(throws: IssueRefusal.self) {
            try db.issue(household: "00417", kits: ["winterization"], distribution: second, context: Fixtures.desk2,
                         now: december)
        }
        do {
            _ = try db.issue(household: "00417", kits: ["winterization"], distribution: second,
                             context: Fixtures.desk2, now: december)
        } catch IssueRefusal.notEligibleUntil(let date, let previous) {
            #expect(date == eligibleFrom)
            #expect(previous.distributionName == "Зимова видача")
        }
        // Another household is not affected, and on the eligible day the first one is served again.
        _ = try db.issue(household: "00418", kits: ["winterization"], distribution: second, context: Fixtures.desk2,
                         now: december)
        let onTheDay = Fixtures.day(eligibleFrom.iso, hour: 9)
        try db.closeDistribution(id: second, context: Fixtures.desk1, now: onTheDay)
        let third = try db.openDistribution(
            name: "Травень", date: eligibleFrom, place: "", stock: [("winterization", 5)], context: Fixtures.desk1,
            now: onTheDay)
        let again = try db.issue(household: "00417", kits: ["winterization"], distribution: third,
                                 context: Fixtures.desk1, now: onTheDay)
        #expect(again.kits.count == 1)
    }

    @Test func aClosedDistributionTakesNoIssuanceNorCheckIn() throws {
        let (db, dist) = try Fixtures.database()
        try db.closeDistribution(id: nil, context: Fixtures.desk1)
        #expect(throws: IssueRefusal.distributionClosed(name: "Зимова видача")) {
            try db.issue(household: "00417", kits: ["hygiene"], distribution: dist, context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.noOpenDistribution) {
            try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.distributionClosed(name: "Зимова видача")) {
            try db.checkIn(household: "00417", distribution: dist, context: Fixtures.desk1)
        }
        #expect(throws: EngineError.distributionAlreadyClosed(name: "Зимова видача")) {
            try db.closeDistribution(id: dist, context: Fixtures.desk1)
        }
    }

    @Test func aSecondDistributionIsNotOpenedWhileOneIsOpen() throws {
        let (db, first) = try Fixtures.database()
        #expect(throws: EngineError.distributionStillOpen(id: first, name: "Зимова видача")) {
            try db.openDistribution(
                name: "Друга", date: CivilDate(parsing: "2026-11-25")!, place: "", stock: [("hygiene", 3)],
                context: Fixtures.desk1)
        }
        #expect(try db.status().distributions.count == 1)
        try db.closeDistribution(id: first, counts: [], context: Fixtures.desk1)
        let second = try db.openDistribution(
            name: "Друга", date: CivilDate(parsing: "2026-11-26")!, place: "", stock: [("hygiene", 3)],
            context: Fixtures.desk1)
        #expect(second > first)
    }

    @Test func severalOpenDistributionsLeftByAnEarlierBuildNeedAnId() throws {
        let (db, first) = try Fixtures.database()
        let second = try Fixtures.openAnotherTheOldWay(db, name: "Друга", stock: [("hygiene", 3)])
        #expect(throws: IssueRefusal.severalOpenDistributions([first, second])) {
            try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        }
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: second, context: Fixtures.desk1)
    }

    @Test func kitsOutsideTheDistributionOrCatalogueAreRefused() throws {
        let (db, _) = try Fixtures.database(stock: [("hygiene", 3)])
        #expect(throws: IssueRefusal.kitNotInDistribution(kit: "lamp", distribution: "Зимова видача")) {
            try db.issue(household: "00417", kits: ["lamp"], distribution: nil, context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.unknownKit("soap")) {
            try db.issue(household: "00417", kits: ["soap"], distribution: nil, context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.repeatedKit("hygiene")) {
            try db.issue(household: "00417", kits: ["hygiene", "hygiene"], distribution: nil, context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.unknownHousehold("99999")) {
            try db.issue(household: "99999", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        }
        #expect(throws: IssueRefusal.unknownKit("soap")) {
            try db.openDistribution(name: "X", date: CivilDate(parsing: "2026-11-25")!, place: "",
                                    stock: [("soap", 1)], context: Fixtures.desk1)
        }
    }

    @Test func householdNumberWithoutLeadingZeros() throws {
        let (db, _) = try Fixtures.database()
        let receipt = try db.issue(household: "417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        #expect(receipt.household == "00417")
    }

    @Test func collectorIsHeadMemberOrProxy() throws {
        let (db, _) = try Fixtures.database()
        let byHead = try db.issue(household: "00418", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        #expect(byHead.collectedBy == "Бондар Василь Миколайович" && !byHead.collectedByProxy)
        let byMember = try db.issue(household: "00418", kits: ["kitchen"], distribution: nil,
                                    collectedBy: "бондар ірина", context: Fixtures.desk1)
        #expect(byMember.collectedBy == "Бондар Ірина Василівна" && !byMember.collectedByProxy)
        let byProxy = try db.issue(household: "00419", kits: ["hygiene"], distribution: nil,
                                   collectedBy: "Сусідка Тетяна Гнатюк", context: Fixtures.desk1)
        #expect(byProxy.collectedBy == "Сусідка Тетяна Гнатюк" && byProxy.collectedByProxy)
        let history = try db.history(household: "00419", context: Fixtures.desk1)
        #expect(history.entries[0].collectedByProxy)
    }

    @Test func issuingChecksTheHouseholdInAndCheckingInTwiceIsHarmless() throws {
        let (db, dist) = try Fixtures.database()
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1,
                         now: Fixtures.day("2026-11-25", hour: 10, minute: 5))
        let again = try db.checkIn(household: "00417", distribution: dist, context: Fixtures.desk2,
                                   now: Fixtures.day("2026-11-25", hour: 11))
        #expect(!again.isNew)
        #expect(again.arrival.desk == "1")
        #expect(again.arrival.checkedInAt == Fixtures.day("2026-11-25", hour: 10, minute: 5))
        let fresh = try db.checkIn(household: "00418", distribution: nil, member: "Бондар Ганна", context: Fixtures.desk2)
        #expect(fresh.isNew)
        let status = try db.status().distributions[0]
        #expect(status.householdsCheckedIn == 2)
        #expect(status.householdsServed == 1)
    }
}

@Suite("Voids and the ledger")
struct VoidTests {
    @Test func aVoidReturnsTheKitToStockAndAllowsReissue() throws {
        let (db, _) = try Fixtures.database()
        let receipt = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        #expect(throws: EngineError.reasonRequired) {
            try db.void(issuance: receipt.kits[0].id, reason: "  ", context: Fixtures.desk1)
        }
        try db.void(issuance: receipt.kits[0].id, reason: "записали не ту сім'ю", context: Fixtures.desk1)
        #expect(throws: EngineError.alreadyVoided(receipt.kits[0].id)) {
            try db.void(issuance: receipt.kits[0].id, reason: "ще раз", context: Fixtures.desk1)
        }
        #expect(throws: EngineError.unknownIssuance(999)) {
            try db.void(issuance: 999, reason: "x", context: Fixtures.desk1)
        }
        #expect(try db.status().distributions[0].stock.first { $0.kit == "hygiene" }?.left == 10)
        _ = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk2)
        let history = try db.history(household: "00417", context: Fixtures.desk1)
        #expect(history.entries.count == 2)
        #expect(history.entries.filter(\.isVoided).count == 1)
        #expect(history.entries.first { $0.isVoided }?.voidReason == "записали не ту сім'ю")
    }

    @Test func theSchemaRefusesWhatTheEngineWouldNeverDo() throws {
        let (db, dist) = try Fixtures.database()
        let receipt = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk1)
        let id = receipt.kits[0].id
        try db.writer.write { sql in
            let householdId = try Int64.fetchOne(sql, sql: "SELECT id FROM household WHERE number = '00417'")!
            // A second live issuance of the same kit: the unique index says no.
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: """
                    INSERT INTO issuance (distributionId, householdId, kitCode, quantity, collectedBy, operator, desk, issuedAt)
                    VALUES (?, ?, 'hygiene', 1, 'x', 'x', 'x', CURRENT_TIMESTAMP)
                    """, arguments: [dist, householdId])
            }
            // More than the stock: the trigger says no.
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: """
                    INSERT INTO issuance (distributionId, householdId, kitCode, quantity, collectedBy, operator, desk, issuedAt)
                    VALUES (?, ?, 'kitchen', 2, 'x', 'x', 'x', CURRENT_TIMESTAMP)
                    """, arguments: [dist, householdId])
            }
            #expect(throws: DatabaseError.self) { try sql.execute(sql: "DELETE FROM issuance WHERE id = ?", arguments: [id]) }
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: "UPDATE issuance SET quantity = 5 WHERE id = ?", arguments: [id])
            }
            #expect(throws: DatabaseError.self) { try sql.execute(sql: "DELETE FROM audit") }
            #expect(throws: DatabaseError.self) { try sql.execute(sql: "UPDATE audit SET detail = 'x'") }
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: "UPDATE stock SET received = 0 WHERE kitCode = 'hygiene'")
            }
        }
        try db.void(issuance: id, reason: "помилка", context: Fixtures.desk1)
        _ = try db.writer.write { sql in
            // Un-voiding is refused too.
            #expect(throws: DatabaseError.self) {
                try sql.execute(sql: "UPDATE issuance SET voidedAt = NULL, voidReason = NULL WHERE id = ?", arguments: [id])
            }
        }
    }

    @Test func everyChangeIsAudited() throws {
        let (db, _) = try Fixtures.database()
        let receipt = try db.issue(household: "00417", kits: ["hygiene"], distribution: nil, context: Fixtures.desk2)
        try db.void(issuance: receipt.kits[0].id, reason: "помилка", context: Fixtures.desk1)
        let actions = try db.writer.read { sql in
            try Row.fetchAll(sql, sql: "SELECT action, operator, desk FROM audit ORDER BY id")
                .map { "\($0["action"] as String)/\($0["operator"] as String)/\($0["desk"] as String)" }
        }
        #expect(actions == [
            "import/Марія/1", "distribution.open/Марія/1", "checkin/Олег/2", "issue/Олег/2", "void/Марія/1",
        ])
    }
}

@Suite("Register import into the store")
struct RegisterStoreTests {
    @Test func importingTheSameRegisterTwiceChangesNothing() throws {
        let db = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        let first = try db.importRegister(Fixtures.register, context: Fixtures.desk1)
        #expect(first.householdsAdded == 3 && first.peopleAdded == 8)
        let second = try db.importRegister(Fixtures.register, context: Fixtures.desk1)
        #expect(!second.changedAnything)
        #expect(second.peopleUnchanged == 8)
        #expect(try db.status().people == 8)
    }

    @Test func aCorrectedRegisterUpdatesPeopleAndKeepsThoseLeftOut() throws {
        let db = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        _ = try db.importRegister(Fixtures.register, context: Fixtures.desk1)
        var changed = Fixtures.register
        changed.households[0].members[0].phone = "+380509998877"
        changed.households[1].members.removeLast()
        changed.households.append(Household(number: "00420", settlement: "Бар", members: [
            Fixtures.person("Ткач", "Роман", "Ігорович", "1990-01-01", .male, head: true),
        ]))
        let summary = try db.importRegister(changed, context: Fixtures.desk1)
        #expect(summary.householdsAdded == 1 && summary.peopleAdded == 1 && summary.peopleUpdated == 1)
        #expect(try db.household(number: "00417")?.members[0].phone == "+380509998877")
        #expect(try db.household(number: "00418")?.members.count == 5)
    }
}

@Suite("The database file")
struct DatabaseFileTests {
    @Test func aNewFileIsPrivateAndDurable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-\(UUID())/data")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let path = folder.appendingPathComponent("hub.sqlite").path
        let db = try DeskDatabase.open(path: path, catalogue: Fixtures.catalogue())
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
        #expect(try db.synchronousLevel() == 2)  // FULL
        #expect(try db.integrityCheck() == ["ok"])
    }

    @Test func networkFilesystemsAreRecognised() {
        let mounts = """
            /dev/vda / ext4 rw 0 0
            server:/export /srv/hub nfs4 rw 0 0
            user@host:/data /mnt/ssh\\040share fuse.sshfs rw 0 0
            tmpfs /srv/hub/local tmpfs rw 0 0
            """
        #expect(FileSafety.networkFilesystemKind(of: "/home/desk/aiddesk.sqlite", mounts: mounts) == nil)
        #expect(FileSafety.networkFilesystemKind(of: "/srv/hub/aiddesk.sqlite", mounts: mounts) == "nfs4")
        #expect(FileSafety.networkFilesystemKind(of: "/srv/hub/local/a.sqlite", mounts: mounts) == nil)
        #expect(FileSafety.networkFilesystemKind(of: "/mnt/ssh share/a.sqlite", mounts: mounts) == "fuse.sshfs")
        #expect(FileSafety.networkFilesystemKind(of: "/srv/hubby/a.sqlite", mounts: mounts) == nil)
    }
}

@Suite("Importing a file with fewer columns")
struct PartialImportTests {
    /// A register exported without contacts and imported back keeps the stored phones,
    /// certificates, patronymics and birth dates, and adds nobody twice.
    @Test func whatTheFileDoesNotSayIsKept() throws {
        let db = try DeskDatabase.inMemory(catalogue: Fixtures.catalogue())
        var full = Fixtures.register
        full.households[0].members[0].idpCertificate = "0512-0000000417"
        _ = try db.importRegister(full, context: Fixtures.desk1)

        var bare = full
        for h in bare.households.indices {
            bare.households[h].settlement = ""
            for m in bare.households[h].members.indices {
                bare.households[h].members[m].phone = nil
                bare.households[h].members[m].idpCertificate = nil
                bare.households[h].members[m].patronymic = ""
                bare.households[h].members[m].birthDate = nil
            }
        }
        let summary = try db.importRegister(
            bare, columns: [.household, .surname, .givenName, .sex, .head], context: Fixtures.desk1)
        #expect(summary.peopleAdded == 0)
        #expect(!summary.changedAnything)
        let head = try #require(try db.household(number: "00417")?.members.first)
        #expect(head.phone == "+380671234567")
        #expect(head.idpCertificate == "0512-0000000417")
        #expect(head.patronymic == "Петрівна")
        #expect(head.birthDate == CivilDate(parsing: "12.03.1981"))
        #expect(try db.household(number: "00417")?.settlement == "Вінниця")

    }
}
