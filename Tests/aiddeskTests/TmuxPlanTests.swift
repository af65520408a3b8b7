import DeskCore
import Foundation
import Testing

/// A day with a plan on the demo hub, through the real binary in tmux: winterization for
/// families with a member aged 60+ or a child under 5, hygiene one for every three people,
/// kitchen sets for a list of 100 households. The desk ticks exactly what `plan show` says each
/// family is entitled to; a kitchen set for a family off the list goes only with a reason, and
/// the ledger and the audit keep the reason.
@Suite("A day with a plan through tmux", .enabled(if: Tmux.path != nil, "tmux is not installed"))
struct TmuxPlanTests {
    @Test func theDeskTicksThePlanAndTheCoordinatorOverridesWithAReason() throws {
        let hub = try DemoHubFile()
        defer { hub.remove() }
        // No rule of an earlier issue stands between these families and what the plan gives.
        let numbers = try hub.familiesNotYetServed()
        try #require(numbers.count > 101)
        let list = hub.folder.appendingPathComponent("kitchen.csv")
        try ("household\n" + numbers.prefix(100).joined(separator: "\n") + "\n").write(to: list, atomically: true, encoding: .utf8)

        for arguments in [
            ["plan", "set", "winterization", "--when", "age>=60 or age<5"],
            ["plan", "set", "hygiene", "--everyone", "--per-people", "3", "--reason", "план агенції"],
            ["plan", "set", "kitchen", "--list", list.path, "--reason", "список агенції"],
        ] {
            let set = try AidDeskBinary.run(arguments + ["--db", hub.path])
            #expect(set.status == 0, "\(arguments): \(set.stderr)")
        }
        let onList = numbers[0]
        let offList = numbers[100]
        let entitled = try entitlements(onList, hub)
        #expect(entitled["kitchen"] == 1)
        #expect(try entitlements(offList, hub)["kitchen"] == nil)

        let desk = try TmuxDesk(database: hub.path)
        defer { desk.close() }
        try desk.waitFor("the issuing desk") { $0.contains { $0.contains(uk("desk.searchLabel")) } }

        // A family on the kitchen list: the card ticks what the plan gives, with its quantities.
        try open(onList, at: desk)
        let card = desk.lines()
        for (code, name) in [("hygiene", "Гігієнічний набір"), ("winterization", "Зимовий набір"), ("kitchen", "Кухонний набір")] {
            let line = card.first { $0.contains(name) } ?? ""
            if let quantity = entitled[code] {
                #expect(line.hasPrefix("  [x] ") && line.contains(name + (quantity > 1 ? " ×\(quantity)" : "")), "\(line)")
            } else {
                #expect(line.hasPrefix("   -  ") && line.contains(uk("card.notOnPlan")), "\(line)")
            }
        }
        desk.keys("Enter")
        try desk.waitFor("\(onList) served") { $0.joined(separator: " ").contains(uk.filledPrefix("desk.issued", ["household": onList])) }
        #expect(try issued(onList, hub) == entitled)

        // A family off the list: the kitchen set is not on today's plan; 4 asks for the reason.
        try open(offList, at: desk)
        let kitchen = desk.lines().first { $0.contains("Кухонний набір") } ?? ""
        #expect(kitchen.hasPrefix("   -  ") && kitchen.contains(uk("card.notOnPlan")), "\(kitchen)")
        desk.type("4")
        try desk.waitFor("the reason asked") { $0.contains { $0.contains(uk.filledPrefix("plan.desk.overridePrompt", ["kit": "Кухонний набір"])) } }
        desk.type("багатодітна сім'я")
        desk.keys("Enter")
        try desk.waitFor("the kitchen set ticked off the plan") { lines in
            lines.contains { $0.hasPrefix("  [x] 4 Кухонний набір") && $0.contains(uk("plan.card.override", ["reason": "багатодітна сім'я"])) }
        }
        desk.keys("Enter")
        try desk.waitFor("\(offList) served") { $0.joined(separator: " ").contains(uk.filledPrefix("desk.issued", ["household": offList])) }
        let history = try #require(jsonObject(try AidDeskBinary.run(["history", offList, "--json", "--db", hub.path]).stdout))
        let kitchenIssue = (history["issuances"] as? [[String: Any]])?.first { $0["kit"] as? String == "kitchen" }
        #expect(kitchenIssue?["override_reason"] as? String == "багатодітна сім'я")
        let audit = try AidDeskBinary.run(["audit", "--action", "issue.override", "--db", hub.path])
        #expect(audit.status == 0 && audit.stdout.contains("багатодітна сім'я"), "\(audit.stdout) \(audit.stderr)")

        desk.keys("F10")
        #expect(try desk.waitForExit() == 0)
    }

    private func open(_ number: String, at desk: TmuxDesk) throws {
        desk.keys("Escape")
        desk.type(number)
        try desk.waitFor("\(number) in the results") { $0.count > 5 && $0[5].contains(number) }
        desk.keys("Enter")
        let card = uk("card.household", ["household": number]).components(separatedBy: " ·").first!
        try desk.waitFor("the card of \(number)") { lines in
            lines.contains { $0.contains(card) } && lines.contains { $0.contains("Кухонний набір") }
        }
    }

    /// Kit → quantity the plan gives the household, from `plan show --household N --json`.
    private func entitlements(_ number: String, _ hub: DemoHubFile) throws -> [String: Int] {
        let shown = try AidDeskBinary.run(["plan", "show", "--household", number, "--json", "--db", hub.path])
        let object = try #require(jsonObject(shown.stdout), "\(shown.stderr)")
        var result: [String: Int] = [:]
        for kit in object["kits"] as? [[String: Any]] ?? [] where kit["entitled"] as? Bool == true {
            result[kit["kit"] as! String] = kit["quantity"] as? Int
        }
        return result
    }

    /// Kit → quantity issued to the household in the open distribution (live), from `history --json`.
    private func issued(_ number: String, _ hub: DemoHubFile) throws -> [String: Int] {
        let history = try #require(jsonObject(try AidDeskBinary.run(["history", number, "--json", "--db", hub.path]).stdout))
        var result: [String: Int] = [:]
        for entry in history["issuances"] as? [[String: Any]] ?? []
        where entry["voided"] as? Bool == false && entry["distribution_id"] as? Int == 2 {
            result[entry["kit"] as! String] = entry["quantity"] as? Int
        }
        return result
    }
}
