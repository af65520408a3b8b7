// Entitlement plans at the scale of a hub and of a city: setting a plan over the whole register,
// `plan show` before the day, and the card a volunteer opens (every kit's entitlement read for
// one family) with three plans in force.
//
//   swift build -c release && swift run -c release DeskBench plan [--sizes 2000,110000]

import DeskCore
import DeskResources
import DeskStore
import Foundation

func runPlanBenchmark(people: Int, options: Options) -> [String: Any] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskbench-plan-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let catalogue: KitCatalogue
    do { catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON()) } catch { fail("no kit catalogue: \(error)") }
    let register = makeRegister(people: people, options: options)
    let context = DeskContext(operatorName: "bench", desk: "0")
    var result: [String: Any] = ["people": register.peopleCount, "households": register.households.count]
    do {
        let database = try DeskDatabase.open(path: folder.appendingPathComponent("hub.sqlite").path, catalogue: catalogue)
        _ = try database.importRegister(register, context: context)
        let distribution = try database.openDistribution(
            name: "bench", date: CivilDate(year: 2026, month: 11, day: 25)!, place: "",
            stock: [("winterization", 1_000), ("hygiene", 1_000), ("kitchen", 100)], context: context)
        var rng = Rng(state: options.seed)
        let listed = (0..<100).map { _ in PlanListEntry(row: 0, number: rng.pick(register.households).number) }

        var start = now()
        try database.setPlan(kit: "winterization", audience: .criteria(try EntitlementCriterion(parsing: "age>=60 or age<5")),
                             quantity: .fixed(1), distribution: distribution, context: context)
        result["set_plan_criteria_ms"] = ms(now() - start)
        try database.setPlan(kit: "hygiene", audience: .everyone, quantity: .perPeople(3), distribution: distribution,
                             context: context)
        start = now()
        try database.setPlan(kit: "kitchen", audience: .list(listed), quantity: .fixed(1), distribution: distribution,
                             context: context)
        result["set_plan_list_of_100_ms"] = ms(now() - start)

        start = now()
        let overview = try database.planOverview(distribution: distribution)
        result["plan_show_ms"] = ms(now() - start)
        result["entitled"] = Dictionary(uniqueKeysWithValues: overview.lines.map { ($0.kit, $0.households) })

        // The card's kits for 200 families picked at random: what Enter on a search result waits for.
        var samples: [UInt64] = []
        for _ in 0..<200 {
            let number = rng.pick(register.households).number
            let begin = now()
            _ = try database.kitAvailability(household: number, distribution: distribution, context: context)
            samples.append(now() - begin)
        }
        result["card_kits_ms"] = percentiles(samples)

        start = now()
        let absent = try database.absentFamilies(distribution: distribution)
        result["absent_entitled_ms"] = ms(now() - start)
        result["absent_entitled"] = absent.count
        start = now()
        _ = try database.absentFamilies(distribution: distribution, everyone: true)
        result["absent_everyone_ms"] = ms(now() - start)
    } catch {
        fail("plan benchmark failed: \(error)")
    }
    return result
}
