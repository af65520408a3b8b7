import DeskCore
import DeskResources
import Foundation
import Testing

/// The report against the distribution's entitlement plans: coverage, kits within the plan and
/// by override, and the three renderings. Part of the pure report suite.
extension ReportTests {
    static let elderly = try! EntitlementCriterion(parsing: "age>=60 or age<5")

    /// `facts()` with a plan for hygiene (00001, 00002 and 00005 entitled; 00005 never came) and
    /// for bedding (nobody entitled), kitchen left without one. Hygiene also went off the plan
    /// to 00006 (×2, by a coordinator) and 00007 (voided: it no longer counts); 00003 had its
    /// hygiene kit before the plan was set (no override, not entitled now).
    static func plannedFacts() -> ReportFacts {
        var facts = facts()
        facts.issuances += [
            .init(household: "00006", kit: "hygiene", quantity: 2, desk: "1", issuedAt: at(11, 15), isVoided: false,
                  overrideReason: "переселені вчора, документи в дорозі"),
            .init(household: "00007", kit: "hygiene", quantity: 1, desk: "2", issuedAt: at(11, 20), isVoided: true,
                  overrideReason: "помилково"),
        ]
        facts.servedHouseholds.append(.init(number: "00006", settlement: "Вінниця", members: [member(.female, "1990-02-02", "j")]))
        facts.plans = [
            .init(kit: "hygiene", plan: KitPlan(kit: "hygiene", audience: .criteria(elderly), quantity: .fixed(1)),
                  entitled: ["00001", "00002", "00005"]),
            .init(kit: "bedding", plan: KitPlan(kit: "bedding", audience: .list(listSize: 0), quantity: .perPeople(3)),
                  entitled: []),
        ]
        return facts
    }

    @Test func coverageIsServedEntitledOverEntitledAndTheKitsAddUp() throws {
        let report = DistributionReport(facts: Self.plannedFacts(), timeZone: Self.kyiv)
        #expect(report.hasPlans)
        let hygiene = try #require(report.kits.first { $0.kit == "hygiene" })
        let plan = try #require(hygiene.plan)
        #expect(plan.entitled == 3)
        #expect(plan.served == 2)  // 00001 and 00002; 00005 did not come
        #expect(plan.coverageTenths == 666)  // 2 of 3: 66.6 %, rounded down
        #expect(plan.coverage == 66.6)
        // 00001, 00002 and 00003 one each with no override; 00006 two by override; 00007's voided.
        #expect(hygiene.issued == 5)
        #expect(plan.issuedWithinPlan == 3)
        #expect(plan.overrideKits == 2)
        #expect(plan.issuedWithinPlan + plan.overrideKits == hygiene.issued)
        #expect(plan.overrides == [.init(household: "00006", quantity: 2, reason: "переселені вчора, документи в дорозі",
                                         issuedAt: Self.at(11, 15), desk: "1")])
        #expect(plan.overrideHouseholds == 1)
        // 00003 got it without an override and is not entitled now.
        #expect(plan.servedNotEntitled == 1)
        #expect(report.overrideKitsTotal == 2 && report.overrideHouseholdsTotal == 1)

        // Nobody entitled: no coverage at all, not 0 % and not a division by zero.
        let bedding = try #require(report.kits.first { $0.kit == "bedding" }?.plan)
        #expect(bedding.entitled == 0 && bedding.coverageTenths == nil && bedding.coverage == nil)
        #expect(bedding.issuedWithinPlan == 5 && bedding.servedNotEntitled == 2)

        // Every planned kit: within the plan + by override = issued, whatever the issuances.
        for kit in report.kits {
            guard let plan = kit.plan else { continue }
            #expect(plan.issuedWithinPlan + plan.overrideKits == kit.issued, "\(kit.kit)")
            #expect(plan.served <= plan.entitled, "\(kit.kit)")
        }
    }

    @Test func coverageRoundsDownSoOnlyEveryoneServedIsAHundred() {
        func coverage(served: Int, of entitled: Int) -> Int? {
            let numbers = (0..<entitled).map { String(format: "%05d", $0) }
            var facts = Self.facts()
            facts.issuances = numbers.prefix(served).map {
                .init(household: $0, kit: "hygiene", quantity: 1, desk: "1", issuedAt: Self.at(9), isVoided: false)
            }
            facts.plans = [.init(kit: "hygiene", plan: KitPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(1)),
                                 entitled: Set(numbers))]
            return DistributionReport(facts: facts, timeZone: Self.kyiv).kits.first?.plan?.coverageTenths
        }
        #expect(coverage(served: 1999, of: 2000) == 999)  // 99.95 % is not yet 100
        #expect(coverage(served: 2000, of: 2000) == 1000)
        #expect(coverage(served: 1, of: 3) == 333)
        #expect(coverage(served: 0, of: 7) == 0)
        #expect(coverage(served: 0, of: 0) == nil)
    }

    @Test func aMergedHouseholdIsServedOnceAndItsOverridesAreOneLine() throws {
        // 00001 and a household merged into it (its issuances read as 00001) each took hygiene,
        // one by override; and kitchen off the plan twice, for two reasons.
        var facts = Self.facts()
        facts.issuances = [
            .init(household: "00001", kit: "hygiene", quantity: 1, desk: "1", issuedAt: Self.at(9), isVoided: false),
            .init(household: "00001", kit: "hygiene", quantity: 1, desk: "2", issuedAt: Self.at(10), isVoided: false,
                  overrideReason: "друга половина сім'ї"),
            .init(household: "00001", kit: "kitchen", quantity: 1, desk: "1", issuedAt: Self.at(9), isVoided: false,
                  overrideReason: "кухня згоріла"),
            .init(household: "00001", kit: "kitchen", quantity: 1, desk: "2", issuedAt: Self.at(10), isVoided: false,
                  overrideReason: "друга половина сім'ї"),
        ]
        facts.stock = [.init(kit: "hygiene", received: 10), .init(kit: "kitchen", received: 5)]
        facts.plans = [
            .init(kit: "hygiene", plan: KitPlan(kit: "hygiene", audience: .everyone, quantity: .fixed(1)),
                  entitled: ["00001", "00002"]),
            .init(kit: "kitchen", plan: KitPlan(kit: "kitchen", audience: .list(listSize: 1), quantity: .fixed(1)),
                  entitled: ["00002"]),
        ]
        let report = DistributionReport(facts: facts, timeZone: Self.kyiv)
        let hygiene = try #require(report.kits.first { $0.kit == "hygiene" })
        #expect(hygiene.plan?.served == 1)
        #expect(hygiene.plan?.coverageTenths == 500)
        #expect(hygiene.plan?.overrideHouseholds == 1)
        #expect((hygiene.plan?.issuedWithinPlan, hygiene.plan?.overrideKits, hygiene.issued) == (1, 1, 2))
        let kitchen = try #require(report.kits.first { $0.kit == "kitchen" }?.plan)
        #expect(kitchen.served == 0 && kitchen.servedNotEntitled == 0)
        #expect(kitchen.overrides.count == 1)
        #expect(kitchen.overrides.first?.quantity == 2)
        #expect(kitchen.overrides.first?.reason == "кухня згоріла; друга половина сім'ї")
        #expect(report.overrideHouseholdsTotal == 1 && report.overrideKitsTotal == 3)
    }

    @Test func withoutPlansEveryKitAndEveryOutputIsAsBefore() throws {
        let plain = DistributionReport(facts: Self.facts(), timeZone: Self.kyiv)
        #expect(!plain.hasPlans)
        #expect(plain.kits.allSatisfy { $0.plan == nil })
        for language in Language.allCases {
            let strings = try Self.strings(language)
            let text = ReportText(plain, strings: strings, catalogue: try Self.catalogue()).text
            #expect(!text.contains(strings("report.plan")))
            let desk = ReportText(plain, strings: strings, catalogue: try Self.catalogue(), forDesk: true).text
            #expect(desk == text)
            let csv = String(decoding: plain.csv(strings: strings, catalogue: try Self.catalogue()), as: UTF8.self)
            #expect(!csv.contains("\r\nplan,") && !csv.contains("\r\noverrides,"))
        }
        let json = try #require(try JSONSerialization.jsonObject(with: plain.json()) as? [String: Any])
        #expect(json["plans"] == nil)

        // With plans, the unplanned kit and every other figure stay what they were.
        let planned = DistributionReport(facts: Self.plannedFacts(), timeZone: Self.kyiv)
        #expect(planned.kits.first { $0.kit == "kitchen" }?.plan == nil)
        var facts = Self.plannedFacts()
        facts.plans = []
        let same = DistributionReport(facts: facts, timeZone: Self.kyiv)
        for (a, b) in zip(planned.kits, same.kits) {
            #expect((a.kit, a.received, a.issued, a.voided, a.left) == (b.kit, b.received, b.issued, b.voided, b.left))
        }
        #expect(planned.households == same.households && planned.people == same.people)
        // The text is the plain report with the plan section added after the stock, nothing else.
        let strings = try Self.strings()
        let withPlan = ReportText(planned, strings: strings, catalogue: try Self.catalogue()).lines().map(\.plainText)
        let without = ReportText(same, strings: strings, catalogue: try Self.catalogue()).lines().map(\.plainText)
        let start = try #require(withPlan.firstIndex { $0.hasPrefix(strings("report.plan") + " ") })
        let end = try #require(withPlan.firstIndex { $0.hasPrefix(strings("report.perDesk")) })
        #expect(Array(withPlan[..<start] + withPlan[end...]) == without)
    }

    @Test func theTextShowsCoverageAndListsEveryOverrideWithItsReason() throws {
        let report = DistributionReport(facts: Self.plannedFacts(), timeZone: Self.kyiv)
        for language in Language.allCases {
            let strings = try Self.strings(language)
            let text = ReportText(report, strings: strings, catalogue: try Self.catalogue()).text
            for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(language): \(line)") }
            #expect(!text.contains("report."), "a missing string in \(language)")
            #expect(!text.contains("{"), "a placeholder left in \(language)")
            #expect(text.contains("переселені вчора, документи в дорозі"))
            #expect(!text.contains("помилково"))  // the voided override is not one
        }
        let strings = try Self.strings()
        let lines = ReportText(report, strings: strings, catalogue: try Self.catalogue()).lines().map(\.plainText)
        let heading = try #require(lines.firstIndex { $0.hasPrefix("План видачі (сім'ї) ") })
        #expect(lines[heading] == "План видачі (сім'ї)         у плані  обслуговано  охоплення  поза планом")
        #expect(lines[heading + 1] == "  Гігієнічний набір               3            2     66,6 %            1")
        #expect(lines[heading + 2] == "    age>=60 or age<5 · 1 на сім'ю")
        #expect(lines[heading + 3] == "  Постільний комплект             0            0          —            0")
        #expect(lines[heading + 5] == "  Кухонний набір           без плану")
        #expect(lines.contains { $0.hasPrefix("  Гігієнічний набір: набір отримали без позначки") })
        let kits = try #require(lines.firstIndex { $0.hasPrefix("Набори з планом ") })
        #expect(lines[kits] == "Набори з планом             за планом  поза планом  видано")
        #expect(lines[kits + 1] == "  Гігієнічний набір                 3            2       5")
        #expect(lines[kits + 2] == "  Постільний комплект               5            0       5")
        let overrides = try #require(lines.firstIndex { $0 == "Видано поза планом (рішення координатора)" })
        #expect(lines[overrides + 2] == "  00006   Гігієнічний набір ×2      переселені вчора, документи в дорозі")
        #expect(overrides > kits && kits > heading)
        #expect(heading > (lines.firstIndex { $0.hasPrefix("Запас ") } ?? .max))
    }

    @Test func theDeskShowsALinePerPlannedKitAndTheNumberOfOverrides() throws {
        let report = DistributionReport(facts: Self.plannedFacts(), timeZone: Self.kyiv)
        let strings = try Self.strings()
        let lines = ReportText(report, strings: strings, catalogue: try Self.catalogue(), forDesk: true).lines()
            .map(\.plainText)
        let heading = try #require(lines.firstIndex { $0.hasPrefix("План видачі (сім'ї) ") })
        #expect(lines[heading + 1] == "  Гігієнічний набір               3            2     66,6 %            1")
        #expect(lines[heading + 2] == "  Постільний комплект             0            0          —            0")
        #expect(lines[heading + 3] == "  Кухонний набір           без плану")
        #expect(lines.joined(separator: " ").contains("Поза планом видано наборів: 2, сімей: 1."))
        // The reasons and the kits table are the full report's.
        #expect(!lines.contains { $0.contains("переселені вчора") })
        #expect(!lines.contains { $0.hasPrefix("Набори з планом") })
    }

    @Test func jsonAndCSVCarryThePlansAndTheOverrides() throws {
        let report = DistributionReport(facts: Self.plannedFacts(), timeZone: Self.kyiv)
        let data = try report.json()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let plans = try #require(json["plans"] as? [String: [String: Any]])
        #expect(Set(plans.keys) == ["hygiene", "bedding"])
        let hygiene = try #require(plans["hygiene"])
        #expect(hygiene["who"] as? String == "criteria")
        #expect(hygiene["criteria"] as? String == "age>=60 or age<5")
        #expect(hygiene["list_size"] is NSNull)
        #expect(hygiene["quantity_rule"] as? String == "fixed" && hygiene["quantity"] as? Int == 1)
        #expect(hygiene["entitled"] as? Int == 3 && hygiene["served"] as? Int == 2)
        #expect(hygiene["coverage"] as? Double == 66.6)
        #expect(hygiene["issued_within_plan"] as? Int == 3 && hygiene["override_kits"] as? Int == 2)
        #expect(hygiene["override_households"] as? Int == 1 && hygiene["served_not_entitled"] as? Int == 1)
        let overrides = try #require(hygiene["overrides"] as? [[String: Any]])
        #expect(overrides.count == 1)
        #expect(overrides.first?["household"] as? String == "00006")
        #expect(overrides.first?["quantity"] as? Int == 2)
        #expect(overrides.first?["reason"] as? String == "переселені вчора, документи в дорозі")
        #expect(overrides.first?["issued_at"] as? String == "2026-11-25T11:15:00+02:00")
        let kits = try #require(json["kits"] as? [String: [String: Int]])
        #expect((hygiene["issued_within_plan"] as! Int) + (hygiene["override_kits"] as! Int) == kits["hygiene"]?["issued"])
        let bedding = try #require(plans["bedding"])
        #expect(bedding["coverage"] is NSNull)
        #expect(bedding["who"] as? String == "list" && bedding["list_size"] as? Int == 0)
        #expect(bedding["quantity_rule"] as? String == "per_people" && bedding["quantity"] as? Int == 3)
        // Read back (a purged distribution's frozen report), it is the same report.
        #expect(try ReportJSON.decode(data) == ReportJSON(report))

        let csv = String(decoding: report.csv(strings: try Self.strings(), catalogue: try Self.catalogue()).dropFirst(3),
                         as: UTF8.self)
        let rows = csv.components(separatedBy: "\r\n")
        #expect(rows.filter { $0.hasPrefix("plan,hygiene,") } == [
            "plan,hygiene,who,age>=60 or age<5,Гігієнічний набір — кому за планом",
            "plan,hygiene,quantity_rule,1 на сім'ю,Гігієнічний набір — скільки на сім'ю",
            "plan,hygiene,entitled,3,Гігієнічний набір — сімей у плані",
            "plan,hygiene,served,2,Гігієнічний набір — обслуговано сімей з плану",
            "plan,hygiene,coverage,66.6,\"Гігієнічний набір — охоплення, %\"",
            "plan,hygiene,issued_within_plan,3,Гігієнічний набір — видано за планом",
            "plan,hygiene,override_kits,2,Гігієнічний набір — видано поза планом",
            "plan,hygiene,override_households,1,Гігієнічний набір — сімей поза планом",
            "plan,hygiene,served_not_entitled,1,\"Гігієнічний набір — отримали без позначки, хоча не в плані\"",
        ])
        #expect(rows.contains("plan,bedding,coverage,,\"Постільний комплект — охоплення, %\""))
        #expect(!rows.contains { $0.hasPrefix("plan,kitchen,") })
        #expect(rows.filter { $0.hasPrefix("overrides,") } == [
            "overrides,hygiene/00006,quantity,2,\"Гігієнічний набір, сім'я 00006 — кількість поза планом\"",
            "overrides,hygiene/00006,reason,\"переселені вчора, документи в дорозі\",\"Гігієнічний набір, сім'я 00006 — причина\"",
        ])
    }

    @Test func aReasonThatLooksLikeAFormulaStaysText() throws {
        var facts = Self.plannedFacts()
        facts.issuances[facts.issuances.count - 2].overrideReason = "=HYPERLINK(\"http://x\")"
        let report = DistributionReport(facts: facts, timeZone: Self.kyiv)
        let csv = String(decoding: report.csv(strings: try Self.strings(), catalogue: try Self.catalogue()), as: UTF8.self)
        #expect(csv.contains("overrides,hygiene/00006,reason,\"'=HYPERLINK(\"\"http://x\"\")\","))
    }
}
