import DeskCore
import Foundation
import GRDB
import Testing

@Suite("check sees a file edited behind AidDesk's back", .serialized)
struct TamperCheckCLITests {
    /// Edits the file as someone with sqlite3 would.
    func edit(_ hub: ScratchHub, _ sql: String) throws {
        let queue = try DatabaseQueue(path: hub.databasePath)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
    }

    func check(_ signed: SignedInScratchHub, lang: String = "uk") throws -> AidDeskBinary.Result {
        try signed.run(["--lang", lang, "check"], as: "Ганна")
    }

    func aDay() throws -> SignedInScratchHub {
        let signed = try SignedInScratchHub()
        for household in ["00001", "00002", "00003"] {
            #expect(try signed.run(["issue", household, "hygiene"], as: "Марія").status == 0)
        }
        let clean = try check(signed)
        #expect(clean.status == 0, "\(clean.stdout) \(clean.stderr)")
        return signed
    }

    @Test func droppedTriggersAndADeletedIssuanceWithItsAuditEntry() throws {
        let signed = try aDay()
        defer { signed.remove() }
        try edit(signed.hub, """
            DROP TRIGGER issuance_never_deleted;
            DROP TRIGGER audit_never_deleted;
            DELETE FROM audit WHERE action = 'issue' AND detail LIKE '#2 %';
            DELETE FROM issuance WHERE id = 2;
            """)
        let run = try check(signed)
        #expect(run.status == 2, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("немає trigger «issuance_never_deleted»"), "\(run.stdout)")
        #expect(run.stdout.contains("немає trigger «audit_never_deleted»"), "\(run.stdout)")
        #expect(run.stdout.contains("у таблиці issuance бракує #2"), "\(run.stdout)")
        #expect(run.stdout.contains("у таблиці audit бракує #"), "\(run.stdout)")
        let english = try check(signed, lang: "en")
        #expect(english.stdout.contains("table issuance lacks #2"), "\(english.stdout)")
    }

    @Test func theLastIssuanceDeletedAndAnIndexChangedAreSeenToo() throws {
        let signed = try aDay()
        defer { signed.remove() }
        try edit(signed.hub, """
            DROP TRIGGER issuance_never_deleted;
            DELETE FROM issuance WHERE id = 3;
            CREATE TRIGGER issuance_never_deleted BEFORE DELETE ON issuance
            BEGIN SELECT RAISE(ABORT, 'aiddesk: issuances are never deleted'); END;
            DROP INDEX issuance_live_once;
            CREATE INDEX issuance_live_once ON issuance(distributionId, householdId, kitCode);
            CREATE TABLE notes (x);
            """)
        let run = try check(signed)
        #expect(run.status == 2)
        #expect(run.stdout.contains("у таблиці issuance бракує #3"), "\(run.stdout)")
        #expect(run.stdout.contains("index «issuance_live_once» не такий"), "\(run.stdout)")
        #expect(run.stdout.contains("зайвий table «notes»"), "\(run.stdout)")
        #expect(!run.stdout.contains("issuance_never_deleted"), "the trigger put back as it was is no change")
    }

    @Test func aCopiedPINHashAndAPromotedVolunteer() throws {
        let signed = try aDay()
        defer { signed.remove() }
        try edit(signed.hub, """
            UPDATE operator SET pinHash = (SELECT pinHash FROM operator WHERE name = 'Ганна') WHERE name = 'Олег';
            UPDATE operator SET role = 'coordinator' WHERE name = 'Марія';
            """)
        let run = try check(signed)
        #expect(run.status == 2, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("Оператори Ганна, Олег мають однаковий збережений PIN"), "\(run.stdout)")
        #expect(run.stdout.contains("Роль оператора «Марія» — coordinator, а за журналом — volunteer"), "\(run.stdout)")
    }

    @Test func anOperatorEnabledBehindTheLogsBack() throws {
        let signed = try aDay()
        defer { signed.remove() }
        #expect(try signed.run(["operator", "disable", "Олег"], as: "Ганна").status == 0)
        #expect(try check(signed).status == 0)
        try edit(signed.hub, "UPDATE operator SET disabled = 0 WHERE name = 'Олег'")
        let run = try check(signed)
        #expect(run.status == 2 && run.stdout.contains("Оператора «Олег» увімкнено в обхід програми"), "\(run.stdout)")
    }
}
