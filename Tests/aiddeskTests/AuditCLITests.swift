import DeskCore
import Foundation
import Testing

@Suite("aiddesk audit: who did what, who looked at which family", .serialized)
struct AuditCLITests {
    @Test func theLogShowsChangesAndLookUpsWithOperatorAndDesk() throws {
        let signed = try SignedInScratchHub()
        defer { signed.remove() }
        #expect(try signed.run(["issue", "00003", "hygiene"], as: "Марія", desk: "2").status == 0)
        #expect(try signed.run(["history", "00003"], as: "Олег", desk: "3").status == 0)
        let found = try signed.run(["find", "Тестенко Олена", "--limit", "3", "--json"], as: "Олег", desk: "3")
        #expect(found.status == 0, "\(found.stderr)")
        let shown = Set(((jsonObject(found.stdout)?["results"] as? [[String: Any]]) ?? []).compactMap { $0["household"] as? String })
        #expect(!shown.isEmpty)

        let family = try signed.run(["audit", "--household", "3"], as: "Ганна")
        #expect(family.status == 0, "\(family.stderr)")
        let lines = family.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3)
        #expect(lines[0].contains("стіл 2") && lines[0].contains("Марія") && lines[0].contains("прихід"))
        #expect(lines[1].contains("видача") && lines[1].contains("00003") && lines[1].contains("hygiene×1"))
        #expect(lines[2].contains("стіл 3") && lines[2].contains("Олег") && lines[2].contains("перегляд історії"))

        // The JSON: only what Олег did or looked at.
        let json = try signed.run(["audit", "--operator", "олег", "--json"], as: "Ганна")
        #expect(json.status == 0, "\(json.stderr)")
        let entries = jsonObject(json.stdout)?["entries"] as? [[String: Any]] ?? []
        #expect(entries.allSatisfy { $0["operator"] as? String == "Олег" && $0["desk"] as? String == "3" })
        #expect(entries.first?["action"] as? String == "lookup.history")
        #expect(entries.first?["household"] as? String == "00003")
        let findRows = entries.filter { $0["action"] as? String == "lookup.find" }
        #expect(Set(findRows.compactMap { $0["household"] as? String }) == shown)
        #expect(findRows.count == shown.count)

        let english = try signed.run(["audit", "--household", "00003", "--lang", "en"], as: "Ганна")
        #expect(english.stdout.contains("desk 2") && english.stdout.contains("history shown"))
    }

    @Test func theLogFiltersByDayAndActionAndOnlyCoordinatorsReadIt() throws {
        let signed = try SignedInScratchHub()
        defer { signed.remove() }
        #expect(try signed.run(["issue", "00001", "hygiene"], as: "Марія").status == 0)
        // The binary runs in Kyiv time (AidDeskBinary.cleanEnvironment).
        let kyiv = TimeZone(identifier: "Europe/Kyiv")!
        let tomorrow = CivilDate(Date().addingTimeInterval(86_400), in: kyiv)
        let none = try signed.run(["audit", "--since", tomorrow.iso], as: "Ганна")
        #expect(none.status == 0)
        #expect(none.stdout.contains("нічого не знайдено"))
        let today = CivilDate(Date(), in: kyiv)
        let issues = try signed.run(["audit", "--since", today.dotted, "--action", "issue", "--json"], as: "Ганна")
        let entries = jsonObject(issues.stdout)?["entries"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["household"] as? String } == ["00001"])
        #expect(entries.first?["distribution"] as? Int == 1)
        let limited = try signed.run(["audit", "--limit", "2"], as: "Ганна")
        #expect(limited.stdout.contains("Останні 2 з"))
        #expect(try signed.run(["audit", "--since", "вчора"], as: "Ганна").status == 64)
        #expect(try signed.run(["audit", "--household", "99999"], as: "Ганна").status == 5)

        let volunteer = try signed.run(["audit"], as: "Марія")
        #expect(volunteer.status == 8)
        #expect(volunteer.stderr.contains("Роль «волонтер» не дозволяє читати журнал"))
        // Reading the log is in the log: the three readings above that found their way (a refused
        // one, a bad date or an unknown household reads nothing).
        let reads = try signed.run(["audit", "--action", "audit.read", "--json"], as: "Ганна")
        let details = (jsonObject(reads.stdout)?["entries"] as? [[String: Any]] ?? []).map { $0["detail"] as? String }
        #expect(details.count == 3)
        #expect(details.first == "since \(ISO8601DateFormatter().string(from: startOfDay(tomorrow)))")
    }

    @Test func inSetupModeLookUpsAreRecordedUnderTheNameGiven() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 4)
        #expect(try hub.aiddesk(["history", "00002"], desk: "5").status == 0)
        let audit = try hub.aiddesk(["audit", "--household", "00002", "--json"])
        #expect(audit.status == 0, "\(audit.stderr)")
        // `--operator Тест` here is the audit's filter; the entry is Тест's from desk 5.
        let entries = jsonObject(audit.stdout)?["entries"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["action"] as? String } == ["lookup.history"])
        #expect(entries.first?["operator"] as? String == "Тест")
        #expect(entries.first?["desk"] as? String == "5")
    }
}

/// Midnight of `day` in Kyiv, as the binary's `--since` reads it in the tests.
private func startOfDay(_ day: CivilDate) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Kyiv")!
    return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
}
